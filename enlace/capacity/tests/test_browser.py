"""Chromium: a respondent answers the questionnaire on a phone (390x844, no sideways scrolling);
the capacity manager sees the SWOT matrix, the comparison chart and the coverage.

Set ENLACE_SCREENSHOTS=/some/dir to keep a screenshot of the pages.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from enlace.conftest_browser import page_problems

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("ENLACE_SCREENSHOTS", "")
NO_SIDEWAYS = "document.documentElement.scrollWidth <= 390"


def _shot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"capacity-{name}.png"), full_page=True, caret="initial")


def _clean(page) -> None:
    assert page_problems(page) == {"csp": [], "external": [], "js": []}


def test_respondent_answers_on_a_phone_then_the_manager_runs_the_workshop(phone_page, browser_page, login_as):
    from playwright.sync_api import expect

    from enlace.capacity import services, services_training
    from enlace.capacity.models import Respondent
    from enlace.capacity.tests.factories import capacity_world

    w = capacity_world()
    manager = w["manager"]
    rnd = services.round_create(actor=manager, title="Diagnóstico 2010", year=2010, template=w["template"],
                                units=[w["police_unit"]])
    ru = rnd.round_units.get()
    respondent = services.respondent_add(actor=manager, round_unit=ru, user=w["officer_a"])

    page = phone_page
    login_as(page, w["officer_a"])
    page.goto("/")
    page.get_by_role("link", name="Diagnóstico 2010 — DTTP La Paz").click()
    expect(page.get_by_role("heading", name="Investigation")).to_be_visible()
    assert page.evaluate(NO_SIDEWAYS), page.evaluate("document.documentElement.scrollWidth")
    groups = page.locator(".cap-question fieldset")
    count = groups.count()
    assert count == 23
    for i in range(count):
        # Investigation and resources low, the rest high: a weakness and strengths to find later.
        legend = groups.nth(i).locator("legend").inner_text()
        low = "Investigators" in legend or "organised groups" in legend or "admissible" in legend
        groups.nth(i).get_by_text("2 · Initial" if low else "4 · Established", exact=False).click()
    page.locator("textarea").first.fill("Dos cursos en 2009; falta personal en fronteras.")
    _shot(page, "answer-phone")
    assert page.evaluate(NO_SIDEWAYS)
    page.get_by_role("button", name="Hand in").click()
    expect(page.get_by_text("your answers were handed in")).to_be_visible()
    assert Respondent.objects.get(pk=respondent.pk).submitted_at is not None
    _clean(page)

    # Training data for the coverage page.
    course = services_training.course_create(actor=manager, title="Investigación de la trata", provider="unodc",
                                             hours=40, modality="in_person", competencies=["tip_investigation"])
    session = services_training.session_create(actor=manager, course=course, starts_on=dt.date(2025, 3, 3),
                                               ends_on=dt.date(2025, 3, 7), place="La Paz")
    for name in ("Ramiro Quispe Apaza", "Gladys Vargas Rojas", "Edwin Ticona Huanca"):
        staff = services_training.staff_create(actor=manager, full_name=name, institution=w["police"],
                                               unit=w["police_unit"])
        if name.startswith("Ramiro"):
            services_training.participation_record(actor=manager, session=session, staff=staff, completed=True)

    desk = browser_page
    login_as(desk, manager)
    desk.goto("/")
    expect(desk.get_by_role("heading", name="Rounds in progress")).to_be_visible()
    desk.goto(f"/capacity/assessed/{ru.pk}/swot/")
    desk.get_by_role("button", name="Draw up the matrix from the answers").click()
    matrix = desk.locator("#swot-matrix")
    expect(matrix.locator(".swot__quadrant--W")).to_contain_text("Investigation (2.00)")
    expect(matrix.locator(".swot__quadrant--S")).to_contain_text("Prosecution (4.00)")
    desk.get_by_label("Quadrant", exact=True).last.select_option("O")
    desk.locator("#id_text").fill("Convenio EME firmado")
    desk.get_by_role("button", name="Add", exact=True).click()
    expect(matrix.locator(".swot__quadrant--O")).to_contain_text("Convenio EME firmado")
    desk.get_by_role("button", name="Validate the matrix").click()
    expect(desk.get_by_text("the matrix is read-only")).to_be_visible()
    _shot(desk, "swot")
    _clean(desk)

    desk.goto("/capacity/coverage/?on=2025-06-01")
    table = desk.locator("#cap-coverage")
    row = table.locator("tr", has_text="DTTP La Paz")
    expect(row).to_contain_text("1/3")
    expect(row.locator(".cap-gap").first).to_be_visible()
    _shot(desk, "coverage")
    _clean(desk)

    # The comparison chart draws from the json_script data under the CSP (no inline script).
    later = services.round_create(actor=manager, title="Diagnóstico 2012", year=2012, template=w["template"],
                                  units=[w["police_unit"]])
    desk.goto(f"/capacity/compare/?before={rnd.pk}&after={later.pk}")
    expect(desk.locator("#cap-compare-table")).to_contain_text("Investigation")
    desk.wait_for_function("window.Chart && Chart.getChart(document.getElementById('cap-compare-chart'))")
    _shot(desk, "compare")
    _clean(desk)
