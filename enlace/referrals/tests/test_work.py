"""The recipient's work on a referral: the message thread, the service plan and the closure outcome.
Both sides read; only they do (the same 404 as for a missing referral); every read and write leaves
an audit entry; the words are encrypted at rest; Back and resubmit write once."""

from __future__ import annotations

import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from enlace.audit.models import AuditEntry
from enlace.core.errors import NotFound
from enlace.referrals import services, services_work
from enlace.referrals.models import Notification, NotificationKind, Referral, ReferralMessage, ServicePlanItem
from enlace.referrals.selectors_work import referral_work
from enlace.referrals.tests.factories import give_consent, make_provider
from enlace.referrals.tests.test_resubmit import _token
from enlace.referrals.tests.test_views import client_for, setting  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def referral(setting):  # noqa: F811
    screener, s, provider, ngo, _offer = setting
    give_consent(screener, recipient=ngo, screening=s)
    return services.referral_create(actor=screener, screening=s, service="shelter", recipient=ngo)


def _accept(provider, referral):
    return services.referral_respond(actor=provider, referral_id=referral.public_id, to_status="accepted")


def test_both_sides_write_and_the_other_side_is_notified(setting, referral):  # noqa: F811
    screener, _s, provider, _ngo, _offer = setting
    services_work.message_post(actor=screener, referral_id=referral.public_id, body="She arrives at 6 pm.")
    notice = Notification.objects.get(user=provider, kind=NotificationKind.REFERRAL_MESSAGE)
    assert notice.url == f"/referrals/incoming/{referral.public_id}/" and "She arrives" not in notice.text
    assert referral.reference in notice.text
    services_work.message_post(actor=provider, referral_id=referral.public_id, body="A bed is ready.")
    assert Notification.objects.filter(user=screener, kind=NotificationKind.REFERRAL_MESSAGE).count() == 1
    assert not Notification.objects.filter(user=provider, kind=NotificationKind.REFERRAL_MESSAGE).exclude(
        pk=notice.pk).exists()
    writes = AuditEntry.objects.filter(action="referral.message")
    assert writes.count() == 2 and all("A bed" not in str(e.details) for e in writes)
    work = referral_work(actor=screener, referral_id=referral.public_id)
    assert [m.body for m in work.messages] == ["She arrives at 6 pm.", "A bed is ready."]
    assert AuditEntry.objects.filter(action="referral.work_read", object_id=str(referral.pk)).exists()


def test_messages_and_plan_are_encrypted_at_rest(setting, referral):  # noqa: F811
    screener, _s, provider, _ngo, _offer = setting
    _accept(provider, referral)
    services_work.message_post(actor=screener, referral_id=referral.public_id, body="Rosa Mamani calls at 6")
    services_work.plan_item_add(actor=provider, referral_id=referral.public_id, kind="goal",
                                text="Rosa Mamani back at school")
    with connection.cursor() as cursor:
        cursor.execute("SELECT body FROM referrals_referralmessage")
        body = cursor.fetchone()[0]
        cursor.execute("SELECT text FROM referrals_serviceplanitem")
        text = cursor.fetchone()[0]
    assert "Mamani" not in body and "Mamani" not in text and body and text
    assert ReferralMessage.objects.get().body == "Rosa Mamani calls at 6"


def test_no_one_else_reads_or_writes(setting, referral, world):  # noqa: F811
    _screener, _s, provider, _ngo, _offer = setting
    other_ngo_worker, _other = make_provider(username="other_ngo")
    services_work.message_post(actor=provider, referral_id=referral.public_id, body="Hello")
    for page in ("referrals:incoming", "referrals:detail"):
        missing = client_for(other_ngo_worker).get(reverse(page, args=[uuid.uuid4()]))
        theirs = client_for(other_ngo_worker).get(reverse(page, args=[referral.public_id]))
        assert missing.status_code == theirs.status_code == 404
    for name, body in (("referrals:message_post", {"body": "Hi"}),
                       ("referrals:plan_add", {"kind": "note", "text": "x"})):
        missing = client_for(other_ngo_worker).post(reverse(name, args=[uuid.uuid4()]), body)
        theirs = client_for(other_ngo_worker).post(reverse(name, args=[referral.public_id]), body)
        assert missing.status_code == theirs.status_code == 404
    with pytest.raises(NotFound):
        referral_work(actor=other_ngo_worker, referral_id=referral.public_id)
    assert ReferralMessage.objects.count() == 1 and not ServicePlanItem.objects.exists()


def test_the_plan_is_written_by_the_recipient_and_read_by_the_sender(setting, referral):  # noqa: F811
    screener, _s, provider, _ngo, _offer = setting
    with pytest.raises(ValidationError):  # not accepted yet
        services_work.plan_item_add(actor=provider, referral_id=referral.public_id, kind="goal", text="Safe housing")
    _accept(provider, referral)
    with pytest.raises(NotFound):
        services_work.plan_item_add(actor=screener, referral_id=referral.public_id, kind="goal", text="Safe housing")
    services_work.plan_item_add(actor=provider, referral_id=referral.public_id, kind="goal", text="Safe housing")
    activity = services_work.plan_item_add(actor=provider, referral_id=referral.public_id, kind="activity",
                                           text="Medical check")
    assert activity.status == "planned"
    services_work.plan_activity_set_status(actor=provider, referral_id=referral.public_id,
                                           item_id=activity.public_id, status="done")
    assert AuditEntry.objects.filter(action="referral.plan_add").count() == 2
    assert AuditEntry.objects.get(action="referral.plan_status").details["new"] == "done"
    page = client_for(screener).get(reverse("referrals:detail", args=[referral.public_id])).content.decode()
    assert "Safe housing" in page and "Medical check" in page and "Done" in page
    assert reverse("referrals:plan_add", args=[referral.public_id]) not in page


def test_closing_records_the_outcome_and_requires_a_reason_when_not_successful(setting, referral):  # noqa: F811
    screener, _s, provider, _ngo, _offer = setting
    _accept(provider, referral)
    for outcome, reason in (("", ""), ("not_successful", ""), ("not_successful", "bored")):
        with pytest.raises(ValidationError):
            services.referral_respond(actor=provider, referral_id=referral.public_id, to_status="completed",
                                      outcome=outcome, closure_reason=reason)
    assert Referral.objects.get().status == "accepted"
    client = client_for(provider)
    client.post(reverse("referrals:respond", args=[referral.public_id]),
                {"to_status": "completed", "version": Referral.objects.get().version, "reason": "",
                 "outcome": "not_successful", "closure_reason": "lost_contact"})
    closed = Referral.objects.get()
    assert (closed.status, closed.outcome, closed.closure_reason) == ("completed", "not_successful", "lost_contact")
    assert AuditEntry.objects.get(action="referral.status", details__new="completed").details["closure_reason"] \
        == "lost_contact"
    page = client_for(screener).get(reverse("referrals:detail", args=[referral.public_id])).content.decode()
    assert "Contact lost" in page and "Not successful" in page


def test_a_successful_closure_defaults_to_services_completed(setting, referral):  # noqa: F811
    _screener, _s, provider, _ngo, _offer = setting
    _accept(provider, referral)
    services.referral_respond(actor=provider, referral_id=referral.public_id, to_status="completed",
                              outcome="successful")
    assert Referral.objects.get().closure_reason == "services_completed"


def test_back_and_resubmit_sends_a_message_once(setting, referral):  # noqa: F811
    screener, _s, provider, _ngo, _offer = setting
    client = client_for(screener)
    page_url = reverse("referrals:detail", args=[referral.public_id])
    url = reverse("referrals:message_post", args=[referral.public_id])
    html = client.get(page_url).content.decode()
    data = {"body": "Is there a bed?", "form_token": _token(html[html.index(url):])}
    first = client.post(url, data)
    assert first.status_code == 302 and first["Location"] == page_url
    assert client.post(url, data)["Location"] == page_url  # a double tap
    html = client.get(page_url).content.decode()
    data["form_token"] = _token(html[html.index(url):])  # Back: a new token, the same words
    client.post(url, data)
    assert ReferralMessage.objects.count() == 1
    _accept(provider, referral)
    pclient = client_for(provider)
    incoming = reverse("referrals:incoming", args=[referral.public_id])
    plan_url = reverse("referrals:plan_add", args=[referral.public_id])
    html = pclient.get(incoming).content.decode()
    plan = {"kind": "goal", "text": "Safe housing", "status": "", "form_token": _token(html[html.index(plan_url):])}
    assert pclient.post(plan_url, plan)["Location"] == incoming
    html = pclient.get(incoming).content.decode()
    plan["form_token"] = _token(html[html.index(plan_url):])
    pclient.post(plan_url, plan)
    assert ServicePlanItem.objects.count() == 1 and "Is there a bed?" in html
