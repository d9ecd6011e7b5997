"""Fictitious persons as clerks write them: two surnames, nicknames, CI with department
suffix, +591 mobiles in every spelling, Peruvian and Argentine documents and phones.

Why the noise: cross-case matching is only worth testing on records that disagree the way
real ones do ("4785123 LP" vs "4785123-L.P.", "+591 71234567" vs "712-34567", Juancho for
Juan Carlos, a dropped second surname, a missing accent).
"""

from __future__ import annotations

import unicodedata
from random import Random
from typing import Any

from . import tables

CI_SUFFIX = {"BO-L": "LP", "BO-C": "CB", "BO-S": "SC", "BO-O": "OR", "BO-P": "PT", "BO-T": "TJ",
             "BO-H": "CH", "BO-B": "BN", "BO-N": "PD"}


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def bolivian_surname(rng: Random, andean: float = 0.6) -> str:
    n = tables.names()
    return rng.choice(n["andean"] if rng.random() < andean else n["spanish"])


def given_name(rng: Random, sex: str, nationality: str = "BO") -> str:
    n = tables.names()
    if nationality == "AR" and rng.random() < 0.7:
        return rng.choice(n["argentine_given"])
    return rng.choice(n["female"] if sex == "F" else n["male"])


def surnames(rng: Random, nationality: str) -> tuple[str, str]:
    n = tables.names()
    if nationality == "PE":
        return rng.choice(n["peruvian"]), rng.choice(n["peruvian"])
    if nationality == "AR":
        return rng.choice(n["argentine_surnames"]), (rng.choice(n["spanish"]) if rng.random() < 0.3 else "")
    if nationality in ("CL", "BR"):
        return rng.choice(n["spanish"]), rng.choice(n["spanish"])
    return bolivian_surname(rng), bolivian_surname(rng, andean=0.5)


def ci_number(rng: Random, *, adult: bool) -> int:
    return rng.randint(2_000_000, 9_999_999) if adult else rng.randint(10_000_000, 15_999_999)


def format_ci(rng: Random, number: int, suffix: str) -> str:
    """One of the ways a Bolivian CI is written (the suffix is where it was issued)."""
    dotted = f"{number:,}".replace(",", ".")
    return rng.choice([f"{number} {suffix}", f"{number} {suffix}", f"{number}-{suffix}",
                       f"{dotted} {suffix}", f"{number}{suffix}", f"{number}"])


def alias(rng: Random, sex: str) -> str:
    return rng.choice(tables.names()["aliases_female" if sex == "F" else "aliases_male"])


def bo_mobile(rng: Random) -> str:
    return rng.choice("67") + f"{rng.randint(0, 9_999_999):07d}"


def format_bo_phone(rng: Random, digits: str) -> str:
    return rng.choice([f"+591 {digits}", digits, digits, f"{digits[:3]}-{digits[3:]}", f"00591{digits}",
                       f"591 {digits[0]} {digits[1:]}", f"{digits[:4]} {digits[4:]}"])


def foreign_document(rng: Random, nationality: str) -> tuple[str, str, str] | None:
    if nationality == "PE":
        return ("national_id", f"{rng.randint(40_000_000, 79_999_999)}", "PE")
    if nationality == "AR":
        n = rng.randint(18_000_000, 45_999_999)
        return ("national_id", rng.choice([f"{n}", f"{n:,}".replace(",", ".")]), "AR")
    return None


def foreign_phone(rng: Random, nationality: str) -> str:
    if nationality == "PE":
        d = "9" + f"{rng.randint(0, 99_999_999):08d}"
        return rng.choice([f"+51 {d[:3]} {d[3:6]} {d[6:]}", d, f"0051{d}"])
    if nationality == "AR":
        d = f"{rng.randint(0, 99_999_999):08d}"
        return rng.choice([f"+54 9 11 {d[:4]}-{d[4:]}", f"+54 11 {d[:4]} {d[4:]}"])
    if nationality == "CL":
        return f"+56 9 {rng.randint(0, 9999):04d} {rng.randint(0, 9999):04d}"
    if nationality == "BR":
        return f"+55 11 9{rng.randint(0, 9999):04d}-{rng.randint(0, 9999):04d}"
    return format_bo_phone(rng, bo_mobile(rng))


def birth(rng: Random, year: int) -> dict[str, int | None]:
    """Full date, year only, or nothing: what victims and records often have."""
    r = rng.random()
    if r < 0.55:
        return {"birth_year": year, "birth_month": rng.randint(1, 12), "birth_day": rng.randint(1, 28)}
    if r < 0.85:
        return {"birth_year": year, "birth_month": None, "birth_day": None}
    return {"birth_year": None, "birth_month": None, "birth_day": None}


def new_person(rng: Random, *, sex: str, age: int, nationality: str, home_sub: str, ref_year: int,
               doc_share: float, phone_share: float, alias_share: float,
               street_names: bool = False) -> dict[str, Any]:
    """PersonInput keyword arguments for a fresh fictitious person (``street_names``: aliases
    like "El Chino" besides nicknames of the given name, as suspects are known)."""
    given = given_name(rng, sex, nationality)
    first, second = surnames(rng, nationality)
    data: dict[str, Any] = {"given_names": given, "first_surname": first, "second_surname": second,
                            "sex": sex, "nationality": nationality, "documents": [], "phones": []}
    if sex == "F" and age >= 25 and nationality == "BO" and rng.random() < 0.12:
        data["married_surname"] = bolivian_surname(rng)
    if rng.random() < alias_share:
        nick = tables.names()["nicknames"].get(given)
        if nick and (rng.random() < 0.6 or not street_names):
            data["aliases"] = nick
        elif street_names:
            data["aliases"] = alias(rng, sex)
    data.update(birth(rng, ref_year - age))
    if rng.random() < doc_share:
        if nationality == "BO":
            suffix = CI_SUFFIX.get(home_sub, "LP")
            data["documents"].append(("national_id", format_ci(rng, ci_number(rng, adult=age >= 18), suffix), "BO"))
        else:
            doc = foreign_document(rng, nationality)
            if doc:
                data["documents"].append(doc)
    if age >= 14 and rng.random() < phone_share:
        data["phones"].append(foreign_phone(rng, nationality) if nationality != "BO" else format_bo_phone(rng, bo_mobile(rng)))
    return data


# --- recurring suspects of big demos ------------------------------------------------------

def network_pool(seed: int, size: int) -> list[dict[str, Any]]:
    """Canonical identities of suspects who recur across cases and departments."""
    rng = Random(f"{seed}:network")
    pool = []
    for _ in range(size):
        sex = "F" if rng.random() < 0.3 else "M"
        given = given_name(rng, sex)
        first, second = surnames(rng, "BO")
        sub = rng.choice(["BO-L", "BO-C", "BO-S", "BO-O", "BO-P"])
        pool.append({"given": given, "first": first, "second": second, "sex": sex,
                     "year": rng.randint(1965, 2000), "ci": ci_number(rng, adult=True), "suffix": CI_SUFFIX[sub],
                     "phone": bo_mobile(rng), "alias": alias(rng, sex)})
    return pool


def _typo(rng: Random, text: str) -> str:
    if len(text) < 4:
        return text
    i = rng.randint(1, len(text) - 2)
    return text[:i] + text[i + 1] + text[i] + text[i + 2:]


def network_variant(rng: Random, c: dict[str, Any]) -> dict[str, Any]:
    """The same suspect as another officer wrote them down."""
    given = c["given"]
    nick = tables.names()["nicknames"].get(given)
    r = rng.random()
    if nick and r < 0.3:
        given = nick
    elif " " in given and r < 0.55:
        given = given.split()[0]
    first = c["first"] if rng.random() < 0.85 else (_typo(rng, c["first"]) if rng.random() < 0.5 else strip_accents(c["first"]))
    second = c["second"] if rng.random() < 0.7 else ""
    data: dict[str, Any] = {"given_names": given, "first_surname": first, "second_surname": second,
                            "sex": c["sex"], "nationality": "BO", "birth_year": c["year"] if rng.random() < 0.7 else None,
                            "aliases": c["alias"] if rng.random() < 0.6 else "", "documents": [], "phones": []}
    if rng.random() < 0.5:
        data["documents"].append(("national_id", format_ci(rng, c["ci"], c["suffix"]), "BO"))
    if rng.random() < 0.6:
        data["phones"].append(format_bo_phone(rng, c["phone"]))
    elif rng.random() < 0.5:
        data["phones"].append(format_bo_phone(rng, bo_mobile(rng)))
    return data
