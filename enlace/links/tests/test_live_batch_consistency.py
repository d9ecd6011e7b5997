"""The same pair compares the same way on save and in the batch engine.

Both paths feed one review queue: if matching on save reads "Villca" and "Vilca" as
sounding alike while the batch engine does not, or a phone is invalid on save but gets a
made-up number in batch, the same two records are proposed by one path and not by the
other. Each pair below is saved as two persons (through the case and person services) and
scored from their sealed profiles as a save scores them; the same records go through the
batch engine's preparation and comparison. Per field, both must reach the same level of
agreement (the batch engine has more levels than the hand-set weights on save, so the
levels are compared in the groups both can tell apart), and per record both must hold the
same normalised values.
"""

from __future__ import annotations

import numpy as np
import pytest

from enlace.links import matching
from enlace.links.engine.compare import FIELDS, compare_pairs
from enlace.links.engine.prepare import prepare
from enlace.links.engine.resolve import to_table
from enlace.links.models import MatchProfile
from enlace.normalize import spanish_phonetic, surname_key

from .links_factories import add_person

pytestmark = pytest.mark.django_db

JUAN = {"given_names": "Juan", "first_surname": "Quispe", "second_surname": "Mamani", "birth": (1990, 3, 4),
        "sex": "M", "nationality": "BO"}
ROSA = {"given_names": "Rosa", "first_surname": "Condori", "birth": (1985, 7, 2), "sex": "F", "nationality": "BO"}

# (name, record a, record b): b is a's copy with the changes given.
PAIRS = [
    ("sound_villca", {**ROSA, "first_surname": "Villca"}, {"first_surname": "Vilca"}),
    ("sound_villca_bilca", {**ROSA, "first_surname": "Villca"}, {"first_surname": "Bilca"}),
    ("sound_huaman", {**ROSA, "first_surname": "Huaman"}, {"first_surname": "Guamán"}),
    ("sound_philco", {**ROSA, "first_surname": "Philco"}, {"first_surname": "Filco"}),
    ("sound_quispe", {**ROSA, "first_surname": "Quispe"}, {"first_surname": "Kispe"}),
    ("typo_dropped", JUAN, {"second_surname": "Mamni"}),
    ("typo_replaced", {**ROSA, "first_surname": "Mamani"}, {"first_surname": "Mamami"}),
    ("typo_doubled_given", JUAN, {"given_names": "Juaan"}),
    ("swapped_surnames", JUAN, {"first_surname": "Mamani", "second_surname": "Quispe"}),
    ("swapped_with_typo", JUAN, {"first_surname": "Mamani", "second_surname": "Quipse"}),
    ("second_surname_dropped", JUAN, {"second_surname": ""}),
    ("particle", {**ROSA, "first_surname": "de la Cruz"}, {"first_surname": "Cruz"}),
    ("married", {**ROSA, "first_surname": "Flores", "married_surname": "Condori"},
     {"first_surname": "Condori", "married_surname": ""}),
    ("comma_in_surname_box", {**JUAN, "given_names": "", "first_surname": "QUISPE MAMANI, Juan",
                              "second_surname": ""}, {"given_names": "Juan"}),
    ("nickname_one_meaning", JUAN, {"given_names": "Pancho"}),
    ("nickname_beto_roberto", {**JUAN, "given_names": "Beto"}, {"given_names": "Roberto"}),
    ("nickname_beto_humberto", {**JUAN, "given_names": "Beto"}, {"given_names": "Humberto"}),
    ("nickname_beto_alberto", {**JUAN, "given_names": "Beto"}, {"given_names": "Alberto"}),
    ("nickname_without_birth_date", {**JUAN, "given_names": "Pepe", "birth": None}, {"given_names": "José"}),
    ("second_given_name", JUAN, {"given_names": "Juan Carlos"}),
    ("other_person", JUAN, {"given_names": "Pedro", "birth": (1971, 11, 30)}),
    ("day_month_swapped", JUAN, {"birth": (1990, 4, 3)}),
    ("year_only", JUAN, {"birth": (1990, None, None)}),
    ("year_month", JUAN, {"birth": (1990, 3, None)}),
    ("other_sex", JUAN, {"sex": "F"}),
    ("other_nationality", JUAN, {"nationality": "PE"}),
    ("phone_local_and_international", {**JUAN, "phone": "71234567"}, {"phone": "+591 7123-4567"}),
    ("phone_with_00", {**JUAN, "phone": "0059171234567"}, {"phone": "7123 4567"}),
    ("phone_invalid_lima_code_in_bolivia", {**JUAN, "phone": "(01) 4261234"}, {"phone": "01-4261234"}),
    ("phone_lima_landline", {**JUAN, "nationality": "PE", "phone": "(01) 426-1234"}, {"phone": "+51 1 4261234"}),
    ("phone_different", {**JUAN, "phone": "71234567"}, {"phone": "76543210"}),
    ("document_suffix", {**JUAN, "document": "4567891 LP"}, {"document": "4.567.891"}),
    ("document_stray_letter", {**JUAN, "document": "4567891"}, {"document": "45678A91"}),
    ("document_transposed_digits", {**JUAN, "document": "4567891"}, {"document": "4567819"}),
    ("document_too_short", {**JUAN, "document": "4567"}, {"document": "4567"}),
    ("email_gmail_dots", {**JUAN, "email": "juan.quispe+trabajo@gmail.com"}, {"email": "JuanQuispe@gmail.com"}),
    ("email_different", {**JUAN, "email": "juan@example.org"}, {"email": "juan.q@example.org"}),
]

# Batch level -> the group it belongs to (see the module docstring); one dict per field.
BATCH_GROUPS = {
    "given": {"missing": "missing", "different": "different", "similar": "different",
              "swapped_with_surname": "different", "very_similar": "similar",
              "nickname_or_first_name": "same", "exact": "same"},
    "surnames": {"missing": "missing", "different": "different", "swapped_with_given": "different",
                 "one_shared_others_differ": "shared", "one_shared": "shared", "first_and_compatible": "shared",
                 "similar": "similar", "swapped": "swapped", "both_exact": "both"},
    "document": {"missing": "missing", "different": "different", "one_edit": "different", "exact": "same"},
    "phone": {"missing": "missing", "different": "different", "exact": "same"},
    "email": {"missing": "missing", "different": "different", "exact": "same"},
    "sex": {"missing": "missing", "different": "different", "same": "same"},
    "nationality": {"missing": "missing", "different": "different", "same": "same"},
}
LIVE_GROUPS = {
    "given_name": {"exact": "same", "nickname": "same", "first_only": "same", "similar": "similar",
                   "other_given_name": "different", "different": "different"},
    "surnames": {"both": "both", "swapped": "swapped", "first_second_missing": "shared", "married_name": "shared",
                 "one_shared": "shared", "sound_alike": "similar", "one_sounds_alike": "similar",
                 "similar": "similar", "different": "different"},
    "birth_date": {"exact": "exact", "day_month_swapped": "swapped", "same_month_day_unknown": "year_agrees",
                   "same_year": "year_agrees", "same_month_other_day": "part_differs",
                   "same_year_other_month": "part_differs", "year_off_by_one": "year_off_by_one",
                   "different": "different"},
}


def _person_input(spec: dict) -> dict:
    year, month, day = spec.get("birth") or (None, None, None)
    fields = {k: spec[k] for k in ("given_names", "first_surname", "second_surname", "married_surname", "sex",
                                   "nationality") if spec.get(k)}
    fields.update(birth_year=year, birth_month=month, birth_day=day)
    if spec.get("document"):
        fields["documents"] = [("national_id", spec["document"], "")]
    if spec.get("phone"):
        fields["phones"] = [spec["phone"]]
        fields["phones_unverified"] = True  # the invalid cases are kept as written, as the form allows
    if spec.get("email"):
        fields["emails"] = [spec["email"]]
    return fields


def _batch_row(record_id: str, spec: dict) -> dict:
    """The record as a spreadsheet row for ``enlace resolve``: surnames in one column, the
    married surname as "de X" (as matching on save joins them), the date as written."""
    surnames = " ".join(p for p in (spec.get("first_surname"), spec.get("second_surname")) if p)
    if spec.get("married_surname"):
        surnames = f"{surnames} de {spec['married_surname']}"
    year, month, day = spec.get("birth") or (None, None, None)
    date = f"{year:04d}-{month:02d}-{day:02d}" if day else f"{month:02d}/{year:04d}" if month else str(year or "")
    return {"record_id": record_id, "given_names": spec.get("given_names", ""), "surnames": surnames,
            "birth_date": date, "sex": spec.get("sex", ""), "nationality": spec.get("nationality", ""),
            "document_number": spec.get("document", ""), "phone": spec.get("phone", ""),
            "email": spec.get("email", ""), "country": spec.get("nationality") or "BO"}


def _live(world, a: dict, b: dict) -> tuple[matching.Features, matching.Features]:
    """Both records saved through the services; their features read back from the sealed profiles."""
    persons = [add_person(world["investigator"], world["case"], **_person_input(spec)) for spec in (a, b)]
    return tuple(matching.features_loads(p.pk, MatchProfile.objects.get(person=p).features)  # type: ignore[return-value]
                 for p in persons)


def _live_groups(fa: matching.Features, fb: matching.Features) -> dict[str, str]:
    reasons = {r.field: r.level for r in matching.score_pair(fa, fb).reasons}
    out = {"given": LIVE_GROUPS["given_name"][reasons["given_name"]] if "given_name" in reasons else "missing",
           "surnames": LIVE_GROUPS["surnames"][reasons["surnames"]] if "surnames" in reasons else "missing",
           "birth_date": LIVE_GROUPS["birth_date"][reasons["birth_date"]] if "birth_date" in reasons else "missing"}
    for kind in ("document", "phone", "email"):
        present = bool(fa.identifiers.get(kind)) and bool(fb.identifiers.get(kind))
        out[kind] = "same" if kind in reasons else "different" if present else "missing"
    sexes = {fa.sex, fb.sex}
    out["sex"] = "missing" if not sexes <= {"F", "M"} else "same" if len(sexes) == 1 else "different"
    out["nationality"] = ("missing" if not (fa.nationality and fb.nationality)
                          else "different" if "nationality" in reasons else "same")
    return out


def _batch_groups(prep, levels: np.ndarray) -> dict[str, str]:
    named = {spec.name: spec.levels[levels[k]] for k, spec in enumerate(FIELDS)}
    out = {field: groups[named[field]] for field, groups in BATCH_GROUPS.items()}
    out["birth_date"] = _batch_date_group(prep, named["birth_date"])
    return out


def _batch_date_group(prep, name: str) -> str:
    """The batch date levels in the groups of ``dates_agree``: "one part differs" is a
    typo in the day or month when the years agree, and a different date otherwise."""
    if name == "one_part_differs":
        return "part_differs" if prep.year[0] == prep.year[1] else "different"
    return {"missing": "missing", "different": "different", "same_year_other_day": "part_differs",
            "year_off_by_one": "year_off_by_one", "year_only_match": "year_agrees",
            "day_month_swapped": "swapped", "exact": "exact"}[name]


def _batch(a: dict, b: dict):
    prep = prepare(to_table([_batch_row("a", a), _batch_row("b", b)]))
    levels = compare_pairs(prep, np.array([0], np.int32), np.array([1], np.int32), workers=1)[0]
    return prep, levels


def _word(codes, vocab, i):
    return vocab[codes[i]] if codes[i] >= 0 else None


def _assert_same_values(prep, i: int, features: matching.Features) -> None:
    """The batch engine holds, for record i, the values matching on save holds."""
    name = features.name
    live_surnames = tuple(surname_key(s) or None for s in (name.first_surname, name.second_surname,
                                                            name.married_surname))
    batch_surnames = tuple(_word(codes, prep.sur_vocab, i) for codes in (prep.sur1, prep.sur2, prep.married))
    assert batch_surnames == live_surnames
    sounds = {code: word for word, code in prep.phon_index.items()}
    batch_sounds = tuple(sounds[prep.sur_phon[c[i]]] if c[i] >= 0 else None for c in (prep.sur1, prep.sur2))
    assert batch_sounds == tuple(spanish_phonetic(s) if s else None for s in live_surnames[:2])
    canon = prep.given_canon[i]
    meanings = {prep.canon_vocab[c] for c in prep.canon_alts[canon] if c >= 0} or {prep.canon_vocab[canon]}
    live_meanings = set(name.given_variants[0]) if name.given_variants else {name.initials[:1]}
    assert meanings == live_meanings
    birth = features.birth
    assert (prep.year[i], prep.month[i], prep.day[i]) == (birth.year or 0, birth.month or 0, birth.day or 0)
    for kind, codes, vocab in (("phone", prep.phone, prep.phone_vocab), ("document", prep.document, prep.doc_vocab),
                               ("email", prep.email, prep.email_vocab)):
        value = _word(codes, vocab, i)
        assert ({matching.key(kind, value)} if value else set()) == set(features.identifiers.get(kind, {})), kind


@pytest.mark.parametrize(("a", "b"), [(a, b) for _name, a, b in PAIRS], ids=[name for name, _a, _b in PAIRS])
def test_same_levels_on_save_and_in_batch(world, a, b):
    b = {**a, **b}
    fa, fb = _live(world, a, b)
    prep, levels = _batch(a, b)
    assert _batch_groups(prep, levels) == _live_groups(fa, fb)
    _assert_same_values(prep, 0, fa)
    _assert_same_values(prep, 1, fb)
