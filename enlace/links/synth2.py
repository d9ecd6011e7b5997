"""A second, independently designed generator of Latin-American person registers.

Why: a matcher tuned on one generator learns that generator's habits. This one was drawn
up separately (own name lists and frequencies, own households, own error model) so that
results can be reported on data the matcher was never tuned on. It shares nothing with
``enlace.links.synth`` but the output columns.

Its noise was set once, so that a carefully configured Splink model scores between 0.93
and 0.97 pairwise F1 at 1,000,000 records, before any matcher was tuned against it, and is
FROZEN: do not change the rates, lists or error functions below; a new error model means a
new generator, or every number measured on this one stops being comparable.

The model, by the way a record reaches a register:
- people live in households from Peru, Paraguay, Guatemala and Colombia: siblings share
  both surnames, the address and the landline; a son may carry his father's given names,
  a daughter her mother's (the hard non-matches); twins share a birth date;
- names follow a Zipf law over per-country lists (Spanish with Quechua, Aymara, Guaraní
  and Mayan surnames); compound given names ("María del Carmen"); familiar forms
  ("Pancho"), and a record with a nickname usually lacks the birth date;
- each record comes through a channel with its own errors: typed (keyboard-neighbour
  substitutions, insertions, doublings, drops, transpositions), scanned (OCR confusions
  0/O, 1/l/I, 5/S, 8/B, rn/m), dictated (spoken-name transcription: b/v, s/z/c, ll/y,
  silent h, j/g, hua/gua/wa, qu/k) or migrated from a legacy system (upper-case ASCII,
  fixed-width truncation, more dropped fields);
- surnames swapped, the second dropped, "de" + a husband's surname; the whole name in the
  given-names box; identity documents with prefixes, separators, digit typos and
  letters read for digits; partial, reformatted and mistyped birth dates.

Usage: ``generate(n_records, seed=1)`` -> pyarrow.Table with the engine's input columns plus
the truth columns ``person_id`` and ``family_id`` (household). Deterministic for a given
(n_records, seed).
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass

import pyarrow as pa

from . import _synth2_names as names

__all__ = ["generate"]

# ---- frozen noise (see the module docstring) -------------------------------------------
COUNTRIES = ("PE", "PY", "GT", "CO")
COUNTRY_WEIGHTS = (0.35, 0.2, 0.2, 0.25)
RECORDS_PER_PERSON = ((1, 2, 3, 4, 5, 6, 7, 8), (0.5, 0.22, 0.12, 0.07, 0.04, 0.025, 0.015, 0.01))
HOUSEHOLD_SIZE = ((1, 2, 3, 4, 5, 6, 7), (0.3, 0.2, 0.2, 0.14, 0.09, 0.05, 0.02))
CHANNELS = (("typed", 0.5), ("scanned", 0.15), ("dictated", 0.2), ("legacy", 0.15))
ZIPF_SURNAME, ZIPF_GIVEN = 0.7, 0.8
P_SECOND_GIVEN, P_JUNIOR, P_TWIN = 0.5, 0.15, 0.03
P_DOCUMENT, P_MOBILE, P_LANDLINE, P_EMAIL, P_ADDRESS = 0.85, 0.6, 0.45, 0.12, 0.55
P_NICKNAME, P_NICK_NO_DATE = 0.06, 0.4
P_DROP_SECOND_SURNAME, P_SWAP_SURNAMES, P_MARRIED_FORM, P_FULL_IN_GIVEN = 0.08, 0.05, 0.3, 0.015
P_MOVED, P_NEW_MOBILE, P_PHONE_BLANK = 0.05, 0.12, 0.15
P_YEAR_ONLY, P_MONTH_YEAR, P_SWAP_DAY_MONTH = 0.02, 0.02, 0.03
# Per channel: chance a name field gets one error, a second one; birth date missing;
# document dropped; document error.
CHANNEL_NOISE = {
    "typed": {"name": 0.07, "again": 0.15, "date_missing": 0.04, "doc_drop": 0.12, "doc_error": 0.08},
    "scanned": {"name": 0.2, "again": 0.2, "date_missing": 0.04, "doc_drop": 0.1, "doc_error": 0.2},
    "dictated": {"name": 0.28, "again": 0.25, "date_missing": 0.06, "doc_drop": 0.2, "doc_error": 0.06},
    "legacy": {"name": 0.06, "again": 0.1, "date_missing": 0.1, "doc_drop": 0.25, "doc_error": 0.05},
}
LEGACY_WIDTH = {"given": 12, "surnames": 14}
# -----------------------------------------------------------------------------------------

_ROWS = ("1234567890", "qwertyuiop", "asdfghjklñ", "zxcvbnm")
_OCR = {"o": "0", "0": "o", "i": "1", "l": "1", "1": "l", "s": "5", "5": "s", "b": "8", "8": "b",
        "g": "6", "z": "2", "m": "rn", "e": "c", "u": "ii"}
_OCR_DIGITS = {"0": "O", "1": "I", "5": "S", "8": "B", "2": "Z", "6": "G"}
_SPOKEN = (("hua", "gua"), ("gua", "hua"), ("hua", "wa"), ("hui", "wi"), ("v", "b"), ("b", "v"),
           ("ll", "y"), ("y", "ll"), ("z", "s"), ("ce", "se"), ("ci", "si"), ("s", "z"), ("je", "ge"),
           ("ji", "gi"), ("ge", "je"), ("gi", "ji"), ("qu", "k"), ("cc", "c"), ("x", "j"), ("k", "c"),
           ("rr", "r"), ("ñ", "ni"), ("th", "t"), ("ie", "ye"))
_MONTHS = ("enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre").split()
_DOC_PREFIX = {"PE": ("DNI ", "DNI: ", "D.N.I. "), "PY": ("CI ", "C.I. N° ", "CIC "), "GT": ("DPI ", "CUI "),
               "CO": ("C.C. ", "CC ", "Cédula ")}
_DIAL = {"PE": "51", "PY": "595", "GT": "502", "CO": "57"}
_NATIONALITY = {"PE": ("Peruana", "PER", "PE", "peruano"), "PY": ("Paraguaya", "PRY", "PY", "paraguayo"),
                "GT": ("Guatemalteca", "GTM", "GT", "guatemalteco"), "CO": ("Colombiana", "COL", "CO", "colombiano")}


def _neighbours() -> dict[str, str]:
    out: dict[str, str] = {}
    for r, row in enumerate(_ROWS):
        for c, ch in enumerate(row):
            near = [row[c + d] for d in (-1, 1) if 0 <= c + d < len(row)]
            near += [_ROWS[r + d][c] for d in (-1, 1) if 0 <= r + d < len(_ROWS) and c < len(_ROWS[r + d])]
            out[ch] = "".join(near)
    return out


_NEAR = _neighbours()


@dataclass(slots=True)
class _Person:
    pid: int
    household: int
    country: str
    sex: str
    given: tuple[str, str]
    sur: tuple[str, str]
    husband: str
    birth: tuple[int, int, int]
    document: str
    mobile: str
    landline: str
    email: str
    city: str
    address: str


class _Draw:
    """Seeded draws shared by the whole run (one stream keeps the output deterministic)."""

    def __init__(self, seed: int):
        self.r = random.Random(seed)
        self.zipf: dict[tuple, list[float]] = {}

    def p(self, prob: float) -> bool:
        return self.r.random() < prob

    def pick(self, items):
        return items[self.r.randrange(len(items))]

    def weighted(self, items, weights):
        return self.r.choices(items, weights)[0]

    def zipf_pick(self, items: tuple[str, ...], a: float) -> str:
        key = (items, a)
        if key not in self.zipf:
            w = [1.0 / (k + 1) ** a for k in range(len(items))]
            total, acc = sum(w), 0.0
            cum = []
            for x in w:
                acc += x / total
                cum.append(acc)
            self.zipf[key] = cum
        cum = self.zipf[key]
        x = self.r.random()
        lo, hi = 0, len(cum) - 1
        while lo < hi:
            mid = (lo + hi) // 2
            if cum[mid] < x:
                lo = mid + 1
            else:
                hi = mid
        return items[lo]

    def digits(self, n: int) -> str:
        return str(self.r.randrange(1, 10)) + "".join(str(self.r.randrange(10)) for _ in range(n - 1))


def _document(d: _Draw, country: str) -> str:
    if country == "PE":
        return d.digits(8)
    if country == "PY":
        return d.digits(d.pick((6, 7, 7)))
    if country == "GT":
        return d.digits(13)
    return d.digits(d.pick((8, 10, 10)))


def _given_pair(d: _Draw, country: str, sex: str) -> tuple[str, str]:
    pool = names.GIVEN_MALE[country] if sex == "M" else names.GIVEN_FEMALE[country]
    first = d.zipf_pick(pool, ZIPF_GIVEN)
    if not d.p(P_SECOND_GIVEN):
        return first, ""
    if first in ("María", "José", "Juan") and d.p(0.3):
        return first, d.pick(names.COMPOUND_TAILS)
    second = d.pick(pool)
    return first, ("" if second == first else second)


def _household(d: _Draw, hid: int, next_pid: int) -> list[_Person]:
    country = d.weighted(COUNTRIES, COUNTRY_WEIGHTS)
    size = d.weighted(*HOUSEHOLD_SIZE)
    surs = names.SURNAMES[country]
    city = d.pick(names.CITIES[country])
    address = f"{d.pick(names.STREET_KINDS)} {d.pick(names.STREETS)} {d.r.randrange(1, 3000)}"
    landline = d.digits(7) if d.p(P_LANDLINE) else ""
    father_sur = (d.zipf_pick(surs, ZIPF_SURNAME), d.zipf_pick(surs, ZIPF_SURNAME))
    mother_sur = (d.zipf_pick(surs, ZIPF_SURNAME), d.zipf_pick(surs, ZIPF_SURNAME))
    year = d.r.randrange(1945, 1986)
    people: list[_Person] = []

    def add(sex: str, given, sur, husband: str, birth) -> None:
        mobile = ("9" if country == "PE" else "3" if country == "CO" else "09" if country == "PY" else "5") + d.digits(
            {"PE": 8, "CO": 9, "PY": 8, "GT": 7}[country])
        people.append(_Person(
            pid=next_pid + len(people), household=hid, country=country, sex=sex, given=given, sur=sur,
            husband=husband, birth=birth, document=_document(d, country) if d.p(P_DOCUMENT) else "",
            mobile=mobile if d.p(P_MOBILE) else "", landline=landline,
            email=(f"{_ascii(given[0]).lower()}{d.r.randrange(10, 9999)}@{d.pick(('gmail.com', 'hotmail.com', 'yahoo.es'))}"
                   if d.p(P_EMAIL) else ""),
            city=city, address=address))

    def birth_near(y: int) -> tuple[int, int, int]:
        return y, d.r.randrange(1, 13), d.r.randrange(1, 29)

    single = size == 1
    father_sex = "M" if not single or d.p(0.5) else "F"
    add(father_sex, _given_pair(d, country, father_sex), father_sur, "", birth_near(year))
    if single:
        return people
    married = d.p(0.5)
    add("F", _given_pair(d, country, "F"), mother_sur, father_sur[0] if married else "", birth_near(year + d.r.randrange(-4, 5)))
    child_year = year + d.r.randrange(19, 30)
    for _ in range(size - 2):
        sex = d.pick("MF")
        parent = people[0] if sex == "M" else people[1]
        given = parent.given if d.p(P_JUNIOR) else _given_pair(d, country, sex)
        if len(people) > 2 and d.p(P_TWIN):
            birth = people[-1].birth
        else:
            birth = birth_near(min(child_year, 2023))
            child_year += d.r.randrange(1, 4)
        add(sex, given, (father_sur[0], mother_sur[0]), "", birth)
    return people


def _ascii(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _keyboard(d: _Draw, s: str) -> str:
    if len(s) < 3:
        return s
    i = d.r.randrange(1, len(s) - 1)
    ch = s[i].lower()
    kind = d.r.randrange(5)
    near = "".join(c for c in _NEAR.get(ch, "") if c.isalpha())
    if kind == 0 and near:  # neighbour key instead
        return s[:i] + d.pick(near) + s[i + 1:]
    if kind == 1 and near:  # neighbour key as well
        return s[:i] + d.pick(near) + s[i:]
    if kind == 2:  # key held twice
        return s[:i] + s[i] + s[i:]
    if kind == 3:  # key missed
        return s[:i] + s[i + 1:]
    return s[:i - 1] + s[i] + s[i - 1] + s[i + 1:]  # two keys swapped


def _ocr(d: _Draw, s: str) -> str:
    spots = [i for i, c in enumerate(s.lower()) if c in _OCR]
    if not spots:
        return s
    i = d.pick(spots)
    out = _OCR[s[i].lower()]
    return s[:i] + (out.upper() if s[i].isupper() else out) + s[i + 1:]


def _spoken(d: _Draw, s: str) -> str:
    low = s.lower()
    rules = [(a, b) for a, b in _SPOKEN if a in low]
    if low.startswith("h") and len(low) > 3:
        rules.append(("h", ""))
    if low[:1] in "aeiou" and d.p(0.3):
        rules.append(("", "h"))
    if not rules:
        return s
    a, b = d.pick(rules)
    if a == "":
        return ("H" if s[:1].isupper() else "h") + s[:1].lower() + s[1:] if s else s
    if a == "h" and b == "":
        return s[1:2].upper() + s[2:] if s[:1].isupper() else s[1:]
    starts = [i for i in range(len(low)) if low.startswith(a, i)]
    i = d.pick(starts)
    b = b.upper() if s[i:i + len(a)].isupper() else (b.capitalize() if s[i:i + 1].isupper() else b)
    return s[:i] + b + s[i + len(a):]


def _noisy_name(d: _Draw, s: str, channel: str) -> str:
    if not s:
        return s
    noise = CHANNEL_NOISE[channel]
    err = {"typed": _keyboard, "scanned": _ocr, "dictated": _spoken, "legacy": _keyboard}[channel]
    if d.p(noise["name"]):
        s = err(d, s)
        if d.p(noise["again"]):
            s = err(d, s)
    return s


def _case(d: _Draw, s: str, channel: str) -> str:
    if channel in ("scanned", "legacy"):
        return _ascii(s).upper() if channel == "legacy" or d.p(0.7) else s.upper()
    s = _ascii(s) if d.p(0.4) else s
    r = d.r.random()
    return s.upper() if r < 0.3 else (s.lower() if r < 0.38 else s)


def _names(d: _Draw, p: _Person, channel: str) -> tuple[str, str, bool]:
    g1, g2 = p.given
    nick = g1 in names.NICKNAMES and d.p(P_NICKNAME)
    if nick:
        given = d.pick(names.NICKNAMES[g1])
    elif g2 and d.p(0.65):
        given = f"{g1} {g2}"
    elif g2 and d.p(0.3):
        given = f"{g1} {g2[0]}."
    else:
        given = g1
    s1, s2 = p.sur
    if d.p(P_SWAP_SURNAMES):
        s1, s2 = s2, s1
    surnames = s1 if d.p(P_DROP_SECOND_SURNAME) else f"{s1} {s2}"
    if p.husband and d.p(P_MARRIED_FORM):
        surnames = f"{surnames} de {p.husband}"
    given = " ".join(_noisy_name(d, w, channel) for w in given.split(" "))
    surnames = " ".join(_noisy_name(d, w, channel) if w != "de" else w for w in surnames.split(" "))
    given, surnames = _case(d, given, channel), _case(d, surnames, channel)
    if channel == "legacy":
        given, surnames = given[:LEGACY_WIDTH["given"]].rstrip(), surnames[:LEGACY_WIDTH["surnames"]].rstrip()
    if d.p(P_FULL_IN_GIVEN):
        given, surnames = f"{given} {surnames}", ""
    return given, surnames, nick


def _date(d: _Draw, p: _Person, channel: str, nick: bool) -> str:
    if d.p(CHANNEL_NOISE[channel]["date_missing"]) or (nick and d.p(P_NICK_NO_DATE)):
        return ""
    y, m, day = p.birth
    r = d.r.random()
    if r < P_YEAR_ONLY:  # age asked, year worked out
        return str(y + d.pick((0, 0, 1, -1)))
    if r < P_YEAR_ONLY + P_MONTH_YEAR:
        return f"{m:02d}/{y}"
    if r < P_YEAR_ONLY + P_MONTH_YEAR + P_SWAP_DAY_MONTH:  # day and month written the other way round
        m, day = day, m
    fmt = d.weighted((0, 1, 2, 3, 4), (0.5, 0.22, 0.12, 0.08, 0.08))
    s = (f"{day:02d}/{m:02d}/{y}", f"{y}-{m:02d}-{day:02d}", f"{day}/{m}/{str(y)[2:]}",
         f"{day} de {_MONTHS[m - 1]} de {y}" if m <= 12 else f"{day}/{m}/{y}", f"{day:02d}{m:02d}{y}")[fmt]
    if channel == "typed" and d.p(0.03):  # a neighbouring digit key
        i = d.pick([k for k, c in enumerate(s) if c.isdigit()])
        s = s[:i] + d.pick([c for c in _NEAR[s[i]] if c.isdigit()]) + s[i + 1:]
    if channel == "scanned" and d.p(0.05):
        s = s.replace(d.pick("1358"), d.pick("7869"), 1)
    return s


def _doc_error(d: _Draw, num: str, channel: str) -> str:
    i = d.r.randrange(len(num))
    if channel == "scanned" or d.p(0.25):  # a digit read or typed as a letter
        spots = [k for k, c in enumerate(num) if c in _OCR_DIGITS]
        if spots:
            k = d.pick(spots)
            return num[:k] + _OCR_DIGITS[num[k]] + num[k + 1:]
    kind = d.r.randrange(3)
    if kind == 0:
        near = [c for c in _NEAR[num[i]] if c.isdigit()]
        return num[:i] + d.pick(near) + num[i + 1:]
    if kind == 1 and i + 1 < len(num):
        return num[:i] + num[i + 1] + num[i] + num[i + 2:]
    return num[:i] + num[i + 1:]


def _doc(d: _Draw, p: _Person, channel: str) -> str:
    if not p.document or d.p(CHANNEL_NOISE[channel]["doc_drop"]):
        return ""
    num = p.document
    if d.p(CHANNEL_NOISE[channel]["doc_error"]):
        num = _doc_error(d, num, channel)
    if channel == "legacy" and d.p(0.1):
        num = num[:-1]
    r = d.r.random()
    if r < 0.2:
        num = d.pick(_DOC_PREFIX[p.country]) + num
    elif r < 0.35 and p.country in ("CO", "PY") and num.isdigit():
        num = f"{int(num):,}".replace(",", ".")
    elif r < 0.45 and p.country == "GT" and len(num) == 13:
        num = f"{num[:4]} {num[4:9]} {num[9:]}"
    return num


def _phone(d: _Draw, p: _Person, channel: str) -> str:
    number = p.mobile if p.mobile and (not p.landline or d.p(0.7)) else p.landline
    if not number or d.p(P_PHONE_BLANK):
        return ""
    if d.p(P_NEW_MOBILE):
        number = number[:-6] + d.digits(6)
    if channel == "typed" and d.p(0.03):
        i = d.r.randrange(len(number))
        number = number[:i] + d.pick([c for c in _NEAR[number[i]] if c.isdigit()]) + number[i + 1:]
    r = d.r.random()
    if r < 0.3:
        return f"+{_DIAL[p.country]} {number.lstrip('0')}"
    if r < 0.4:
        return f"00{_DIAL[p.country]}{number.lstrip('0')}"
    if r < 0.6 and len(number) > 6:
        return f"{number[:3]}-{number[3:6]}-{number[6:]}"
    return number


def _record(d: _Draw, p: _Person, rid: str) -> dict[str, str]:
    channel = d.weighted(*zip(*CHANNELS, strict=True))
    given, surnames, nick = _names(d, p, channel)
    moved = d.p(P_MOVED)
    city = d.pick(names.CITIES[p.country]) if moved else p.city
    address = "" if moved or not d.p(P_ADDRESS) else p.address
    if address and channel != "scanned" and d.p(0.2):
        address = address.replace("Av.", "Avenida").replace("Jr.", "Jirón")
    sex = "" if d.p(0.05) else d.pick({"M": ("M", "M", "Masculino", "H", "Hombre"), "F": ("F", "F", "Femenino", "Mujer")}[p.sex])
    return {
        "record_id": rid, "given_names": given, "surnames": surnames, "birth_date": _date(d, p, channel, nick),
        "sex": sex, "nationality": "" if d.p(0.25) else d.pick(_NATIONALITY[p.country]),
        "document_number": _doc(d, p, channel), "phone": _phone(d, p, channel),
        "email": p.email if p.email and d.p(0.5) else "",
        "city": "" if d.p(0.2) else _noisy_name(d, _case(d, city, channel), channel),
        "address": _case(d, address, channel) if address else "",
        "country": "" if d.p(0.1) else p.country,
    }


def generate(n_records: int, seed: int = 1, *, id_offset: int = 0) -> pa.Table:
    """n_records noisy register records; deterministic for a given (n_records, seed)."""
    d = _Draw(seed * 7_919 + 104_729)
    counts: list[int] = []
    total = 0
    while total < n_records:
        c = min(d.weighted(*RECORDS_PER_PERSON), n_records - total)
        counts.append(c)
        total += c
    people: list[_Person] = []
    hid = 0
    while len(people) < len(counts):
        people.extend(_household(d, id_offset + hid, id_offset + len(people)))
        hid += 1
    owner = [k for k, c in enumerate(counts) for _ in range(c)]
    d.r.shuffle(owner)
    columns: dict[str, list] = {k: [] for k in ("record_id", "given_names", "surnames", "birth_date", "sex",
                                                "nationality", "document_number", "phone", "email", "city",
                                                "address", "country", "person_id", "family_id")}
    for i, k in enumerate(owner):
        p = people[k]
        for key, value in _record(d, p, f"S{id_offset + i:08d}").items():
            columns[key].append(value)
        columns["person_id"].append(p.pid)
        columns["family_id"].append(p.household)
    return pa.table({k: (pa.array(v, pa.int64()) if k in ("person_id", "family_id") else pa.array(v, pa.string()))
                     for k, v in columns.items()})
