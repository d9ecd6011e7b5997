from typing import Any

from enlace.accounts.tests.factories import InstitutionFactory, TeamFactory, UnitFactory, make_user
from enlace.cases.services import case_create
from enlace.cases.services_access import case_participant_grant, case_sharing_grant
from enlace.cooperation.tests.factories import make_agreement


def make_case_world():
    """Two institutions with a team in La Paz, and users of every role in and around it.

    Returns a dict of named users plus the case. Used by access tests across apps.
    """
    police = InstitutionFactory.create(code="police", kind="police")
    fiscalia = InstitutionFactory.create(code="fiscalia", kind="prosecution")
    other = InstitutionFactory.create(code="other-police", kind="police")
    lpz = UnitFactory.create(institution=police, code="police-lpz", subdivision="BO-L")
    cbba = UnitFactory.create(institution=police, code="police-cbba", subdivision="BO-C")
    team = TeamFactory.create(code="eme-lpz")
    w: dict[str, Any] = {
        "investigator": make_user("investigator", unit=lpz, team=team, username="inv"),
        "prosecutor": make_user("prosecutor", institution=fiscalia, team=team, username="pros"),
        "supervisor": make_user("supervisor", unit=lpz, username="sup"),
        "other_supervisor": make_user("supervisor", unit=cbba, username="sup_cbba"),
        "outsider": make_user("investigator", institution=other, username="outsider"),
        "screener": make_user("screener", institution=police, username="screener"),
        "service_provider": make_user("service_provider", institution=InstitutionFactory(kind="ngo"), username="ngo"),
        "liaison": make_user("liaison", institution=other, username="liaison"),
        "monitoring": make_user("monitoring", institution=police, username="mne"),
        "auditor": make_user("auditor", institution=police, username="auditor"),
        "sysadmin": make_user("sysadmin", institution=police, username="admin"),
    }
    case = case_create(actor=w["investigator"], title="Textile workshop El Alto", lead_institution=police,
                       lead_unit=lpz, team=team, forms_of_exploitation=["forced_labour"],
                       labour_sectors=["manufacturing"], reference_number="FELCC-LP-2026-001")
    w.update({"case": case, "police": police, "fiscalia": fiscalia, "other": other, "team": team, "lpz": lpz})
    # Sharing with another institution needs an agreement in force (the cooperation app's policy).
    w["agreement"] = make_agreement("world-eme", [police, fiscalia, other])
    return w


def share_case(*, actor, case, institution, scope, purpose, valid_until=None, agreement_id=None):
    """A sharing in force at once (a test's world; the app asks a second person: ``case_sharing_create``)."""
    return case_sharing_grant(actor=actor, case=case, institution=institution, scope=scope, purpose=purpose,
                              valid_until=valid_until, agreement_id=agreement_id)


def add_participant(*, actor, case, user):
    """A participant at once (a test's world; the app asks a second person: ``case_participant_add``)."""
    return case_participant_grant(actor=actor, case=case, user=user)
