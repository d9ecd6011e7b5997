"""/api/v1/capacity: the manager's lists and objects, the respondent's own questionnaires, 403/404 for others."""

import datetime as dt
import json

import pytest
from django.test import Client

from enlace.accounts.services import token_create
from enlace.capacity import services, services_training

from .factories import all_answers, capacity_world

pytestmark = pytest.mark.django_db


def api(user) -> Client:
    _token, plain = token_create(actor=None, user=user, name="test")
    return Client(headers={"authorization": f"Bearer {plain}", "accept-language": "en"})


@pytest.fixture
def w():
    w = capacity_world()
    m = w["manager"]
    w["round"] = services.round_create(actor=m, title="Diagnóstico 2008", year=2008, template=w["template"],
                                       units=[w["police_unit"]])
    ru = w["ru"] = w["round"].round_units.get()
    r = services.respondent_add(actor=m, round_unit=ru, user=w["officer_a"])
    services.answers_save(actor=w["officer_a"], respondent=r, answers=all_answers({"resources": 1}, w["template"]),
                          submit=True)
    w["matrix"] = services.matrix_build(actor=m, round_unit=ru)
    course = services_training.course_create(actor=m, title="Curso", provider="iom", hours=8, modality="online",
                                             competencies=["victim_interviewing"])
    services_training.session_create(actor=m, course=course, starts_on=dt.date(2009, 1, 5),
                                     ends_on=dt.date(2009, 1, 6), place="La Paz")
    return w


def test_results_carry_scores_and_the_matrix(w):
    body = api(w["manager"]).get(f"/api/v1/capacity/rounds/{w['round'].pk}/results").json()
    assert body[0]["areas"]["resources"] == {"mean": "1.00", "n": 2, "spread": "0.00"}
    assert any(i["quadrant"] == "W" and i["area"] == "resources" for i in body[0]["swot"])


def test_manager_lists(w):
    c = api(w["manager"])
    assert c.get("/api/v1/capacity/templates").json()[0]["code"] == "tip-criminal-justice"
    assert [r["year"] for r in c.get("/api/v1/capacity/rounds").json()] == [2008]
    assert c.get("/api/v1/capacity/courses").json()[0]["competencies"] == ["victim_interviewing"]
    assert c.get("/api/v1/capacity/sessions").json()[0]["place"] == "La Paz"
    cov = c.get("/api/v1/capacity/coverage", {"on": "2009-02-01"}).json()
    assert cov == [] or all("cells" in g for g in cov)
    assert c.get("/api/v1/capacity/coverage", {"threshold": "2"}).status_code == 400


def test_action_create_checks_the_weakness_belongs_to_the_unit(w):
    c = api(w["manager"])
    weakness = w["matrix"].items.get(quadrant="W", area="resources")
    body = {"round_unit_id": w["ru"].pk, "title": "Más personal", "owner": "Comando", "due_on": "2009-06-30",
            "weakness_id": weakness.pk}
    r = c.post("/api/v1/capacity/actions", json.dumps(body), content_type="application/json")
    assert r.status_code == 201 and r.json()["weakness_id"] == weakness.pk
    strength = w["matrix"].items.filter(quadrant="S").first()
    if strength is not None:
        bad = c.post("/api/v1/capacity/actions", json.dumps({**body, "weakness_id": strength.pk}),
                     content_type="application/json")
        assert bad.status_code == 400
    assert c.post("/api/v1/capacity/actions", json.dumps({**body, "weakness_id": 987654}),
                  content_type="application/json").status_code == 400


def test_others_get_403_on_lists_404_on_objects_and_their_own_questionnaires(w):
    c = api(w["officer_b"])
    assert c.get("/api/v1/capacity/rounds").status_code == 403
    assert c.get(f"/api/v1/capacity/rounds/{w['round'].pk}").status_code == 404
    assert c.get("/api/v1/capacity/rounds/987654").status_code == 404
    assert c.get("/api/v1/capacity/questionnaires").json() == []
    mine = api(w["officer_a"]).get("/api/v1/capacity/questionnaires").json()
    assert [q["round"] for q in mine] == ["Diagnóstico 2008"]


def test_every_capacity_operation_documents_its_errors(w):
    spec = api(w["manager"]).get("/api/v1/openapi.json").json()
    ops = {op["operationId"]: set(op["responses"]) for path, item in spec["paths"].items() if "/capacity" in path
           for op in item.values()}
    assert len(ops) == 10
    for op_id, codes in ops.items():
        assert "401" in codes, op_id
        if op_id != "capacity_my_questionnaires":  # anyone signed in may list their own
            assert codes & {"403", "404"}, op_id
