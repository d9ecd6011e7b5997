"""The department filter of the case list: by a place or by the lead unit, each case once.

(Written with the EXISTS form of the filter, which replaced a join + DISTINCT for speed.)
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
