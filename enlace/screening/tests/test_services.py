"""Screening writes: drafts step by step, scoring through the engine, need-to-know, conversion to a case."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from enlace.accounts.tests.factories import TeamFactory, make_user
from enlace.audit.models import AuditEntry
from enlace.cases.models import CaseTask
from enlace.cases.selectors import case_get, case_list
from enlace.core.errors import Forbidden, NotFound
from enlace.persons.selectors import person_visible
from enlace.referrals.models import Consent, Notification, Referral
from enlace.referrals.tests.factories import (
    POSSIBLE_ADULT_LABOUR,
    PRESUMED_ADULT_LABOUR,
    give_consent,
    make_provider,
    make_screener,
    screened,
)
from enlace.screening import services
from enlace.screening.models import ScreeningStatus
from enlace.screening.scoring import score_screening
from enlace.screening.selectors import screening_get, screening_list

pytestmark = pytest.mark.django_db


def test_start_allocates_scr_pseudonym_and_picks_lists_by_age(world):
    screener = make_screener(world)
    adult = services.screening_start(actor=screener, exploitation="labour", age_at_exploitation=30, country="BO",
                                     subdivision="BO-L")
    unknown = services.screening_start(actor=screener, exploitation="sexual", age_at_exploitation=None, country="BO",
                                       subdivision="BO-C")
    assert adult.pseudonym == "SCR-LPZ-0001" and unknown.pseudonym == "SCR-CBB-0001"
    assert adult.instrument_labels == ["ilo-ec-2009-adult-labour@2009.1"]
    assert unknown.instrument_labels == ["ilo-ec-2009-adult-sexual@2009.1", "ilo-ec-2009-child-sexual@2009.1"]
    assert adult.institution == world["police"] and adult.unit == world["lpz"]
    assert AuditEntry.objects.filter(action="screening.create", object_id=str(adult.pk)).exists()


def test_roles_without_screening_cannot_start(world):
    with pytest.raises(Forbidden):
        services.screening_start(actor=world["auditor"], exploitation="labour", age_at_exploitation=30, country="BO")


def test_anonymous_screening_refuses_names(world):
    screener = make_screener(world)
    s = services.screening_start(actor=screener, exploitation="labour", age_at_exploitation=30, country="BO")
    with pytest.raises(ValidationError) as exc:
        services.screening_set_identity(actor=screener, screening=s, expected_version=s.version, anonymous=True,
                                        given_names="Rosa")
    assert "anonymous" in exc.value.message_dict
    s.refresh_from_db()
    assert s.given_names == ""


def test_answer_one_dimension_replaces_only_that_dimension(world):
    screener = make_screener(world)
    s = services.screening_start(actor=screener, exploitation="labour", age_at_exploitation=30, country="BO")
    services.screening_answer(actor=screener, screening=s, expected_version=s.version, dimension=1,
                              yes=["deceived_about_nature_of_job"])
    services.screening_answer(actor=screener, screening=s, expected_version=s.version, dimension=4,
                              yes=["excessive_working_hours"])
    services.screening_answer(actor=screener, screening=s, expected_version=s.version, dimension=1,
                              yes=["deceived_about_contract"])
    s.refresh_from_db()
    assert sorted(s.answers) == ["deceived_about_contract", "excessive_working_hours"]
    assert {"1", "4"} <= set(s.steps_done)


def test_answer_with_key_of_another_dimension_is_refused(world):
    screener = make_screener(world)
    s = services.screening_start(actor=screener, exploitation="labour", age_at_exploitation=30, country="BO")
    with pytest.raises(ValidationError):
        services.screening_answer(actor=screener, screening=s, expected_version=s.version, dimension=1,
                                  yes=["debt_bondage"])
    with pytest.raises(ValidationError):
        services.screening_set_answers(actor=screener, screening=s, expected_version=s.version, yes=["no_such_key"])


def test_complete_stores_the_engine_result_and_locks_the_screening(world):
    screener = make_screener(world)
    s = screened(screener, yes=PRESUMED_ADULT_LABOUR)
    expected = score_screening(exploitation="labour", answered_yes=PRESUMED_ADULT_LABOUR, age_at_exploitation=24)
    assert s.status == ScreeningStatus.COMPLETED and s.outcome == "presumed_victim"
    assert s.result == expected.to_dict()
    with pytest.raises(ValidationError):
        services.screening_answer(actor=screener, screening=s, expected_version=s.version, dimension=1, yes=[])


def test_possible_victim_lists_missing_destination(world):
    s = screened(make_screener(world), yes=POSSIBLE_ADULT_LABOUR)
    assert s.outcome == "possible_victim"
    assert s.result["results"][0]["missing_elements"] == ["coercion_or_vulnerability_at_destination"]


def test_unknown_age_scores_both_lists_and_takes_the_protective_outcome(world):
    # 1 and 4 positive, nothing at destination: a child is a presumed victim, an adult only possible.
    s = screened(make_screener(world), yes=POSSIBLE_ADULT_LABOUR, age=None)
    assert [r["population"] for r in s.result["results"]] == ["adult", "child"]
    assert s.outcome == "presumed_victim" and s.result["outcome_from"] == ["child"]


def test_changing_age_drops_answers_the_new_list_lacks(world):
    screener = make_screener(world)
    s = services.screening_start(actor=screener, exploitation="sexual", age_at_exploitation=None, country="BO")
    services.screening_answer(actor=screener, screening=s, expected_version=s.version, dimension=4,
                              yes=["moved_between_venues"])
    dropped = services.screening_update_start(actor=screener, screening=s, expected_version=s.version,
                                              exploitation="labour", age_at_exploitation=30, country="BO")
    assert dropped == ["moved_between_venues"]
    s.refresh_from_db()
    assert s.answers == [] and s.instrument_labels == ["ilo-ec-2009-adult-labour@2009.1"]


def test_only_the_author_edits_a_draft(world):
    author = make_screener(world)
    other = make_screener(world, username="scr_other")
    s = services.screening_start(actor=author, exploitation="labour", age_at_exploitation=30, country="BO")
    with pytest.raises(NotFound):
        services.screening_answer(actor=other, screening=s, expected_version=s.version, dimension=1, yes=[])


def test_need_to_know_own_unit_supervisor_and_team(world):
    author = make_screener(world)
    s = screened(author)
    colleague = make_screener(world, username="scr_colleague")  # same unit, not a supervisor
    assert screening_get(actor=author, screening_id=s.public_id) == s
    assert screening_get(actor=world["supervisor"], screening_id=s.public_id) == s  # supervises La Paz
    for outsider in (colleague, world["other_supervisor"], world["investigator"], world["service_provider"],
                     world["auditor"], world["sysadmin"]):
        with pytest.raises(NotFound):
            screening_get(actor=outsider, screening_id=s.public_id)
    services.screening_hand_over(actor=author, screening=s, team=world["team"])
    assert screening_get(actor=world["investigator"], screening_id=s.public_id) == s
    assert Notification.objects.filter(user=world["investigator"], kind="screening_handed_over").exists()
    assert list(screening_list(actor=colleague)) == []


def test_convert_to_new_case_keeps_links_moves_consents_and_notifies(world):
    author = make_screener(world)
    s = screened(author, anonymous=False, names=("Rosa", "Mamani"))
    provider, ngo = make_provider()
    give_consent(author, screening=s, recipient=ngo)
    referral = referral_services_create(author, s, ngo)
    services.screening_hand_over(actor=author, screening=s, team=world["team"])
    s.refresh_from_db()
    cp = services.screening_convert(actor=world["investigator"], screening=s, expected_version=s.version)
    s.refresh_from_db()
    assert s.person == cp.person and s.case == cp.case and cp.role == "presumed_victim"
    assert cp.person.given_names == "Rosa" and cp.person.pseudonym.startswith("V-")
    assert cp.case.team == world["team"] and cp.case.forms_of_exploitation == []
    assert CaseTask.objects.filter(case=cp.case, title__contains=s.pseudonym).exists()
    assert Consent.objects.get(screening=s).person == cp.person
    assert Referral.objects.get(pk=referral.pk).person == cp.person
    converted = Notification.objects.get(user=world["prosecutor"], kind="screening_converted")
    assert f"in case {cp.case.reference_label()}:" in converted.text and "#" not in converted.text
    assert Notification.objects.filter(user=author, kind="screening_taken_up").exists()
    assert AuditEntry.objects.filter(action="screening.convert", case_id=cp.case.pk).exists()


def referral_services_create(actor, screening, recipient):
    from enlace.referrals.services import referral_create

    return referral_create(actor=actor, screening=screening, service="shelter", recipient=recipient)


def test_convert_into_existing_case(world):
    author = make_screener(world)
    s = screened(author)
    services.screening_hand_over(actor=author, screening=s, team=world["team"])
    s.refresh_from_db()
    cp = services.screening_convert(actor=world["investigator"], screening=s, expected_version=s.version,
                                    case=world["case"])
    assert cp.case == world["case"] and s.__class__.objects.get(pk=s.pk).case == world["case"]


def test_frontline_screener_cannot_convert_or_see_the_case(world):
    author = make_screener(world)
    s = screened(author)
    with pytest.raises(Forbidden):
        services.screening_convert(actor=author, screening=s, expected_version=s.version)
    services.screening_hand_over(actor=author, screening=s, team=world["team"])
    s.refresh_from_db()
    cp = services.screening_convert(actor=world["investigator"], screening=s, expected_version=s.version)
    # The screener still sees the screening, but nothing of the case system.
    assert screening_get(actor=author, screening_id=s.public_id).case_id == cp.case.pk
    assert list(case_list(actor=author)) == []
    with pytest.raises(NotFound):
        case_get(actor=author, case_id=cp.case.public_id)
    assert not person_visible(actor=author, person=cp.person)


def test_no_conversion_of_drafts_or_no_indicators(world):
    author = make_screener(world)
    draft = screened(author, complete=False)
    empty = screened(author, yes=[])
    supervisor = world["supervisor"]
    for s in (draft, empty):
        with pytest.raises(ValidationError):
            services.screening_convert(actor=supervisor, screening=s, expected_version=s.version)


def test_discard_only_drafts(world):
    author = make_screener(world)
    draft = screened(author, complete=False)
    done = screened(author)
    services.screening_discard(actor=author, screening=draft)
    assert not draft.__class__.objects.filter(pk=draft.pk).exists()
    with pytest.raises(ValidationError):
        services.screening_discard(actor=author, screening=done)


def test_team_member_outside_team_cannot_see_hand_over(world):
    author = make_screener(world)
    s = screened(author)
    other_team = TeamFactory(code="eme-cbba", subdivision="BO-C")
    member = make_user("investigator", institution=world["police"], team=other_team, username="inv_cbba")
    services.screening_hand_over(actor=author, screening=s, team=world["team"])
    with pytest.raises(NotFound):
        screening_get(actor=member, screening_id=s.public_id)
