"""Sign-in, two-factor set-up, administration and audit pages in a real Chromium (phone and desktop).

Checks what only a browser shows: the CSP lets the QR code (a data: URI) load, nothing is
fetched from outside the server, no script errors, and no page is wider than a phone.
"""

import pytest

from enlace.accounts.models import User
from enlace.accounts.tests.factories import InstitutionFactory, TeamFactory, UnitFactory, make_user
from enlace.audit.services import audit_record
from enlace.conftest_browser import page_problems

pytestmark = pytest.mark.browser

CLEAN = {"csp": [], "external": [], "js": []}
PW = "pw-Long-enough-123"


def _no_sideways_scroll(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def _sign_in(page, username, next_url):
    page.goto(f"/login/?next={next_url}")
    page.fill("#id_username", username)
    page.fill("#id_password", PW)
    with page.expect_navigation():
        page.click("main button[type=submit]")


def test_login_page_on_phone(phone_page):
    make_user("investigator", username="ana")
    phone_page.goto("/login/")
    phone_page.fill("#id_username", "ana")
    phone_page.fill("#id_password", "wrong-password-1")
    with phone_page.expect_navigation():
        phone_page.click("main button[type=submit]")
    assert phone_page.locator(".errorlist.nonfield").inner_text().strip().endswith("Wrong username or password.")
    assert _no_sideways_scroll(phone_page)
    assert page_problems(phone_page) == CLEAN


def test_totp_setup_shows_qr_on_phone(phone_page):
    make_user("investigator", username="ana")
    _sign_in(phone_page, "ana", "/account/totp/")
    assert phone_page.url.endswith("/account/totp/")
    qr = phone_page.locator("main img")
    assert qr.get_attribute("src").startswith("data:image/svg+xml;base64,")
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")
    assert _no_sideways_scroll(phone_page)
    assert page_problems(phone_page) == CLEAN


def test_admin_pages_on_phone(phone_page, login_as):
    inst = InstitutionFactory(name="Fuerza Especial de Lucha Contra el Crimen")
    unit = UnitFactory(institution=inst, name="División Trata y Tráfico La Paz")
    team = TeamFactory()
    member = make_user("supervisor", unit=unit, username="rcondori", team=team)
    login_as(phone_page, make_user("sysadmin", institution=inst, username="root"))
    for path in ["/administration/", "/administration/users/", f"/administration/users/{member.pk}/",
                 "/administration/users/new/", "/administration/institutions/",
                 f"/administration/institutions/{inst.pk}/units/", "/administration/teams/",
                 f"/administration/teams/{team.pk}/", "/administration/municipalities/",
                 "/administration/tokens/"]:
        resp = phone_page.goto(path)
        assert resp.status == 200, path
        assert _no_sideways_scroll(phone_page), path
        assert page_problems(phone_page) == CLEAN, path


def test_deactivate_asks_for_confirmation(browser_page, login_as):
    inst = InstitutionFactory()
    member = make_user("investigator", institution=inst, username="ana")
    login_as(browser_page, make_user("sysadmin", institution=inst, username="root"))
    browser_page.goto(f"/administration/users/{member.pk}/")
    button = browser_page.get_by_role("button", name="Deactivate account")

    browser_page.once("dialog", lambda d: d.dismiss())
    button.click()
    assert User.objects.get(pk=member.pk).is_active

    browser_page.once("dialog", lambda d: d.accept())
    with browser_page.expect_navigation():
        button.click()
    assert not User.objects.get(pk=member.pk).is_active
    assert "Account deactivated." in browser_page.locator(".flash-list").inner_text()
    assert page_problems(browser_page) == CLEAN


def test_audit_log_filters_on_desktop(browser_page, login_as):
    auditor = make_user("auditor", username="aud")
    for i in range(3):
        audit_record(action="permission.grant", actor_label="root", details={"n": i})
    audit_record(action="auth.login", actor_label="ana")
    login_as(browser_page, auditor)
    browser_page.goto("/audit/")
    assert "Chain intact." in browser_page.locator("main").inner_text()
    browser_page.fill("#id_action", "permission.")
    with browser_page.expect_navigation():
        browser_page.click("form.filters button[type=submit]")
    assert "action=permission." in browser_page.url
    actions = browser_page.locator("tbody td:nth-child(4) code").all_inner_texts()
    assert actions and set(actions) == {"permission.grant"}  # named in words, the code in small print
    assert page_problems(browser_page) == CLEAN
