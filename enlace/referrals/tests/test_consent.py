"""The consent gate: no referral without consent for that recipient and purpose; a child needs a guardian
and a best-interest determination instead; withdrawing consent stops sharing at once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from enlace.audit.models import AuditEntry
from enlace.core.errors import NotFound
from enlace.referrals import services
from enlace.referrals.models import Notification, ReferralStatus
from enlace.referrals.selectors import referral_get_incoming, referrals_incoming
from enlace.referrals.tests.factories import give_consent, make_provider, make_screener, screened

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(world):
    screener = make_screener(world)
    provider, ngo = make_provider()
    return screener, screened(screener), provider, ngo


def test_no_referral_without_any_consent(setting):
    screener, s, _provider, ngo = setting
    with pytest.raises(ValidationError) as exc:
        services.referral_create(actor=screener, screening=s, service="shelter", recipient=ngo)
    assert "consent" in exc.value.message_dict
    assert not s.referrals.exists()


def test_consent_for_another_purpose_or_recipient_does_not_count(setting):
    screener, s, _provider, ngo = setting
    _other_provider, other_ngo = make_provider(username="clinic_worker")
    give_consent(screener, screening=s, recipient=ngo, purpose="medical")
    give_consent(screener, screening=s, recipient=other_ngo, purpose="shelter")
    with pytest.raises(ValidationError):
        services.referral_create(actor=screener, screening=s, service="shelter", recipient=ngo)
    referral = services.referral_create(actor=screener, screening=s, service="medical", recipient=ngo)
    assert referral.status == ReferralStatus.SENT and referral.consent.purpose == "medical"


def test_referral_with_consent_is_sent_audited_and_notifies_recipient(setting):
    screener, s, provider, ngo = setting
    consent = give_consent(screener, screening=s, recipient=ngo)
    referral = services.referral_create(actor=screener, screening=s, service="shelter", recipient=ngo,
                                        needs="A bed tonight", language="Quechua")
    assert referral.consent == consent and referral.history.get().to_status == "sent"
    assert AuditEntry.objects.filter(action="consent.record", object_id=str(consent.pk)).exists()
    assert AuditEntry.objects.filter(action="referral.create", object_id=str(referral.pk)).exists()
    assert Notification.objects.filter(user=provider, kind="referral_received").exists()


def test_adult_consent_must_be_informed(setting):
    screener, s, _provider, ngo = setting
    with pytest.raises(ValidationError) as exc:
        services.consent_record(actor=screener, screening=s, recipient=ngo, purpose="shelter",
                                categories=["age"], informed=False)
    assert "informed" in exc.value.message_dict


def test_expired_consent_does_not_allow_a_referral(setting):
    screener, s, _provider, ngo = setting
    past = timezone.localdate() - dt.timedelta(days=10)
    give_consent(screener, screening=s, recipient=ngo, given_on=past, valid_until=past + dt.timedelta(days=1))
    with pytest.raises(ValidationError):
        services.referral_create(actor=screener, screening=s, service="shelter", recipient=ngo)


def test_child_needs_guardian_and_best_interest_not_own_consent(world):
    screener = make_screener(world)
    child = screened(screener, yes=["deceived_about_nature_of_job", "deceived_about_contract",
                                    "excessive_working_hours", "low_or_no_pay"], age=15)
    _provider, ngo = make_provider()
    with pytest.raises(ValidationError) as exc:
        give_consent(screener, screening=child, recipient=ngo)  # the child's own "informed consent"
    assert "basis" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.consent_record(actor=screener, screening=child, recipient=ngo, purpose="shelter",
                                categories=["age"], basis="best_interest")
    assert {"guardian_name", "best_interest_authority"} <= set(exc.value.message_dict)
    with pytest.raises(ValidationError):
        services.referral_create(actor=screener, screening=child, service="shelter", recipient=ngo)
    services.consent_record(actor=screener, screening=child, recipient=ngo, purpose="shelter", categories=["age"],
                            basis="best_interest", guardian_name="Defensoría de la Niñez",
                            best_interest_authority="Defensoría de la Niñez El Alto", best_interest_reference="DNA-1")
    referral = services.referral_create(actor=screener, screening=child, service="shelter", recipient=ngo)
    assert referral.consent.basis == "best_interest"


def test_revocation_stops_recipient_access_and_further_referrals(setting):
    screener, s, provider, ngo = setting
    consent = give_consent(screener, screening=s, recipient=ngo)
    referral = services.referral_create(actor=screener, screening=s, service="shelter", recipient=ngo)
    services.referral_respond(actor=provider, referral_id=referral.public_id, to_status="accepted")
    assert referral_get_incoming(actor=provider, referral_id=referral.public_id)[0] == referral

    revoked = services.consent_revoke(actor=screener, consent=consent, note="Changed her mind")

    assert [r.pk for r in revoked] == [referral.pk]
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.REVOKED
    assert list(referral.history.values_list("to_status", flat=True)) == ["sent", "accepted", "revoked"]
    with pytest.raises(NotFound):
        referral_get_incoming(actor=provider, referral_id=referral.public_id)
    assert list(referrals_incoming(actor=provider)) == []
    with pytest.raises(ValidationError):
        services.referral_create(actor=screener, screening=s, service="shelter", recipient=ngo)
    with pytest.raises(NotFound):  # nor may the recipient keep answering it
        services.referral_respond(actor=provider, referral_id=referral.public_id, to_status="in_service")
    assert AuditEntry.objects.filter(action="consent.revoke", object_id=str(consent.pk)).exists()
    assert Notification.objects.filter(user=provider, kind="referral_revoked").exists()


def test_completed_referral_also_becomes_unreadable_after_revocation(setting):
    screener, s, provider, ngo = setting
    consent = give_consent(screener, screening=s, recipient=ngo)
    referral = services.referral_create(actor=screener, screening=s, service="shelter", recipient=ngo)
    for status in ("accepted", "completed"):
        services.referral_respond(actor=provider, referral_id=referral.public_id, to_status=status,
                                  outcome="successful")
    services.consent_revoke(actor=screener, consent=consent)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.COMPLETED  # history is not rewritten...
    with pytest.raises(NotFound):  # ...but the data is no longer shared
        referral_get_incoming(actor=provider, referral_id=referral.public_id)


def test_one_consent_in_force_per_recipient_and_purpose(setting):
    screener, s, _provider, ngo = setting
    consent = give_consent(screener, screening=s, recipient=ngo)
    with pytest.raises(ValidationError):
        give_consent(screener, screening=s, recipient=ngo)
    services.consent_revoke(actor=screener, consent=consent)
    give_consent(screener, screening=s, recipient=ngo)
    with pytest.raises(ValidationError):
        services.consent_revoke(actor=screener, consent=consent)


def test_someone_who_cannot_see_the_screening_cannot_record_consent_or_refer(setting, world):
    _screener, s, _provider, ngo = setting
    stranger = make_screener(world, username="scr_stranger")
    with pytest.raises(NotFound):
        give_consent(stranger, screening=s, recipient=ngo)
    with pytest.raises(NotFound):
        services.referral_create(actor=stranger, screening=s, service="shelter", recipient=ngo)
