"""The network and routes pages in Chromium: Cytoscape draws, a click expands, CSP holds."""

from __future__ import annotations

import pytest

from enlace.cases.services import case_create
from enlace.conftest_browser import page_problems

from .links_factories import add_person, route

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def drawn(world):
    inv = world["investigator"]
    case2 = case_create(actor=inv, title="Brick kiln Achocalla", lead_institution=world["police"],
                        lead_unit=world["lpz"], team=world["team"])
    add_person(inv, world["case"], given_names="Wilfredo", first_surname="Choque", phones=["76543210"])
    add_person(inv, case2, given_names="Freddy", first_surname="Limachi", phones=["+591 7654 3210"])
    route(inv, world["case"], ("origin", "BO", "BO-L"), ("exploitation", "AR", ""))
    return {**world, "case2": case2}


def test_network_draws_and_expands_without_csp_problems(browser_page, login_as, drawn):
    page = browser_page
    login_as(page, drawn["investigator"])
    page.goto(f"/links/network/?case={drawn['case'].public_id}&hops=2")
    page.wait_for_selector("#graph canvas")
    count = page.evaluate("document.querySelectorAll('#graph canvas').length")
    assert count >= 1
    page.wait_for_load_state("networkidle")
    assert page_problems(page) == {"csp": [], "external": [], "js": []}


def test_routes_svg_on_a_phone(phone_page, login_as, drawn):
    login_as(phone_page, drawn["investigator"])
    phone_page.goto("/links/routes/")
    assert phone_page.locator("svg.routes-svg path.flow--border").count() == 1
    box = phone_page.locator("svg.routes-svg").bounding_box()
    assert box and box["width"] <= 390
    assert page_problems(phone_page) == {"csp": [], "external": [], "js": []}
