"""Personal API tokens: any signed-in user manages their own; shown once; someone else's is a 404."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import formats, timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from enlace.accounts.jobs import expire_tokens
from enlace.accounts.models import ApiToken
from enlace.accounts.services import token_authenticate, token_create, token_request
from enlace.accounts.services_grants import grant_approve
from enlace.accounts.tests.factories import make_user
from enlace.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

TOKENS = reverse("accounts:tokens")


@pytest.fixture
def user():
    return make_user("investigator", username="ana")


def test_anonymous_is_sent_to_login(client):
    assert client.get(TOKENS).status_code == 302


def verified_login(client, user):
    """A session that passed the second factor (a confirmed TOTP device in the session)."""
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def test_create_token_is_shown_once(client, user):
    verified_login(client, user)
    resp = client.post(TOKENS, {"name": "export script", "scope": "write", "days": 90})
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


def test_a_session_without_the_second_factor_gets_no_token(client, user):
    client.force_login(user)  # password only
    resp = client.post(TOKENS, {"name": "script", "scope": "read", "days": 90}, follow=True)
    assert not ApiToken.objects.exists()
    assert re.search(r"enl_[0-9a-f]{8}_", resp.content.decode()) is None


def test_token_expires_by_default_after_90_days_and_scope_is_shown(client, user):
    verified_login(client, user)
    client.post(TOKENS, {"name": "reader", "scope": "read", "days": 90})
    tok = ApiToken.objects.get(user=user)
    assert tok.scope == "read"
    assert 89 <= (tok.expires_at - tok.created_at).days <= 90
    page = client.get(TOKENS).content.decode()
    assert "Read only" in page and "Never" in page  # last use shown (none yet)


def test_last_use_is_shown_on_the_token_page(client, user):
    _tok, plain = token_create(actor=user, user=user, name="t")
    assert token_authenticate(plain) == user
    client.force_login(user)
    tok = ApiToken.objects.get(user=user)
    assert tok.last_used_at is not None
    assert formats.date_format(timezone.localtime(tok.last_used_at), "SHORT_DATETIME_FORMAT") in client.get(
        TOKENS).content.decode()


def test_expired_token_is_refused_and_cleaned_by_the_job(user):
    tok, plain = token_create(actor=user, user=user, name="old", days=1)
    ApiToken.objects.filter(pk=tok.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert token_authenticate(plain) is None
    assert expire_tokens() == {"tokens": 1}
    assert not ApiToken.objects.filter(pk=tok.pk).exists()
    assert AuditEntry.objects.filter(action="token.expire").exists()


def test_command_line_token_waits_for_a_second_person(user):
    approver = make_user("approver", institution=user.primary_institution, username="appr")
    tok, plain, req = token_request(user=user, name="cli", scope="read")
    assert token_authenticate(plain) is None  # not yet approved
    grant_approve(actor=approver, request_id=req.pk)
    assert token_authenticate(plain) == user
