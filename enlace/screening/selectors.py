"""Reads of screenings and instruments. Every read that returns a screening takes the acting user.

Need-to-know for screenings: the person who screened; supervisors of the unit the screening was made in;
members of the specialised team it was handed to; and, once it became a person in a case, whoever fully
sees that case. Everyone else gets ``NotFound``, the same as for a screening that does not exist.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.db.models import QuerySet

from enlace.accounts.models import Team, User
from enlace.audit.reads import audit_read, list_read
from enlace.cases.access import Access, case_access
from enlace.cases.models import Case
from enlace.core.errors import NotFound
from enlace.persons.identity import identity_visible, may_reveal, reveal_expiry
from enlace.screening.instrument import (
    EXPLOITATIONS,
    Instrument,
    UnknownInstrumentError,
    available_instruments,
    instrument_from_dict,
    load_instrument,
    load_messages,
)
from enlace.screening.scoring import UnknownIndicatorError, score, score_screening

from .models import InstrumentVersion, Screening, ScreeningStatus
from .visibility import screenings_visible as screenings_visible  # the rule lives there; read from here
from .visibility import visible_screening_pk

STEPS = ("start", "person", "1", "2", "3", "4", "5", "6", "elements", "review")
DIMENSION_STEPS = ("1", "2", "3", "4", "5", "6")

_PARSED: dict[tuple[str, str], Instrument] = {}


# ---------------------------------------------------------------- instruments


def instrument_of(version: InstrumentVersion) -> Instrument:
    """The validated ``Instrument`` stored in a row (cached: a used version never changes)."""
    cache_key = (version.key, version.version)
    if cache_key not in _PARSED:
        _PARSED[cache_key] = instrument_from_dict(version.data, source=f"instrument version {version.pk}")
    return _PARSED[cache_key]


def instrument_versions(*, active_only: bool = False) -> QuerySet[InstrumentVersion]:
    qs = InstrumentVersion.objects.select_related("added_by")
    return qs.filter(is_active=True) if active_only else qs


def instrument_by_key(key: str, *, version: str | None = None) -> Instrument:
    """An instrument named by key (national variants from the database, built-in lists from the files).

    Without ``version``: the newest active row with that key, else the built-in list. Raises
    ``UnknownInstrumentError`` with the available keys when nothing matches.
    """
    rows = InstrumentVersion.objects.filter(key=key)
    if version is not None:
        row = rows.filter(version=version).first()
    else:
        row = rows.filter(is_active=True).order_by("-added_at", "-id").first()
    if row is not None:
        return instrument_of(row)
    try:
        instrument = load_instrument(key)
    except UnknownInstrumentError:
        instrument = None
    if instrument is not None and version in (None, instrument.version):
        return instrument
    known = sorted({i.key for i in available_instruments()} |
                   set(InstrumentVersion.objects.filter(is_active=True).values_list("key", flat=True)))
    wanted = f"{key!r} version {version!r}" if version else repr(key)
    raise UnknownInstrumentError(f"no screening instrument {wanted}; available: {', '.join(known)}")


def screening_instruments(screening: Screening) -> tuple[Instrument | None, Instrument | None]:
    """(adult list, child list) the screening asks; one is None when the age is known."""
    adult = screening.adult_instrument if screening.adult_instrument_id else None
    child = screening.child_instrument if screening.child_instrument_id else None
    return (instrument_of(adult) if adult is not None else None, instrument_of(child) if child is not None else None)


@dataclass(frozen=True)
class Question:
    key: str
    question: str
    label: str
    only_for: str  # "" when every list asked contains it, else "adult" or "child"


def dimension_questions(screening: Screening, number: int, language: str) -> tuple[str, list[Question]]:
    """Dimension label and its questions in ``language``; with an unknown age, both lists merged."""
    instruments = [i for i in screening_instruments(screening) if i is not None]
    seen: dict[str, Question] = {}
    label = instruments[0].dimension(number).label.get(language)
    for instrument in instruments:
        for indicator in instrument.dimension(number).indicators:
            if indicator.key in seen:
                continue
            present = [i.population for i in instruments if indicator.key in i.indicator_keys]
            seen[indicator.key] = Question(key=indicator.key, question=indicator.question.get(language),
                                           label=indicator.label.get(language),
                                           only_for=present[0] if len(present) < len(instruments) else "")
    return label, list(seen.values())


def dimension_keys(screening: Screening, number: int) -> frozenset[str]:
    keys: set[str] = set()
    for instrument in screening_instruments(screening):
        if instrument is not None:
            keys.update(i.key for i in instrument.dimension(number).indicators)
    return frozenset(keys)


# ---------------------------------------------------------------- scoring (one entry point for CLI and API)


class ScoringInputError(ValueError):
    """The scoring request is malformed (unknown list, unknown indicator key, wrong types)."""


def score_input(data: Mapping[str, Any]) -> dict[str, Any]:
    """Score a stateless request, for the CLI and the API; both call the pure engine through here.

    ``{"instrument": KEY, "yes": [...], "age": 24}`` scores one named list (``version`` optional);
    ``{"exploitation": "labour", "yes": [...], "age": null}`` picks the list(s) for the age, both when the
    age is unknown. An unknown list or indicator key raises ``ScoringInputError``: never a silent zero.
    """
    if not isinstance(data, Mapping):
        raise ScoringInputError("the input must be a JSON object")
    allowed = {"instrument", "version", "exploitation", "yes", "age", "language"}
    unknown_fields = sorted(set(data) - allowed)
    if unknown_fields:
        raise ScoringInputError(f"unknown field(s): {', '.join(unknown_fields)} (allowed: {', '.join(sorted(allowed))})")
    yes = data.get("yes", [])
    if not isinstance(yes, list) or not all(isinstance(k, str) for k in yes):
        raise ScoringInputError("'yes' must be a list of indicator keys")
    age = data.get("age")
    if age is not None and (isinstance(age, bool) or not isinstance(age, int)):
        raise ScoringInputError("'age' must be a whole number or null (unknown)")
    try:
        if data.get("instrument"):
            if data.get("exploitation"):
                raise ScoringInputError("give either 'instrument' or 'exploitation', not both")
            instrument = instrument_by_key(str(data["instrument"]), version=data.get("version"))
            return score(instrument, yes, age_at_exploitation=age).to_dict()
        exploitation = data.get("exploitation")
        if exploitation not in EXPLOITATIONS:
            raise ScoringInputError(f"give 'instrument' (a list key) or 'exploitation' ({' or '.join(EXPLOITATIONS)})")
        return score_screening(exploitation=exploitation, answered_yes=yes, age_at_exploitation=age).to_dict()
    except UnknownInstrumentError as exc:
        raise ScoringInputError(str(exc).strip("'\"")) from exc
    except UnknownIndicatorError as exc:
        raise ScoringInputError(str(exc)) from exc
    except (ValueError, TypeError) as exc:
        if isinstance(exc, ScoringInputError):
            raise
        raise ScoringInputError(str(exc)) from exc


# ---------------------------------------------------------------- screenings


def screening_list(*, actor: User, status: str = "") -> QuerySet[Screening]:
    list_read(actor=actor, area="screening", filters={"status": status})
    qs = screenings_visible(actor=actor)
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("screened_by", "unit", "handed_to_team", "case").order_by("status", "-updated_at", "-id")


def screening_get(*, actor: User, screening_id: UUID, audit: bool = True) -> Screening:
    """The screening if the actor may see it, else ``NotFound`` after the same work (see
    ``visibility``). Every read is audited."""
    pk = visible_screening_pk(actor=actor, screening_id=screening_id)
    if pk is None:
        raise NotFound
    screening = (Screening.objects.filter(pk=pk)
                 .select_related("adult_instrument", "child_instrument", "institution", "unit", "handed_to_team",
                                 "screened_by", "municipality", "case").first())
    if screening is None:
        raise NotFound
    audit_read(actor=actor, action="screening.read", obj=screening, case_id=screening.case_id,
               details={"pseudonym": screening.pseudonym})
    return screening


def screening_visible(*, actor: User, screening: Screening) -> bool:
    return screenings_visible(actor=actor).filter(pk=screening.pk).exists()


def can_edit_screening(actor: User, screening: Screening) -> bool:
    """Only the author edits, and only while it is a draft: a completed result is a record."""
    return screening.is_draft and screening.screened_by_id == actor.pk and actor.can_screen


def screening_identity_subject(screening: Screening):
    """Whose identity the record shows: once converted, the person's (its reveal, its protection)."""
    return screening.person if screening.person_id else screening


def recorded_by_screener(actor: User, subject) -> bool:
    """Identity grant: the officer who recorded a screening sees the names they wrote down,
    as long as it is not yet a person in a case (then the case's rules apply)."""
    return (isinstance(subject, Screening) and subject.person_id is None and actor.can_screen
            and subject.screened_by_id == actor.pk)


@dataclass(frozen=True)
class ScreeningIdentity:
    """The screening's names as the actor may see them now (``visible`` False: all empty)."""

    visible: bool
    given_names: str = ""
    first_surname: str = ""
    second_surname: str = ""
    can_reveal: bool = False
    revealed_until: float | None = None

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.given_names, self.first_surname, self.second_surname) if p)


def screening_identity(*, actor: User, screening: Screening, reveals: dict | None = None) -> ScreeningIdentity:
    """The names recorded with the screening, through the identity gate (``persons.identity``)."""
    subject = screening_identity_subject(screening)
    if not identity_visible(actor=actor, person=subject, reveals=reveals):
        return ScreeningIdentity(visible=False, can_reveal=not screening.anonymous and may_reveal(actor=actor))
    return ScreeningIdentity(visible=True, given_names=screening.given_names, first_surname=screening.first_surname,
                             second_surname=screening.second_surname,
                             revealed_until=reveal_expiry(subject, reveals))


def screening_case_visible(*, actor: User, screening: Screening) -> bool:
    """Whether the case the screening became is one the actor fully sees (to link it)."""
    case = screening.case if screening.case_id else None
    return bool(case is not None and case_access(actor, case) >= Access.FULL)


def can_hand_over(actor: User, screening: Screening) -> bool:
    """Offer the hand-over (``services.screening_hand_over`` checks the same, and the team)."""
    return (actor.can_screen and not screening.is_draft and screening.may_be_victim
            and not screening.is_converted)


def hand_over_teams(*, actor: User, screening: Screening) -> QuerySet[Team]:
    """Teams a screening can go to: the active ones of the screening's country."""
    return Team.objects.filter(is_active=True, country=screening.country).order_by("name")


def convert_target_cases(*, actor: User, limit: int = 50) -> list[Case]:
    """Open cases the actor fully sees, newest first: where a screened person can be added."""
    return list(Case.objects.visible_to(actor, full=True).exclude(status__in=["closed", "archived"])
                .order_by("-updated_at")[:limit])


def convert_target_case(*, actor: User, case_id: UUID) -> Case:
    case = Case.objects.visible_to(actor, full=True).filter(public_id=case_id).first()
    if case is None:
        raise NotFound
    return case


def can_convert_screening(actor: User, screening: Screening) -> bool:
    return (not screening.is_draft and not screening.is_converted and screening.may_be_victim
            and actor.can_create_cases)


# ---------------------------------------------------------------- display


def _say(template: Mapping[str, str], language: str) -> str:
    return template.get(language.split("-")[0], template["en"])


def result_display(screening: Screening, language: str) -> list[dict[str, Any]]:
    """The stored result, with labels in ``language``: one block per list scored (two when age unknown)."""
    if not screening.result:
        return []
    messages = load_messages()
    instruments = {i.key: i for i in screening_instruments(screening) if i is not None}
    blocks = []
    for result in screening.result["results"]:
        instrument = instruments.get(result["instrument_key"]) or instrument_by_key(
            result["instrument_key"], version=result["instrument_version"])
        dimensions = []
        for dim in result["dimensions"]:
            dimensions.append({
                "number": dim["number"],
                "label": instrument.dimension(dim["number"]).label.get(language),
                "positive": dim["positive"],
                "rule": _say(messages["rule"][dim["rule"]], language) if dim["rule"] else "",
                "indicators": [{"label": instrument.indicator(hit["key"]).label.get(language),
                                "strength": hit["strength"],
                                "strength_label": _say(messages["strength"][hit["strength"]], language)}
                               for hit in dim["indicators"]],
            })
        blocks.append({
            "instrument": f"{result['instrument_key']} {result['instrument_version']}",
            "version": result["instrument_version"],
            "title": instrument.title.get(language) if instrument.title else instrument.key,
            "population": result["population"],
            "population_label": _say(messages["population"][result["population"]], language),
            "outcome": result["outcome"],
            "missing": [_say(messages["element"][e], language) for e in result["missing_elements"]],
            "dimensions": dimensions,
            "not_in_instrument": result.get("not_in_instrument", []),
            "decides": result["population"] in screening.result.get("outcome_from", []),
        })
    return blocks


def home_screening(actor: User) -> dict[str, Any]:
    """The screener's home panel: the "new screening" button and their own drafts, newest first."""
    drafts = (Screening.objects.filter(screened_by=actor, status=ScreeningStatus.DRAFT)
              .order_by("-updated_at", "-id")[:10])
    return {"drafts": list(drafts)}


def home_recent_results(actor: User) -> dict[str, Any]:
    """The screener's last completed screenings with their outcome and where they went."""
    done = list(Screening.objects.filter(screened_by=actor, status=ScreeningStatus.COMPLETED)
                .select_related("handed_to_team").order_by("-completed_at", "-id")[:8])
    return {"screenings": done}
