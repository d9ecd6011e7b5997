"""Chromium: the committee opens its dashboard (its home page), reads a chart and the table under
it, filters by department and downloads a table as CSV; nothing leaves the server, no script breaks.

Set ENLACE_SCREENSHOTS=/some/dir to keep a screenshot of the dashboard.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from enlace.conftest_browser import page_problems

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("ENLACE_SCREENSHOTS", "")


def test_the_committee_filters_by_department_and_downloads_a_table(browser_page, login_as):
    from playwright.sync_api import expect

    from enlace.cases.tests.factories import make_case_world
    from enlace.monitoring.tests.factories import VICTIM_NAME, add_stats_world

    w = add_stats_world(make_case_world())
    page = browser_page
    login_as(page, w["monitoring"])
    page.goto("/")
    expect(page.get_by_role("heading", name="Victims (presumed and identified)")).to_be_visible()
    # the chart is drawn by the vendored library, from the same figures as the table beside it
    canvas = page.locator("canvas[data-chart='victims-department']")
    expect(canvas).to_be_visible()
    page.wait_for_function("document.querySelector(\"canvas[data-chart='victims-department']\").width > 0")
    assert page.evaluate("window.Chart && window.Chart.getChart(document.querySelector("
                         "\"canvas[data-chart='victims-department']\")) !== undefined")
    table = page.locator("table[data-table='victims-department']")
    expect(table).to_contain_text("La Paz")
    expect(table).to_contain_text("Cochabamba")
    expect(table).to_contain_text("<5")  # the two victims of the Cochabamba case

    page.get_by_label("Department", exact=True).select_option(label="Cochabamba")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**department=BO-C**")
    expect(table).to_contain_text("Cochabamba")
    expect(table).not_to_contain_text("La Paz")
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / "monitoring-dashboard.png"), full_page=True)

    section = page.locator("section", has=page.get_by_role("heading", name="Victims (presumed and identified)"))
    with page.expect_download() as info:
        section.get_by_role("link", name="Download CSV").first.click()
    download = info.value
    text = Path(download.path()).read_text(encoding="utf-8")
    assert download.suggested_filename.startswith("victims-")
    assert text.splitlines()[0].startswith("Indicator,Dimension,Category,Q1,Q2,Q3,Q4")
    assert "<5" in text
    assert VICTIM_NAME not in text and w["case"].title not in page.content()
    assert page_problems(page) == {"csp": [], "external": [], "js": []}
