"""The liaison's flow in a real Chromium: an investigator asks the border service for what it knows
about a case; its liaison finds the request on the home page, answers it under the agreement with a
file; the investigator reads the answer and downloads the file."""

from __future__ import annotations

import pytest

from enlace.conftest_browser import page_problems

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CLEAN = {"csp": [], "external": [], "js": []}
ROWS = b"date,post\n2026-01-02,Desaguadero\n"


@pytest.fixture
def static_served(settings):
    from pathlib import Path

    from django.contrib.staticfiles import finders

    if not finders.find("enlace/app.css"):
        import enlace

        settings.STATICFILES_DIRS = [str(Path(enlace.__file__).parent / "static")]


def _switch(page, login_as, user) -> None:
    page.context.clear_cookies()
    login_as(page, user)


def test_a_liaison_answers_a_request_under_its_agreement_and_the_requester_reads_it(
        static_served, browser_page, login_as, tmp_path):
    from enlace.accounts.tests.factories import InstitutionFactory, make_user
    from enlace.cases.tests.factories import make_case_world
    from enlace.cooperation.models import InformationRequest
    from enlace.cooperation.services import liaison_name
    from enlace.cooperation.tests.factories import make_agreement

    world = make_case_world()
    border = InstitutionFactory(kind="migration", code="border-b", name="Servicio de Frontera")
    liaison = make_user("liaison", institution=border, username="punto_focal_frontera")
    liaison_name(actor=None, user=liaison, institution=border)
    agreement = make_agreement("mou-frontera", [world["police"], border])
    page = browser_page

    login_as(page, world["investigator"])
    page.goto(f"/cooperation/requests/new/?case={world['case'].pk}")
    page.get_by_label("To institution").select_option(label=str(border))
    page.get_by_label("Under agreement").select_option(label=str(agreement))
    page.get_by_label("What is asked for").select_option("persons")
    page.get_by_label("What is asked", exact=True).fill("Border crossings of the persons of the case since January")
    page.get_by_label("Why", exact=True).fill("To reconstruct the route")
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()
    req = InformationRequest.objects.get()
    assert req.reference in page.locator("h1").inner_text()

    _switch(page, login_as, liaison)
    page.goto("/")
    with page.expect_navigation():
        page.get_by_role("link", name=req.reference).first.click()
    assert "Border crossings" in page.locator("main").inner_text()
    page.get_by_label("Answer", exact=True).fill("Two crossings at Desaguadero, listed in the file")
    sheet = tmp_path / "crossings.csv"
    sheet.write_bytes(ROWS)
    page.get_by_label("Files").set_input_files(str(sheet))
    with page.expect_navigation():
        page.get_by_role("button", name="Send the answer").click()
    assert "Answered" in page.locator(".page-header").inner_text()
    assert page_problems(page) == CLEAN

    _switch(page, login_as, world["investigator"])
    page.goto("/cooperation/requests/")
    with page.expect_navigation():
        page.get_by_role("link", name=req.reference).first.click()
    assert "Two crossings at Desaguadero" in page.locator("#answer").inner_text()
    with page.expect_download() as download:
        page.get_by_role("link", name="crossings.csv").click()
    assert open(download.value.path(), "rb").read() == ROWS
    assert page_problems(page) == CLEAN
