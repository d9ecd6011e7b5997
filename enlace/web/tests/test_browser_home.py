"""Each role's first task from the home page, in a real Chromium; and Back-and-resubmit.

The screener opens the home page on a phone and starts a screening with the big button; the
supervisor opens the case of an overdue task from the unit's list; an investigator adds a witness,
goes Back and presses "Add to the case" again: the witness is added once.
"""

from __future__ import annotations

import datetime as dt

import pytest

from enlace.conftest_browser import page_problems

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CLEAN = {"csp": [], "external": [], "js": []}


@pytest.fixture
def static_served(settings):
    from pathlib import Path

    from django.contrib.staticfiles import finders

    if not finders.find("enlace/app.css"):
        import enlace

        settings.STATICFILES_DIRS = [str(Path(enlace.__file__).parent / "static")]


def _no_sideways_scroll(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def test_screener_starts_a_screening_from_home_on_a_phone(static_served, phone_page, login_as):
    from enlace.cases.tests.factories import make_case_world
    from enlace.referrals.tests.factories import make_screener, screened

    world = make_case_world()
    screener = make_screener(world)
    draft = screened(screener, complete=False)
    page = phone_page
    login_as(page, screener)
    page.goto("/")
    assert "does not work on case files" not in page.locator("main").inner_text()
    button = page.get_by_role("link", name="New screening").first
    box = button.bounding_box()
    assert box is not None and box["height"] >= 48 and box["y"] < 844  # large, and on the first screen
    assert page.get_by_role("link", name=draft.pseudonym).is_visible()
    assert _no_sideways_scroll(page)
    assert page_problems(page) == CLEAN
    with page.expect_navigation():
        button.click()
    assert page.url.endswith("/screening/new/")
    assert page.get_by_label("Labour exploitation").is_visible()


def test_supervisor_opens_an_overdue_task_from_home(static_served, browser_page, login_as):
    from django.utils import timezone

    from enlace.cases.services import case_task_add
    from enlace.cases.tests.factories import make_case_world

    world = make_case_world()
    case_task_add(actor=world["investigator"], case=world["case"], title="Call the labour inspector",
                  due_on=timezone.localdate() - dt.timedelta(days=2))
    page = browser_page
    login_as(page, world["supervisor"])
    page.goto("/")
    overdue = page.locator("section", has=page.locator("#home-overdue"))
    assert "Call the labour inspector" in overdue.inner_text()
    workload = page.locator("section", has=page.locator("#home-workload")).inner_text()
    assert world["lpz"].name in workload
    with page.expect_navigation():
        overdue.get_by_role("link", name=world["case"].title).click()
    assert "tab=tasks" in page.url
    assert "Call the labour inspector" in page.locator(".tab-panel").inner_text()
    assert page_problems(page) == CLEAN


def test_back_and_resubmit_adds_the_witness_once(static_served, browser_page, login_as):
    from enlace.cases.models import CasePerson
    from enlace.cases.tests.factories import make_case_world

    world = make_case_world()
    page = browser_page
    login_as(page, world["investigator"])
    page.goto(f"/cases/{world['case'].public_id}/persons/add/")
    page.get_by_label("Role in the case").select_option("witness")
    page.get_by_label("Given names").fill("Ana")
    page.get_by_label("First surname").fill("Condori")
    with page.expect_navigation():
        page.get_by_role("button", name="Add to the case").last.click()
    assert "/added/" in page.url
    page.go_back()
    assert page.get_by_label("Given names").input_value() == "Ana"  # the browser kept the filled form
    with page.expect_navigation():
        page.get_by_role("button", name="Add to the case").last.click()
    assert CasePerson.objects.filter(case=world["case"]).count() == 1
    assert "/added/" in page.url
    assert "already sent" in page.locator(".flash-list").inner_text()
    assert page_problems(page) == CLEAN
