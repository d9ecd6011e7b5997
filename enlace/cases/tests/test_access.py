"""The need-to-know rule at the selector level (the web/API matrix is in web/tests)."""

import datetime as dt

import pytest

from enlace.cases.access import Access, case_access
from enlace.cases.selectors import case_get, case_list
from enlace.cases.tests.factories import add_participant, share_case
from enlace.core.errors import NotFound

pytestmark = pytest.mark.django_db

SEES = {"investigator", "prosecutor", "supervisor"}
BLIND = {"other_supervisor", "outsider", "screener", "service_provider", "liaison", "monitoring", "auditor", "sysadmin"}


@pytest.mark.parametrize("who", sorted(SEES))
def test_team_and_supervisor_see_the_case(world, who):
    case, access = case_get(actor=world[who], case_id=world["case"].public_id)
    assert access == Access.FULL and list(case_list(actor=world[who])) == [case]


@pytest.mark.parametrize("who", sorted(BLIND))
def test_everyone_else_gets_not_found(world, who):
    with pytest.raises(NotFound):
        case_get(actor=world[who], case_id=world["case"].public_id)
    assert case_list(actor=world[who]).count() == 0


def test_missing_and_forbidden_are_indistinguishable(world):
    with pytest.raises(NotFound) as missing:
        case_get(actor=world["outsider"], case_id=999_999)
    with pytest.raises(NotFound) as hidden:
        case_get(actor=world["outsider"], case_id=world["case"].public_id)
    assert type(missing.value) is type(hidden.value) and str(missing.value) == str(hidden.value)


def test_participant_list_grants_access(world):
    add_participant(actor=world["investigator"], case=world["case"], user=world["outsider"])
    assert case_access(world["outsider"], world["case"]) == Access.FULL


def test_sharing_to_institution_is_scoped_and_expires(world):
    s = share_case(actor=world["investigator"], case=world["case"], institution=world["other"],
                            scope="summary", purpose="Joint operation plan 2026-03")
    assert case_access(world["liaison"], world["case"]) == Access.SUMMARY
    assert case_access(world["outsider"], world["case"]) == Access.SUMMARY
    s.valid_until = dt.date(2020, 1, 1)
    s.save()
    assert case_access(world["outsider"], world["case"]) == Access.NONE
    assert case_list(actor=world["outsider"]).count() == 0


def test_admin_reads_no_case_content_even_when_on_the_team(world):
    from enlace.accounts.models import TeamMember

    TeamMember.objects.create(team=world["team"], user=world["sysadmin"])
    with pytest.raises(NotFound):
        case_get(actor=world["sysadmin"], case_id=world["case"].public_id)


def test_case_read_is_audited(world):
    from enlace.audit.models import AuditEntry

    case_get(actor=world["prosecutor"], case_id=world["case"].public_id)
    e = AuditEntry.objects.filter(action="case.read").latest("seq")
    assert e.actor == world["prosecutor"] and e.case_id == world["case"].pk


def test_visible_cases_among_ids_is_the_same_rule(world):
    """``among`` (pages checking a few ids) narrows the query, never the rule: for every user and
    scope it answers exactly the intersection of the full visible set with the ids asked about."""
    from enlace.cases.access import visible_cases
    from enlace.cases.models import Case
    from enlace.cases.services import case_create

    other = case_create(actor=world["investigator"], title="Second case", lead_institution=world["police"],
                        lead_unit=world["lpz"], team=world["team"])
    share_case(actor=world["investigator"], case=world["case"], institution=world["other"],
                        scope="summary", purpose="Joint operation plan 2026-03")
    share_case(actor=world["investigator"], case=other, institution=world["other"],
                        scope="full", purpose="Joint investigation team")
    not_asked = case_create(actor=world["investigator"], title="Third case", lead_institution=world["police"],
                            lead_unit=world["lpz"], team=world["team"])
    share_case(actor=world["investigator"], case=not_asked, institution=world["other"],
                        scope="full", purpose="Another operation")
    asked = [world["case"].pk, other.pk, 999_999]
    checked = 0
    for who in sorted(SEES | BLIND):
        for full_only in (False, True):
            whole = set(visible_cases(world[who], full_only=full_only).values_list("pk", flat=True))
            narrowed = set(visible_cases(world[who], full_only=full_only, among=asked).values_list("pk", flat=True))
            assert narrowed == whole & set(asked), (who, full_only)
            checked += bool(narrowed)
    assert checked >= 4  # the team, the supervisor and the sharing's institution do see something
    assert Case.objects.count() == 3
