"""Real-time hits: the match index and the scores, on real-looking records of the region."""

from __future__ import annotations

import pytest
from django.db.models import Q

from enlace.links import matching
from enlace.links.models import CandidateKind, CandidateStatus, MatchCandidate, MatchKey
from enlace.links.selectors import case_hits, person_hits
from enlace.links.services import index_case, reindex_all
from enlace.persons.models import BankAccount, Vehicle
from enlace.persons.services import PersonChanges, person_update

from .links_factories import add_person, other_unit_world

pytestmark = pytest.mark.django_db


def _pair(a, b):
    lo, hi = sorted((a.pk, b.pk))
    return MatchCandidate.objects.filter(person_a_id=lo, person_b_id=hi).first()


def test_comma_form_with_initial_matches_full_name_with_same_birth_year(world):
    inv, case = world["investigator"], world["case"]
    a = add_person(inv, case, given_names="Juan Carlos", first_surname="Quispe", second_surname="Mamani",
                   birth_year=1990, sex="M")
    b = add_person(inv, case, role="witness", given_names="QUISPE MAMANI, Juan C.", birth_year=1990, sex="M")
    candidate = _pair(a, b)
    assert candidate is not None
    assert candidate.kind == CandidateKind.SAME_PERSON
    assert candidate.status == CandidateStatus.PROPOSED
    reasons = {r["field"]: r["level"] for r in candidate.reasons}
    assert reasons["surnames"] == "both"
    assert reasons["given_name"] == "exact"
    assert reasons["birth_date"] == "same_year"  # both give only the year


def test_phone_with_and_without_country_code_is_one_key_and_a_hit(world):
    inv, case = world["investigator"], world["case"]
    a = add_person(inv, case, given_names="Rosa", first_surname="Condori", phones=["+591 71234567"])
    b = add_person(inv, case, role="victim", given_names="Wilma", first_surname="Apaza", phones=["71234567"])
    keys_a = set(MatchKey.objects.filter(person=a, kind="phone").values_list("key", flat=True))
    keys_b = set(MatchKey.objects.filter(person=b, kind="phone").values_list("key", flat=True))
    assert keys_a and keys_a == keys_b
    candidate = _pair(a, b)
    assert candidate is not None
    # Different names: not the same person, but the shared phone is a link worth showing.
    assert candidate.kind == CandidateKind.SHARED_IDENTIFIER
    assert {"field": "phone", "level": "exact", "weight": 5.0} in candidate.reasons


def test_no_plaintext_in_the_index(world):
    inv, case = world["investigator"], world["case"]
    p = add_person(inv, case, given_names="Juan", first_surname="Quispe", documents=[("national_id", "4567891 LP", "BO")],
                   phones=["71234567"], birth_year=1988)
    stored = " ".join(MatchKey.objects.filter(person=p).values_list("key", flat=True))
    for plain in ("quispe", "kispi", "juan", "4567891", "71234567", "1988"):
        assert plain not in stored.lower()
    assert all(len(k) == 32 for k in MatchKey.objects.filter(person=p).values_list("key", flat=True))


def test_nickname_swapped_surnames_and_partial_date(world):
    inv, case = world["investigator"], world["case"]
    a = add_person(inv, case, given_names="Francisco", first_surname="Mamani", second_surname="Choque",
                   birth_year=1985, birth_month=3, birth_day=12, sex="M")
    b = add_person(inv, case, given_names="Pancho", first_surname="Choque", second_surname="Mamani",
                   birth_year=1985, birth_month=12, birth_day=3, sex="M")
    candidate = _pair(a, b)
    assert candidate is not None and candidate.kind == CandidateKind.SAME_PERSON
    reasons = {r["field"]: r["level"] for r in candidate.reasons}
    assert reasons == {"given_name": "nickname", "surnames": "swapped", "birth_date": "day_month_swapped",
                       "sex": "same"}


def test_married_name_and_missing_second_surname(world):
    inv, case = world["investigator"], world["case"]
    a = add_person(inv, case, role="victim", given_names="María", first_surname="Quispe", second_surname="Mamani",
                   birth_year=1979, sex="F", documents=[("national_id", "3344556 LP", "BO")])
    b = add_person(inv, case, role="victim", given_names="Maria", first_surname="Quispe", married_surname="Choque",
                   birth_year=1979, sex="F", documents=[("national_id", "3.344.556-LP", "")])
    candidate = _pair(a, b)
    assert candidate is not None and candidate.kind == CandidateKind.SAME_PERSON
    fields = {r["field"] for r in candidate.reasons}
    assert "document" in fields  # dots and the place suffix dropped, country inferred
    assert candidate.score > 0.99


def test_relatives_sharing_surnames_and_phone_are_not_proposed_as_one_person(world):
    inv, case = world["investigator"], world["case"]
    a = add_person(inv, case, role="victim", given_names="Juana", first_surname="Quispe", second_surname="Mamani",
                   birth_year=2008, sex="F", phones=["72223344"])
    b = add_person(inv, case, role="victim", given_names="Lidia", first_surname="Quispe", second_surname="Mamani",
                   birth_year=2010, sex="F", phones=["72223344"])
    candidate = _pair(a, b)
    assert candidate is not None and candidate.kind == CandidateKind.SHARED_IDENTIFIER


def test_unrelated_people_produce_no_candidate(world):
    inv, case = world["investigator"], world["case"]
    a = add_person(inv, case, given_names="Juan", first_surname="Quispe", birth_year=1990)
    b = add_person(inv, case, given_names="Ana", first_surname="Vargas", birth_year=1970)
    assert _pair(a, b) is None


def test_update_of_a_name_refreshes_keys_and_hits(world):
    inv, case = world["investigator"], world["case"]
    a = add_person(inv, case, given_names="Juan Carlos", first_surname="Quispe", second_surname="Mamani",
                   birth_year=1990)
    b = add_person(inv, case, given_names="Pedro", first_surname="Vargas", second_surname="Rojas", birth_year=1990)
    assert _pair(a, b) is None
    person_update(actor=inv, person=b, expected_version=b.version, changes=PersonChanges(given_names="Juan Carlos", first_surname="Quispe", second_surname="Mamani"))
    assert _pair(a, b) is not None
    # And back: the machine proposal nobody acted on goes away.
    b.refresh_from_db()
    person_update(actor=inv, person=b, expected_version=b.version, changes=PersonChanges(given_names="Pedro", first_surname="Vargas", second_surname="Rojas"))
    assert _pair(a, b) is None


def test_hits_shown_with_reasons_for_visible_persons(world):
    inv, case = world["investigator"], world["case"]
    a = add_person(inv, case, given_names="Juan Carlos", first_surname="Quispe", second_surname="Mamani",
                   birth_year=1990, sex="M")
    b = add_person(inv, case, given_names="QUISPE MAMANI, Juan C.", birth_year=1990, sex="M")
    hits = person_hits(actor=inv, person=a)
    assert [h.person.pk for h in hits.visible] == [b.pk]
    assert hits.hidden == []
    assert {r["field"] for r in hits.visible[0].reasons} >= {"given_name", "surnames", "birth_date"}


def test_case_level_keys_for_accounts_and_plates(world):
    case = world["case"]
    w = other_unit_world(world)
    account = BankAccount.objects.create(bank="BNB", number="1000-2345-6789", country="BO")
    case.bank_accounts.add(account)  # the signal indexes the case
    other = BankAccount.objects.create(bank="BNB", number="1000 2345 6789", country="BO")
    w["cbba_case"].bank_accounts.add(other)
    vehicle = Vehicle.objects.create(plate="2345-ABO", country="BO")
    case.vehicles.add(vehicle)
    keys = MatchKey.objects.filter(case=case).values_list("kind", flat=True)
    assert sorted(keys) == ["account", "plate"]
    shared = set(MatchKey.objects.filter(case=case, kind="account").values_list("key", flat=True)) & set(
        MatchKey.objects.filter(case=w["cbba_case"], kind="account").values_list("key", flat=True))
    assert shared
    index_case(case)  # idempotent
    assert MatchKey.objects.filter(case=case).count() == 2


def test_reindex_all_rebuilds_the_same_index(world):
    inv, case = world["investigator"], world["case"]
    add_person(inv, case, given_names="Juan Carlos", first_surname="Quispe", second_surname="Mamani", birth_year=1990)
    add_person(inv, case, given_names="QUISPE MAMANI, Juan C.", birth_year=1990)
    before = sorted(MatchKey.objects.values_list("person_id", "kind", "key"))
    pairs = sorted(MatchCandidate.objects.values_list("person_a_id", "person_b_id", "kind"))
    MatchKey.objects.all().delete()
    stats = reindex_all()
    assert sorted(MatchKey.objects.values_list("person_id", "kind", "key")) == before
    assert sorted(MatchCandidate.objects.values_list("person_a_id", "person_b_id", "kind")) == pairs
    assert stats["persons"] == 2


def test_common_name_block_is_capped(world, monkeypatch):
    """A name key held by more persons than its family's limit brings nobody; the narrower
    keys still find the duplicate ("Ana Quispe" + 1990)."""
    from enlace.links import services

    inv, case = world["investigator"], world["case"]
    namesakes = {add_person(inv, case, given_names="Ana", first_surname="Quispe", birth_year=year).pk
                 for year in (1960, 1961, 1962)}
    duplicate = add_person(inv, case, given_names="Ana", first_surname="Quispe", birth_year=1990)
    late = add_person(inv, case, given_names="Ana", first_surname="Quispe", birth_year=1990)
    features = matching.person_features(late)
    assert services._candidate_ids(late, features) == {duplicate.pk, *namesakes}
    monkeypatch.setattr(matching, "MAX_BLOCK", 6)  # "Ana + Quispe" (4 others) may hold 2 now
    assert matching.block_limit("gs") == 2 and matching.block_limit("gsy") == 6
    assert services._candidate_ids(late, features) == {duplicate.pk}


def test_case_hits_list_every_person(world):
    inv, case = world["investigator"], world["case"]
    add_person(inv, case, given_names="Juan", first_surname="Quispe")
    add_person(inv, case, given_names="Rosa", first_surname="Apaza")
    assert len(case_hits(actor=inv, case=case)) == 2
    assert case_hits(actor=world["outsider"], case=case) == []


def test_name_only_candidates_are_capped_but_identifiers_never(world, monkeypatch):
    """A save scores everyone sharing an identifier, and of those brought by name keys alone
    only the ones sharing the most keys (bench/match_on_save.py: hundreds of "Quispe + J"
    made a save take seconds)."""
    from enlace.links import matching, services

    inv, case = world["investigator"], world["case"]
    common = {"first_surname": "Quispe", "second_surname": "Mamani", "sex": "M"}
    others = [add_person(inv, case, given_names=f"Juan {extra}", birth_year=1960 + i, **common)
              for i, extra in enumerate(["Pablo", "José", "Luis", "Mario"])]
    phone_mate = add_person(inv, case, given_names="Rosa", first_surname="Apaza", phones=["+591 71234567"])
    duplicate = add_person(inv, case, given_names="Juan Carlos", birth_year=1990, **common)
    target = add_person(inv, case, given_names="Juan Carlos", birth_year=1990, phones=["71234567"], **common)
    features = matching.person_features(target)
    everyone = services._candidate_ids(target, features)
    assert {duplicate.pk, phone_mate.pk, *(p.pk for p in others)} <= everyone
    monkeypatch.setattr(services, "MAX_NAME_CANDIDATES", 2)
    capped = services._candidate_ids(target, features)
    assert duplicate.pk in capped and phone_mate.pk in capped
    assert len(capped - {phone_mate.pk}) == 2


def test_hotline_like_identifier_is_skipped_and_key_holders_stop_at_the_limit(world, monkeypatch):
    """A phone on more records than IDENTIFIER_MAX_BLOCK (a hotline, a shelter's number) says
    nothing; the read that decides it stops at limit + 1 instead of reading the whole block."""
    from enlace.links import services

    inv, case = world["investigator"], world["case"]
    for given in ("Ana", "Eva", "Ivo", "Luz"):
        add_person(inv, case, given_names=given, first_surname="Vargas", phones=["+591 71234567"])
    monkeypatch.setattr(services, "IDENTIFIER_MAX_BLOCK", 2)
    late = add_person(inv, case, given_names="Rosa", first_surname="Apaza", phones=["71234567"])
    assert not MatchCandidate.objects.filter(person_a=late).exists()
    assert not MatchCandidate.objects.filter(person_b=late).exists()
    phone_key = MatchKey.objects.get(person=late, kind="phone").key
    assert len(services._key_holders(late.pk, {phone_key: 2})[phone_key]) == 3  # 4 others, read to 3
    assert len(services._key_holders(late.pk, {phone_key: 10})[phone_key]) == 4
    one_query = services._key_holders(late.pk, {"no-such-key": 5, phone_key: 0})
    assert {k: len(v) for k, v in one_query.items()} == {phone_key: 1}  # absent keys: no entry
    monkeypatch.setattr(services, "IDENTIFIER_MAX_BLOCK", 4)
    person_update(actor=inv, person=late, expected_version=late.version, changes=PersonChanges(given_names="Rosa Elena"))
    mine = MatchCandidate.objects.filter(Q(person_a=late) | Q(person_b=late))
    assert mine.filter(kind=CandidateKind.SHARED_IDENTIFIER).count() == 4
