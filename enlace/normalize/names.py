"""Person names from the region, normalised for matching people across cases.

Why this much structure: two records of one person rarely spell the name the same way.
People carry two surnames (paternal, maternal) and often compound given names; particles
(de, del, de la...) come and go; a married woman may add "de" + her husband's surname or
"Vda. de" when widowed; nicknames replace given names (Pancho = Francisco); records put
the surnames first ("QUISPE MAMANI, Juan") or not at all. The parse below keeps each part
separately so the matcher can compare like with like and tolerate what is missing.

Rules (all lists live in ``enlace/normalize/data``):

* "SURNAMES, GIVEN" when there is a comma.
* Without a comma: surnames first when the first word is not a known given name and the
  last one is ("QUISPE MAMANI JUAN CARLOS"); otherwise given names first, and with three or
  more words the last two are the surnames, unless the second-to-last is a known given
  name ("Juan Carlos Quispe").
* Particles stick to the next word ("de la Cruz") and are ignored in comparison keys.
* "Vda. de X" anywhere, or a final "de X" after the own surname(s), is the married surname.
  Known limitation: a man's "João Pereira de Souza" is read as married too; "souza" is still
  in ``all_surnames`` so matching does not lose it.
* "de los Ángeles", "del Carmen"... after María/José/Juan/Ana belong to the given name.
* Single letters (with or without a dot) are initials.
* A single word is read as a given name ("Pancho"): records of people known only by a
  first name or nickname are more common than records with only a surname.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from ._name_tables import (
    COMPLEMENT_HEADS,
    GIVEN_COMPLEMENTS,
    GIVEN_ONLY,
    NICKNAMES,
    PARTICLES,
    PREFIXES,
    TITLES,
    UNKNOWN_VALUES,
    WIDOW_MARKERS,
)
from ._text import fold, letters_for_digits
from .phonetic import spanish_phonetic

__all__ = ["PersonName", "fold", "normalize_name", "read_name", "reads_as_full_name", "surname_key"]

# Token kinds: word, particle, prefix (San, Santa: glued but compared), initial.
WORD, PARTICLE, PREFIX, INITIAL = "w", "p", "x", "i"
Token = tuple[str, str]
Group = tuple[Token, ...]

_SPECIAL_WORDS = PARTICLES | PREFIXES | TITLES | UNKNOWN_VALUES | WIDOW_MARKERS | {"alias", "aka"}
_ALIAS = re.compile(r"(?:\(a\)|\balias\b|\baka\b|\ba\.k\.a\b).*$")
_BRACKETED = re.compile(r"\([^)]*\)|\[[^\]]*\]|\"[^\"]*\"|“[^”]*”|«[^»]*»")
_APOSTROPHE = re.compile(r"'")
_TOKEN = re.compile(r"([a-z]+)(\.)?")


@dataclass(frozen=True, slots=True)
class PersonName:
    """A parsed name. Surname fields keep their particles ("de la cruz"); keys drop them.

    ``given`` holds canonical given names (nicknames resolved); an ambiguous nickname
    (Beto: Alberto, Roberto, Humberto) stays as written and ``given_variants`` lists the
    candidates per position. ``given_raw`` is the folded given part as written.
    ``all_surnames`` are the particle-free comparison keys of every surname, married
    included. ``form`` says how the input was read: split, comma, given_first,
    surname_first or empty.
    """

    given: tuple[str, ...]
    given_raw: str
    first_surname: str | None
    second_surname: str | None
    married_surname: str | None
    all_surnames: tuple[str, ...]
    initials: str
    given_variants: tuple[tuple[str, ...], ...] = ()
    form: str = "empty"

    @property
    def is_empty(self) -> bool:
        return not (self.given or self.initials or self.all_surnames)

    def phonetic_surname_keys(self) -> tuple[str, ...]:
        """Spanish/Andean sound keys of all surnames (see ``phonetic.spanish_phonetic``)."""
        return _dedupe(spanish_phonetic(key) for key in self.all_surnames)

    def first_initials(self) -> tuple[str, ...]:
        """Possible initials of the first given name (several for an ambiguous nickname)."""
        if self.given_variants:
            return _dedupe(name[0] for name in self.given_variants[0])
        return (self.initials[0],) if self.initials else ()


def normalize_name(
    *, given_names: str | None = None, surnames: str | None = None, full_name: str | None = None
) -> PersonName:
    """Parse a name given as separate fields, or as one full-name string.

    Separate fields win when either is given; ``full_name`` is read only when both are empty.
    """
    return _normalize_cached(given_names or "", surnames or "", full_name or "")


def reads_as_full_name(given_names: str, surnames: str) -> bool:
    """Whether a record's two name boxes hold one whole name typed into a single box.

    "QUISPE MAMANI, Rosa" in the surname box with the given-name box empty, or "Rosa
    Quispe Mamani" in the given-name box with the surname box empty. Matching on save and
    the batch engine ask this same question so that they read such records the same way.
    """
    if not given_names.strip():
        return "," in surnames
    return not surnames.strip() and len(given_names.split()) > 1


def read_name(given_names: str | None, surnames: str | None) -> PersonName:
    """A record's name from its given-name and surname boxes (surnames in one string).

    Both boxes are read separately unless ``reads_as_full_name`` says the whole name is in
    one of them; then that box is parsed as a full name.
    """
    given, surname_text = given_names or "", surnames or ""
    if reads_as_full_name(given, surname_text):
        return normalize_name(full_name=surname_text if not given.strip() else given)
    return normalize_name(given_names=given, surnames=surname_text)


@lru_cache(maxsize=1 << 18)
def _normalize_cached(given_names: str, surnames: str, full_name: str) -> PersonName:
    if given_names.strip() or surnames.strip():
        return _assemble(_given_from_text(given_names), _surnames_from_text(surnames), "split")
    text = full_name.strip()
    if "," in text:
        surname_part, _, given_part = text.partition(",")
        return _assemble(_given_from_text(given_part), _surnames_from_text(surname_part), "comma")
    tokens = _tokens(text)
    if not tokens:
        return _assemble(_given_info([]), _surname_info([], None), "empty")
    tokens, married = _split_widow(tokens)
    groups = _merge_complements(_groups(tokens))
    if married is None and len(groups) >= 3 and _is_married_suffix(groups[-1]):
        married, groups = groups[-1][1:], groups[:-1]
    if len(groups) >= 2 and not _given_like(groups[0]) and _given_like(groups[-1]):
        cut = len(groups) - 1
        while cut > 1 and _given_like(groups[cut - 1]):
            cut -= 1
        own, married_inner = _surname_groups_from(groups[:cut])
        return _assemble(_given_info(groups[cut:]), _surname_info(own, married or married_inner), "surname_first")
    n_surnames = 0 if len(groups) <= 1 else 1 if len(groups) == 2 else 2
    if n_surnames == 2 and (_given_like(groups[-2]) or _is_initial(groups[-2])):
        n_surnames = 1
    cut = len(groups) - n_surnames
    return _assemble(_given_info(groups[:cut]), _surname_info(groups[cut:], married), "given_first")


# -- tokens and groups ---------------------------------------------------------------


def _tokens(text: str) -> list[Token]:
    """Folded tokens with their kind; titles at the start, aliases and "NN" dropped."""
    folded = letters_for_digits(fold(text))
    if not folded:
        return []
    folded = _BRACKETED.sub(" ", _ALIAS.sub("", folded))
    folded = _APOSTROPHE.sub("", folded)
    raw = _TOKEN.findall(folded)
    if " ".join(word for word, _ in raw) in UNKNOWN_VALUES:
        return []
    tokens: list[Token] = []
    for word, dot in raw:
        if not tokens and word in TITLES:
            continue
        if len(word) > 1 and word in UNKNOWN_VALUES:
            continue
        if word in PARTICLES and not dot:
            tokens.append((word, PARTICLE))
        elif word in PREFIXES:
            tokens.append((word, PREFIX))
        elif len(word) == 1:
            tokens.append((word, INITIAL))
        else:
            tokens.append((word, WORD))
    return tokens


def _split_widow(tokens: list[Token]) -> tuple[list[Token], Group | None]:
    """Cut "Vda. de X" / "viuda de X" off the end: X is the married surname."""
    for pos in range(len(tokens) - 2):
        if tokens[pos][0] in WIDOW_MARKERS and tokens[pos + 1][0] == "de":
            rest = _groups(tokens[pos + 2 :])
            return tokens[:pos], (rest[0] if rest else None)
    return tokens, None


def _groups(tokens: list[Token]) -> list[Group]:
    """Attach particles and prefixes to the next word: ("de","la","cruz") is one group."""
    groups: list[Group] = []
    pending: list[Token] = []
    for token in tokens:
        if token[1] in (PARTICLE, PREFIX):
            pending.append(token)
            continue
        groups.append((*pending, token))
        pending = []
    trailing = [(word, WORD) for word, kind in pending if kind == PREFIX]
    groups.extend((token,) for token in trailing)
    return groups


def _merge_complements(groups: list[Group]) -> list[Group]:
    """Glue "de los Ángeles" to a preceding María (and the like) as one given name."""
    merged: list[Group] = []
    for group in groups:
        phrase = " ".join(word for word, _ in group)
        if merged and group[0][1] == PARTICLE and phrase in GIVEN_COMPLEMENTS:
            if merged[-1][-1][0] in COMPLEMENT_HEADS:
                merged[-1] = merged[-1] + group
                continue
        merged.append(group)
    return merged


def _surname_groups(tokens: list[Token]) -> tuple[list[Group], Group | None]:
    tokens, married = _split_widow(tokens)
    own, married_inner = _surname_groups_from(_groups(tokens))
    return own, married or married_inner


def _surname_groups_from(groups: list[Group]) -> tuple[list[Group], Group | None]:
    """A final "de X" after at least one own surname is the married surname."""
    if len(groups) >= 2 and _is_married_suffix(groups[-1]):
        return groups[:-1], groups[-1][1:]
    return groups, None


def _is_married_suffix(group: Group) -> bool:
    return len(group) == 2 and group[0] == ("de", PARTICLE) and group[1][1] == WORD


def _given_like(group: Group) -> bool:
    core = [word for word, kind in group if kind != PARTICLE]
    return bool(core) and (core[0] in GIVEN_ONLY or group[-1][1] == INITIAL)


def _is_initial(group: Group) -> bool:
    return len(group) == 1 and group[0][1] == INITIAL


# -- building the result ---------------------------------------------------------------


# given, given_raw, initials, given_variants / first, second, married, all_surnames
_GivenInfo = tuple[tuple[str, ...], str, str, tuple[tuple[str, ...], ...]]
_SurnameInfo = tuple[str | None, str | None, str | None, tuple[str, ...]]


@lru_cache(maxsize=1 << 16)
def _given_from_text(text: str) -> _GivenInfo:
    """Given-names field on its own; cached because the same given names recur constantly."""
    plain = _plain_words(text)
    if plain is not None:  # each plain word is a WORD token of its own group (see _plain_words)
        return _given_info([((word, WORD),) for word in plain])
    return _given_info(_groups(_tokens(text)))


@lru_cache(maxsize=1 << 16)
def _surnames_from_text(text: str) -> _SurnameInfo:
    plain = _plain_words(text)
    if plain is not None:
        # Plain words only: _tokens would make each a WORD token and _surname_groups each
        # its own group with no married surname (that needs the particle "de"). Said
        # directly, because a batch has a hundred thousand distinct surname pairs.
        return _surname_info([((word, WORD),) for word in plain], None)
    return _surname_info(*_surname_groups(_tokens(text)))


def _plain_words(text: str) -> list[str] | None:
    """The folded words of ``text`` when each is plain letters that no rule of ``_tokens``
    treats specially (no particle, prefix, title, initial, alias mark, widow mark or
    unknown-value word), else None. Accented text is folded first, as ``_tokens`` does:
    "Condorí" and "Ñuflo" are plain words too."""
    folded = text if text.isascii() else fold(text)
    if not folded.isascii():
        return None
    words = folded.lower().split()
    if not words or any(len(word) < 2 or not word.isalpha() or word in _SPECIAL_WORDS for word in words):
        return None
    return None if " ".join(words) in UNKNOWN_VALUES else words


def _given_info(groups: list[Group]) -> _GivenInfo:
    given: list[str] = []
    variants: list[tuple[str, ...]] = []
    initials: list[str] = []
    raw_words: list[str] = []
    for group in groups:
        for word, kind in group:
            raw_words.append(word)
            if kind == PARTICLE:
                continue
            if kind == INITIAL:
                initials.append(word)
                continue
            for name, options in _canonical_given(word):
                given.append(name)
                variants.append(options)
                initials.append(name[0])
    return tuple(given), " ".join(raw_words), "".join(initials), tuple(variants)


def _surname_info(own: list[Group], married: Group | None) -> _SurnameInfo:
    texts = [_surname_text(group) for group in own]
    married_text = _surname_text(married) if married else None
    keys = [surname_key(text) for text in texts]
    if married_text:
        keys.append(surname_key(married_text))
    return (
        texts[0] if texts else None,
        texts[1] if len(texts) > 1 else None,
        married_text,
        _dedupe(key for key in keys if key),
    )


def _assemble(given: _GivenInfo, surnames: _SurnameInfo, form: str) -> PersonName:
    names, raw, initials, variants = given
    first, second, married, keys = surnames
    if not (names or initials or first or married):
        form = "empty"
    return PersonName(
        given=names,
        given_raw=raw,
        first_surname=first,
        second_surname=second,
        married_surname=married,
        all_surnames=keys,
        initials=initials,
        given_variants=variants,
        form=form,
    )


@lru_cache(maxsize=1 << 14)
def _canonical_given(word: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(name, acceptable forms) per given-name position for one written word."""
    options = NICKNAMES.get(word)
    if not options:
        return ((word, (word,)),)
    if len(options) == 1:
        return tuple((name, (name,)) for name in options[0])
    return ((word, _dedupe([*(option[0] for option in options), word])),)


def _surname_text(group: Group) -> str:
    return " ".join(word for word, _ in group)


@lru_cache(maxsize=1 << 16)
def surname_key(text: str | None) -> str:
    """Comparison key of one surname: particles dropped, no spaces ("de la cruz" -> "cruz")."""
    if not text:
        return ""
    return "".join(word for word in text.split() if word not in PARTICLES)


def _dedupe(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))
