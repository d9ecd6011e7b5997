"""Password spraying from one address is limited across usernames; the TOTP back-off is bounded.

Replayed: one address tries a password against many usernames (each fails once, so the
per-account limit never triggers); the sprayer signs in with an account of its own to wipe the
count; someone holding a user's password fails the second factor thirty times so that the
owner's next code would wait years.
"""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from enlace.accounts.tests.factories import make_user
from enlace.accounts.throttle import TOTP_MAX_DELAY_SECONDS

pytestmark = pytest.mark.django_db

LOGIN = reverse("web:login")
PW = "correct horse battery staple 42"


def _user(username: str):
    user = make_user("investigator", username=username)
    user.set_password(PW)
    user.save()
    return user


def _spray(client, n: int, start: int = 0) -> list[int]:
    return [client.post(LOGIN, {"username": f"nobody{i}", "password": "Verano2024!"}).status_code
            for i in range(start, start + n)]


def test_spraying_across_usernames_locks_the_address(client, settings):
    victim = _user("ana")
    assert set(_spray(client, settings.AXES_IP_FAILURE_LIMIT - 1)) == {200}
    assert _spray(client, 1, start=100) == [429]
    resp = client.post(LOGIN, {"username": victim.username, "password": PW})
    assert resp.status_code == 429 and "_auth_user_id" not in client.session


def test_another_address_is_not_locked(client, settings):
    _spray(client, settings.AXES_IP_FAILURE_LIMIT)
    _user("ana")
    resp = client.post(LOGIN, {"username": "ana", "password": PW}, REMOTE_ADDR="10.9.8.7")
    assert resp.status_code == 302


def test_an_office_with_a_few_typos_is_not_locked(client):
    for name in ("ana", "beto", "carla"):
        _user(name)
        for _ in range(2):
            client.post(LOGIN, {"username": name, "password": "typo"})
    assert client.post(LOGIN, {"username": "ana", "password": PW}).status_code == 302


def test_signing_in_with_an_own_account_does_not_wipe_the_address_count(client, settings):
    _user("sprayer")
    _spray(client, settings.AXES_IP_FAILURE_LIMIT - 2)
    assert client.post(LOGIN, {"username": "sprayer", "password": PW}).status_code == 302
    client.logout()
    assert _spray(client, 2, start=200)[-1] == 429


def test_the_account_limit_still_applies(client, settings):
    _user("ana")
    codes = [client.post(LOGIN, {"username": "ana", "password": "wrong"}).status_code
             for _ in range(settings.AXES_ACCOUNT_FAILURE_LIMIT)]
    assert codes[-1] == 429 and set(codes[:-1]) == {200}


def test_the_totp_back_off_cannot_lock_the_owner_out_for_long(client):
    user = _user("ana")
    device = TOTPDevice.objects.create(user=user, name="default", confirmed=True)
    # thirty failures by whoever holds the password; the last one ten minutes ago
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_count=30, throttling_failure_timestamp=timezone.now() - dt.timedelta(minutes=10))
    assert TOTP_MAX_DELAY_SECONDS < 600
    client.post(LOGIN, {"username": "ana", "password": PW})
    device.refresh_from_db()
    code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    resp = client.post(reverse("web:login_totp"), {"token": f"{code:06d}"})
    assert resp.status_code == 302 and client.session.get("otp_device_id")
    device.refresh_from_db()
    assert device.throttling_failure_count == 0  # a success resets the back-off


def test_the_totp_back_off_still_slows_guessing(client):
    user = _user("ana")
    device = TOTPDevice.objects.create(user=user, name="default", confirmed=True)
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=30,
                                                   throttling_failure_timestamp=timezone.now())
    client.post(LOGIN, {"username": "ana", "password": PW})
    code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    resp = client.post(reverse("web:login_totp"), {"token": f"{code:06d}"})
    assert resp.status_code == 200 and not client.session.get("otp_device_id")  # still throttled right now
