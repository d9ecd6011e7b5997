"""Per-value text helpers shared by the vectorised preparation step.

Why per-value functions at all in a vectorised engine: names repeat a lot (a country has a
few thousand distinct surnames), so the engine normalises each *distinct* value once with
these functions and maps the result back with integer codes. That keeps the Spanish-aware
rules readable while the cost grows with the number of distinct values, not of rows.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

_NON_LETTER = re.compile(r"[^a-z ]+")
_SPACES = re.compile(r"\s+")

# Particles that glue to the next token of a compound surname ("de la Cruz", "del Castillo").
PARTICLES = frozenset({"de", "del", "la", "las", "los", "y", "da", "dos", "van", "von"})

# A small built-in nickname table (nickname -> canonical given name). The normalisers'
# enlace/links/data/nicknames.csv, when present, extends it (see load_nicknames).
BUILTIN_NICKNAMES: dict[str, str] = {
    "pancho": "francisco", "paco": "francisco", "frank": "francisco", "kiko": "francisco",
    "pepe": "jose", "chepe": "jose", "pepito": "jose", "cheo": "jose",
    "lucho": "luis", "lucho luis": "luis", "chucho": "jesus", "chuy": "jesus",
    "nacho": "ignacio", "memo": "guillermo", "quique": "enrique", "kike": "enrique",
    "tono": "antonio", "tonio": "antonio", "lupe": "guadalupe", "lupita": "guadalupe",
    "cata": "catalina", "gaby": "gabriela", "gabi": "gabriela", "charo": "rosario",
    "chayo": "rosario", "concha": "concepcion", "conchita": "concepcion", "chela": "graciela",
    "pili": "pilar", "rafa": "rafael", "santi": "santiago", "nico": "nicolas",
    "vicho": "vicente", "lalo": "eduardo", "meche": "mercedes", "lola": "dolores",
    "tere": "teresa", "juancho": "juan", "juanito": "juan", "goyo": "gregorio",
    "beto": "alberto", "betty": "beatriz", "rosi": "rosa", "rosita": "rosa",
    "chabela": "isabel", "isa": "isabel", "mari": "maria", "maruja": "maria",
    "fede": "federico", "checo": "sergio", "poncho": "alfonso", "licha": "alicia",
    "nena": "elena", "elenita": "elena", "chente": "vicente", "manolo": "manuel",
    "manu": "manuel", "tito": "alberto", "juli": "julia", "edu": "eduardo",
    "mechi": "mercedes", "cris": "cristina", "dany": "daniel", "dani": "daniel",
    "alex": "alejandro", "ale": "alejandra", "vero": "veronica", "moni": "monica",
    "paty": "patricia", "pati": "patricia", "fer": "fernando", "susy": "susana",
}


def strip_accents(value: str) -> str:
    """Drop diacritics the way clerks do when a keyboard has no accents (Peña -> Pena)."""
    if value.isascii():
        return value
    decomposed = unicodedata.normalize("NFKD", value)
    if decomposed.isascii():
        return decomposed
    # Drop combining marks (and other letters without an ASCII form) in C, not per char.
    return decomposed.encode("ascii", "ignore").decode("ascii")


def clean_text(value: object) -> str:
    """Lower-case, accent-free, letters and single spaces only; '' for missing values."""
    if value is None or value != value:  # None or NaN
        return ""
    text = strip_accents(str(value)).lower()
    text = _NON_LETTER.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def join_particles(tokens: list[str]) -> list[str]:
    """Glue particles to the following token so 'de la cruz' stays one surname."""
    out: list[str] = []
    pending: list[str] = []
    for tok in tokens:
        if tok in PARTICLES:
            pending.append(tok)
            continue
        out.append("".join(pending) + tok)
        pending = []
    return out


def split_surnames(value: str) -> tuple[str, str, str]:
    """Split a cleaned surname string into (first, second, married).

    Why this shape: a Bolivian record may say 'Mamani Quispe', 'Mamani', 'Quispe de Condori'
    or 'Mamani Quispe de Condori'. The married form is 'de' + husband's surname placed after
    the woman's own surname(s); a leading 'de' ('De la Cruz') is part of the surname itself.
    """
    tokens = value.split()
    married = ""
    # "... de X" after at least one own surname is a married surname.
    for pos in range(1, len(tokens) - 1):
        if tokens[pos] == "de" and tokens[pos + 1] not in PARTICLES:
            married = "".join(join_particles(tokens[pos + 1 :]))
            tokens = tokens[:pos]
            break
    parts = join_particles(tokens)
    first = parts[0] if parts else ""
    second = parts[1] if len(parts) > 1 else ""
    return first, second, married


def split_full_name(value: str) -> tuple[str, str]:
    """Split a full name into (given, surnames) text.

    'MAMANI QUISPE, Juan' (surnames first, with comma) is taken literally; without a comma
    the last two tokens are taken as surnames when there are three or more, else the last.
    """
    if "," in value:
        surn, _, given = value.partition(",")
        return clean_text(given), clean_text(surn)
    tokens = clean_text(value).split()
    if len(tokens) <= 1:
        return (tokens[0] if tokens else ""), ""
    cut = len(tokens) - 2 if len(tokens) >= 3 else len(tokens) - 1
    # Keep particles with the surnames ("juan de la cruz" -> given 'juan').
    while cut > 1 and tokens[cut - 1] in PARTICLES:
        cut -= 1
    return " ".join(tokens[:cut]), " ".join(tokens[cut:])


_PHONETIC_RULES = [
    (re.compile(r"ch"), "x"), (re.compile(r"ll"), "y"), (re.compile(r"qu"), "k"),
    (re.compile(r"gu(?=[ei])"), "g"), (re.compile(r"g(?=[ei])"), "j"), (re.compile(r"c(?=[ei])"), "s"),
    (re.compile(r"c"), "k"), (re.compile(r"z"), "s"), (re.compile(r"v"), "b"), (re.compile(r"w"), "u"),
    (re.compile(r"h"), ""), (re.compile(r"y$"), "i"), (re.compile(r"e"), "i"), (re.compile(r"o"), "u"),
    (re.compile(r"(.)\1+"), r"\1"),
]


@lru_cache(maxsize=200_000)
def spanish_phonetic(value: str) -> str:
    """A Spanish/Andean sound key: Quispe=Kispe=Quespe, Condori=Cundori, Vaca=Baca.

    e/i and o/u are merged because Quechua and Aymara have three vowels and Spanish
    spellings of the same surname vary between them.
    """
    key = value.replace(" ", "")
    for pattern, repl in _PHONETIC_RULES:
        key = pattern.sub(repl, key)
    return key


@lru_cache(maxsize=4)
def load_nicknames(path: Path | None = None) -> dict[str, str]:
    """Nickname -> canonical table: built-in entries plus the normalisers' CSV if present.

    Cached: callers must not modify the returned dict.
    """
    table = dict(BUILTIN_NICKNAMES)
    if path is None:
        path = Path(__file__).resolve().parent.parent / "data" / "nicknames.csv"
    if not path.exists():
        return table
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.reader(fh)
            header = [h.strip().lower() for h in next(reader, [])]
            nick_col = next((i for i, h in enumerate(header) if h in {"nickname", "alias", "variant"}), 0)
            canon_col = next((i for i, h in enumerate(header) if h in {"canonical", "name", "given", "given_name"}), 1)
            for row in reader:
                if len(row) > max(nick_col, canon_col):
                    nick, canon = clean_text(row[nick_col]), clean_text(row[canon_col])
                    if nick and canon and nick != canon:
                        table.setdefault(nick, canon)
    except (OSError, csv.Error, UnicodeDecodeError):
        return table
    return table


def canonical_given(given: str, nicknames: dict[str, str]) -> str:
    """First given name with nicknames resolved ('pancho' -> 'francisco'; 'juan carlos' -> 'juan')."""
    if given in nicknames:
        return nicknames[given]
    tokens = [t for t in given.split() if t not in PARTICLES]
    first = tokens[0] if tokens else ""
    return nicknames.get(first, first)
