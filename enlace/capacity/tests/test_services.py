"""Rounds, answers, the SWOT matrix in the workshop, action plans: through the services."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from enlace.accounts.tests.factories import make_user
from enlace.audit.models import AuditEntry
from enlace.capacity import selectors, services
from enlace.capacity.models import SwotItem
from enlace.core.errors import Forbidden, NotFound

from .factories import all_answers, capacity_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return capacity_world()


def _round(w, year=2008):
    return services.round_create(actor=w["manager"], title=f"Diagnóstico {year}", year=year, template=w["template"],
                                 units=[w["police_unit"], w["fiscalia_unit"]])


def _answered(w, rnd, ratings_a, ratings_b, external=3):
    ru = rnd.round_units.get(unit=w["police_unit"])
    for user, ratings in ((w["officer_a"], ratings_a), (w["officer_b"], ratings_b)):
        r = services.respondent_add(actor=w["manager"], round_unit=ru, user=user)
        services.answers_save(actor=user, respondent=r, answers=all_answers(ratings, w["template"], external),
                              submit=True)
    return ru


def test_only_the_capacity_manager_creates_rounds(w):
    with pytest.raises(Forbidden):
        services.round_create(actor=w["officer_a"], title="x", year=2008, template=w["template"],
                              units=[w["police_unit"]])
    rnd = _round(w)
    assert AuditEntry.objects.filter(action="capacity.round.create", object_id=str(rnd.pk)).exists()


def test_respondents_must_belong_to_the_units_institution(w):
    rnd = _round(w)
    ru = rnd.round_units.get(unit=w["police_unit"])
    with pytest.raises(ValidationError):
        services.respondent_add(actor=w["manager"], round_unit=ru, user=w["prosecutor"])


def test_a_respondent_sees_only_their_questionnaires_and_hands_in_once(w):
    rnd = _round(w)
    ru = rnd.round_units.get(unit=w["police_unit"])
    mine = services.respondent_add(actor=w["manager"], round_unit=ru, user=w["officer_a"])
    assert selectors.respondent_get(actor=w["officer_a"], respondent_id=mine.pk) == mine
    with pytest.raises(NotFound):
        selectors.respondent_get(actor=w["officer_b"], respondent_id=mine.pk)
    with pytest.raises(ValidationError):  # incomplete
        services.answers_save(actor=w["officer_a"], respondent=mine, answers={"lf1": (4, "")}, submit=True)
    services.answers_save(actor=w["officer_a"], respondent=mine, answers=all_answers({}, w["template"]), submit=True)
    with pytest.raises(ValidationError):
        services.answers_save(actor=w["officer_a"], respondent=mine, answers={"lf1": (1, "")}, submit=False)
    with pytest.raises(ValidationError):  # off the scale
        other = services.respondent_add(actor=w["manager"], round_unit=ru, user=w["officer_b"])
        services.answers_save(actor=w["officer_b"], respondent=other, answers={"lf1": (9, "")}, submit=False)


def test_results_and_matrix_from_submitted_answers(w):
    rnd = _round(w)
    ru = _answered(w, rnd, {"investigation": 4, "resources": 1}, {"investigation": 5, "resources": 2}, external=1)
    # A third respondent who did not hand in does not count.
    late = make_user("investigator", unit=w["police_unit"], username="late")
    draft = services.respondent_add(actor=w["manager"], round_unit=ru, user=late)
    services.answers_save(actor=late, respondent=draft, answers=all_answers({"investigation": 1}, w["template"], 5),
                          submit=False)
    result = selectors.unit_result(ru)
    assert result.areas["investigation"].mean == Decimal("4.50") and result.areas["investigation"].n == 6
    assert result.areas["resources"].mean == Decimal("1.50")
    assert (result.submitted, result.respondents) == (2, 3)
    matrix = services.matrix_build(actor=w["manager"], round_unit=ru)
    quadrants = sorted(matrix.items.values_list("quadrant", "area", "question"))
    assert ("S", "investigation", "") in quadrants and ("W", "resources", "") in quadrants
    assert sum(1 for q in quadrants if q[0] == "T") == 6  # every external question rated 1 (six of them)
    assert not any(q[0] == "O" for q in quadrants)


def test_workshop_edits_then_validation_freezes_the_matrix(w):
    rnd = _round(w)
    ru = _answered(w, rnd, {"investigation": 4}, {"investigation": 4})
    matrix = services.matrix_build(actor=w["manager"], round_unit=ru)
    added = services.swot_item_add(actor=w["manager"], matrix=matrix, quadrant="O",
                                   text="Convenio EME firmado en 2009")
    services.swot_item_edit(actor=w["manager"], item=added, quadrant="O", text="Convenio EME vigente")
    strength = matrix.items.get(quadrant="S", area="investigation")
    services.swot_item_remove(actor=w["manager"], item=strength)
    # Redrawing from the answers keeps the workshop's own items.
    matrix = services.matrix_build(actor=w["manager"], round_unit=ru)
    assert matrix.items.filter(text="Convenio EME vigente").exists()
    services.matrix_validate(actor=w["manager"], matrix=matrix, expected_version=matrix.version)
    matrix.refresh_from_db()
    assert matrix.validated_by == w["manager"] and matrix.validated_at is not None
    for attempt in (lambda: services.swot_item_add(actor=w["manager"], matrix=matrix, quadrant="S", text="x"),
                    lambda: services.swot_item_remove(actor=w["manager"], item=added),
                    lambda: services.matrix_build(actor=w["manager"], round_unit=ru)):
        with pytest.raises(ValidationError):
            attempt()
    assert SwotItem.objects.filter(pk=added.pk).exists()
    actions = set(AuditEntry.objects.filter(action__startswith="capacity.").values_list("action", flat=True))
    assert {"capacity.swot_item.add", "capacity.swot_item.edit", "capacity.swot_item.remove",
            "capacity.matrix.validate"} <= actions


def test_round_comparison_per_unit_and_area(w):
    before = _round(w, 2008)
    _answered(w, before, {"investigation": 2, "resources": 1}, {"investigation": 2, "resources": 2})
    after = _round(w, 2010)
    _answered(w, after, {"investigation": 4, "resources": 2}, {"investigation": 3, "resources": 2})
    rows = selectors.compare_rounds(actor=w["manager"], before=before, after=after)
    by_area = {r.area: r for r in rows if r.unit == "DTTP La Paz"}
    assert by_area["Investigation"].before == Decimal("2.00")
    assert by_area["Investigation"].after == Decimal("3.50")
    assert by_area["Investigation"].delta == Decimal("1.50")
    assert by_area["Resources"].delta == Decimal("0.50")
    # The prosecution unit was assessed in both rounds but nobody answered: no numbers, no change.
    assert all(r.delta is None for r in rows if r.unit == "Fiscalía La Paz")


def test_an_action_answers_a_weakness_of_its_own_unit(w):
    rnd = _round(w)
    ru = _answered(w, rnd, {"resources": 1}, {"resources": 1})
    weakness = services.matrix_build(actor=w["manager"], round_unit=ru).items.get(quadrant="W", area="resources")
    other_ru = rnd.round_units.get(unit=w["fiscalia_unit"])
    with pytest.raises(ValidationError):
        services.action_create(actor=w["manager"], round_unit=other_ru, title="x", owner="y",
                               due_on=dt.date(2009, 1, 1), weakness=weakness)
    action = services.action_create(actor=w["manager"], round_unit=ru, title="Formar a 10 investigadores",
                                    owner="Jefatura DTTP", due_on=dt.date(2009, 6, 30), weakness=weakness)
    services.action_set_status(actor=w["manager"], action=action, status="done", expected_version=action.version)
    assert action.status == "done"
    due = selectors.actions_due(actor=w["manager"], today=dt.date(2009, 6, 1))
    assert action not in due  # done: no longer due
