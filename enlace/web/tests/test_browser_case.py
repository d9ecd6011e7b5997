"""The case workflow in a real Chromium: sign in through the login form, open a case from
the case list, add a person, see them on the persons tab; then a supervisor of the lead unit
signs in and finds the audit entry of that addition on the case's audit tab.

Every page is also checked for what only a browser shows: no CSP violation, no script
error, no request leaving the server.
"""

import pytest

from enlace.conftest_browser import page_problems

pytestmark = pytest.mark.browser

CLEAN = {"csp": [], "external": [], "js": []}
PW = "pw-Long-enough-123"  # the password of users made by enlace.accounts.tests.factories.make_user
CASE_TITLE = "Textile workshop El Alto"


@pytest.fixture
def world(transactional_db):
    """The shared case world, committed so the live server's thread sees it."""
    from enlace.cases.tests.factories import make_case_world

    return make_case_world()


def sign_in(page, username: str) -> None:
    page.goto("/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PW)
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name="Sign in").click()
    assert "/login/" not in page.url, page.locator("main").inner_text()


def sign_out(page) -> None:
    page.locator("details.menu > summary").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Sign out").click()


def open_case_from_list(page) -> None:
    page.goto("/cases/")
    with page.expect_navigation():
        page.get_by_role("link", name=CASE_TITLE).click()
    assert page.get_by_role("heading", level=1).inner_text() == CASE_TITLE


def no_sideways_scroll(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def test_add_a_person_and_find_the_audit_entry(world, browser_page):
    page = browser_page
    sign_in(page, "inv")
    open_case_from_list(page)
    assert page_problems(page) == CLEAN

    with page.expect_navigation():
        page.get_by_role("link", name="Add person").click()
    page.get_by_label("Role in the case").select_option("victim")
    page.get_by_label("Given names").fill("Rosa María")
    page.get_by_label("First surname").fill("Mamani")
    page.get_by_label("Second surname").fill("Quispe")
    page.get_by_label("Phone numbers").fill("+591 71234567")
    page.get_by_label("Age at exploitation").fill("16")
    page.get_by_label("Debt bondage").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Add to the case").last.click()

    # The page that confirms the addition shows the hits (none here), by pseudonym.
    assert "/added/" in page.url
    assert "V-LPZ-0001 was added to the case." in page.locator(".flash-list").inner_text()
    assert "No possible match in other cases." in page.locator("main").inner_text()
    assert "Mamani" not in page.locator("main").inner_text()
    assert page_problems(page) == CLEAN
    with page.expect_navigation():
        page.get_by_role("link", name="Back to the case").click()

    # Back on the case, persons tab: the victim is shown by pseudonym, the name stays hidden.
    assert page.url.endswith("?tab=persons")
    tab = page.locator(".tab-panel")
    assert tab.get_by_role("link", name="V-LPZ-0001", exact=True).is_visible()
    assert "Identity hidden" in tab.inner_text() and "Mamani" not in tab.inner_text()
    assert page.locator('.tabs__tab[aria-current="page"]').inner_text() == "Persons"
    # The investigator has no audit tab.
    assert page.locator(".tabs__tab", has_text="Audit").count() == 0
    assert page_problems(page) == CLEAN

    sign_out(page)
    sign_in(page, "sup")  # supervisor of the lead unit: sees the case and its audit trail
    open_case_from_list(page)
    page.get_by_role("link", name="Audit").click()  # htmx swaps the tab region
    row = page.locator(".tab-panel tbody tr", has_text="case.person_add")
    row.wait_for()
    assert row.count() == 1
    text = row.inner_text()
    assert "inv" in text and "V-LPZ-0001" in text and "victim" in text and "Mamani" not in text
    assert page.url.endswith("?tab=audit")  # hx-push-url: the tab is a real, shareable page
    assert page_problems(page) == CLEAN


def test_case_list_and_case_on_a_phone(world, phone_page):
    from enlace.cases.services_entities import case_bank_account_add, case_organisation_add, case_vehicle_add

    inv, case = world["investigator"], world["case"]
    case_vehicle_add(actor=inv, case=case, plate="2345-ABC", country="BO", description="Minibus Toyota blanco")
    case_bank_account_add(actor=inv, case=case, number="1000-2345-6789", bank="Banco Nacional de Bolivia")
    case_organisation_add(actor=inv, case=case, name="Agencia Empleos Rápidos", kind="recruitment",
                          registration_number="1020304")
    page = phone_page
    sign_in(page, "inv")
    page.goto("/cases/")
    assert page.get_by_role("link", name=CASE_TITLE).is_visible()
    assert no_sideways_scroll(page)
    open_case_from_list(page)
    assert no_sideways_scroll(page)
    # The entities tab: wide tables scroll inside their own region, the page does not.
    page.goto(page.url.split("?")[0] + "?tab=entities")
    assert page.locator(".tab-panel td", has_text="2345-ABC").is_visible()
    assert no_sideways_scroll(page)
    page.get_by_text("Add a vehicle").click()
    assert page.get_by_label("Plate").is_visible()
    assert no_sideways_scroll(page)
    assert page_problems(page) == CLEAN


def test_entities_tab_adds_a_vehicle_in_place(world, browser_page):
    page = browser_page
    sign_in(page, "inv")
    open_case_from_list(page)
    page.locator(".tabs__tab", has_text="Entities").click()
    page.get_by_text("Add a vehicle").click()
    page.get_by_label("Plate").fill("2345-ABC")
    page.get_by_label("Make, model, colour").fill("Minibus Toyota blanco")
    page.get_by_role("button", name="Add vehicle").click()
    page.locator(".tab-panel td", has_text="2345-ABC").wait_for()
    assert "Vehicle added." in page.locator("#case-tabs").inner_text()
    # An invalid plate comes back on the form, in place, without a 500.
    page.get_by_text("Add a vehicle").click()
    page.get_by_label("Plate").fill("-")
    page.get_by_role("button", name="Add vehicle").click()
    page.locator(".tab-panel .errorlist", has_text="A plate needs at least two letters or digits.").wait_for()
    assert page_problems(page) == CLEAN
