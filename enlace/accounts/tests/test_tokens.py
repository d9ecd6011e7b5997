"""Personal API tokens: any signed-in user manages their own; shown once; someone else's is a 404."""

import re

import pytest
from django.urls import reverse

from enlace.accounts.models import ApiToken
from enlace.accounts.services import token_authenticate, token_create
from enlace.accounts.tests.factories import make_user
from enlace.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

TOKENS = reverse("accounts:tokens")


@pytest.fixture
def user():
    return make_user("investigator", username="ana")


def test_anonymous_is_sent_to_login(client):
    assert client.get(TOKENS).status_code == 302


def test_create_token_is_shown_once(client, user):
    client.force_login(user)
    resp = client.post(TOKENS, {"name": "export script"})
    assert resp.status_code == 200
    assert resp["Cache-Control"].startswith("max-age=0") or "no-store" in resp["Cache-Control"]
    plain = re.search(r"enl_[0-9a-f]{8}_[A-Za-z0-9_-]+", resp.content.decode()).group(0)
    assert token_authenticate(plain) == user
    tok = ApiToken.objects.get(user=user)
    assert tok.name == "export script" and tok.key_hash not in resp.content.decode()
    assert AuditEntry.objects.filter(action="token.create", actor=user).exists()
    again = client.get(TOKENS).content.decode()
    assert plain not in again and tok.prefix in again


def test_revoke_own_token(client, user):
    tok, plain = token_create(actor=user, user=user, name="t")
    client.force_login(user)
    resp = client.post(reverse("accounts:token_revoke", args=[tok.pk]))
    assert resp.status_code == 302 and resp.url == TOKENS
    tok.refresh_from_db()
    assert tok.revoked_at is not None
    assert token_authenticate(plain) is None
    assert AuditEntry.objects.filter(action="token.revoke", actor=user).exists()


def test_cannot_see_or_revoke_someone_elses_token(client, user):
    other = make_user("prosecutor", username="beto")
    tok, _plain = token_create(actor=other, user=other, name="theirs")
    client.force_login(user)
    assert tok.prefix not in client.get(TOKENS).content.decode()
    assert client.post(reverse("accounts:token_revoke", args=[tok.pk])).status_code == 404
    tok.refresh_from_db()
    assert tok.revoked_at is None


def test_revoke_is_post_only(client, user):
    tok, _plain = token_create(actor=user, user=user)
    client.force_login(user)
    assert client.get(reverse("accounts:token_revoke", args=[tok.pk])).status_code == 405
