"""Referrals: the recipient's restricted view, the status flow, overdue reminders, protection records."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone, translation

from enlace.cases.selectors import case_list
from enlace.core.errors import NotFound
from enlace.persons.selectors import persons_visible
from enlace.referrals import services, services_protection
from enlace.referrals.models import Consent, Notification, Referral, ReferralReminder, ReferralStatus
from enlace.referrals.selectors import (
    active_consent_q,
    consent_is_active,
    is_overdue,
    overdue_q,
    referral_get_incoming,
    referral_list_sent,
    referrals_incoming,
    restricted_view,
)
from enlace.referrals.tests.factories import give_consent, make_provider, make_screener, screened
from enlace.screening import services as screening_services

pytestmark = pytest.mark.django_db


def _converted(world, *, names=("Rosa", "Mamani")):
    """A screened person turned into a presumed victim of the world's case (team La Paz)."""
    screener = make_screener(world)
    s = screened(screener, anonymous=False, names=names)
    screening_services.screening_hand_over(actor=screener, screening=s, team=world["team"])
    s.refresh_from_db()
    cp = screening_services.screening_convert(actor=world["investigator"], screening=s, expected_version=s.version,
                                              case=world["case"])
    return screener, s, cp


def test_recipient_sees_only_pseudonym_and_consented_categories(world):
    _screener, s, cp = _converted(world)
    provider, ngo = make_provider()
    investigator = world["investigator"]
    give_consent(investigator, person=cp.person, recipient=ngo, categories=["first_name", "needs"])
    referral = services.referral_create(actor=investigator, person=cp.person, service="shelter", recipient=ngo,
                                        needs="A bed tonight", language="Quechua", contact="+591 71234567")
    _r, view = referral_get_incoming(actor=provider, referral_id=referral.public_id)
    assert view.pseudonym == cp.person.pseudonym
    assert {item.category: item.value for item in view.shared} == {"first_name": "Rosa", "needs": "A bed tonight"}
    rendered = repr(view)
    for secret in ("Mamani", "Quechua", "+591", world["case"].title, "FELCC"):
        assert secret not in rendered
    assert not hasattr(view, "case") and not hasattr(view, "case_id")
    # Nothing of the case system opens up for the recipient.
    assert list(case_list(actor=provider)) == [] and list(persons_visible(actor=provider)) == []


def test_other_organisations_and_other_roles_see_nothing(world):
    screener = make_screener(world)
    s = screened(screener)
    provider, ngo = make_provider()
    other_provider, _other = make_provider(username="other_ngo_worker")
    give_consent(screener, screening=s, recipient=ngo)
    referral = services.referral_create(actor=screener, screening=s, service="shelter", recipient=ngo)
    for outsider in (other_provider, world["service_provider"], world["investigator"], screener):
        with pytest.raises(NotFound):
            referral_get_incoming(actor=outsider, referral_id=referral.public_id)
    assert list(referrals_incoming(actor=provider)) == [referral]


def test_status_flow_and_rejection_needs_a_reason(world):
    screener = make_screener(world)
    s = screened(screener)
    provider, ngo = make_provider()
    give_consent(screener, screening=s, recipient=ngo)
    give_consent(screener, screening=s, recipient=ngo, purpose="medical")
    first = services.referral_create(actor=screener, screening=s, service="shelter", recipient=ngo)
    with pytest.raises(ValidationError):
        services.referral_respond(actor=provider, referral_id=first.public_id, to_status="completed")  # not yet accepted
    with pytest.raises(ValidationError):
        services.referral_respond(actor=provider, referral_id=first.public_id, to_status="rejected", reason="")
    services.referral_respond(actor=provider, referral_id=first.public_id, to_status="rejected", reason="No beds left")
    first.refresh_from_db()
    assert first.status == "rejected" and first.rejection_reason == "No beds left" and first.answered_at
    assert Notification.objects.filter(user=screener, kind="referral_answered").exists()

    second = services.referral_create(actor=screener, screening=s, service="medical", recipient=ngo)
    for status in ("accepted", "in_service", "completed"):
        services.referral_respond(actor=provider, referral_id=second.public_id, to_status=status,
                                  outcome="successful")
    second.refresh_from_db()
    assert list(second.history.values_list("to_status", flat=True)) == ["sent", "accepted", "in_service", "completed"]
    with pytest.raises(ValidationError):
        services.referral_revoke(actor=screener, referral=second)  # closed: nothing to revoke


def test_sender_revokes_an_open_referral(world):
    screener = make_screener(world)
    s = screened(screener)
    provider, ngo = make_provider()
    give_consent(screener, screening=s, recipient=ngo)
    referral = services.referral_create(actor=screener, screening=s, service="shelter", recipient=ngo)
    services.referral_revoke(actor=screener, referral=referral, reason="Sent by mistake")
    assert Referral.objects.get(pk=referral.pk).status == ReferralStatus.REVOKED
    with pytest.raises(NotFound):
        referral_get_incoming(actor=provider, referral_id=referral.public_id)


@override_settings(ENLACE_REFERRAL_REMINDER_DAYS=3)
def test_overdue_and_remind_command(world):
    screener = make_screener(world)
    s = screened(screener)
    provider, ngo = make_provider()
    give_consent(screener, screening=s, recipient=ngo)
    give_consent(screener, screening=s, recipient=ngo, purpose="medical")
    old = services.referral_create(actor=screener, screening=s, service="shelter", recipient=ngo)
    fresh = services.referral_create(actor=screener, screening=s, service="medical", recipient=ngo)
    Referral.objects.filter(pk=old.pk).update(sent_at=timezone.now() - dt.timedelta(days=4))
    old.refresh_from_db()
    assert is_overdue(old) and not is_overdue(fresh)
    assert list(referral_list_sent(actor=screener, overdue_only=True)) == [old]
    views = [restricted_view(r, actor=provider) for r in referrals_incoming(actor=provider)]
    assert [v.id for v in views if v.overdue] == [old.public_id]

    call_command("referrals", "remind")
    call_command("referrals", "remind")  # at most one reminder a day
    reminder = ReferralReminder.objects.get()
    assert reminder.referral == old and reminder.days_waiting == 4
    assert Notification.objects.filter(kind="referral_overdue", user=screener).count() == 1
    assert Notification.objects.filter(kind="referral_overdue", user=provider).count() == 1
    assert old.reference in Notification.objects.get(kind="referral_overdue", user=provider).text

    services.referral_respond(actor=provider, referral_id=old.public_id, to_status="accepted")
    old.refresh_from_db()
    assert not is_overdue(old)


@override_settings(ENLACE_REFERRAL_REMINDER_DAYS=10)
def test_reminder_days_setting_is_used(world):
    screener = make_screener(world)
    s = screened(screener)
    _provider, ngo = make_provider()
    give_consent(screener, screening=s, recipient=ngo)
    referral = services.referral_create(actor=screener, screening=s, service="shelter", recipient=ngo)
    Referral.objects.filter(pk=referral.pk).update(sent_at=timezone.now() - dt.timedelta(days=4))
    referral.refresh_from_db()
    assert not is_overdue(referral)
    assert services.referrals_remind() == []


def test_recovery_period_and_non_punishment(world):
    _screener, _s, cp = _converted(world)
    person, investigator = cp.person, world["investigator"]
    start = timezone.localdate()
    period = services_protection.recovery_period_start(actor=investigator, person=person, starts_on=start,
                                                        ends_on=start + dt.timedelta(days=30), granted_by="Fiscalía")
    with pytest.raises(ValidationError):
        services_protection.recovery_period_extend(actor=investigator, period=period, expected_version=period.version,
                                                   new_end=start + dt.timedelta(days=20), reason="Shorter")
    extension = services_protection.recovery_period_extend(
        actor=investigator, period=period, expected_version=period.version, new_end=start + dt.timedelta(days=60),
        reason="Medical treatment")
    period.refresh_from_db()
    assert period.ends_on == start + dt.timedelta(days=60) and extension.previous_end == start + dt.timedelta(days=30)
    flag = services_protection.non_punishment_flag_add(actor=investigator, person=person,
                                                        offences=["false_documents"], note="Given by the recruiter")
    with translation.override("en"):
        assert flag.offences_display == ["Use of false documents"]
    with pytest.raises(ValidationError):
        services_protection.non_punishment_flag_add(actor=investigator, person=person, offences=["jaywalking"])
    for outsider in (world["outsider"], world["service_provider"], _screener):
        with pytest.raises(NotFound):
            services_protection.recovery_period_start(actor=outsider, person=person, starts_on=start,
                                                      ends_on=start + dt.timedelta(days=90))


def test_first_name_reaches_the_recipient_only_through_the_consent(world):
    """The identity gate's disclosure: the consent's categories, for the recipient, while in force."""
    screener = make_screener(world)
    s = screened(screener, anonymous=False, names=("Rosaura", "Tintaya"))
    provider, ngo = make_provider()
    named = give_consent(screener, screening=s, recipient=ngo, categories=["first_name", "needs"])
    referral = services.referral_create(actor=screener, screening=s, service="shelter", recipient=ngo)
    shared = {i.category: i.value for i in restricted_view(referral, actor=provider).shared}
    assert shared["first_name"] == "Rosaura"
    # Someone else holding the same referral object learns nothing identifying from it.
    other, _ngo = make_provider(username="other_ngo_worker")
    assert {i.category: i.value for i in restricted_view(referral, actor=other).shared}["first_name"] == ""
    services.consent_revoke(actor=screener, consent=named)
    referral.refresh_from_db()
    assert {i.category: i.value for i in restricted_view(referral, actor=provider).shared}["first_name"] == ""


@override_settings(ENLACE_REFERRAL_REMINDER_DAYS=3)
def test_consent_and_overdue_rules_agree_in_sql_and_python(world):
    """One definition each: the filter and the predicate give the same rows on the same fixtures."""
    screener = make_screener(world)
    s = screened(screener)
    _provider, ngo = make_provider()
    today = timezone.localdate()
    consents = [give_consent(screener, screening=s, recipient=ngo, purpose=purpose)
                for purpose in ("shelter", "medical", "legal_aid", "psychological")]
    Consent.objects.filter(pk=consents[1].pk).update(valid_until=today)  # last day: still in force
    Consent.objects.filter(pk=consents[2].pk).update(valid_until=today - dt.timedelta(days=1))
    services.consent_revoke(actor=screener, consent=consents[3], note="withdrawn")
    rows = Consent.objects.filter(pk__in=[c.pk for c in consents])
    assert set(rows.filter(active_consent_q()).values_list("pk", flat=True)) == \
        {c.pk for c in rows if consent_is_active(c)} == {consents[0].pk, consents[1].pk}

    referrals = [services.referral_create(actor=screener, screening=s, service=svc, recipient=ngo)
                 for svc in ("shelter", "medical")]
    Referral.objects.filter(pk=referrals[0].pk).update(sent_at=timezone.now() - dt.timedelta(days=4))
    sent = Referral.objects.filter(pk__in=[r.pk for r in referrals])
    assert set(sent.filter(overdue_q()).values_list("pk", flat=True)) == \
        {r.pk for r in sent if is_overdue(r)} == {referrals[0].pk}


@override_settings(ENLACE_REFERRAL_REMINDER_DAYS=3)
def test_the_recipient_gets_one_digest_a_day_not_a_notice_per_referral(world):
    screener = make_screener(world)
    s = screened(screener)
    provider, ngo = make_provider()
    give_consent(screener, screening=s, recipient=ngo)
    waiting = [services.referral_create(actor=screener, screening=s, service="shelter", recipient=ngo)
               for _ in range(3)]
    Referral.objects.filter(pk__in=[r.pk for r in waiting]).update(sent_at=timezone.now() - dt.timedelta(days=4))
    services.referrals_remind()
    digest = Notification.objects.get(kind="referral_overdue", user=provider)
    assert all(r.reference in digest.text for r in waiting)
    # The next day's digest replaces the unread one: one line on the home page, still naming all three.
    services.referrals_remind(now=timezone.now() + dt.timedelta(days=1))
    unread = Notification.objects.filter(kind="referral_overdue", user=provider, read_at__isnull=True)
    assert unread.count() == 1 and unread.get() != digest
    assert ReferralReminder.objects.count() == 6


def test_a_notice_written_before_it_named_the_case_by_reference_still_reads(world):
    from enlace.referrals.models import Notification, NotificationKind

    old = Notification(user=world["investigator"], kind=NotificationKind.HITS_FOUND,
                       params={"pseudonym": "V-LPZ-0001", "case_id": 7})
    assert old.text.startswith("Person V-LPZ-0001, just added to case #7, has possible matches")
