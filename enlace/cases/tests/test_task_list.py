""""My tasks": tasks given to me, to my role on the case, or to the case team, only in cases I fully see.

A summary-only sharing shows no case content: not even the title of a task.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
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


def test_tasks_for_the_case_team_are_not_an_external_liaisons(world):
    case_task_add(actor=world["investigator"], case=world["case"], title="Interview the witness in Viacha")
    _share(world, "full")
    assert list(task_list_for_user(actor=world["liaison"])) == []


def test_a_task_given_to_the_liaison_by_name_is_theirs(world):
    _share(world, "full")
    task = case_task_add(actor=world["investigator"], case=world["case"], title="Ask Puno about the bus",
                         assignee=world["liaison"])
    assert list(task_list_for_user(actor=world["liaison"])) == [task]
    assert task not in task_list_for_user(actor=world["investigator"])


def test_a_task_for_a_role_reaches_who_holds_it_on_the_case(world):
    _share(world, "full")
    for_prosecutor = case_task_add(actor=world["investigator"], case=world["case"], title="Request the warrant",
                                   assignee_role="prosecutor")
    for_supervisor = case_task_add(actor=world["investigator"], case=world["case"], title="Approve the operation",
                                   assignee_role="supervisor")
    for_liaison = case_task_add(actor=world["investigator"], case=world["case"], title="Contact Peru",
                                assignee_role="liaison")
    assert list(task_list_for_user(actor=world["prosecutor"])) == [for_prosecutor]
    assert list(task_list_for_user(actor=world["investigator"])) == []
    # The supervisor of the lead unit, not the supervisor of another unit.
    assert list(task_list_for_user(actor=world["supervisor"])) == [for_supervisor]
    assert list(task_list_for_user(actor=world["other_supervisor"])) == []
    # A role on the case means its team or a named participant, not a sharing with their institution.
    assert for_liaison not in task_list_for_user(actor=world["liaison"])


def test_a_task_goes_to_a_person_or_a_role_not_both(world):
    with pytest.raises(ValidationError):
        case_task_add(actor=world["investigator"], case=world["case"], title="Both",
                      assignee=world["prosecutor"], assignee_role="prosecutor")
    with pytest.raises(ValidationError):
        case_task_add(actor=world["investigator"], case=world["case"], title="Not a case role",
                      assignee_role="auditor")


def test_tasks_of_others_are_not_mine(world):
    mine = case_task_add(actor=world["investigator"], case=world["case"], title="Mine",
                         assignee=world["investigator"])
    theirs = case_task_add(actor=world["investigator"], case=world["case"], title="Theirs",
                           assignee=world["prosecutor"])
    anyone = case_task_add(actor=world["investigator"], case=world["case"], title="Anyone")
    assert set(task_list_for_user(actor=world["investigator"])) == {mine, anyone}
    assert set(task_list_for_user(actor=world["prosecutor"])) == {theirs, anyone}
    assert list(task_list_for_user(actor=world["outsider"])) == []
