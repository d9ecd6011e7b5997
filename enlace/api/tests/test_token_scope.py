"""API tokens expire and carry a scope: a read-only token cannot change anything."""

import datetime as dt

import pytest
from django.utils import timezone

from enlace.accounts.models import ApiToken
from enlace.accounts.services import token_create
from enlace.cases.models import Case

from .conftest import ApiClient

pytestmark = pytest.mark.django_db


def _client(user, **kw) -> tuple[ApiClient, ApiToken]:
    tok, plain = token_create(actor=user, user=user, name="t", **kw)
    return ApiClient(f"Bearer {plain}"), tok


def test_read_only_token_reads_but_every_write_is_403(world):
    api, _tok = _client(world["investigator"], scope="read")
    case = world["case"]
    assert api.get(f"/cases/{case.public_id}").status_code == 200
    r = api.patch(f"/cases/{case.public_id}", {"version": 1, "title": "changed"})
    assert r.status_code == 403 and "read-only" in r.json()["message"]
    assert api.post("/cases", {"title": "New", "lead_institution_id": world["police"].pk}).status_code == 403
    assert Case.objects.get(pk=case.pk).title == case.title and Case.objects.count() == 1


def test_read_write_token_writes(world):
    api, _tok = _client(world["investigator"], scope="write")
    assert api.patch(f"/cases/{world['case'].public_id}", {"version": 1, "title": "changed"}).status_code == 200


def test_expired_token_is_401(world):
    api, tok = _client(world["investigator"])
    assert api.get("/me").status_code == 200
    ApiToken.objects.filter(pk=tok.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    r = api.get("/me")
    assert r.status_code == 401 and "expired" in r.json()["message"]
