"""Merge and unmerge: one entity that keeps every source record; unmerge restores exactly."""

from __future__ import annotations

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse

from enlace.cases.models import CasePerson
from enlace.links.models import MatchCandidate, MatchKey, PersonMerge
from enlace.links.selectors import cluster_ids, root_of
from enlace.links.services_review import match_decide
from enlace.persons.models import (
    Person,
    PersonAddress,
    PersonDocument,
    PersonEmail,
    PersonHandle,
    PersonPhone,
)

from .links_factories import add_person

pytestmark = pytest.mark.django_db

PERSON_MODELS = (Person, PersonDocument, PersonPhone, PersonEmail, PersonAddress, PersonHandle, CasePerson, MatchKey)


def snapshot() -> dict:
    """Every person-related row, every column (decrypted values, versions, timestamps)."""
    out = {}
    for model in PERSON_MODELS:
        rows = {}
        for obj in model.objects.order_by("pk"):
            data = model_to_dict(obj)
            for f in obj._meta.concrete_fields:  # model_to_dict skips non-editable fields
                data[f.attname] = getattr(obj, f.attname)
            rows[obj.pk] = data
        out[model.__name__] = rows
    return out


@pytest.fixture
def three(world):
    inv, case = world["investigator"], world["case"]
    a = add_person(inv, case, given_names="Juan Carlos", first_surname="Quispe", second_surname="Mamani",
                   birth_year=1990, sex="M", documents=[("national_id", "4567891 LP", "BO")],
                   phones=["+591 71234567"], emails=["jcquispe@gmail.com"], addresses=["Z. Villa Fátima, C. 3 Nro. 45"],
                   handles=[("facebook", "@juanc.quispe")], aliases="Juancho")
    b = add_person(inv, case, role="witness", given_names="QUISPE MAMANI, Juan C.", birth_year=1990, sex="M",
                   phones=["71234567"], notes="Seen at the bus terminal")
    c = add_person(inv, case, role="other", given_names="Juan", first_surname="Quispe", second_surname="Mamani",
                   birth_year=1990, birth_month=5, sex="M", documents=[("national_id", "4.567.891-LP", "")])
    return {**world, "a": a, "b": b, "c": c}


def _candidate(x, y) -> MatchCandidate:
    lo, hi = sorted((x.pk, y.pk))
    return MatchCandidate.objects.get(person_a_id=lo, person_b_id=hi)


def test_merge_changes_only_merged_into_and_unmerge_restores_everything(three):
    before = snapshot()
    inv = three["investigator"]
    match_decide(actor=inv, candidate=_candidate(three["a"], three["b"]), decision="same")
    merged = snapshot()
    b = three["b"]
    assert merged["Person"][b.pk]["merged_into"] == three["a"].pk
    # Nothing else changed: same rows, same values (identifiers, case roles, keys, versions).
    merged["Person"][b.pk].update(merged_into=None, merged_into_id=None)
    assert merged == before
    match_decide(actor=inv, candidate=_candidate(three["a"], three["b"]), decision="not_same")
    assert snapshot() == before
    merge = PersonMerge.objects.get()
    assert merge.undone_at is not None and merge.undo_decision is not None


def test_chained_merges_unmerge_independently_without_loss(three):
    before = snapshot()
    inv, a, b, c = three["investigator"], three["a"], three["b"], three["c"]
    match_decide(actor=inv, candidate=_candidate(a, b), decision="same")
    match_decide(actor=inv, candidate=_candidate(b, c), decision="same")
    assert cluster_ids(a) == {a.pk, b.pk, c.pk}
    assert root_of(c.pk) == a.pk
    match_decide(actor=inv, candidate=_candidate(a, b), decision="unsure")  # undo the first merge only
    assert cluster_ids(a) == {a.pk, c.pk} and cluster_ids(b) == {b.pk}
    match_decide(actor=inv, candidate=_candidate(b, c), decision="not_same")
    assert snapshot() == before


def test_case_records_keep_pointing_at_their_own_person(three):
    match_decide(actor=three["investigator"], candidate=_candidate(three["a"], three["b"]), decision="same")
    roles = dict(CasePerson.objects.values_list("person_id", "role"))
    assert roles[three["b"].pk] == "witness" and roles[three["a"].pk] == "suspect"


def test_combined_view_shows_the_union_with_provenance(client, three):
    inv, a, b = three["investigator"], three["a"], three["b"]
    match_decide(actor=inv, candidate=_candidate(a, b), decision="same")
    client.force_login(inv)
    html = client.get(reverse("links:person_combined", args=[b.public_id])).content.decode()
    assert a.pseudonym in html and b.pseudonym in html
    assert "Primary record" in html
    assert "jcquispe@gmail.com" in html  # a's e-mail (suspect: identity visible) ...
    assert "+59171234567" in html  # ... and the phones of both records
    assert html.count("Textile workshop El Alto") >= 2  # each record lists its source case
    merged_page = client.get(reverse("links:person_matches", args=[a.public_id])).content.decode()
    assert "Possible matches in other cases" in merged_page
