"""Pytest fixtures that drive a real Chromium through Playwright (sync API).

Why Debian's Chromium and not Playwright's bundled browser: deployments and CI are
air-gapped, so `playwright install` (a download) is not available; the distribution
package is. Load these fixtures from the root conftest with
``pytest_plugins = ["enlace.conftest_browser"]`` and mark browser tests
``@pytest.mark.browser``.

No chromium at /usr/bin/chromium: the tests are skipped with the reason, unless
ENLACE_REQUIRE_BROWSER=1 (CI), where a missing browser is a failure, not a skip.

Every browser context blocks requests that leave the live server (the app must work
with no CDN) and records what it blocked and every CSP violation, so a test can assert
both are empty with :func:`page_problems`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM_PATH = Path(os.environ.get("ENLACE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}
# Upper bound for a single Playwright action; a hang fails the test instead of
# blocking the run. Not a performance assertion.
ACTION_TIMEOUT_MS = 15_000

# Runs before any page script: collects CSP violations where a test can read them.
_CSP_RECORDER = """
window.__enlaceCspViolations = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__enlaceCspViolations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline'));
});
"""


def _require_browser() -> None:
    if CHROMIUM_PATH.exists():
        return
    reason = (
        f"Chromium not found at {CHROMIUM_PATH}: install it (apt-get install chromium) to run browser tests."
    )
    if os.environ.get("ENLACE_REQUIRE_BROWSER") == "1":
        pytest.fail(reason + " ENLACE_REQUIRE_BROWSER=1, so this is an error.", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Any]:
    """One Playwright driver per test session."""
    _require_browser()
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop on this thread; Django would then refuse
    # ORM calls made by the test itself (SynchronousOnlyOperation). The test and the
    # live server are plain synchronous code, so the guard is lifted for the session.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as pw:
            yield pw
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def browser(playwright_instance: Any) -> Iterator[Any]:
    """Debian's Chromium, headless, with background networking switched off."""
    browser = playwright_instance.chromium.launch(
        executable_path=str(CHROMIUM_PATH), args=CHROMIUM_ARGS, headless=True
    )
    yield browser
    browser.close()


@pytest.fixture
def live_server_url(live_server: Any) -> str:
    """Base URL of pytest-django's live server, without a trailing slash."""
    return str(live_server.url).rstrip("/")


def _new_page(browser: Any, base_url: str, options: dict[str, Any]) -> tuple[Any, Any]:
    context = browser.new_context(base_url=base_url, locale="en-US", **options)
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    context.add_init_script(_CSP_RECORDER)
    blocked: list[str] = []

    def only_local(route: Any) -> None:
        url = route.request.url
        if url == base_url or url.startswith((base_url + "/", "data:", "blob:", "about:")):
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    context.route("**/*", only_local)
    page = context.new_page()
    page.enlace_blocked_requests = blocked  # read through page_problems()
    errors: list[str] = []
    page.enlace_console_errors = errors

    def on_console(msg: Any) -> None:
        if msg.type == "error":
            errors.append(msg.text)

    page.on("console", on_console)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return context, page


@pytest.fixture
def browser_page(browser: Any, live_server_url: str) -> Iterator[Any]:
    """A fresh desktop page (1280x800), own cookies; relative URLs go to the live server."""
    context, page = _new_page(browser, live_server_url, DESKTOP)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser: Any, live_server_url: str) -> Iterator[Any]:
    """A fresh phone page (390x844, touch, mobile viewport)."""
    context, page = _new_page(browser, live_server_url, PHONE)
    yield page
    context.close()


def page_problems(page: Any) -> dict[str, list[str]]:
    """What went wrong on the page: CSP violations, requests off the server, JS errors.

    Usage: ``assert page_problems(browser_page) == {"csp": [], "external": [], "js": []}``.
    """
    try:
        csp = page.evaluate("window.__enlaceCspViolations || []")
    except Exception:  # page closed or navigating: nothing to read
        csp = []
    return {
        "csp": list(csp),
        "external": list(getattr(page, "enlace_blocked_requests", [])),
        "js": list(getattr(page, "enlace_console_errors", [])),
    }


@pytest.fixture
def login_as(live_server_url: str) -> Callable[[Any, Any], None]:
    """Log a user into a browser page without typing a password.

    Uses Django's test client to create a real session, then hands the session cookie
    to the browser context: ``login_as(browser_page, user)``.
    """
    from django.conf import settings
    from django.test import Client

    def _login(page: Any, user: Any) -> None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        page.context.add_cookies(
            [{"name": cookie.key, "value": cookie.value, "url": live_server_url, "httpOnly": True}]
        )

    return _login
