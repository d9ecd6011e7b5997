"""Sign-in, lockout, second factor, idle expiry, password change and sign-out."""

import time

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from enlace.accounts.models import User
from enlace.accounts.tests.factories import make_user
from enlace.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

PW = "pw-Long-enough-123"  # the factories' password
LOGIN = reverse("web:login")
TOTP_LOGIN = reverse("web:login_totp")
TOTP_SETUP = reverse("web:totp_setup")
HOME = reverse("web:home")
# A page behind both gates (login and second factor) that renders without case data.
GATED = reverse("web:password_change")


def _code(device) -> str:
    return f"{totp(device.bin_key):06d}"


@pytest.fixture
def investigator():
    return make_user("investigator", username="ana")


@pytest.fixture(autouse=True)
def _no_totp_throttle(settings):
    # django-otp delays the next attempt after a wrong code; tests do not wait.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


# ---------- password sign-in ----------

def test_login_page_renders(client):
    resp = client.get(LOGIN)
    assert resp.status_code == 200
    assert b'name="username"' in resp.content and b'name="password"' in resp.content


def test_login_success_is_audited_and_redirects(client, investigator):
    resp = client.post(LOGIN, {"username": "ana", "password": PW})
    assert resp.status_code == 302 and resp.url == "/"
    entry = AuditEntry.objects.get(action="auth.login")
    assert entry.actor_id == investigator.pk and entry.ip_address == "127.0.0.1"
    assert client.get(GATED).status_code == 200


def test_login_follows_safe_next_only(client, investigator):
    resp = client.post(LOGIN, {"username": "ana", "password": PW, "next": "/cases/"})
    assert resp.url == "/cases/"
    client.logout()
    resp = client.post(LOGIN, {"username": "ana", "password": PW, "next": "https://evil.example/"})
    assert resp.url == "/"


@pytest.mark.parametrize("username,password", [("ana", "wrong-password-1"), ("nobody", PW)])
def test_login_failure_is_generic_and_audited(client, investigator, username, password):
    resp = client.post(LOGIN, {"username": username, "password": password})
    assert resp.status_code == 200
    assert "Wrong username or password." in resp.content.decode()
    entry = AuditEntry.objects.get(action="auth.login_failed")
    assert entry.actor_id is None and entry.actor_label == username
    assert client.get(GATED).status_code == 302


def test_inactive_user_cannot_sign_in(client, investigator):
    User.objects.filter(pk=investigator.pk).update(is_active=False)
    resp = client.post(LOGIN, {"username": "ana", "password": PW})
    assert resp.status_code == 200 and "Wrong username or password." in resp.content.decode()


def test_lockout_after_five_failures(client, investigator):
    for _ in range(4):
        assert client.post(LOGIN, {"username": "ana", "password": "wrong-password-1"}).status_code == 200
    resp = client.post(LOGIN, {"username": "ana", "password": "wrong-password-1"})
    assert resp.status_code == 429
    assert "Sign-in temporarily blocked" in resp.content.decode()
    assert "administrator" in resp.content.decode()
    # The right password during the lockout does not sign in.
    resp = client.post(LOGIN, {"username": "ana", "password": PW})
    assert resp.status_code == 429
    assert "_auth_user_id" not in client.session
    assert client.get(GATED).status_code == 302
    assert not AuditEntry.objects.filter(action="auth.login").exists()
    assert AuditEntry.objects.filter(action="auth.login_failed").count() == 6


def test_lockout_is_per_account(client, investigator):
    other = make_user("prosecutor", username="beto")
    for _ in range(5):
        client.post(LOGIN, {"username": "ana", "password": "wrong-password-1"})
    resp = client.post(LOGIN, {"username": other.username, "password": PW})
    assert resp.status_code == 302


# ---------- second factor ----------

@pytest.fixture
def device(investigator):
    return TOTPDevice.objects.create(user=investigator, name="default", confirmed=True)


def test_user_with_device_must_enter_code(client, investigator, device):
    resp = client.post(LOGIN, {"username": "ana", "password": PW, "next": GATED})
    assert resp.status_code == 302 and resp.url.startswith(TOTP_LOGIN)
    home = client.get(HOME)
    assert home.status_code == 302 and home.url.startswith(TOTP_LOGIN)
    assert client.get(GATED).status_code == 302
    page = client.get(resp.url)
    assert page.status_code == 200 and b'name="token"' in page.content

    bad = client.post(resp.url, {"token": "000000" if _code(device) != "000000" else "111111"})
    assert bad.status_code == 200 and "not valid" in bad.content.decode()
    assert AuditEntry.objects.filter(action="auth.totp_failed", actor=investigator).exists()
    assert client.get(HOME).status_code == 302

    ok = client.post(resp.url, {"token": _code(device)})
    assert ok.status_code == 302 and ok.url == GATED
    assert AuditEntry.objects.filter(action="auth.totp_ok", actor=investigator).exists()
    assert client.get(GATED).status_code == 200


def test_setup_page_cannot_bypass_an_existing_device(client, investigator, device):
    """With only the password, enrolling a new authenticator must not be possible."""
    client.post(LOGIN, {"username": "ana", "password": PW})
    resp = client.get(TOTP_SETUP)
    assert resp.status_code == 302 and resp.url.startswith(TOTP_LOGIN)
    assert TOTPDevice.objects.filter(user=investigator).count() == 1
    assert client.get(GATED).status_code == 302


@pytest.mark.parametrize("role", ["investigator", "prosecutor", "supervisor", "liaison", "screener",
                                  "service_provider", "monitoring", "sysadmin", "auditor"])
def test_enforced_totp_sends_every_role_to_setup(client, settings, role):
    """Administrators, auditors and the monitoring committee too: a password alone is never enough."""
    settings.ENLACE_ENFORCE_TOTP = True
    client.force_login(make_user(role))
    resp = client.get(GATED)
    assert resp.status_code == 302 and resp.url == TOTP_SETUP
    assert client.get(HOME).url == TOTP_SETUP


@pytest.mark.parametrize("role", ["monitoring", "sysadmin", "auditor"])
def test_unenforced_totp_lets_every_role_in(client, settings, role):
    settings.ENLACE_ENFORCE_TOTP = False
    client.force_login(make_user(role))
    assert client.get(GATED).status_code == 200


def _candidate(client, user) -> TOTPDevice:
    """The authenticator the set-up page offers: its secret is in the session, not in the database."""
    return TOTPDevice(user=user, name="default", key=client.session["totp_setup_key"])


def test_totp_setup_enrols_a_device(client, settings, investigator):
    settings.ENLACE_ENFORCE_TOTP = True
    client.force_login(investigator)
    page = client.get(TOTP_SETUP)
    html = page.content.decode()
    assert page.status_code == 200
    assert 'src="data:image/svg+xml;base64,' in html
    assert not TOTPDevice.objects.filter(user=investigator).exists()  # a GET writes no device
    assert client.get(TOTP_SETUP).status_code == 200  # a reload offers the same secret, still nothing written
    assert not TOTPDevice.objects.filter(user=investigator).exists()
    candidate = _candidate(client, investigator)
    import base64

    secret = base64.b32encode(candidate.bin_key).decode()
    assert secret[:4] + " " + secret[4:8] in html  # the key for manual entry, in groups of four

    resp = client.post(TOTP_SETUP, {"token": _code(candidate)})
    assert resp.status_code == 302
    device = TOTPDevice.objects.get(user=investigator)
    assert device.confirmed and device.key == candidate.key
    assert "totp_setup_key" not in client.session
    assert AuditEntry.objects.filter(action="auth.totp_enrolled", actor=investigator).exists()
    assert client.get(GATED).status_code == 200


def test_totp_setup_replaces_an_older_device(client, investigator, device):
    client.force_login(investigator)
    session = client.session
    session["totp_setup_key"] = "ab" * 20
    session.save()
    # the user passed the old device first (the page demands it)
    from django_otp import DEVICE_ID_SESSION_KEY

    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    candidate = _candidate(client, investigator)
    assert client.post(TOTP_SETUP, {"token": _code(candidate)}).status_code == 302
    assert list(TOTPDevice.objects.filter(user=investigator).values_list("key", flat=True)) == ["ab" * 20]


def test_totp_setup_rejects_a_wrong_code(client, investigator):
    client.force_login(investigator)
    client.get(TOTP_SETUP)
    candidate = _candidate(client, investigator)
    resp = client.post(TOTP_SETUP, {"token": "000000" if _code(candidate) != "000000" else "111111"})
    assert resp.status_code == 200 and "not valid" in resp.content.decode()
    assert not TOTPDevice.objects.filter(user=investigator).exists()
    assert not AuditEntry.objects.filter(action="auth.totp_enrolled").exists()


# ---------- idle expiry ----------

def _set_last_seen(client, seconds_ago: int) -> None:
    session = client.session
    session["last_seen"] = int(time.time()) - seconds_ago
    session.save()


def test_idle_session_expires(client, settings, investigator):
    settings.SESSION_IDLE_TIMEOUT = 60
    client.force_login(investigator)
    assert client.get(GATED).status_code == 200
    assert "last_seen" in client.session  # the first request starts the idle clock
    _set_last_seen(client, 120)
    resp = client.get(GATED)
    assert resp.status_code == 302 and resp.url.startswith(LOGIN)
    page = client.get(resp.url)
    assert "session expired" in page.content.decode()
    assert client.get(GATED).status_code == 302  # signed out for good


def test_active_session_does_not_expire(client, settings, investigator):
    settings.SESSION_IDLE_TIMEOUT = 60
    client.force_login(investigator)
    client.get(GATED)
    _set_last_seen(client, 45)
    assert client.get(GATED).status_code == 200
    assert client.get(GATED).status_code == 200


# ---------- password change ----------

def _change(client, old, new, new2=None):
    return client.post(GATED, {"old_password": old, "new_password": new, "new_password2": new2 or new})


def test_password_change_wrong_old_password(client, investigator):
    client.force_login(investigator)
    resp = _change(client, "not-my-password", "a-New-passphrase-42")
    assert resp.status_code == 200
    assert resp.context["form"].errors["old_password"]
    investigator.refresh_from_db()
    assert investigator.check_password(PW)


@pytest.mark.parametrize("weak", ["short1", "password1234", "123456789012"])
def test_password_change_weak_password(client, investigator, weak):
    client.force_login(investigator)
    resp = _change(client, PW, weak)
    assert resp.status_code == 200
    assert resp.context["form"].errors["new_password"]
    investigator.refresh_from_db()
    assert investigator.check_password(PW)


def test_password_change_mismatch(client, investigator):
    client.force_login(investigator)
    resp = _change(client, PW, "a-New-passphrase-42", "a-New-passphrase-43")
    assert resp.context["form"].errors["new_password2"]


def test_password_change_success(client, investigator):
    client.force_login(investigator)
    resp = _change(client, PW, "a-New-passphrase-42")
    assert resp.status_code == 302
    assert AuditEntry.objects.filter(action="user.password_change", actor=investigator).exists()
    assert client.get(GATED).status_code == 200  # still signed in
    client.logout()
    assert client.post(LOGIN, {"username": "ana", "password": PW}).status_code == 200
    assert client.post(LOGIN, {"username": "ana", "password": "a-New-passphrase-42"}).status_code == 302


# ---------- sign-out ----------

def test_logout_is_post_only(client, investigator):
    client.force_login(investigator)
    assert client.get(reverse("web:logout")).status_code == 405
    assert client.get(GATED).status_code == 200
    resp = client.post(reverse("web:logout"))
    assert resp.status_code == 302 and resp.url == LOGIN
    assert AuditEntry.objects.filter(action="auth.logout", actor=investigator).exists()
    assert client.get(GATED).status_code == 302
