"""Screening without a connection, server side: the page, its service worker and manifest, the draft
key, and the sync endpoint (once per device token, conflicts, refusals with the reason, access)."""

from __future__ import annotations

import base64
import json
from uuid import UUID

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from enlace.audit.models import AuditEntry
from enlace.referrals.tests.factories import make_screener
from enlace.screening.models import Screening
from enlace.screening.selectors import screening_get

pytestmark = pytest.mark.django_db

TOKEN = "device-draft-token-0001"


def client_for(user, language="en", *, csrf: bool = False) -> Client:
    client = Client(headers={"accept-language": language}, enforce_csrf_checks=csrf)
    client.force_login(user)
    return client


def draft(**extra):
    return {"exploitation": "labour", "age_at_exploitation": "24", "screened_on": timezone.localdate().isoformat(),
            "country": "BO", "subdivision": "BO-L", "place_description": "Desaguadero", "anonymous": "anonymous",
            "sex": "F", "yes": ["deceived_about_nature_of_job", "excessive_working_hours", "debt_bondage"],
            "acts": ["recruitment"], "means": ["deception"], "observations": "Came by bus", **extra}


def sync(client, data, token=TOKEN, **headers):
    return client.post(reverse("screening:offline_sync"), json.dumps({"token": token, "draft": data}),
                       content_type="application/json", **headers)


def test_a_draft_becomes_one_screening_however_often_it_is_sent(world):
    screener = make_screener(world)
    client = client_for(screener)
    first = sync(client, draft())
    assert first.status_code == 200, first.content
    answer = first.json()
    s = screening_get(actor=screener, screening_id=UUID(answer["id"]))
    assert answer["status"] == "saved" and answer["code"] == s.pseudonym
    assert answer["url"] == reverse("screening:result", args=[s.public_id])
    assert s.is_draft and s.anonymous and s.place_description == "Desaguadero" and s.observations == "Came by bus"
    assert set(s.answers) == {"deceived_about_nature_of_job", "excessive_working_hours", "debt_bondage"}
    assert s.palermo_acts == ["recruitment"] and s.screened_by == screener

    again = sync(client, draft())  # the answer to the first send was lost: the device sends it again
    assert again.status_code == 200 and again.json()["id"] == answer["id"]
    assert Screening.objects.count() == 1
    # Another draft (another token) is another screening.
    assert sync(client, draft(), token="device-draft-token-0002").json()["id"] != answer["id"]
    assert Screening.objects.count() == 2
    # Tokens are per officer: another officer's phone with the same token finds nothing of the first's.
    colleague = make_screener(world, username="scr_two")
    theirs = sync(client_for(colleague), draft()).json()
    assert theirs["status"] == "saved" and theirs["id"] != answer["id"] and Screening.objects.count() == 3


def test_the_same_token_with_other_content_is_a_conflict(world):
    client = client_for(make_screener(world))
    saved = sync(client, draft()).json()
    conflict = sync(client, draft(place_description="Bus terminal"))
    assert conflict.status_code == 409
    assert conflict.json()["status"] == "conflict" and conflict.json()["code"] == saved["code"]
    assert Screening.objects.get().place_description == "Desaguadero"


def test_refused_input_is_rejected_with_the_translated_reason_and_creates_nothing(world):
    client = client_for(make_screener(world), language="es")
    future = (timezone.localdate() + timezone.timedelta(days=3)).isoformat()
    answer = sync(client, draft(screened_on=future))
    assert answer.status_code == 422 and answer.json()["status"] == "rejected"
    assert any("futura" in reason for reason in answer.json()["reasons"]), answer.json()

    named_but_anonymous = sync(client, draft(given_names="Rosa"))
    assert named_but_anonymous.json()["status"] == "rejected"
    assert any("anónim" in reason for reason in named_but_anonymous.json()["reasons"])

    unknown = sync(client, draft(yes=["not_an_indicator"]))
    assert unknown.status_code == 422 and "not_an_indicator" in " ".join(unknown.json()["reasons"])

    missing = sync(client, draft(exploitation=""))
    assert missing.json()["status"] == "rejected" and missing.json()["reasons"]
    assert Screening.objects.count() == 0
    # Once corrected, the same draft under the same token is saved.
    assert sync(client, draft()).json()["status"] == "saved"


def test_unreadable_bodies_and_tokens_are_rejected(world):
    client = client_for(make_screener(world))
    url = reverse("screening:offline_sync")
    assert client.post(url, "not json", content_type="application/json").json()["status"] == "rejected"
    assert client.post(url, {"token": TOKEN}).status_code == 400
    assert sync(client, draft(), token="short").status_code == 400
    assert Screening.objects.count() == 0


def test_sync_needs_the_csrf_token(world):
    client = client_for(make_screener(world), csrf=True)
    assert sync(client, draft()).status_code == 403
    page = client.get(reverse("screening:offline_key"))
    assert sync(client, draft(), HTTP_X_CSRFTOKEN=page.json()["csrf"]).status_code == 200


def test_only_screening_roles_get_the_page_the_key_and_the_sync(world):
    for name in ("auditor", "monitoring", "sysadmin"):
        client = client_for(world[name])
        assert client.get(reverse("screening:offline")).status_code == 404
        assert client.get(reverse("screening:offline_key")).status_code == 404
        assert sync(client, draft()).status_code == 404
    assert Screening.objects.count() == 0
    anonymous = Client()
    assert anonymous.get(reverse("screening:offline_key")).status_code == 302
    assert sync(anonymous, draft()).status_code == 302


def test_the_draft_key_is_per_user_stable_across_sign_ins_and_audited(world):
    screener = make_screener(world)
    first = client_for(screener).get(reverse("screening:offline_key"))
    second = client_for(screener).get(reverse("screening:offline_key"))  # a new sign-in
    other = client_for(world["screener"]).get(reverse("screening:offline_key"))
    assert first["Cache-Control"].startswith("no-store")
    key = base64.b64decode(first.json()["key"])
    assert len(key) == 32 and first.json()["key"] == second.json()["key"] != other.json()["key"]
    assert first.json()["user"] == second.json()["user"] != other.json()["user"]
    assert screener.username not in first.json()["user"]
    assert AuditEntry.objects.filter(action="screening.offline_key", actor=screener).count() == 2


def test_the_page_carries_every_list_and_the_translated_texts(world):
    client = client_for(make_screener(world), language="pt-br")
    html = client.get(reverse("screening:offline")).content.decode()
    assert 'rel="manifest"' in html and "offline.js" in html and 'id="offline-config"' in html
    for list_id in ("labour-adult", "labour-child", "sexual-adult", "sexual-child"):
        assert list_id in html
    assert "Rascunho salvo neste dispositivo" in html  # a script text, translated on the page


def test_the_page_carries_the_departments_and_municipalities_of_every_country(world):
    import re

    client = client_for(make_screener(world), language="es")
    html = client.get(reverse("screening:offline")).content.decode()
    found = re.search(r'<script id="offline-places" type="application/json">(.*?)</script>', html, re.S)
    assert found is not None
    places = json.loads(found.group(1))
    subdivisions = {country: dict(rows) for country, rows in places["subdivisions"].items()}
    assert subdivisions["BO"]["BO-P"] == "Potosí" and subdivisions["PE"]["PE-PUN"] == "Puno"
    assert {"AR", "BR", "CL", "PE", "ES"} <= set(subdivisions)  # not only the officer's country
    assert all(code.startswith(country + "-") for country, rows in subdivisions.items() for code in rows)
    municipalities = places["municipalities"].get("BO", [])
    assert all(row[2] in subdivisions["BO"] for row in municipalities)


def test_a_draft_from_another_country_keeps_its_department(world):
    client = client_for(make_screener(world))
    response = sync(client, draft(country="PE", subdivision="PE-PUN", place_description="Kasani"))
    assert response.json()["status"] == "saved", response.json()
    saved = Screening.objects.get(client_token=TOKEN)
    assert (saved.country, saved.subdivision) == ("PE", "PE-PUN")
    refused = sync(client, draft(country="PE", subdivision="BO-L"), token="device-draft-token-0002")
    assert refused.json()["status"] == "rejected"


def test_service_worker_and_manifest(world):
    client = client_for(make_screener(world))
    worker = client.get(reverse("screening:service_worker"))
    assert worker.status_code == 200 and worker["Content-Type"].startswith("application/javascript")
    assert reverse("screening:service_worker").startswith(reverse("screening:list"))  # scope covers /screening/
    body = worker.content.decode()
    assert reverse("screening:offline") in body and "enlace/offline.js" in body
    manifest = client.get(reverse("screening:manifest"))
    assert manifest["Content-Type"] == "application/manifest+json"
    data = manifest.json()
    assert data["start_url"] == reverse("screening:offline") and data["scope"] == reverse("screening:list")
    assert data["display"] == "standalone" and data["icons"]
    assert Client().get(reverse("screening:service_worker")).status_code == 200  # holds nothing of anyone
