"""Screening instruments (the ILO/EC 2009 operational-indicator lists) as validated, immutable data.

Why data and not code: the lists, their strengths and their wording belong to a published source and to
national adaptations an administrator may add later. Code only knows the six dimensions, because the
scoring rule (``enlace.screening.scoring``) gives each dimension a fixed meaning. Everything else lives in
the JSON files next to this module, or in a dict stored in the database for a national variant, and goes
through the same validation (``instrument_from_dict``) so that a typo in a strength or a duplicated key
fails loudly at load time instead of silently changing a screening result.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any

__all__ = [
    "DIMENSION_KEYS",
    "DESTINATION_DIMENSIONS",
    "EXPLOITATION_DIMENSION",
    "EXPLOITATIONS",
    "POPULATIONS",
    "RECRUITMENT_DIMENSIONS",
    "REQUIRED_LANGUAGES",
    "STRENGTHS",
    "Dimension",
    "Indicator",
    "Instrument",
    "InstrumentError",
    "LocalizedText",
    "UnknownInstrumentError",
    "available_instruments",
    "builtin_instrument_for",
    "instrument_from_dict",
    "load_instrument",
    "load_messages",
    "validate_instrument_data",
]

STRENGTHS = ("strong", "medium", "weak")
POPULATIONS = ("adult", "child")
EXPLOITATIONS = ("labour", "sexual")
ORIGINS = ("source", "enlace", "national")
# Every label and question must exist in these languages; others (pt, ay, qu...) are optional.
REQUIRED_LANGUAGES = ("en", "es")
# The meaning of each dimension number is fixed by the ILO/EC method and used by the scoring rule.
DIMENSION_KEYS: Mapping[int, str] = {
    1: "deceptive_recruitment",
    2: "coercive_recruitment",
    3: "recruitment_by_abuse_of_vulnerability",
    4: "exploitative_conditions",
    5: "coercion_at_destination",
    6: "abuse_of_vulnerability_at_destination",
}
RECRUITMENT_DIMENSIONS = (1, 2, 3)
EXPLOITATION_DIMENSION = 4
DESTINATION_DIMENSIONS = (5, 6)

MESSAGES_FILE = "messages.json"
_SNAKE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")
_INSTRUMENT_KEY = re.compile(r"^[a-z0-9]+(?:[-.][a-z0-9]+)*$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}(?:-[a-z0-9]{2,8})*$")
_TOP_FIELDS = {"key", "version", "title", "source", "population", "exploitation", "dimensions", "notes",
               "based_on", "country"}
_REQUIRED_TOP = ("key", "version", "source", "population", "exploitation", "dimensions")
_DIMENSION_FIELDS = {"number", "key", "label", "indicators"}
_INDICATOR_FIELDS = {"key", "strength", "label", "question", "origin"}


class InstrumentError(ValueError):
    """The instrument data is invalid. ``problems`` lists every problem found, not only the first."""

    def __init__(self, problems: list[str] | tuple[str, ...], *, source: str = "instrument") -> None:
        self.problems = tuple(problems)
        self.source = source
        super().__init__(f"{source} is not a valid screening instrument:\n  - " + "\n  - ".join(self.problems))


class UnknownInstrumentError(LookupError):
    """No instrument with that key (or for that population and exploitation) is available."""


@dataclass(frozen=True)
class LocalizedText:
    """A text in several languages; hashable so instruments stay immutable and cacheable."""

    values: tuple[tuple[str, str], ...]

    @classmethod
    def from_mapping(cls, mapping: Mapping[str, str]) -> LocalizedText:
        return cls(tuple(sorted(mapping.items())))

    def get(self, language: str = "en") -> str:
        """Text in ``language`` ("es-BO" falls back to "es"), else English."""
        values = dict(self.values)
        language = language.lower()
        for candidate in (language, language.split("-")[0], "en"):
            if candidate in values:
                return values[candidate]
        return self.values[0][1]

    def as_dict(self) -> dict[str, str]:
        return dict(self.values)


@dataclass(frozen=True)
class Indicator:
    key: str
    strength: str
    dimension: int
    label: LocalizedText
    question: LocalizedText
    origin: str = "source"

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"key": self.key, "strength": self.strength, "label": self.label.as_dict(),
                                "question": self.question.as_dict()}
        if self.origin != "source":
            data["origin"] = self.origin
        return data


@dataclass(frozen=True)
class Dimension:
    number: int
    key: str
    label: LocalizedText
    indicators: tuple[Indicator, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"number": self.number, "key": self.key, "label": self.label.as_dict(),
                "indicators": [indicator.to_dict() for indicator in self.indicators]}


@dataclass(frozen=True)
class Instrument:
    key: str
    version: str
    source_title: str
    source_url: str
    population: str
    exploitation: str
    dimensions: tuple[Dimension, ...]
    title: LocalizedText | None = None
    notes: LocalizedText | None = None
    based_on: str = ""
    country: str = ""
    _by_key: Mapping[str, Indicator] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        by_key = {indicator.key: indicator for dimension in self.dimensions for indicator in dimension.indicators}
        object.__setattr__(self, "_by_key", by_key)

    @property
    def indicators(self) -> tuple[Indicator, ...]:
        return tuple(self._by_key.values())

    @property
    def indicator_keys(self) -> frozenset[str]:
        return frozenset(self._by_key)

    def indicator(self, key: str) -> Indicator:
        """The indicator with this key; ``KeyError`` if the list has none."""
        return self._by_key[key]

    def dimension(self, number: int) -> Dimension:
        for dimension in self.dimensions:
            if dimension.number == number:
                return dimension
        raise KeyError(number)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form; ``instrument_from_dict(i.to_dict()) == i`` (used to store a national variant)."""
        data: dict[str, Any] = {"key": self.key, "version": self.version,
                                "source": {"title": self.source_title, "url": self.source_url},
                                "population": self.population, "exploitation": self.exploitation}
        if not self.source_url:
            del data["source"]["url"]
        for name in ("title", "notes"):
            value = getattr(self, name)
            if value is not None:
                data[name] = value.as_dict()
        for name in ("based_on", "country"):
            if getattr(self, name):
                data[name] = getattr(self, name)
        data["dimensions"] = [dimension.to_dict() for dimension in self.dimensions]
        return data


def _check_text(value: Any, where: str, problems: list[str]) -> None:
    if not isinstance(value, Mapping) or not value:
        problems.append(f"{where}: must be an object of language -> text, e.g. {{\"en\": ..., \"es\": ...}}")
        return
    for language, text in value.items():
        if not isinstance(language, str) or not _LANGUAGE.match(language):
            problems.append(f"{where}: {language!r} is not a lower-case language code")
        if not isinstance(text, str) or not text.strip():
            problems.append(f"{where}.{language}: must be a non-empty text")
    for language in REQUIRED_LANGUAGES:
        if language not in value:
            problems.append(f"{where}: missing the {language!r} text")


def _check_unknown_fields(data: Mapping[str, Any], allowed: set[str], where: str, problems: list[str]) -> None:
    for name in sorted(set(data) - allowed):
        problems.append(f"{where}: unknown field {name!r} (allowed: {', '.join(sorted(allowed))})")


def _check_indicator(item: Any, where: str, seen: dict[str, str], problems: list[str]) -> None:
    if not isinstance(item, Mapping):
        problems.append(f"{where}: must be an object")
        return
    _check_unknown_fields(item, _INDICATOR_FIELDS, where, problems)
    key = item.get("key")
    if not isinstance(key, str) or not _SNAKE.match(key):
        problems.append(f"{where}.key: {key!r} is not a snake_case key")
    elif key in seen:
        problems.append(f"{where}.key: {key!r} is already used at {seen[key]}")
    else:
        seen[key] = where
    where = f"{where} ({key})" if isinstance(key, str) else where
    if item.get("strength") not in STRENGTHS:
        problems.append(f"{where}.strength: {item.get('strength')!r} is not one of {', '.join(STRENGTHS)}")
    if item.get("origin", "source") not in ORIGINS:
        problems.append(f"{where}.origin: {item.get('origin')!r} is not one of {', '.join(ORIGINS)}")
    _check_text(item.get("label"), f"{where}.label", problems)
    _check_text(item.get("question"), f"{where}.question", problems)


def _check_dimensions(dimensions: Any, problems: list[str]) -> None:
    if not isinstance(dimensions, list):
        problems.append("dimensions: must be a list of the six dimensions")
        return
    numbers = [d.get("number") for d in dimensions if isinstance(d, Mapping)]
    if sorted(n for n in numbers if isinstance(n, int)) != list(DIMENSION_KEYS) or len(numbers) != 6:
        problems.append(f"dimensions: must be exactly the six dimensions numbered 1 to 6, got {numbers!r}")
    seen: dict[str, str] = {}
    for position, dimension in enumerate(dimensions):
        where = f"dimensions[{position}]"
        if not isinstance(dimension, Mapping):
            problems.append(f"{where}: must be an object")
            continue
        _check_unknown_fields(dimension, _DIMENSION_FIELDS, where, problems)
        number = dimension.get("number")
        if number is not None and number in DIMENSION_KEYS and dimension.get("key") != DIMENSION_KEYS[number]:
            problems.append(f"{where}.key: dimension {number} must have key {DIMENSION_KEYS[number]!r}, "
                            f"got {dimension.get('key')!r}")
        _check_text(dimension.get("label"), f"{where}.label", problems)
        indicators = dimension.get("indicators")
        if not isinstance(indicators, list) or not indicators:
            problems.append(f"{where}.indicators: must be a non-empty list")
            continue
        for index, item in enumerate(indicators):
            _check_indicator(item, f"{where}.indicators[{index}]", seen, problems)


def validate_instrument_data(data: Any) -> list[str]:
    """Every problem in ``data`` as a readable sentence; an empty list means valid."""
    if not isinstance(data, Mapping):
        return ["the instrument must be a JSON object"]
    problems: list[str] = []
    _check_unknown_fields(data, _TOP_FIELDS, "instrument", problems)
    problems.extend(f"{name}: required" for name in _REQUIRED_TOP if name not in data)
    key = data.get("key")
    if "key" in data and (not isinstance(key, str) or not _INSTRUMENT_KEY.match(key)):
        problems.append(f"key: {key!r} must be lower-case words joined by '-' or '.'")
    if "version" in data and (not isinstance(data["version"], str) or not data["version"].strip()):
        problems.append("version: must be a non-empty text such as '2009.1'")
    source = data.get("source")
    if "source" in data:
        if not isinstance(source, Mapping) or not isinstance(source.get("title"), str) or not source["title"]:
            problems.append("source: must be an object with a non-empty 'title' (and optionally 'url')")
        elif "url" in source and not (isinstance(source["url"], str) and source["url"].startswith("https://")):
            problems.append("source.url: must be an https:// address")
    if "population" in data and data["population"] not in POPULATIONS:
        problems.append(f"population: {data['population']!r} is not one of {', '.join(POPULATIONS)}")
    if "exploitation" in data and data["exploitation"] not in EXPLOITATIONS:
        problems.append(f"exploitation: {data['exploitation']!r} is not one of {', '.join(EXPLOITATIONS)}")
    for name in ("title", "notes"):
        if name in data:
            _check_text(data[name], name, problems)
    for name in ("based_on", "country"):
        if name in data and not isinstance(data[name], str):
            problems.append(f"{name}: must be a text")
    if "dimensions" in data:
        _check_dimensions(data["dimensions"], problems)
    return problems


def instrument_from_dict(data: Mapping[str, Any], *, source: str = "instrument") -> Instrument:
    """Validate ``data`` and build an ``Instrument``; raise ``InstrumentError`` listing every problem.

    Used for the built-in JSON files and for national variants stored in the database, so both obey the
    same rules.
    """
    problems = validate_instrument_data(data)
    if problems:
        name = data.get("key") if isinstance(data, Mapping) and isinstance(data.get("key"), str) else None
        raise InstrumentError(problems, source=f"{source} {name!r}" if name else source)
    dimensions = tuple(
        Dimension(
            number=d["number"],
            key=d["key"],
            label=LocalizedText.from_mapping(d["label"]),
            indicators=tuple(
                Indicator(key=i["key"], strength=i["strength"], dimension=d["number"],
                          label=LocalizedText.from_mapping(i["label"]),
                          question=LocalizedText.from_mapping(i["question"]),
                          origin=i.get("origin", "source"))
                for i in d["indicators"]
            ),
        )
        for d in sorted(data["dimensions"], key=lambda d: d["number"])
    )
    return Instrument(
        key=data["key"],
        version=data["version"],
        source_title=data["source"]["title"],
        source_url=data["source"].get("url", ""),
        population=data["population"],
        exploitation=data["exploitation"],
        dimensions=dimensions,
        title=LocalizedText.from_mapping(data["title"]) if "title" in data else None,
        notes=LocalizedText.from_mapping(data["notes"]) if "notes" in data else None,
        based_on=data.get("based_on", ""),
        country=data.get("country", ""),
    )


@cache
def _builtin() -> Mapping[str, Instrument]:
    found: dict[str, Instrument] = {}
    package = resources.files(__name__)
    for entry in sorted(package.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".json") or entry.name == MESSAGES_FILE:
            continue
        try:
            data = json.loads(entry.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise InstrumentError([f"not valid JSON: {exc}"], source=entry.name) from exc
        instrument = instrument_from_dict(data, source=entry.name)
        if instrument.key in found:
            raise InstrumentError([f"key {instrument.key!r} is used by another file"], source=entry.name)
        found[instrument.key] = instrument
    return MappingProxyType(found)


def available_instruments() -> list[Instrument]:
    """The built-in instruments, sorted by key."""
    return [instrument for _, instrument in sorted(_builtin().items())]


def load_instrument(key: str) -> Instrument:
    """The built-in instrument with this key (cached)."""
    try:
        return _builtin()[key]
    except KeyError:
        raise UnknownInstrumentError(f"no screening instrument {key!r}; available: {', '.join(sorted(_builtin()))}")


def builtin_instrument_for(*, population: str, exploitation: str) -> Instrument:
    """The single built-in list for this population ("adult"/"child") and exploitation ("labour"/"sexual")."""
    matches = [i for i in _builtin().values() if i.population == population and i.exploitation == exploitation]
    if len(matches) != 1:
        raise UnknownInstrumentError(
            f"expected one built-in instrument for {population}/{exploitation}, found {len(matches)}"
        )
    return matches[0]


@cache
def load_messages() -> Mapping[str, Any]:
    """Sentence templates (en/es/pt) used to explain a result in words."""
    text = resources.files(__name__).joinpath(MESSAGES_FILE).read_text(encoding="utf-8")
    return json.loads(text)
