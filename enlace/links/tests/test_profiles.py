"""Sealed match profiles and the write side of matching on save.

A save scores its candidates from ``MatchProfile`` rows (one query, one decryption each)
instead of re-reading and re-parsing every candidate's record; these tests pin what that
shortcut must keep: the same features, nothing readable at rest, a register indexed before
profiles existed still matched, and a number of queries that does not grow with the number
of candidates.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from enlace.core.fields import seal_for
from enlace.links import matching
from enlace.links.models import MatchCandidate, MatchProfile
from enlace.links.services import match_person
from enlace.persons.models import Person
from enlace.persons.services import PersonChanges

from .links_factories import add_person

pytestmark = pytest.mark.django_db

VARIED = [
    {"given_names": "Juan Carlos", "first_surname": "Quispe", "second_surname": "Mamani", "birth_year": 1990,
     "birth_month": 3, "birth_day": 14, "sex": "M", "nationality": "BO", "phones": ["+591 71234567"],
     "documents": [("national_id", "4.567.891 LP", "BO")]},
    {"given_names": "QUISPE MAMANI, Juan C.", "birth_year": 1990},
    {"given_names": "Beto", "first_surname": "de la Cruz", "aliases": "El Flaco\nRoberto Cruz", "sex": "M"},
    {"given_names": "María Luisa", "first_surname": "Flores", "married_surname": "Condori", "sex": "F",
     "nationality": "PE", "emails": ["ML.Flores@Example.org"]},
    {"given_names": "J. P.", "first_surname": "Choque"},
]


def _persons(world) -> list[Person]:
    inv, case = world["investigator"], world["case"]
    return [add_person(inv, case, **fields) for fields in VARIED]


def _fresh(person: Person) -> Person:
    return Person.objects.prefetch_related("documents", "phones", "emails", "handles", "addresses").get(pk=person.pk)


def test_stored_profile_gives_back_exactly_the_features_of_the_record(world):
    for person in _persons(world):
        features = matching.person_features(_fresh(person))
        stored = MatchProfile.objects.get(person=person).features
        assert matching.features_loads(person.pk, stored) == features
        assert matching.features_loads(person.pk, matching.features_dumps(features)) == features


def test_profile_is_encrypted_at_rest(world):
    person = _persons(world)[0]
    with connection.cursor() as cursor:
        cursor.execute("SELECT features FROM links_matchprofile WHERE person_id = %s", [person.pk])
        (raw,) = cursor.fetchone()
    assert raw.startswith("enc2:")  # bound to its row
    for plain in ("quispe", "mamani", "juan", "4567891", "1990", "71234567"):
        assert plain not in raw.lower()


def test_profile_of_another_format_or_missing_is_rebuilt_and_still_matched(world):
    inv, case = world["investigator"], world["case"]
    old = add_person(inv, case, given_names="Juan Carlos", first_surname="Quispe", second_surname="Mamani",
                     birth_year=1990, sex="M")
    gone = add_person(inv, case, given_names="Rosa", first_surname="Apaza", phones=["+591 71234567"])
    profile = MatchProfile.objects.get(person=old)  # written by an older release:
    MatchProfile.objects.filter(person=old).update(features=seal_for(profile, "features", "[0]"))
    MatchProfile.objects.filter(person=gone).delete()  # indexed before profiles existed
    MatchCandidate.objects.all().delete()
    new = add_person(inv, case, given_names="Juan Carlos", first_surname="Quispe", second_surname="Mamani",
                     birth_year=1990, sex="M", phones=["71234567"])
    partners = {c.other(new.pk) for c in MatchCandidate.objects.all()}
    assert partners == {old.pk, gone.pk}
    for person in (old, gone):  # healed on use
        stored = MatchProfile.objects.get(person=person).features
        assert matching.features_loads(person.pk, stored) == matching.person_features(_fresh(person))


def _queries_to_match(target: Person) -> int:
    MatchCandidate.objects.all().delete()
    with CaptureQueriesContext(connection) as ctx:
        kept = match_person(_fresh(target))
    assert kept and MatchCandidate.objects.count() == len(kept)
    return len(ctx.captured_queries)


def test_queries_of_a_save_do_not_grow_with_its_candidates(world):
    """The old path made a query per candidate (and six per loaded record): hundreds per save."""
    inv, case = world["investigator"], world["case"]
    target = add_person(inv, case, given_names="Rosa", first_surname="Apaza", phones=["+591 71234567"])
    add_person(inv, case, given_names="Wilma", first_surname="Choque", phones=["71234567"])
    few = _queries_to_match(target)
    for i in range(12):
        add_person(inv, case, given_names=f"Testigo {i}", first_surname="Vargas", phones=["71234567"])
    assert MatchCandidate.objects.count() >= 12
    assert _queries_to_match(target) == few


def test_resaving_an_unchanged_record_writes_no_candidate(world):
    inv, case = world["investigator"], world["case"]
    target = add_person(inv, case, given_names="Juan Carlos", first_surname="Quispe", second_surname="Mamani",
                        birth_year=1990, sex="M", phones=["71234567"])
    add_person(inv, case, given_names="QUISPE MAMANI, Juan C.", birth_year=1990, sex="M")
    add_person(inv, case, given_names="Rosa", first_surname="Apaza", phones=["+591 71234567"])
    before = sorted(MatchCandidate.objects.values_list("pk", "score", "kind", "updated_at"))
    assert len(before) == 2
    with CaptureQueriesContext(connection) as ctx:
        kept = match_person(_fresh(target))
    assert len(kept) == 2 and all(c.pk for c in kept)  # the stored rows, refreshed in place
    writes = [q["sql"] for q in ctx.captured_queries
              if "links_matchcandidate" in q["sql"] and q["sql"].split()[0].upper() in ("INSERT", "UPDATE", "DELETE")]
    assert writes == []
    assert sorted(MatchCandidate.objects.values_list("pk", "score", "kind", "updated_at")) == before


@pytest.mark.django_db(transaction=True)
def test_vacuum_after_a_full_reindex_runs_on_postgresql_outside_transactions_only():
    """Index-only lookups need PostgreSQL's visibility map: `enlace resolve --reindex` vacuums."""
    from django.db import transaction

    from enlace.links.services import vacuum_match_index

    with transaction.atomic():
        assert vacuum_match_index() is False  # VACUUM cannot run in a transaction
    assert vacuum_match_index() is (connection.vendor == "postgresql")


def test_a_pair_inserted_meanwhile_by_another_save_does_not_fail_this_one(world, monkeypatch):
    """Two officers saving the two records of one pair at once both find the pair new."""
    inv, case = world["investigator"], world["case"]
    a = add_person(inv, case, given_names="Rosa", first_surname="Apaza", phones=["+591 71234567"])
    b = add_person(inv, case, given_names="Wilma", first_surname="Choque", phones=["71234567"])
    MatchCandidate.objects.all().delete()
    real = matching.score_pair

    def other_save_commits_meanwhile(fa, fb):  # after this save read the existing pairs
        if not MatchCandidate.objects.exists():
            lo, hi = sorted((a.pk, b.pk))
            MatchCandidate.objects.create(person_a_id=lo, person_b_id=hi, kind="shared_identifier", score=0.1)
        return real(fa, fb)

    monkeypatch.setattr(matching, "score_pair", other_save_commits_meanwhile)
    match_person(_fresh(b))
    assert MatchCandidate.objects.count() == 1
    assert MatchCandidate.objects.get().score == 0.1  # left as the other save wrote it


def test_profile_follows_an_edit_of_the_record(world):
    """The profile is upserted on every save: an edited name is what the next lookup scores."""
    from enlace.persons.services import person_update

    person = _persons(world)[0]
    person_update(actor=world["investigator"], person=person, expected_version=person.version, changes=PersonChanges(given_names="Rosa Elena", first_surname="Apaza"))
    stored = matching.features_loads(person.pk, MatchProfile.objects.get(person=person).features)
    assert stored == matching.person_features(_fresh(person))
    assert stored.name.given[:2] == ("rosa", "elena") and stored.name.first_surname == "apaza"
    assert MatchProfile.objects.filter(person=person).count() == 1
