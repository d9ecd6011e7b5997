"""No sideways scrolling on a 360 px phone, and every entry of the main menu on the screen: each role's home page, every page its menu and its home
page link to, the sections (tabs) of those pages, and the pages of a case an investigator works on. A page wider than the screen fails, naming its address
and how wide it is (and the widest element, to find the culprit)."""

from __future__ import annotations

import pytest

from enlace.conftest_browser import PHONE, _new_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NARROW = {**PHONE, "viewport": {"width": 360, "height": 740}}
ROLES = ("screener", "investigator", "supervisor", "prosecutor", "service_provider", "liaison", "monitoring",
         "capacity_manager", "auditor", "sysadmin")
CASE_TABS = ("overview", "persons", "places", "timeline", "tasks", "links", "access")

WIDEST = """() => {
  const limit = document.documentElement.clientWidth;
  let worst = null;
  const clipped = (el) => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== 'visible') return true;
    }
    return false;
  };
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.right > limit + 1 && clipped(el)) continue;
    if (r.right > limit + 1 && (!worst || r.right > worst.right)) {
      worst = {right: Math.round(r.right), tag: el.tagName.toLowerCase(), cls: el.className && String(el.className),
               text: (el.textContent || '').trim().slice(0, 60)};
    }
  }
  return worst;
}"""


# The main menu's entries that are not wholly on the screen (a menu that scrolls sideways hides them).
MENU_OFF_SCREEN = """() => [...document.querySelectorAll('header nav a')].filter(a => {
  const r = a.getBoundingClientRect();
  return r.width === 0 || r.left < 0 || r.right > document.documentElement.clientWidth;
}).map(a => a.textContent.trim())"""


@pytest.fixture
def static_served(settings):
    from pathlib import Path

    from django.contrib.staticfiles import finders

    if not finders.find("enlace/app.css"):
        import enlace

        settings.STATICFILES_DIRS = [str(Path(enlace.__file__).parent / "static")]


def _overflow(page, url: str) -> str | None:
    page.goto(url)
    width = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    if width[0] <= width[1]:
        return None
    return f"{url}: {width[0]} px wide at {width[1]} px, widest {page.evaluate(WIDEST)}"


# Addresses that answer with a file, not a page.
NOT_PAGES = ("export", "download", "/file", ".csv", ".pdf", "/static/", "/media/")


def _urls(page, selector: str) -> list[str]:
    hrefs = page.eval_on_selector_all(selector, "els => els.map(e => e.getAttribute('href'))")
    return sorted({h.split("#")[0] for h in hrefs
                   if not h.startswith(("/logout", "/i18n")) and not any(n in h for n in NOT_PAGES)})


def _menu_urls(page) -> list[str]:
    return _urls(page, "header nav a[href^='/']")


def _reached_urls(page) -> list[str]:
    """The home page's menu and links, and the section tabs of each menu page."""
    menu = _menu_urls(page)
    urls = [*menu, *_urls(page, "main a[href^='/']")]
    for url in menu:
        page.goto(url)
        urls += _urls(page, "main nav a[href^='/'], main .tabs a[href^='/']")
    return list(dict.fromkeys(urls))


def test_no_page_a_role_reaches_scrolls_sideways_at_360_px(static_served, browser, live_server_url, login_as):
    from enlace.accounts.tests.factories import make_user
    from enlace.cases.tests.factories import make_case_world
    from enlace.links.tests.links_factories import add_person
    from enlace.referrals.tests.factories import screened

    world = make_case_world()
    world["capacity_manager"] = make_user("capacity_manager", institution=world["police"], username="capacidad")
    screened(world["screener"], complete=False)
    # Two records that may be one person: the review queue then has rows (an empty table never overflows).
    add_person(world["investigator"], world["case"], given_names="Juan Carlos", first_surname="Quispe",
               second_surname="Mamani", birth_year=1990, sex="M")
    add_person(world["investigator"], world["case"], given_names="QUISPE MAMANI, Juan C.", birth_year=1990, sex="M")
    case_pages = [f"/cases/{world['case'].public_id}/?tab={tab}" for tab in CASE_TABS]
    problems = []
    for role in ROLES:
        context, page = _new_page(browser, live_server_url, NARROW)
        try:
            login_as(page, world[role])
            page.goto("/")
            problems += [f"{role} menu entry off-screen: {entry}" for entry in page.evaluate(MENU_OFF_SCREEN)]
            urls = list(dict.fromkeys(["/", *_reached_urls(page), *(case_pages if role == "investigator" else [])]))
            problems += [f"{role} {p}" for url in urls if (p := _overflow(page, url))]
        finally:
            context.close()
    assert problems == [], "\n".join(problems)
