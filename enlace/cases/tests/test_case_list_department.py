"""The department and form filters of the case list: by a place or by the lead unit, each case
once; a form of exploitation by its whole code, never part of one.

(The department filter was first a join + DISTINCT, then EXISTS, now IN over the department's
places, each for speed; the form filter is JSON containment on PostgreSQL. Same answers.)
"""

from enlace.cases.selectors import CaseFilters, case_list
from enlace.cases.services import case_create, case_place_add


def test_department_matches_places_or_lead_unit_without_duplicates(world):
    inv = world["investigator"]
    via_places = case_create(actor=inv, title="Route through Cochabamba", lead_institution=world["police"],
                             team=world["team"])
    for kind in ("origin", "transit"):  # two places in the same department: still one row
        case_place_add(actor=inv, case=via_places, kind=kind, country="BO", subdivision="BO-C")
    elsewhere = case_create(actor=inv, title="Santa Cruz only", lead_institution=world["police"], team=world["team"])
    case_place_add(actor=inv, case=elsewhere, kind="origin", country="BO", subdivision="BO-S")

    cbba = list(case_list(actor=inv, filters=CaseFilters(subdivision="BO-C")))
    assert cbba == [via_places]
    lpz = list(case_list(actor=inv, filters=CaseFilters(subdivision="BO-L")))
    assert lpz == [world["case"]]  # lead unit in La Paz, no places
    assert case_list(actor=world["outsider"], filters=CaseFilters(subdivision="BO-C")).count() == 0


def test_form_matches_a_whole_code_of_the_list(world):
    inv = world["investigator"]
    both = case_create(actor=inv, title="Workshop and bar", lead_institution=world["police"], team=world["team"],
                       forms_of_exploitation=["sexual", "forced_labour"])
    child = case_create(actor=inv, title="Child workers", lead_institution=world["police"], team=world["team"],
                        forms_of_exploitation=["child_labour"])
    forced = list(case_list(actor=inv, filters=CaseFilters(form="forced_labour")))
    assert both in forced and child not in forced and len(forced) == len(set(forced))
    young = list(case_list(actor=inv, filters=CaseFilters(form="child_labour")))
    assert child in young and both not in young
    assert not case_list(actor=inv, filters=CaseFilters(form="labour")).exists()  # part of a code
    assert case_list(actor=world["outsider"], filters=CaseFilters(form="sexual")).count() == 0
