"""Real-time matching of one person record against the others: features, keys, scores.

Why hand-set weights and not the batch engine's fitted model: a lookup runs while an
officer saves a record and must explain itself in words ("surnames swapped, same birth
year, same phone"). The weights below are log2 likelihood ratios of the usual size for
records of the region (see docs/linking.md, "In the application"); the batch engine
(``enlace.links.engine``) fits its own from the data and feeds the same review queue.

Nothing here reads the database: ``person_features`` takes a person with its identifiers
already loaded (decrypted in memory by the encrypted fields) and everything else works on
the features. Keys are HMAC blind indexes (``enlace.core.crypto.blind_index``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import jellyfish
from django.conf import settings

from enlace.core.crypto import blind_index
from enlace.normalize import (
    PartialDate,
    PersonName,
    dates_agree,
    normalize_account,
    normalize_address,
    normalize_document,
    normalize_email,
    normalize_name,
    normalize_phone,
    normalize_plate,
    read_name,
    spanish_phonetic,
    surname_key,
)
from enlace.persons.identifiers import handle_key
from enlace.persons.models import BankAccount, Vehicle

if TYPE_CHECKING:
    from enlace.cases.models import Case
    from enlace.persons.models import Person

# Evidence (log2 odds) a pair needs to be proposed as "possibly the same person": the prior
# of two random records of a large register being one person is far below 1:64, so names
# alone rarely pass and a document or a date must agree too.
PRIOR = -6.0
PROPOSE_AT = 0.5  # probability
# A name key shared by more persons than this is too common to bring candidates; the
# broad "given name + surname sound" key gets a third of it (see ``name_block_values``).
MAX_BLOCK = 60
BLOCK_FACTOR = {"gs": 1 / 3}
# Version of the name keys: stored keys of another version share nothing with a new
# record's, so after a change the index must be rebuilt (``enlace resolve --database
# --reindex``; the benchmarks compare it with the version they indexed with).
KEYS_FORMAT = 3

# Strength of one shared identifier key, in log2 odds (also stored on MatchKey).
STRENGTH = {"document": 9.0, "email": 7.0, "handle": 6.0, "phone": 5.0, "address": 1.5,
            "account": 6.0, "plate": 5.0, "name_block": 0.0}


def key(kind: str, value: str) -> str:
    """The blind index of an already normalised value, one namespace per kind."""
    return blind_index(value, purpose=f"links.{kind}")


# -- features -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Features:
    person_id: int
    names: tuple[PersonName, ...]  # the main name first, then aliases read as full names
    birth: PartialDate
    sex: str
    nationality: str
    identifiers: dict[str, dict[str, str]] = field(default_factory=dict)  # kind -> {key: country or ""}

    @property
    def name(self) -> PersonName:
        return self.names[0]


def _main_name(person: Person) -> PersonName:
    given, first = person.given_names or "", person.first_surname or ""
    if not given.strip() and "," in first:
        first, _, given = first.partition(",")  # "QUISPE MAMANI, Rosa" in the surname box
    surnames = " ".join(p for p in (first, person.second_surname) if p)
    if person.married_surname:
        surnames = f"{surnames} de {person.married_surname}".strip()
    return read_name(given, surnames)  # the batch engine reads its two name columns the same way


def identifier_rows(person: Person, *, default_region: str | None = None) -> list[tuple[str, str, str, str]]:
    """(kind, blind-index key, issuing country or "", normalised value) per identifier row.

    The value is for display to users who may see it; only the key is ever stored.
    """
    region = default_region or person.nationality or settings.ENLACE_DEFAULT_COUNTRY
    out: list[tuple[str, str, str, str]] = []
    for doc in person.documents.all():
        norm = normalize_document(doc.number or doc.number_raw, country=doc.issuing_country or None)
        if norm.match_key:
            out.append(("document", key("document", norm.match_key), norm.country or doc.issuing_country or "",
                        doc.number_raw or norm.number))
    for phone in person.phones.all():
        e164 = phone.e164 or normalize_phone(phone.raw, default_region=region).e164
        value = normalize_phone(e164, default_region=region).match_key if e164 else None
        if value:
            out.append(("phone", key("phone", value), "", str(e164)))
    for email in person.emails.all():
        value = normalize_email(email.address)
        if value:
            out.append(("email", key("email", value), "", value))
    for handle in person.handles.all():
        value = handle_key(handle.platform, handle.handle)
        if value:
            out.append(("handle", key("handle", value), "", f"{handle.platform}: @{value.split(':', 1)[1]}"))
    for address in person.addresses.all():
        text = normalize_address(address.text).text
        if len(text) >= 8:
            out.append(("address", key("address", text), address.country or "", address.text))
    return out


def identifier_keys(person: Person, *, default_region: str | None = None) -> dict[str, dict[str, str]]:
    """kind -> {blind-index key: issuing country or ""} for the person's identifiers."""
    out: dict[str, dict[str, str]] = {}
    for kind, k, country, _value in identifier_rows(person, default_region=default_region):
        out.setdefault(kind, {})[k] = country
    return out


def case_rows(case: Case) -> list[tuple[str, str, BankAccount | Vehicle]]:
    """(kind, key, object) for the case's bank accounts and vehicles."""
    out: list[tuple[str, str, BankAccount | Vehicle]] = []
    for account in case.bank_accounts.all():
        number = normalize_account(account.number, country=account.country or None).number
        if len(number) >= 6:
            out.append(("account", key("account", number), account))
    for vehicle in case.vehicles.all():
        plate = normalize_plate(vehicle.plate).plate_key
        if len(plate) >= 4:
            out.append(("plate", key("plate", plate), vehicle))
    return out


def case_row_label(obj: BankAccount | Vehicle) -> str:
    """How an account or a vehicle of a case is named on the network and in the lists."""
    if isinstance(obj, BankAccount):
        return f"{obj.bank} {obj.number}".strip()
    return f"{obj.plate} {obj.description}".strip()


def person_features(person: Person) -> Features:
    names = [_main_name(person)]
    for alias in (person.aliases or "").splitlines():
        parsed = normalize_name(full_name=alias)
        if not parsed.is_empty:
            names.append(parsed)
    birth = PartialDate(person.birth_year, person.birth_month if person.birth_year else None,
                        person.birth_day if person.birth_year and person.birth_month else None)
    return Features(person_id=person.pk, names=tuple(names), birth=birth, sex=person.sex or "U",
                    nationality=person.nationality or "", identifiers=identifier_keys(person))


# Version of the stored form below; a profile of another version is ignored (the person is
# read and parsed again) until ``enlace resolve --reindex`` rewrites it.
PROFILE_FORMAT = 1


def _name_row(n: PersonName) -> list:
    return [list(n.given), n.given_raw, n.first_surname, n.second_surname, n.married_surname,
            list(n.all_surnames), n.initials, [list(v) for v in n.given_variants], n.form]


def features_dumps(features: Features) -> str:
    """The compact JSON kept (encrypted) in ``MatchProfile``: parsed names, birth, sex,
    nationality and identifier keys, everything ``score_pair`` reads."""
    b = features.birth
    return json.dumps([PROFILE_FORMAT, [_name_row(n) for n in features.names], [b.year, b.month, b.day],
                       features.sex, features.nationality, features.identifiers], separators=(",", ":"))


def features_loads(person_id: int, text: str) -> Features | None:
    """Inverse of ``features_dumps``; None for a profile written in another format."""
    data = json.loads(text)
    if not isinstance(data, list) or not data or data[0] != PROFILE_FORMAT:
        return None
    _fmt, names, (year, month, day), sex, nationality, identifiers = data
    return Features(person_id=person_id, birth=PartialDate(year, month, day), sex=sex, nationality=nationality,
                    identifiers=identifiers,
                    names=tuple(PersonName(tuple(g), raw, first, second, married, tuple(all_), initials,
                                           tuple(tuple(v) for v in variants), form)
                                for g, raw, first, second, married, all_, initials, variants, form in names))


def name_block_values(features: Features) -> dict[str, str]:
    """Plain blocking values (hashed before storing), each with its family.

    Why these: at a million persons "Quispe + J" or "Mamani + 1980" hold thousands, so a
    key must combine enough to stay small (a block of at most ``block_limit(family)``)
    while a true duplicate, written another way, still shares at least one of them.
    Given name (canonical, nicknames resolved) + a surname sound + birth year, or + day
    and month (unordered: a swapped date keeps it); given name + both surname sounds
    (unordered: swapped surnames); given name + full date (surname changed by marriage
    or misspelt); full date + initial (given name misspelt); both surnames + year; and
    given name + surname sound alone, capped lower. Records with initials only get
    surname sound + initial. (bench/match_on_save_1m.py; docs/linking.md.)
    """
    values: dict[str, str] = {}
    b = features.birth
    year = b.year
    daymonth = f"{min(b.day, b.month)}.{max(b.day, b.month)}" if b.month and b.day else None
    for name in features.names:
        sounds = name.phonetic_surname_keys()
        givens = name.given_variants[0] if name.given_variants else ()
        own = sorted(spanish_phonetic(k) for k in _own(name))
        for given in givens:
            for sound in sounds:
                if year:
                    values[f"gsy:{given}|{sound}|{year}"] = "gsy"
                if daymonth:
                    values[f"gsd:{given}|{sound}|{daymonth}"] = "gsd"
                values[f"gs:{given}|{sound}"] = "gs"
            if len(own) == 2:
                values[f"gss:{given}|{own[0]}|{own[1]}"] = "gss"
            if year and daymonth:
                values[f"gdy:{given}|{daymonth}|{year}"] = "gdy"
        if year and daymonth:
            for initial in name.first_initials():
                values[f"dyi:{year}|{daymonth}|{initial}"] = "dyi"
        if len(own) == 2 and year:
            values[f"ssy:{own[0]}|{own[1]}|{year}"] = "ssy"
        if not givens:
            for sound in sounds:
                for initial in name.first_initials():
                    values[f"pi:{sound}|{initial}"] = "pi"
    return values


def block_limit(family: str) -> int:
    """The most persons a name key of this family may hold and still bring candidates."""
    return max(2, round(MAX_BLOCK * BLOCK_FACTOR.get(family, 1.0)))


def name_keys(features: Features) -> dict[str, int]:
    """Blind-index key -> block limit, for the person's name keys."""
    return {key("name_block", value): block_limit(family)
            for value, family in sorted(name_block_values(features).items())}


def person_keys(features: Features) -> list[tuple[str, str, float]]:
    """(kind, key, strength) rows of the match index for one person."""
    rows = [("name_block", k, 0.0) for k in name_keys(features)]
    for kind, keys in sorted(features.identifiers.items()):
        rows.extend((kind, k, STRENGTH[kind]) for k in sorted(keys))
    return rows


def case_keys(case: Case) -> list[tuple[str, str, float]]:
    """Keys of the case's bank accounts and vehicles (they belong to cases, not persons)."""
    return sorted({(kind, k, STRENGTH[kind]) for kind, k, _obj in case_rows(case)})


# -- scoring --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reason:
    field: str
    level: str
    weight: float

    def as_dict(self) -> dict:
        return {"field": self.field, "level": self.level, "weight": round(self.weight, 1)}


def _given(a: PersonName, b: PersonName) -> Reason | None:
    if not (a.given or a.initials) or not (b.given or b.initials):
        return None
    if a.given and b.given:
        first_a = set(a.given_variants[0]) if a.given_variants else {a.given[0]}
        first_b = set(b.given_variants[0]) if b.given_variants else {b.given[0]}
        raw_a, raw_b = a.given_raw.split()[:1], b.given_raw.split()[:1]
        if a.given[0] == b.given[0] or first_a & first_b:
            level = "exact" if raw_a == raw_b else "nickname"
            second = _second_given(a, b)
            return Reason("given_name", level if second >= 0 else "first_only", 3.0 + second)
        if set(a.given) & set(b.given):
            return Reason("given_name", "other_given_name", 1.5)
        if jellyfish.jaro_winkler_similarity(a.given[0], b.given[0]) >= 0.92:
            return Reason("given_name", "similar", 2.0)
        return Reason("given_name", "different", -3.0)
    if a.initials[:1] == b.initials[:1]:
        return Reason("given_name", "initial", 1.0)
    return Reason("given_name", "different_initial", -2.0)


def _second_given(a: PersonName, b: PersonName) -> float:
    """A second given name that agrees (or is the initial of the other) adds a little."""
    if len(a.initials) < 2 or len(b.initials) < 2:
        return 0.0
    return 0.5 if a.initials[1] == b.initials[1] else -1.0


def _own(name: PersonName) -> list[str]:
    return [k for k in (surname_key(name.first_surname), surname_key(name.second_surname)) if k]


def _surnames(a: PersonName, b: PersonName) -> Reason | None:
    own_a, own_b = _own(a), _own(b)
    if not a.all_surnames or not b.all_surnames:
        return None
    if len(own_a) == 2 and own_a == own_b:
        return Reason("surnames", "both", 5.0)
    if len(own_a) == 2 and own_a == own_b[::-1]:
        return Reason("surnames", "swapped", 4.5)
    if own_a and own_b and own_a[0] == own_b[0]:
        return Reason("surnames", "first_second_missing", 3.5)
    married_a = surname_key(a.married_surname)
    married_b = surname_key(b.married_surname)
    if (married_a and married_a in b.all_surnames) or (married_b and married_b in a.all_surnames):
        return Reason("surnames", "married_name", 3.0)
    if set(a.all_surnames) & set(b.all_surnames):
        return Reason("surnames", "one_shared", 2.5)
    sounds_a, sounds_b = a.phonetic_surname_keys(), b.phonetic_surname_keys()
    if len(sounds_a) >= 2 and sounds_a[:2] == sounds_b[:2]:
        return Reason("surnames", "sound_alike", 3.5)
    if set(sounds_a) & set(sounds_b):
        return Reason("surnames", "one_sounds_alike", 1.5)
    if own_a and own_b and jellyfish.jaro_winkler_similarity(own_a[0], own_b[0]) >= 0.92:
        # A typing slip ("Mamami", "Otrega") or another family ("Huarca"): on its own
        # too weak to propose a pair, with a full birth date enough.
        return Reason("surnames", "similar", 1.0)
    return Reason("surnames", "different", -4.0)


_DATE_LEVELS = {1.0: ("exact", 4.0), 0.8: ("day_month_swapped", 3.0), 0.7: ("same_month_day_unknown", 2.5),
                0.6: ("same_year", 1.5), 0.4: ("same_month_other_day", -1.0), 0.3: ("same_year_other_month", -1.5),
                0.2: ("year_off_by_one", 0.3), 0.0: ("different", -4.0)}


def _birth(a: PartialDate, b: PartialDate) -> Reason | None:
    if a.is_empty or b.is_empty:
        return None
    level, weight = _DATE_LEVELS[dates_agree(a, b)]
    return Reason("birth_date", level, weight)


def _name_evidence(fa: Features, fb: Features) -> list[Reason]:
    """The best-agreeing pair of names (main name or an alias on either side)."""
    best: list[Reason] = []
    best_total = float("-inf")
    for na in fa.names:
        for nb in fb.names:
            reasons = [r for r in (_given(na, nb), _surnames(na, nb)) if r is not None]
            total = sum(r.weight for r in reasons)
            if total > best_total:
                best, best_total = reasons, total
    if len(fa.names) > 1 or len(fb.names) > 1:
        main = [r for r in (_given(fa.name, fb.name), _surnames(fa.name, fb.name)) if r is not None]
        if sum(r.weight for r in main) < best_total:
            best = [Reason(r.field, f"{r.level}_alias", r.weight) for r in best]
    return best


def _identifiers(fa: Features, fb: Features) -> list[Reason]:
    out = []
    for kind, keys_a in sorted(fa.identifiers.items()):
        keys_b = fb.identifiers.get(kind, {})
        shared = set(keys_a) & set(keys_b)
        if not shared:
            continue
        weight = STRENGTH[kind]
        level = "exact"
        if kind == "document":
            countries = {(keys_a[k], keys_b[k]) for k in shared}
            if all(ca and cb and ca != cb for ca, cb in countries):
                weight, level = 1.0, "same_number_other_country"
        out.append(Reason(kind, level, weight))
    return out


@dataclass(frozen=True)
class Score:
    probability: float
    weight: float
    reasons: tuple[Reason, ...]
    shared_identifier: bool

    @property
    def kind(self) -> str | None:
        """same_person, shared_identifier, or None when the pair is not worth keeping."""
        if self.probability >= PROPOSE_AT:
            return "same_person"
        return "shared_identifier" if self.shared_identifier else None

    def reasons_json(self) -> list[dict]:
        return [r.as_dict() for r in self.reasons]


def score_pair(fa: Features, fb: Features) -> Score:
    reasons = _name_evidence(fa, fb)
    birth = _birth(fa.birth, fb.birth)
    if birth:
        reasons.append(birth)
    if fa.sex in ("F", "M") and fb.sex in ("F", "M"):
        reasons.append(Reason("sex", "same" if fa.sex == fb.sex else "different", 0.3 if fa.sex == fb.sex else -5.0))
    if fa.nationality and fb.nationality and fa.nationality != fb.nationality:
        reasons.append(Reason("nationality", "different", -0.5))
    ids = _identifiers(fa, fb)
    reasons.extend(ids)
    total = PRIOR + sum(r.weight for r in reasons)
    probability = 1.0 / (1.0 + 2.0 ** (-total))
    return Score(probability=round(probability, 4), weight=round(total, 2), reasons=tuple(reasons),
                 shared_identifier=any(r.weight >= 3.0 for r in ids))
