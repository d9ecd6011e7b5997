"""The interactive docs in a real Chromium: offline (no request leaves the server) and CSP-clean."""

import pytest

from enlace.conftest_browser import page_problems

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_swagger_ui_renders_offline_under_the_site_csp(browser_page, login_as):
    from enlace.cases.tests.factories import make_case_world

    world = make_case_world()
    login_as(browser_page, world["investigator"])
    response = browser_page.goto("/api/v1/docs")
    assert response.status == 200
    assert "script-src 'self'" in response.headers["content-security-policy"]
    # The schema has a few hundred operations: on a busy two-core machine Swagger UI takes a while.
    browser_page.wait_for_selector(".swagger-ui .opblock", state="attached", timeout=60_000)
    operations = browser_page.locator(".swagger-ui .opblock-summary-path").all_inner_texts()
    assert any("/api/v1/cases" in text for text in operations)
    assert page_problems(browser_page) == {"csp": [], "external": [], "js": []}
