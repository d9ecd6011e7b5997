"""How many taps a typical screening and its referral take on a phone (390x844, Chromium).

The typical screening: an adult, labour exploitation, five indicators answered yes, then a
referral to a shelter. Every action of the user is counted: a tap on a button, link, radio or
checkbox is one; typing into a field is one (the tap that focuses it; typing is not a tap);
choosing in a drop-down list is two (open it, pick). Navigating by address is not counted.

The step-by-step form is measured with the same counting, so the two numbers stay comparable.
"""

from __future__ import annotations

import pytest

from enlace.conftest_browser import page_problems

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The five indicators answered yes, as the question texts start (labour, adult list).
FIVE = ("Did the job, the place or the employer turn out to be different",
        "Were the working conditions (hours, days off, tasks) worse",
        "Do you work very long days", "Are you paid very little or nothing at all?",
        "Did someone take your identity document or passport")
# Which step of the step-by-step form asks each of them.
FIVE_BY_STEP = {"1": FIVE[:2], "4": FIVE[2:4], "5": FIVE[4:]}
STEP_BY_STEP_TAPS = 23
SLOW = 60_000  # ms: a loaded machine may take long to serve the first page  # measured by test_step_by_step_screening_and_referral below


class Taps:
    """The user's hands: every action goes through here and is counted."""

    def __init__(self, page) -> None:
        self.page, self.count = page, 0

    def tap(self, locator) -> None:
        self.count += 1
        locator.click()

    def type(self, locator, text: str) -> None:
        self.count += 1  # the tap that focuses the field
        locator.click()
        locator.fill(text)

    def choose(self, locator, label: str) -> None:
        self.count += 2  # open the list, pick the entry
        locator.click()
        locator.select_option(label=label)


@pytest.fixture
def world(static_served):
    from enlace.cases.tests.factories import make_case_world
    from enlace.referrals import services as referral_services
    from enlace.referrals.tests.factories import make_provider, make_screener

    world = make_case_world()
    provider, ngo = make_provider(username="casa")
    referral_services.offer_create(actor=provider, institution=ngo, service="shelter", country="BO",
                                   subdivision="BO-L", contact="+591 2 2222222", capacity_notes="12 beds")
    return make_screener(world), ngo


@pytest.fixture
def static_served(settings):
    from pathlib import Path

    from django.contrib.staticfiles import finders

    if not finders.find("enlace/app.css"):
        import enlace

        settings.STATICFILES_DIRS = [str(Path(enlace.__file__).parent / "static")]


def _referral_made(ngo) -> None:
    from enlace.referrals.models import Referral
    from enlace.screening.models import Screening

    screening = Screening.objects.get()
    assert screening.status == "completed" and screening.may_be_victim and screening.anonymous
    assert screening.exploitation == "labour" and screening.age_at_exploitation == 24
    assert len(screening.answers) == 5
    referral = Referral.objects.get()
    assert referral.recipient == ngo and referral.service == "shelter" and referral.screening == screening


def test_step_by_step_screening_and_referral(world, phone_page, login_as):
    """Today's way, measured: ten steps, then the referral form."""
    from playwright.sync_api import expect

    screener, ngo = world
    page = phone_page
    login_as(page, screener)
    hands = Taps(page)
    page.goto("/screening/new/", timeout=SLOW)
    hands.tap(page.get_by_label("Labour exploitation"))
    hands.type(page.locator("#id_age_at_exploitation"), "24")
    for then in range(2, 11):
        if then == 3:
            hands.tap(page.get_by_text("No: anonymous screening"))
        step = str(then - 3)
        for text in FIVE_BY_STEP.get(step, ()):
            hands.tap(page.locator("label", has_text=text).first)
        hands.tap(page.get_by_role("button", name="Next", exact=True))
        expect(page.locator(".stepper__summary")).to_contain_text(f"Step {then} of 10")
    hands.tap(page.get_by_role("button", name="Complete and see the result"))
    page.wait_for_url("**/result/", timeout=SLOW)
    hands.tap(page.get_by_role("link", name="Refer to a service"))
    hands.choose(page.get_by_label("Service and organisation"), "Shelter — Fundación casa (La Paz)")
    hands.tap(page.get_by_label("The person was told what is shared"))
    hands.tap(page.get_by_role("button", name="Send the referral"))
    page.wait_for_url("**/referrals/*/", timeout=SLOW)
    _referral_made(ngo)
    assert hands.count == STEP_BY_STEP_TAPS


def test_one_page_screening_and_referral_takes_half_the_taps(world, phone_page, login_as):
    """The one-page form, completed in one tap, then "refer now" with the service already chosen."""
    screener, ngo = world
    page = phone_page
    login_as(page, screener)
    hands = Taps(page)
    page.goto("/screening/one-page/", timeout=SLOW)
    question = page.locator("label:visible", has_text=FIVE[0]).first
    assert not question.count()  # nothing to answer before the kind of exploitation is chosen
    hands.tap(page.get_by_label("Labour exploitation"))
    hands.type(page.locator("#id_age_at_exploitation"), "24")
    for text in FIVE:
        hands.tap(page.locator("label:visible", has_text=text).first)
    hands.tap(page.get_by_role("button", name="Complete and see the result"))
    page.wait_for_url("**/result/", timeout=SLOW)
    hands.tap(page.get_by_role("link", name="Refer now: Shelter, Fundación casa"))
    hands.tap(page.get_by_label("The person was told what is shared"))
    hands.tap(page.get_by_role("button", name="Send the referral"))
    page.wait_for_url("**/referrals/*/", timeout=SLOW)
    _referral_made(ngo)
    assert hands.count <= STEP_BY_STEP_TAPS // 2
    assert page_problems(page) == {"csp": [], "external": [], "js": []}
