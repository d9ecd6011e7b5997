"""The ILO/EC 2009 scoring rule: one pure function shared by the web UI, the CLI and the API.

Why one function: a screening result may be read out to a prosecutor or a shelter months later. If the
phone form, the API and a batch import each scored on their own, the same answers could give different
outcomes. ``score`` takes an instrument and the keys answered "yes" and returns everything needed to show
*why*: each dimension, the indicators in it, and the rule that made it positive.

A result supports the decision of a competent person; it is never a verdict, which is why "no_indicators"
does not mean "not a victim" and why an unknown age is scored both ways instead of being guessed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from enlace.screening.instrument import (
    DESTINATION_DIMENSIONS,
    EXPLOITATION_DIMENSION,
    EXPLOITATIONS,
    RECRUITMENT_DIMENSIONS,
    Instrument,
    builtin_instrument_for,
    load_instrument,
    load_messages,
)

PRESUMED_VICTIM = "presumed_victim"
POSSIBLE_VICTIM = "possible_victim"
NO_INDICATORS = "no_indicators"
# Higher is more protective: with an unknown age the overall outcome is the most protective one.
PROTECTIVENESS = {NO_INDICATORS: 0, POSSIBLE_VICTIM: 1, PRESUMED_VICTIM: 2}

RECRUITMENT = "recruitment"
EXPLOITATION = "exploitation"
DESTINATION = "coercion_or_vulnerability_at_destination"

AGE_OF_MAJORITY = 18
MAX_PLAUSIBLE_AGE = 120

# (rule name, strong, medium, weak) minimum counts, in the order they are reported.
DIMENSION_RULES = (
    ("two_strong", 2, 0, 0),
    ("strong_and_medium", 1, 1, 0),
    ("strong_and_weak", 1, 0, 1),
    ("three_medium", 0, 3, 0),
    ("two_medium_one_weak", 0, 2, 1),
)


class UnknownIndicatorError(ValueError):
    """Answers contain keys that the instrument does not define (never scored as zero)."""

    def __init__(self, keys: Iterable[str], *, instrument_key: str) -> None:
        self.keys = tuple(sorted(keys))
        self.instrument_key = instrument_key
        super().__init__(f"unknown indicator key(s) for {instrument_key}: {', '.join(self.keys)}")


class PopulationMismatchError(ValueError):
    """The age says adult but a child list was passed, or the reverse."""


def population_for_age(age_at_exploitation: int | None) -> str | None:
    """The population whose list applies: "adult", "child", or None when the age is unknown."""
    if age_at_exploitation is None:
        return None
    if isinstance(age_at_exploitation, bool) or not isinstance(age_at_exploitation, int):
        raise TypeError(f"age_at_exploitation must be an int or None, got {age_at_exploitation!r}")
    if not 0 <= age_at_exploitation <= MAX_PLAUSIBLE_AGE:
        raise ValueError(f"age_at_exploitation {age_at_exploitation} is not a plausible age")
    return "child" if age_at_exploitation < AGE_OF_MAJORITY else "adult"


def dimension_rules_met(strong: int, medium: int, weak: int) -> tuple[str, ...]:
    """Names of every rule satisfied by these counts; a dimension is positive if any is."""
    return tuple(name for name, s, m, w in DIMENSION_RULES if strong >= s and medium >= m and weak >= w)


@dataclass(frozen=True)
class IndicatorHit:
    key: str
    strength: str

    def to_dict(self) -> dict[str, str]:
        return {"key": self.key, "strength": self.strength}


@dataclass(frozen=True)
class DimensionResult:
    number: int
    key: str
    positive: bool
    rule: str | None  # first rule met, in DIMENSION_RULES order; None when not positive
    rules_met: tuple[str, ...]
    indicators: tuple[IndicatorHit, ...]  # every indicator answered "yes" in this dimension

    def count(self, strength: str) -> int:
        return sum(1 for hit in self.indicators if hit.strength == strength)

    def to_dict(self) -> dict[str, Any]:
        return {"number": self.number, "key": self.key, "positive": self.positive, "rule": self.rule,
                "rules_met": list(self.rules_met), "indicators": [hit.to_dict() for hit in self.indicators],
                "counts": {s: self.count(s) for s in ("strong", "medium", "weak")}}


@dataclass(frozen=True)
class ScreeningResult:
    instrument_key: str
    instrument_version: str
    population: str
    exploitation: str
    age_at_exploitation: int | None
    age_known: bool
    outcome: str
    missing_elements: tuple[str, ...]  # empty unless outcome is possible_victim
    dimensions: tuple[DimensionResult, ...]
    answered_yes: tuple[str, ...]
    # Keys answered for the other list of an unknown-age screening that this list does not contain.
    not_in_instrument: tuple[str, ...] = ()

    @property
    def positive_dimensions(self) -> tuple[int, ...]:
        return tuple(d.number for d in self.dimensions if d.positive)

    def dimension(self, number: int) -> DimensionResult:
        return next(d for d in self.dimensions if d.number == number)

    def to_dict(self) -> dict[str, Any]:
        return {"instrument_key": self.instrument_key, "instrument_version": self.instrument_version,
                "population": self.population, "exploitation": self.exploitation,
                "age_at_exploitation": self.age_at_exploitation, "age_known": self.age_known,
                "outcome": self.outcome, "missing_elements": list(self.missing_elements),
                "positive_dimensions": list(self.positive_dimensions),
                "dimensions": [d.to_dict() for d in self.dimensions],
                "answered_yes": list(self.answered_yes), "not_in_instrument": list(self.not_in_instrument)}


@dataclass(frozen=True)
class ScreeningAssessment:
    """One screening: one result when the age is known, an adult and a child result when it is not."""

    exploitation: str
    age_at_exploitation: int | None
    age_known: bool
    outcome: str  # the most protective outcome among ``results``
    outcome_from: tuple[str, ...]  # populations whose result gave ``outcome``
    results: tuple[ScreeningResult, ...]

    def result_for(self, population: str) -> ScreeningResult:
        for result in self.results:
            if result.population == population:
                return result
        raise KeyError(population)

    def to_dict(self) -> dict[str, Any]:
        return {"exploitation": self.exploitation, "age_at_exploitation": self.age_at_exploitation,
                "age_known": self.age_known, "outcome": self.outcome, "outcome_from": list(self.outcome_from),
                "results": [r.to_dict() for r in self.results]}


def _answer_set(answered_yes: Iterable[str]) -> frozenset[str]:
    if isinstance(answered_yes, str | bytes):
        raise TypeError("answered_yes must be a collection of indicator keys, not a single string")
    keys = frozenset(answered_yes)
    wrong = [k for k in keys if not isinstance(k, str)]
    if wrong:
        raise TypeError(f"indicator keys must be strings, got {wrong!r}")
    return keys


def score(instrument: Instrument, answered_yes: Iterable[str], *,
          age_at_exploitation: int | None) -> ScreeningResult:
    """Score one list. Raises ``UnknownIndicatorError`` for keys the list does not define and
    ``PopulationMismatchError`` when a known age contradicts the list's population."""
    return _score(instrument, _answer_set(answered_yes), age_at_exploitation=age_at_exploitation, foreign=())


def _score(instrument: Instrument, answered: frozenset[str], *, age_at_exploitation: int | None,
           foreign: Iterable[str]) -> ScreeningResult:
    population = population_for_age(age_at_exploitation)
    if population is not None and population != instrument.population:
        raise PopulationMismatchError(
            f"age {age_at_exploitation} means the {population} list, but {instrument.key} is for "
            f"{instrument.population}s"
        )
    unknown = answered - instrument.indicator_keys
    if unknown:
        raise UnknownIndicatorError(unknown, instrument_key=instrument.key)

    dimensions = []
    for dimension in instrument.dimensions:
        hits = tuple(IndicatorHit(i.key, i.strength) for i in dimension.indicators if i.key in answered)
        counts = [sum(1 for h in hits if h.strength == s) for s in ("strong", "medium", "weak")]
        rules = dimension_rules_met(*counts)
        dimensions.append(DimensionResult(number=dimension.number, key=dimension.key, positive=bool(rules),
                                          rule=rules[0] if rules else None, rules_met=rules, indicators=hits))

    positive = {d.number for d in dimensions if d.positive}
    required = [(RECRUITMENT, RECRUITMENT_DIMENSIONS), (EXPLOITATION, (EXPLOITATION_DIMENSION,))]
    if instrument.population == "adult":
        required.append((DESTINATION, DESTINATION_DIMENSIONS))
    missing = tuple(name for name, numbers in required if not positive.intersection(numbers))
    if not missing:
        outcome = PRESUMED_VICTIM
    elif answered:
        outcome = POSSIBLE_VICTIM
    else:
        outcome = NO_INDICATORS
    return ScreeningResult(
        instrument_key=instrument.key,
        instrument_version=instrument.version,
        population=instrument.population,
        exploitation=instrument.exploitation,
        age_at_exploitation=age_at_exploitation,
        age_known=age_at_exploitation is not None,
        outcome=outcome,
        missing_elements=missing if outcome == POSSIBLE_VICTIM else (),
        dimensions=tuple(dimensions),
        answered_yes=tuple(sorted(answered)),
        not_in_instrument=tuple(sorted(foreign)),
    )


def instruments_for(*, exploitation: str, age_at_exploitation: int | None,
                    adult_instrument: Instrument | None = None,
                    child_instrument: Instrument | None = None) -> tuple[Instrument, ...]:
    """The list(s) to ask: the one for the age, or the adult and the child list when the age is unknown.

    National variants are passed as ``adult_instrument``/``child_instrument``; otherwise the built-in
    ILO/EC lists are used.
    """
    if exploitation not in EXPLOITATIONS:
        raise ValueError(f"exploitation must be one of {', '.join(EXPLOITATIONS)}, got {exploitation!r}")
    population = population_for_age(age_at_exploitation)
    chosen = []
    for wanted, given in (("adult", adult_instrument), ("child", child_instrument)):
        if population not in (None, wanted):
            continue
        instrument = given or builtin_instrument_for(population=wanted, exploitation=exploitation)
        if instrument.population != wanted or instrument.exploitation != exploitation:
            raise PopulationMismatchError(
                f"{instrument.key} is for {instrument.population}/{instrument.exploitation}, "
                f"expected {wanted}/{exploitation}"
            )
        chosen.append(instrument)
    return tuple(chosen)


def score_screening(*, exploitation: str, answered_yes: Iterable[str], age_at_exploitation: int | None,
                    adult_instrument: Instrument | None = None,
                    child_instrument: Instrument | None = None) -> ScreeningAssessment:
    """Pick the list(s) for the age and score them.

    With an unknown age both lists are scored and the overall outcome is the more protective one. A key
    that only one of the two lists defines is listed in the other result's ``not_in_instrument``; a key
    that neither defines raises ``UnknownIndicatorError``.
    """
    answered = _answer_set(answered_yes)
    instruments = instruments_for(exploitation=exploitation, age_at_exploitation=age_at_exploitation,
                                  adult_instrument=adult_instrument, child_instrument=child_instrument)
    known = frozenset().union(*(i.indicator_keys for i in instruments))
    if answered - known:
        raise UnknownIndicatorError(answered - known, instrument_key=" + ".join(i.key for i in instruments))
    results = tuple(
        _score(i, answered & i.indicator_keys, age_at_exploitation=age_at_exploitation,
               foreign=answered - i.indicator_keys)
        for i in instruments
    )
    best = max(PROTECTIVENESS[r.outcome] for r in results)
    return ScreeningAssessment(
        exploitation=exploitation,
        age_at_exploitation=age_at_exploitation,
        age_known=age_at_exploitation is not None,
        outcome=next(r.outcome for r in results if PROTECTIVENESS[r.outcome] == best),
        outcome_from=tuple(r.population for r in results if PROTECTIVENESS[r.outcome] == best),
        results=results,
    )


def explain(result: ScreeningResult, language: str = "en", *, instrument: Instrument | None = None) -> list[str]:
    """The result in sentences (en, es or pt), for the screen and for the case file.

    Dimension and indicator labels come from the instrument (pass it for a national variant); the
    sentence templates come from ``instrument/messages.json``.
    """
    instrument = instrument or load_instrument(result.instrument_key)
    messages = load_messages()

    def say(template: dict[str, str], **values: Any) -> str:
        base = language.lower().split("-")[0]
        return template.get(base, template["en"]).format(**values)

    population = say(messages["population"][result.population])
    lines = [say(messages["outcome"][result.outcome], population=population)]
    if not result.age_known:
        lines.append(say(messages["age_unknown"], population=population))
    separator = say(messages["list_separator"])
    for dimension in result.dimensions:
        if not dimension.indicators:
            continue
        indicators = separator.join(
            f"{instrument.indicator(hit.key).label.get(language)} ({say(messages['strength'][hit.strength])})"
            for hit in dimension.indicators
        )
        label = instrument.dimension(dimension.number).label.get(language)
        if dimension.positive:
            rule = say(messages["rule"][dimension.rule])
            lines.append(say(messages["dimension_positive"], number=dimension.number, label=label, rule=rule,
                             indicators=indicators))
        else:
            lines.append(say(messages["dimension_negative"], number=dimension.number, label=label,
                             indicators=indicators))
    if result.missing_elements:
        elements = say(messages["and"]).join(say(messages["element"][e]) for e in result.missing_elements)
        lines.append(say(messages["missing"], elements=elements))
    return lines
