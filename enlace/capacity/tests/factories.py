"""A small capacity world: a manager, two assessed units with respondents, a staff register."""

from __future__ import annotations

from enlace.accounts.tests.factories import InstitutionFactory, TeamFactory, UnitFactory, make_user
from enlace.capacity import services
from enlace.capacity.models import QuestionnaireTemplate


def template() -> QuestionnaireTemplate:
    services.template_sync(actor=None)
    return QuestionnaireTemplate.objects.get(code="tip-criminal-justice", version=1)


def make_manager(institution=None, username="capacidad"):
    return make_user("capacity_manager", institution=institution or InstitutionFactory(code="capacity-inst"),
                     username=username)


def capacity_world() -> dict:
    police = InstitutionFactory(code="cap-police", kind="police")
    fiscalia = InstitutionFactory(code="cap-fiscalia", kind="prosecution")
    police_unit = UnitFactory(institution=police, code="cap-police-lpz", name="DTTP La Paz")
    fiscalia_unit = UnitFactory(institution=fiscalia, code="cap-fiscalia-lpz", name="Fiscalía La Paz")
    team = TeamFactory(code="cap-eme")
    w = {
        "manager": make_manager(),
        "police": police, "fiscalia": fiscalia, "police_unit": police_unit, "fiscalia_unit": fiscalia_unit,
        "team": team, "template": template(),
        "officer_a": make_user("investigator", unit=police_unit, username="officer_a", team=team),
        "officer_b": make_user("investigator", unit=police_unit, username="officer_b"),
        "prosecutor": make_user("prosecutor", unit=fiscalia_unit, username="prosecutor_a", team=team),
    }
    return w


def all_answers(rating_by_area: dict[str, int], template_obj, external: int | None = 3) -> dict:
    """Every question of the template answered: internal ones by area, external ones with ``external``."""
    out = {}
    for area in template_obj.content["areas"]:
        for q in area["questions"]:
            rating = external if q.get("external") else rating_by_area.get(area["code"], 3)
            out[q["code"]] = (rating, "")
    return out
