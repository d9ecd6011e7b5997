"""Sign-in, two-factor set-up, administration and audit pages in a real Chromium (phone and desktop).

Checks what only a browser shows: the CSP lets the QR code (a data: URI) load, nothing is
fetched from outside the server, no script errors, and no page is wider than a phone.
"""

from urllib.parse import parse_qs, urlparse

import pytest
from django.utils import timezone

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
    """The auditor narrows the log by who acted, the kind of action (a translated list) and the
    period; only the matching entries are listed, named in words, and the filters stay filled in."""
    auditor = make_user("auditor", username="aud")
    ana, beto = make_user("investigator", username="ana"), make_user("sysadmin", username="beto")
    for role in ("liaison", "supervisor", "prosecutor"):
        audit_record(actor=beto, action="permission.grant", obj=ana, details={"role": role})
    audit_record(actor=beto, action="auth.login", obj=beto)  # the same user, another kind of action
    audit_record(actor=ana, action="permission.grant", obj=beto, details={"role": "auditor"})  # another user
    today = timezone.localdate().isoformat()
    login_as(browser_page, auditor)
    browser_page.goto("/audit/")
    assert "Chain intact." in browser_page.locator("main").inner_text()
    browser_page.select_option("#id_user", "beto")
    browser_page.select_option("#id_kind", label="Accounts, roles and access")
    browser_page.fill("#id_date_from", today)
    browser_page.fill("#id_date_to", today)
    with browser_page.expect_navigation():
        browser_page.click("form.filters button[type=submit]")
    query = parse_qs(urlparse(browser_page.url).query)
    assert query["user"] == ["beto"] and query["kind"] == ["access"]
    assert query["date_from"] == [today] and query["date_to"] == [today]
    rows = browser_page.locator("tbody tr")
    assert rows.count() == 3
    actions = rows.locator("td:nth-child(4)")
    assert actions.locator("code").all_inner_texts() == ["permission.grant"] * 3  # the code in small print
    assert all(text.startswith("Role granted") for text in actions.all_inner_texts())  # named in words
    assert browser_page.locator("#id_user").input_value() == "beto"
    assert browser_page.locator("#id_kind").input_value() == "access"
    assert _no_sideways_scroll(browser_page)
    assert browser_page.locator(".table-wrap").evaluate("el => el.scrollWidth <= el.clientWidth")
    assert page_problems(browser_page) == CLEAN
