"""Referral API: the consent gate and the restricted view hold over JSON too."""

from __future__ import annotations

import pytest

from enlace.api.tests.conftest import ApiClient, make_token
from enlace.referrals.models import Referral
from enlace.referrals.tests.factories import make_provider, make_screener, screened

pytestmark = pytest.mark.django_db


def api_for(user) -> ApiClient:
    return ApiClient(f"Bearer {make_token(user)}")


def test_consent_gate_refer_restricted_view_and_revocation(world):
    screener = make_screener(world)
    s = screened(screener, anonymous=False, names=("Rosa", "Mamani"))
    provider, ngo = make_provider()
    sender, recipient = api_for(screener), api_for(provider)
    refer = {"subject": {"screening_id": str(s.public_id)}, "service": "shelter", "recipient_id": ngo.pk, "needs": "A bed",
             "language": "Aymara"}

    refused = sender.post("/referrals/", refer)
    assert refused.status_code == 400 and "consent" in refused.json()["errors"]
    assert not Referral.objects.exists()

    consent = sender.post("/referrals/consents", {"subject": {"screening_id": str(s.public_id)}, "recipient_id": ngo.pk,
                                                  "purpose": "shelter", "categories": ["first_name", "language"],
                                                  "informed": True})
    assert consent.status_code == 201 and consent.json()["active"]
    created = sender.post("/referrals/", refer)
    assert created.status_code == 201
    referral_id = created.json()["id"]

    incoming = recipient.get("/referrals/incoming").json()
    assert [r["id"] for r in incoming] == [referral_id]
    seen = recipient.get(f"/referrals/incoming/{referral_id}").json()
    assert seen["pseudonym"] == s.pseudonym and seen["shared"] == {"first_name": "Rosa", "language": "Aymara"}
    assert "case" not in str(seen).lower() and "Mamani" not in str(seen) and "A bed" not in str(seen)
    answered = recipient.post(f"/referrals/incoming/{referral_id}/status", {"to_status": "accepted"})
    assert answered.status_code == 200 and answered.json()["status"] == "accepted"
    assert recipient.get(f"/referrals/{referral_id}").status_code == 404  # not the sender's view

    revoked = sender.post(f"/referrals/consents/{consent.json()['id']}/revoke", {"note": "withdrawn"})
    assert revoked.status_code == 200 and not revoked.json()["active"]
    assert recipient.get(f"/referrals/incoming/{referral_id}").status_code == 404
    assert recipient.get("/referrals/incoming").json() == []
    assert sender.get(f"/referrals/{referral_id}").json()["status"] == "revoked"
    assert sender.post("/referrals/", refer).status_code == 400


def test_incoming_is_for_service_providers_only(world):
    assert api_for(make_screener(world)).get("/referrals/incoming").status_code == 403


def test_directory_lists_offers(world):
    from enlace.referrals import services

    provider, ngo = make_provider()
    services.offer_create(actor=provider, institution=ngo, service="legal_aid", country="BO", subdivision="BO-S")
    response = api_for(make_screener(world)).get("/referrals/directory?service=legal_aid")
    assert response.status_code == 200, response.content
    rows = response.json()
    assert [(r["institution"]["id"], r["subdivision"]) for r in rows] == [(ngo.pk, "BO-S")]


def test_stranger_cannot_refer_someone_elses_screening(world):
    s = screened(make_screener(world))
    _provider, ngo = make_provider()
    stranger = api_for(make_screener(world, username="scr_x"))
    response = stranger.post("/referrals/consents", {"subject": {"screening_id": str(s.public_id)}, "recipient_id": ngo.pk,
                                                     "purpose": "shelter", "categories": ["age"], "informed": True})
    assert response.status_code == 404
