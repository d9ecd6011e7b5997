"""The need-to-know rule has one meaning and two query shapes: walked (OR-ed per case row) and
collected (one IN over the union of the ways in). Whichever serves a list, the cases are the same."""

import datetime as dt

import pytest

from enlace.accounts.tests.factories import UnitFactory
from enlace.cases import models as case_models
from enlace.cases.models import Case, need_to_know_q, need_to_know_union_q
from enlace.cases.selectors import CaseFilters, case_list, case_list_page
from enlace.cases.services import case_create
from enlace.cases.tests.factories import add_participant, share_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases_of_every_way(world):
    """Cases reached by each way in, one by none, and sharings that no longer count."""
    inv = world["investigator"]
    cbba = UnitFactory.create(institution=world["police"], code="police-cbba-2", subdivision="BO-C")

    def new(title, **kw):
        return case_create(actor=inv, title=title, lead_institution=world["police"], forms_of_exploitation=[],
                           labour_sectors=[], reference_number="", **kw)

    made = {
        "team": world["case"],
        "alone": new("Alone", lead_unit=cbba),
        "participant": new("Participant", lead_unit=cbba),
        "shared full": new("Shared full", lead_unit=cbba),
        "shared summary": new("Shared summary", lead_unit=cbba),
        "shared expired": new("Shared expired", lead_unit=cbba),
        "led by unit": new("Led by the unit", lead_unit=world["lpz"]),
    }
    add_participant(actor=inv, case=made["participant"], user=world["outsider"])
    for key, scope in (("shared full", "full"), ("shared summary", "summary"), ("shared expired", "full")):
        share_case(actor=inv, case=made[key], institution=world["other"], scope=scope, purpose="Joint plan 2026-04",
                   agreement_id=world["agreement"].pk)
    made["shared expired"].sharings.update(valid_until=dt.date(2020, 1, 1))
    return made


ACTORS = ["investigator", "prosecutor", "supervisor", "other_supervisor", "outsider", "liaison", "screener"]


@pytest.mark.parametrize("full", [False, True])
@pytest.mark.parametrize("who", ACTORS)
def test_both_shapes_give_the_same_cases(world, cases_of_every_way, who, full):
    actor = world[who]
    walked = set(Case.objects.filter(need_to_know_q(actor, full=full)).values_list("title", flat=True))
    collected = set(Case.objects.filter(need_to_know_union_q(actor, full=full)).values_list("title", flat=True))
    assert walked == collected


def test_the_shapes_reach_what_each_way_in_gives(world, cases_of_every_way):
    titles = {who: set(Case.objects.filter(need_to_know_union_q(world[who], full=False)).values_list("title", flat=True))
              for who in ("outsider", "supervisor", "liaison")}
    assert titles["outsider"] == {"Participant", "Shared full", "Shared summary"}
    assert titles["supervisor"] == {"Textile workshop El Alto", "Led by the unit"}
    assert titles["liaison"] == {"Shared full", "Shared summary"}
    full = set(Case.objects.filter(need_to_know_union_q(world["liaison"], full=True)).values_list("title", flat=True))
    assert full == {"Shared full"}


@pytest.mark.parametrize("reach", [1, 10_000])
def test_the_list_is_the_same_whichever_shape_serves_it(world, cases_of_every_way, monkeypatch, reach):
    """A small threshold makes PostgreSQL walk for everyone; a large one collects for everyone
    (SQLite always collects)."""
    monkeypatch.setattr(case_models, "NARROW_REACH", reach)
    for who in ("outsider", "supervisor", "liaison"):
        listed = [c.title for c in case_list_page(actor=world[who], filters=CaseFilters(), page_number=1,
                                                  page_size=25).object_list]
        assert sorted(listed) == sorted(case_list(actor=world[who]).values_list("title", flat=True))
        assert len(listed) == len(set(listed))
    narrowed = case_list_page(actor=world["supervisor"], filters=CaseFilters(subdivision="BO-L"), page_number=1,
                              page_size=25)
    assert {c.title for c in narrowed.object_list} == {"Textile workshop El Alto", "Led by the unit"}
