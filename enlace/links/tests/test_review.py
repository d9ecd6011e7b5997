"""Human decisions: remembered, audited, reversible, and stronger than the model."""

from __future__ import annotations

import pytest

from enlace.audit.models import AuditEntry
from enlace.cases.models import CaseParticipant
from enlace.core.errors import Forbidden, NotFound
from enlace.links.models import CandidateStatus, MatchCandidate, MatchDecision
from enlace.links.selectors import person_hits, review_queue
from enlace.links.services import feed_batch_pairs, index_person
from enlace.links.services_review import match_decide
from enlace.persons.services import PersonChanges, person_update

from .links_factories import add_person, other_unit_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(world):
    inv, case = world["investigator"], world["case"]
    a = add_person(inv, case, given_names="Juan Carlos", first_surname="Quispe", second_surname="Mamani",
                   birth_year=1990, sex="M")
    b = add_person(inv, case, given_names="QUISPE MAMANI, Juan C.", birth_year=1990, sex="M")
    return {**world, "a": a, "b": b, "candidate": MatchCandidate.objects.get()}


def test_queue_lists_proposals_the_user_can_decide(pair):
    assert list(review_queue(actor=pair["investigator"])) == [pair["candidate"]]
    assert list(review_queue(actor=pair["outsider"])) == []
    assert list(review_queue(actor=pair["liaison"])) == []  # liaisons do not decide on matches


def test_decision_is_recorded_and_audited_without_the_note(pair):
    note = "Same CI photo in both files; nickname Juancho"
    d = match_decide(actor=pair["investigator"], candidate=pair["candidate"], decision="not_same", note=note)
    c = MatchCandidate.objects.get()
    assert c.status == CandidateStatus.REJECTED
    assert d.decided_by == pair["investigator"] and d.note == note
    entry = AuditEntry.objects.get(action="links.decide")
    assert entry.details["decision"] == "not_same" and entry.details["previous_status"] == "proposed"
    assert note not in str(entry.details)
    assert list(review_queue(actor=pair["investigator"])) == []


def test_new_decision_supersedes_the_previous(pair):
    first = match_decide(actor=pair["investigator"], candidate=pair["candidate"], decision="unsure")
    second = match_decide(actor=pair["prosecutor"], candidate=pair["candidate"], decision="not_same")
    first.refresh_from_db()
    assert first.superseded_by == second and second.superseded_by is None
    assert MatchCandidate.objects.get().status == CandidateStatus.REJECTED
    assert MatchDecision.objects.count() == 2


def test_rejected_pair_is_never_proposed_again_by_realtime_matching(pair):
    match_decide(actor=pair["investigator"], candidate=pair["candidate"], decision="not_same")
    b = pair["b"]
    person_update(actor=pair["investigator"], person=b, expected_version=b.version, changes=PersonChanges(given_names="Juan Carlos", first_surname="Quispe", second_surname="Mamani"))
    index_person(pair["a"])
    assert MatchCandidate.objects.get().status == CandidateStatus.REJECTED
    assert person_hits(actor=pair["investigator"], person=pair["a"]).visible == []
    assert list(review_queue(actor=pair["investigator"])) == []


def test_batch_engine_proposals_respect_decisions(pair):
    c = pair["candidate"]
    match_decide(actor=pair["investigator"], candidate=c, decision="not_same")
    stats = feed_batch_pairs([(c.person_a_id, c.person_b_id, 0.999, [], True)], min_probability=0.5)
    assert stats["skipped_decided"] == 1
    assert MatchCandidate.objects.get().status == CandidateStatus.REJECTED


def test_confirmed_pair_stays_linked_whatever_the_model_says(pair):
    match_decide(actor=pair["investigator"], candidate=pair["candidate"], decision="same")
    b = pair["b"]
    b.refresh_from_db()
    person_update(actor=pair["investigator"], person=b, expected_version=b.version, changes=PersonChanges(given_names="Pedro", first_surname="Vargas"))  # the model no longer sees a match
    c = MatchCandidate.objects.get()
    assert c.status == CandidateStatus.CONFIRMED
    b.refresh_from_db()
    assert b.merged_into_id == pair["a"].pk


def test_deciding_needs_both_records_visible_and_a_deciding_role(pair):
    w = other_unit_world(pair)
    with pytest.raises(NotFound):
        match_decide(actor=w["cbba_inv"], candidate=pair["candidate"], decision="same")
    CaseParticipant.objects.create(case=pair["case"], user=pair["liaison"])
    with pytest.raises(Forbidden):
        match_decide(actor=pair["liaison"], candidate=pair["candidate"], decision="same")
    assert MatchDecision.objects.count() == 0


def test_invalid_decision_is_a_validation_error(pair):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        match_decide(actor=pair["investigator"], candidate=pair["candidate"], decision="maybe")
