"""The capacity manager has no access to cases, persons or screenings: the same 404 as a missing id,
even in the institution that leads the case; and nobody else reaches the capacity manager's pages."""

import uuid

import pytest
from django.test import Client
from django.urls import reverse

from enlace.accounts.tests.factories import make_user
from enlace.capacity.tests.factories import template
from enlace.cases.selectors import case_list
from enlace.web.tests.test_access_matrix import normalised

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(world):
    template()
    return make_user("capacity_manager", institution=world["police"], username="capacidad.gestion")


def _client(user):
    c = Client(headers={"accept-language": "en"})
    c.force_login(user)
    return c


def test_no_case_or_person_page_and_the_same_answer_as_for_a_missing_one(world, manager):
    case = world["case"]
    c = _client(manager)
    for name, real, missing in [
        ("cases:detail", {"case_id": case.public_id}, {"case_id": uuid.uuid4()}),
        ("cases:edit", {"case_id": case.public_id}, {"case_id": uuid.uuid4()}),
        ("links:case_matches", {"case_id": case.public_id}, {"case_id": uuid.uuid4()}),
    ]:
        r, m = c.get(reverse(name, kwargs=real)), c.get(reverse(name, kwargs=missing))
        assert r.status_code == m.status_code == 404, name
        assert normalised(r) == normalised(m), name
    assert c.get(reverse("cases:list")).status_code in (403, 404)
    assert c.get(reverse("screening:list")).status_code in (403, 404)
    assert not case_list(actor=manager).exists()
    api = _client(manager)
    assert api.get(f"/api/v1/cases/{case.public_id}").status_code == 404
    assert case.title not in api.get("/api/v1/cases").content.decode()
    home = c.get(reverse("web:home")).content.decode()
    assert case.title not in home and "Rounds in progress" in home


def test_the_role_is_not_a_case_or_victim_role(manager):
    assert not (manager.can_work_cases or manager.can_reveal_identity or manager.sees_victims or manager.can_screen)
    assert manager.is_capacity_manager


def test_case_roles_do_not_reach_capacity_management(world, manager):
    for key in ("investigator", "supervisor", "monitoring", "sysadmin"):
        c = _client(world[key])
        assert c.get(reverse("capacity:home")).status_code == 403
        assert c.get("/api/v1/capacity/rounds").status_code == 403
        assert c.get(reverse("capacity:questionnaires")).status_code == 200  # their own, empty
