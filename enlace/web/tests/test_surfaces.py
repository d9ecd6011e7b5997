"""The menu and the home page are what the apps registered, per role (``core/surfaces.py``)."""

import pytest
from django.urls import reverse

from enlace.core import surfaces

pytestmark = pytest.mark.django_db


def _menu(client, user):
    client.force_login(user)
    html = client.get(reverse("web:home")).content.decode()
    return {key: f'href="{reverse(url)}"' in html for key, url in (
        ("cases", "cases:list"), ("screening", "screening:list"), ("audit", "audit:list"),
        ("admin", "accounts:admin_home"))}


def test_each_role_sees_the_menu_entries_registered_for_it(client, world):
    assert _menu(client, world["investigator"]) == {"cases": True, "screening": True, "audit": False, "admin": False}
    assert _menu(client, world["screener"]) == {"cases": False, "screening": True, "audit": False, "admin": False}
    assert _menu(client, world["auditor"]) == {"cases": False, "screening": False, "audit": True, "admin": False}
    assert _menu(client, world["sysadmin"])["admin"] is True


def test_a_panel_with_nothing_to_show_is_left_out_and_one_with_data_is_shown(client, world):
    surfaces.register_home_panel("test.empty", template="cases/home/my_tasks.html", context=lambda user: None,
                                 visible=lambda user: True, order=1)
    surfaces.register_home_panel("test.full", template="capacity/includes/questionnaires_notice.html",
                                 context=lambda user: {"questionnaires": []}, visible=lambda user: True,
                                 order=2, wide=True)
    try:
        shown = [panel.key for panel, _ in surfaces.home_panels_for(world["screener"])]
        assert "test.full" in shown and "test.empty" not in shown
        assert "cases.my_cases" not in shown  # the screener does not work cases
        assert {"cases.my_cases", "cases.my_tasks"} <= {p.key for p, _ in surfaces.home_panels_for(world["investigator"])}
    finally:
        surfaces._panels.pop("test.empty")
        surfaces._panels.pop("test.full")


def test_the_investigators_home_shows_their_case_and_a_role_page_replaces_it(client, world):
    client.force_login(world["investigator"])
    assert world["case"].title in client.get(reverse("web:home")).content.decode()
    page = surfaces.home_page_for(world["investigator"])
    assert page is None  # the investigator's day is the case list: the default home with its panels
