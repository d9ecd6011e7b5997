"""A frontline screener on a phone (390x844, Chromium): screening step by step, result, referral.

Set ENLACE_SCREENSHOTS=/some/dir to keep a screenshot of every page the test passes through.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from enlace.conftest_browser import page_problems

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("ENLACE_SCREENSHOTS", "")


def _shot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        # caret="initial": hiding the caret injects a <style>, which the CSP (rightly) reports.
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True, caret="initial")


def _next(page, *, then: int) -> None:
    """Press Next and wait until step ``then`` is shown (htmx swaps the step without a page load)."""
    from playwright.sync_api import expect

    page.get_by_role("button", name="Next", exact=True).click()
    expect(page.locator(".stepper__summary")).to_contain_text(f"Step {then} of 10")


@pytest.fixture
def static_served(settings):
    """Serve enlace/static even while the settings do not list it (settings without
    STATICFILES_DIRS would make app.css, app.js and htmx 404 everywhere)."""
    from django.contrib.staticfiles import finders

    if not finders.find("enlace/app.css"):
        import enlace

        settings.STATICFILES_DIRS = [str(Path(enlace.__file__).parent / "static")]
    assert finders.find("enlace/app.css")


def test_phone_screening_then_referral(static_served, phone_page, login_as):
    from enlace.cases.tests.factories import make_case_world
    from enlace.referrals import services as referral_services
    from enlace.referrals.models import Referral
    from enlace.referrals.tests.factories import make_provider, make_screener
    from enlace.screening.models import Screening

    world = make_case_world()
    screener = make_screener(world)
    provider, ngo = make_provider(username="casa")
    referral_services.offer_create(actor=provider, institution=ngo, service="shelter", country="BO",
                                   subdivision="BO-L", contact="+591 2 2222222", capacity_notes="12 beds")
    page = phone_page
    login_as(page, screener)

    page.goto("/screening/new/")
    assert page.viewport_size == {"width": 390, "height": 844}
    page.get_by_label("Labour exploitation").check()
    page.locator("#id_age_at_exploitation").fill("24")
    page.locator("#id_place_description").fill("Desaguadero border post")
    _shot(page, "01-start")
    _next(page, then=2)

    page.get_by_text("No: anonymous screening").click()
    _shot(page, "02-person")
    _next(page, then=3)

    answers = {
        "1": ["Did the job, the place or the employer turn out to be different",
              "Were the working conditions (hours, days off, tasks) worse"],
        "4": ["Do you work very long days", "Are you paid very little or nothing at all?"],
        "5": ["Did someone take your identity document or passport", "Do you owe a debt"],
    }
    for step in ("1", "2", "3", "4", "5", "6"):
        assert page.url.endswith(f"/step/{step}/")  # htmx pushed the step's own URL
        for text in answers.get(step, []):
            page.locator("label", has_text=text).first.click()  # the whole card is the tap target
        if step == "1":
            box = page.locator(".choices--cards label").first.bounding_box()
            assert box is not None and box["height"] >= 44 and box["width"] >= 300
            _shot(page, "03-dimension-1")
        _next(page, then=int(step) + 3)

    page.get_by_label("Recruitment", exact=True).check()
    page.get_by_label("Deception", exact=True).check()
    _next(page, then=10)
    assert "With these answers the result would be" in page.content()
    _shot(page, "04-review")
    page.get_by_role("button", name="Complete and see the result").click()
    page.wait_for_url("**/result/")

    screening = Screening.objects.get()
    assert screening.status == "completed" and screening.outcome == "presumed_victim" and screening.anonymous
    body = page.locator("main").inner_text()
    assert "Presumed victim" in body
    assert "supports the decision of a competent person" in body
    assert "Confiscation of documents" in body
    _shot(page, "05-result")

    page.get_by_role("link", name="Refer to a service").click()
    page.get_by_label("Service and organisation").select_option(label="Shelter — Fundación casa (La Paz)")
    page.get_by_label("The person was told what is shared").check()
    page.locator("#id_needs").fill("A safe place to sleep tonight")
    _shot(page, "06-refer")
    page.get_by_role("button", name="Send the referral").click()
    page.wait_for_url("**/referrals/*/")

    referral = Referral.objects.get()
    assert referral.recipient == ngo and referral.service == "shelter" and referral.screening == screening
    assert referral.consent.categories == ["first_name", "age", "language", "needs"]
    assert referral.reference in page.locator("h1").inner_text()
    _shot(page, "07-referral")
    assert page_problems(page) == {"csp": [], "external": [], "js": []}
