"""Who may call the API: personal tokens, the browser session (CSRF, second factor)."""

import pytest
from django.test import Client, override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from enlace.accounts.models import ApiToken
from enlace.accounts.services import token_revoke

from .conftest import ApiClient, make_token

pytestmark = pytest.mark.django_db

UNAUTHORIZED = {"message": "Authentication required: send a personal API token or sign in.", "errors": {}}


def test_valid_token_identifies_the_user(world, api_as):
    r = api_as(world["investigator"]).get("/me")
    assert r.status_code == 200
    body = r.json()
    assert body["username"] == "inv"
    assert body["auth_method"] == "token"
    assert body["roles"] == ["investigator"]
    assert body["capabilities"]["can_create_cases"] is True
    assert [t["code"] for t in body["teams"]] == ["eme-lpz"]


def test_token_use_is_recorded_on_the_token(world):
    plain = make_token(world["investigator"])
    assert ApiToken.objects.get().last_used_at is None
    ApiClient(f"Bearer {plain}").get("/me")
    assert ApiToken.objects.get().last_used_at is not None


def test_revoked_token_is_refused(world):
    plain = make_token(world["investigator"])
    api = ApiClient(f"Bearer {plain}")
    assert api.get("/me").status_code == 200
    token_revoke(actor=None, token=ApiToken.objects.get())
    r = api.get("/me")
    assert r.status_code == 401
    assert r.json() == {"message": "The token is not valid, has expired or has been revoked.", "errors": {}}
    assert r["WWW-Authenticate"].startswith("Bearer")


def test_token_of_a_deactivated_user_is_refused(world):
    user = world["investigator"]
    plain = make_token(user)
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert ApiClient(f"Bearer {plain}").get("/me").status_code == 401


@pytest.mark.parametrize("header", [
    "Bearer garbage",
    "Bearer enl_",
    "Bearer enl_deadbeef_not-the-secret",
    "Bearer ",
    "Bearer",
])
def test_malformed_or_wrong_bearer_token_is_401_json(world, header):
    make_token(world["investigator"])
    r = ApiClient(header).get("/me")
    assert r.status_code == 401
    assert r["Content-Type"].startswith("application/json")
    assert set(r.json()) == {"message", "errors"}


def test_a_token_with_a_changed_secret_is_refused(world):
    plain = make_token(world["investigator"])
    tampered = plain[:-2] + ("AA" if not plain.endswith("AA") else "BB")
    assert ApiClient(f"Bearer {tampered}").get("/me").status_code == 401


@pytest.mark.parametrize("header", [None, "Token abc", "Basic dXNlcjpwYXNz"])
def test_no_usable_credentials_is_401_json(db, header):
    r = ApiClient(header).get("/cases")
    assert r.status_code == 401
    assert r.json() == UNAUTHORIZED


def test_anonymous_write_is_401_not_a_csrf_403(db):
    r = ApiClient(client=Client(enforce_csrf_checks=True)).post("/cases", {"title": "x"})
    assert r.status_code == 401


def test_session_user_can_read(world):
    client = Client()
    client.force_login(world["investigator"])
    r = ApiClient(client=client).get("/me")
    assert r.status_code == 200
    assert r.json()["auth_method"] == "session"


def test_session_write_needs_the_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world["investigator"])
    api = ApiClient(client=client)
    refused = api.post("/cases", {"title": "Via the browser"})
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["message"]
    client.get("/api/v1/docs")  # the docs page sets the CSRF cookie (Swagger UI sends it back)
    token = client.cookies["csrftoken"].value
    ok = api.post("/cases", {"title": "Via the browser"}, **{"X-CSRFToken": token})
    assert ok.status_code == 201, ok.content


def test_token_client_needs_no_csrf_even_with_a_session_cookie(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world["investigator"])
    api = ApiClient(f"Bearer {make_token(world['investigator'])}", client=client)
    assert api.post("/cases", {"title": "Scripted"}).status_code == 201


def _confirmed_device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def test_session_without_second_factor_cannot_use_the_api(world):
    user = world["investigator"]
    _confirmed_device(user)
    client = Client()
    client.force_login(user)  # password step only: TOTP not passed
    r = ApiClient(client=client).get("/cases")
    assert r.status_code == 401
    assert "two-factor" in r.json()["message"]
    # The token is the integration path and still works for the same user.
    assert ApiClient(f"Bearer {make_token(user)}").get("/cases").status_code == 200


def test_session_that_passed_the_second_factor_can_use_the_api(world):
    from django_otp import DEVICE_ID_SESSION_KEY

    user = world["investigator"]
    device = _confirmed_device(user)
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    assert ApiClient(client=client).get("/cases").status_code == 200


@override_settings(ENLACE_ENFORCE_TOTP=True)
def test_enforced_totp_refuses_sessions_of_every_role_without_a_second_factor(world):
    client = Client()
    client.force_login(world["investigator"])  # no device enrolled yet
    assert ApiClient(client=client).get("/cases").status_code == 401
    for role in ("auditor", "monitoring", "sysadmin"):  # they see no victims, yet a password is not enough
        other = Client()
        other.force_login(world[role])
        assert ApiClient(client=other).get("/me").status_code == 401
