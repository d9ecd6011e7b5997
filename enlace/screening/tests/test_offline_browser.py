"""A screener at a border post on a phone (390x844, Chromium): the connection drops mid-screening, the
screening is finished and kept on the phone, encrypted; back online, it is sent and saved once.

Service workers need a secure context: the live server runs on localhost, which browsers treat as one.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from enlace.conftest_browser import page_problems

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Upper bound on each wait, generous because the machine running the suite may be busy (key
# generation, service worker install, page loads); not a performance assertion.
WAIT = 45_000

# Five indicators answered yes, one in dimension 1, two in 4, two in 5 (the card of each is tapped).
ANSWERS = ("deceived_about_nature_of_job", "excessive_working_hours", "low_or_no_pay", "confiscation_of_documents",
           "debt_bondage")

# Reads what the phone keeps for its drafts, as a thief with the phone would find it.
READ_DRAFTS = """() => new Promise((resolve, reject) => {
  const req = indexedDB.open("enlace-screening");
  req.onsuccess = () => {
    const all = req.result.transaction("drafts").objectStore("drafts").getAll();
    all.onsuccess = () => resolve(all.result.map(d => ({
      token: d.token, kinds: [d.data.constructor.name, d.key.constructor.name],
      text: new TextDecoder("latin1").decode(d.data) + new TextDecoder("latin1").decode(d.key)})));
    all.onerror = () => reject(all.error);
  };
  req.onerror = () => reject(req.error);
})"""


@pytest.fixture
def static_served(settings):
    """Serve enlace/static even while the settings do not list it."""
    from django.contrib.staticfiles import finders

    if not finders.find("enlace/app.css"):
        import enlace

        settings.STATICFILES_DIRS = [str(Path(enlace.__file__).parent / "static")]
    assert finders.find("enlace/offline.js")


def test_offline_mid_screening_then_synced(static_served, phone_page, login_as):
    from playwright.sync_api import expect

    from enlace.cases.tests.factories import make_case_world
    from enlace.referrals.tests.factories import make_screener
    from enlace.screening.selectors import screening_list

    screener = make_screener(make_case_world())
    page = phone_page
    page.set_default_timeout(WAIT)
    login_as(page, screener)
    page.goto("/screening/offline/")
    status = page.locator("#offline-status")
    expect(status).to_contain_text("Connected", timeout=WAIT)  # the device got its keys while online
    assert page.evaluate("navigator.serviceWorker.ready.then(r => r.active !== null)")
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    # Installable: Chromium names nothing missing (manifest, icon, service worker) but the test
    # browser's private context, where no app can be installed.
    cdp = page.context.new_cdp_session(page)
    errors = {e["errorId"] for e in cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]}
    assert errors <= {"in-incognito"}, errors
    assert cdp.send("Page.getAppManifest")["errors"] == []

    page.get_by_label("Labour exploitation").check()
    page.locator("#id_age_at_exploitation").fill("24")
    page.locator("#id_place_description").fill("Desaguadero border post")

    page.context.set_offline(True)  # the connection drops mid-screening
    expect(status).to_contain_text("No connection", timeout=WAIT)
    page.get_by_text("No: anonymous screening").click()
    for key in ANSWERS:
        page.locator(f"label:has(input[value='{key}'])").click()
    page.get_by_label("Recruitment", exact=True).check()
    page.locator("#id_observations").fill("Travelled with a recruiter from Puno")
    page.get_by_role("button", name="Save the draft on this device").click()
    expect(status).to_contain_text("Draft saved on this device", timeout=WAIT)
    expect(page.locator("#offline-drafts li")).to_have_count(1, timeout=WAIT)
    assert not screening_list(actor=screener).exists()

    kept = page.evaluate(READ_DRAFTS)
    assert len(kept) == 1 and kept[0]["kinds"] == ["ArrayBuffer", "ArrayBuffer"]
    for secret in ("Desaguadero", "Puno", "debt_bondage", "labour"):
        assert secret not in kept[0]["text"]  # encrypted: the phone alone shows nothing

    page.reload()  # offline: the service worker serves the kept page; the draft is still there
    expect(page.locator("h1")).to_contain_text("Screening without connection", timeout=WAIT)
    # Whether the reloaded page already knows it is offline or learns it by failing to send.
    expect(status).to_contain_text(re.compile("No connection|Not sent"), timeout=WAIT)
    expect(page.locator("#offline-drafts li")).to_have_count(1, timeout=WAIT)

    page.context.set_offline(False)  # back online: the draft is sent by itself
    result = page.locator("#offline-results li")
    expect(result).to_contain_text("Saved as screening SCR-", timeout=WAIT)
    expect(page.locator("#offline-drafts li")).to_have_count(0, timeout=WAIT)
    saved = list(screening_list(actor=screener))
    assert len(saved) == 1 and saved[0].place_description == "Desaguadero border post"
    assert saved[0].client_token == kept[0]["token"] and saved[0].anonymous
    assert set(saved[0].answers) == set(ANSWERS)
    assert saved[0].pseudonym in result.inner_text()

    result.get_by_role("link").click()  # a draft on the server: completed online, with the result
    page.wait_for_url(f"**/screening/{saved[0].public_id}/step/review/")
    problems = page_problems(page)
    # The browser logs each request it could not make while offline; no script error besides.
    problems["js"] = [e for e in problems["js"] if "net::ERR_INTERNET_DISCONNECTED" not in e]
    assert problems == {"csp": [], "external": [], "js": []}


def test_the_department_list_follows_the_country_on_the_device(static_served, phone_page, login_as):
    """Offline, a screening of a person met across the border: the department picker offers the
    departments of the country chosen, the draft keeps them, and the form starts again at home."""
    from playwright.sync_api import expect

    from enlace.cases.tests.factories import make_case_world
    from enlace.referrals.tests.factories import make_screener
    from enlace.screening.selectors import screening_list

    screener = make_screener(make_case_world())
    page = phone_page
    page.set_default_timeout(WAIT)
    login_as(page, screener)
    page.goto("/screening/offline/")
    status = page.locator("#offline-status")
    expect(status).to_contain_text("Connected", timeout=WAIT)
    country, department = page.locator("#id_country"), page.locator("#id_subdivision")
    assert department.input_value() == "BO-L"  # the officer's unit's department
    page.context.set_offline(True)
    expect(status).to_contain_text("No connection", timeout=WAIT)

    country.select_option(label="Peru")
    offered = department.locator("option").all_inner_texts()
    assert "Puno" in offered and "La Paz" not in offered and "Potosí" not in offered
    assert department.input_value() == ""  # La Paz is not a department of Peru
    assert page.locator("#id_municipality option").count() == 1  # only the empty choice: none known in Peru
    department.select_option(label="Puno")
    page.get_by_label("Labour exploitation").check()
    page.locator("#id_place_description").fill("Kasani")
    page.get_by_text("No: anonymous screening").click()
    page.get_by_role("button", name="Save the draft on this device").click()
    expect(status).to_contain_text("Draft saved on this device", timeout=WAIT)
    assert (country.input_value(), department.input_value()) == ("BO", "BO-L")  # a new form starts at home
    assert "Puno" not in department.locator("option").all_inner_texts()

    page.locator("#offline-drafts li").get_by_role("button", name="Open").click()  # the kept draft, reopened
    expect(department).to_have_value("PE-PUN", timeout=WAIT)
    assert country.input_value() == "PE"
    page.get_by_role("button", name="Save the draft on this device").click()
    expect(status).to_contain_text("Draft saved on this device", timeout=WAIT)

    page.context.set_offline(False)
    expect(page.locator("#offline-results li")).to_contain_text("Saved as screening SCR-", timeout=WAIT)
    saved = list(screening_list(actor=screener))
    assert len(saved) == 1 and (saved[0].country, saved[0].subdivision) == ("PE", "PE-PUN")
    problems = page_problems(page)
    problems["js"] = [e for e in problems["js"] if "net::ERR_INTERNET_DISCONNECTED" not in e]
    assert problems == {"csp": [], "external": [], "js": []}
