""""My tasks": tasks given to me and tasks for anyone on the case, only in cases I fully see.

A summary-only sharing shows no case content: not even the title of a task.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from enlace.cases.selectors import task_list_for_user
from enlace.cases.services import case_task_add
from enlace.cases.tests.factories import share_case

pytestmark = pytest.mark.django_db


def _share(world, scope: str):
    return share_case(actor=world["investigator"], case=world["case"], institution=world["other"],
                               scope=scope, purpose="Coordination")


def test_summary_sharing_shows_no_tasks(world):
    case_task_add(actor=world["investigator"], case=world["case"], title="Interview the witness in Viacha")
    _share(world, "summary")
    assert list(task_list_for_user(actor=world["liaison"])) == []


def test_summary_sharing_shows_no_task_titles_on_the_home_page(client, world):
    case_task_add(actor=world["investigator"], case=world["case"], title="Interview the witness in Viacha")
    _share(world, "summary")
    client.force_login(world["liaison"])
    assert "Viacha" not in client.get(reverse("web:home")).content.decode()


def test_full_sharing_shows_tasks_for_anyone_on_the_case(world):
    task = case_task_add(actor=world["investigator"], case=world["case"], title="Interview the witness in Viacha")
    _share(world, "full")
    assert list(task_list_for_user(actor=world["liaison"])) == [task]


def test_tasks_of_others_are_not_mine(world):
    mine = case_task_add(actor=world["investigator"], case=world["case"], title="Mine",
                         assignee=world["investigator"])
    theirs = case_task_add(actor=world["investigator"], case=world["case"], title="Theirs",
                           assignee=world["prosecutor"])
    anyone = case_task_add(actor=world["investigator"], case=world["case"], title="Anyone")
    assert set(task_list_for_user(actor=world["investigator"])) == {mine, anyone}
    assert set(task_list_for_user(actor=world["prosecutor"])) == {theirs, anyone}
    assert list(task_list_for_user(actor=world["outsider"])) == []
