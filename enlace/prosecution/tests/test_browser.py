"""The prosecutor's day in a real Chromium: sign in, record a charge, link an evidence item to the
"means" element of the matrix, schedule a hearing, and download the case file report, which holds
the charge, the element with its evidence and the hearing.

Every page is also checked for what only a browser shows: no CSP violation, no script error, no
request leaving the server.
"""

import io

import pytest
from pypdf import PdfReader

from enlace.conftest_browser import page_problems

pytestmark = pytest.mark.browser

CLEAN = {"csp": [], "external": [], "js": []}
PW = "pw-Long-enough-123"  # the password of users made by enlace.accounts.tests.factories.make_user


@pytest.fixture
def world(transactional_db, settings, tmp_path):
    """The case world, committed for the live server's thread: a suspect and an evidence item."""
    from enlace.cases.tests.factories import make_case_world
    from enlace.prosecution.reference import ensure_loaded

    from .factories import make_item
    from .proceedings_factories import suspect

    settings.ENLACE_FILE_STORE = tmp_path
    ensure_loaded()  # the shipped offences and stages (a transactional test starts from a flushed database)
    w = make_case_world()
    w["suspect"] = suspect(w)
    w["item"] = make_item(w, number="EV-LEDGER-7")
    return w


def sign_in(page, username: str) -> None:
    page.goto("/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PW)
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()
    assert "/login/" not in page.url, page.locator("main").inner_text()


def submit(page, form, button: str) -> None:
    with page.expect_navigation():
        form.get_by_role("button", name=button).click()
    assert page_problems(page) == CLEAN


def test_charge_link_means_schedule_a_hearing_and_download_the_report(world, browser_page):
    page, case_id = browser_page, world["case"].pk
    pseudonym = world["suspect"].person.pseudonym
    sign_in(page, "pros")
    page.goto(f"/cases/{case_id}/")
    with page.expect_navigation():
        page.get_by_role("link", name="Proceedings").click()

    charge = page.locator("form[action$='/proceedings/charge/']")
    charge.get_by_label("Defendant").select_option(label=f"{pseudonym} (Suspect)")
    charge.get_by_label("Offence").select_option(label=bolivian_offence(charge))
    charge.get_by_label("Articles").fill("Art. 281 bis CP")
    submit(page, charge, "Record the charge")
    assert "Recorded." in page.locator("main").inner_text()
    assert "Art. 281 bis CP" in page.locator("section[aria-labelledby=p-charges]").inner_text()

    hearing = page.locator("form[action$='/proceedings/hearing/']")
    hearing.get_by_label("Date and time").fill("2026-12-18T09:30")
    hearing.get_by_label("Court", exact=True).fill("Juzgado 5.º de Instrucción Cautelar")
    hearing.get_by_label("Type").select_option("precautionary")
    submit(page, hearing, "Schedule")
    assert "Juzgado 5.º de Instrucción Cautelar" in page.locator("main").inner_text()

    with page.expect_navigation():
        page.get_by_role("link", name="Elements of the offence").first.click()
    opener = page.locator("form[action$='/elements/open/']")
    opener.get_by_label("Defendant").select_option(label=f"{pseudonym} (Suspect)")
    opener.get_by_label("Offence").select_option(label=bolivian_offence(opener))
    submit(page, opener, "Open")
    means_row = page.locator("tr", has=page.locator("td", has_text="Medio:")).first
    assert "nothing linked" in means_row.inner_text()
    with page.expect_navigation():
        means_link(page).click()
    means_form = page.locator(f"form[action$='/elements/{means_link_id(page)}/']")
    means_form.get_by_label("Status").select_option("supported")
    means_form.get_by_label("EV-LEDGER-7 (Physical)").check()
    submit(page, means_form, "Save")
    assert "EV-LEDGER-7" in page.locator("tr", has=page.locator("td", has_text="Medio:")).first.inner_text()

    page.goto(f"/cases/{case_id}/")
    with page.expect_download() as info:
        page.get_by_role("link", name="Case file report (PDF)").click()
    data = open(info.value.path(), "rb").read()
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).split())
    for expected in ("Art. 281 bis CP", "Juzgado 5.º de Instrucción Cautelar", "EV-LEDGER-7", "Supported",
                     "Made for pros"):
        assert expected in text, expected


def bolivian_offence(form) -> str:
    """The label of Bolivia's art. 281 bis as the form offers it."""
    return form.get_by_label("Offence").locator("option", has_text="281 bis").first.inner_text()


def means_link(page):
    """The link to edit the means element ("Medio: ..."; the row after the element's holds it)."""
    row = page.locator("tr", has=page.locator("td", has_text="Medio:")).first
    return row.locator("xpath=following-sibling::tr[1]").get_by_role("link", name="Link evidence to this element")


def means_link_id(page) -> int:
    """The id of the element being edited, from the page's address (``/elements/<id>/edit/``)."""
    return int(page.url.rstrip("/").split("/")[-2])
