"""The referral's thread and service plan on a 360 px phone, on both sides' pages: no sideways
scrolling, and a message typed by the receiving organisation reaches the referring side's page."""

from __future__ import annotations

import pytest

from enlace.cases.tests.factories import make_case_world
from enlace.conftest_browser import _new_page
from enlace.referrals import services, services_work
from enlace.referrals.tests.factories import give_consent, make_provider, make_screener, screened
from enlace.web.tests.test_browser_width import NARROW, _overflow, static_served  # noqa: F401  (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_thread_and_plan_fit_a_phone_on_both_sides(static_served, browser, live_server_url, login_as):  # noqa: F811
    world = make_case_world()
    screener = make_screener(world)
    provider, ngo = make_provider()
    s = screened(screener)
    give_consent(screener, recipient=ngo, screening=s)
    referral = services.referral_create(actor=screener, screening=s, service="shelter", recipient=ngo)
    services.referral_respond(actor=provider, referral_id=referral.public_id, to_status="accepted")
    services_work.plan_item_add(actor=provider, referral_id=referral.public_id, kind="goal",
                                text="A safe place to live and a job permit within three months")
    services_work.plan_item_add(actor=provider, referral_id=referral.public_id, kind="activity",
                                text="Accompany her to the labour inspectorate to file the complaint")
    services_work.message_post(actor=screener, referral_id=referral.public_id, body="She arrives at six tonight.")
    problems = []
    context, page = _new_page(browser, live_server_url, NARROW)
    try:
        login_as(page, provider)
        incoming = f"/referrals/incoming/{referral.public_id}/"
        page.goto(incoming)
        page.fill("textarea[name=body]", "A bed is ready; ask for Marta at the door.")
        page.click("text=Send the message")
        page.wait_for_url(f"**{incoming}")
        problems += [p for p in [_overflow(page, incoming)] if p]
    finally:
        context.close()
    context, page = _new_page(browser, live_server_url, NARROW)
    try:
        login_as(page, screener)
        detail = f"/referrals/{referral.public_id}/"
        problems += [p for p in [_overflow(page, detail)] if p]
        thread = page.inner_text("[data-thread]")
        assert "A bed is ready" in thread and "She arrives at six" in thread
        assert "labour inspectorate" in page.inner_text("[data-service-plan]")
    finally:
        context.close()
    assert problems == [], "\n".join(problems)
