"""The API under /api/v1/techniques: the same compartment and validation as the pages."""

import datetime as dt

import pytest
from django.utils import timezone

from enlace.techniques.models import Authorisation

from .factories import make_authorisation

pytestmark = pytest.mark.django_db


def _body(**kw):
    today = timezone.localdate()
    body = {"kind": "controlled_delivery", "legal_basis": "Ley 1008 art. 100", "authority": "Juzgado 2",
            "judge": "Juez Flores", "scope": "Parcel from Desaguadero", "starts_on": today.isoformat(),
            "expires_on": (today + dt.timedelta(days=10)).isoformat(), "target_pseudonyms": ["CÓNDOR"]}
    body.update(kw)
    return body


def test_create_then_read_as_named_member_only(world, client):
    client.force_login(world["investigator"])
    url = f"/api/v1/techniques/cases/{world['case'].public_id}/authorisations"
    got = client.post(url, _body(member_ids=[world["prosecutor"].pk]), content_type="application/json")
    assert got.status_code == 201, got.content
    data = got.json()
    assert sorted(data["members"]) == sorted([world["investigator"].username, world["prosecutor"].username])
    assert data["targets"] == [{"label": "CÓNDOR", "in_case": False}]
    client.force_login(world["prosecutor"])
    assert client.get(f"/api/v1/techniques/authorisations/{data['id']}").status_code == 200
    assert [a["id"] for a in client.get(url).json()] == [data["id"]]
    client.force_login(world["supervisor"])
    assert client.get(f"/api/v1/techniques/authorisations/{data['id']}").status_code == 404
    assert client.get(url).json() == []


def test_bad_input_is_a_400_with_the_field(world, client):
    client.force_login(world["investigator"])
    url = f"/api/v1/techniques/cases/{world['case'].public_id}/authorisations"
    got = client.post(url, _body(expires_on="2000-01-01"), content_type="application/json")
    assert got.status_code == 400 and "expires_on" in got.json()["errors"]
    assert not Authorisation.objects.exists()


def test_renew_and_confirm(world, client):
    auth = make_authorisation(world, emergency=True, confirm_by=timezone.now() + dt.timedelta(hours=5))
    client.force_login(world["investigator"])
    base = f"/api/v1/techniques/authorisations/{auth.public_id}"
    stale = client.post(f"{base}/confirm", {"version": auth.version + 3, "confirmed_by": "Juez"},
                        content_type="application/json")
    assert stale.status_code == 409
    ok = client.post(f"{base}/confirm", {"version": auth.version, "confirmed_by": "Juez Mamani"},
                     content_type="application/json")
    assert ok.status_code == 200 and ok.json()["confirmed_at"]
    renewed = client.post(f"{base}/renew", {"expires_on": (auth.expires_on + dt.timedelta(days=20)).isoformat(),
                                            "judge": "Juez Quispe"}, content_type="application/json")
    assert renewed.status_code == 201 and renewed.json()["renews_id"] == str(auth.public_id)
