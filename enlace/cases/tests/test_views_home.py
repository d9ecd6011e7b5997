"""The home page (web:home): my latest cases and my open tasks, overdue ones marked."""

import datetime as dt

import pytest
from django.urls import reverse

from enlace.cases.services import case_create, case_task_add

pytestmark = pytest.mark.django_db


def test_home_lists_my_cases_and_open_tasks(world, client):
    case_task_add(actor=world["investigator"], case=world["case"], title="Late task", due_on=dt.date(2020, 1, 1))
    case_task_add(actor=world["investigator"], case=world["case"], title="Someone else's task",
                  assignee=world["prosecutor"])
    case_create(actor=world["outsider"], title="Not mine", lead_institution=world["other"])
    client.force_login(world["investigator"])
    body = client.get(reverse("web:home")).content.decode()
    assert "Textile workshop El Alto" in body and "Not mine" not in body
    assert "Late task" in body and "Overdue" in body and "Someone else" not in body


def test_home_shows_latest_ten_cases(world, client):
    for i in range(12):
        case_create(actor=world["investigator"], title=f"Case number {i:02d}", lead_institution=world["police"],
                    team=world["team"])
    client.force_login(world["investigator"])
    r = client.get(reverse("web:home"))
    body = r.content.decode()
    assert "Case number 11" in body and "Case number 01" not in body


def test_home_for_a_role_without_cases(world, client):
    # Every role has its panels or page now; a user whose memberships all ended has none.
    world["monitoring"].memberships.update(is_active=False)
    client.force_login(world["monitoring"])
    r = client.get(reverse("web:home"))
    assert r.status_code == 200 and "does not work on case files" in r.content.decode()
