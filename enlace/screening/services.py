"""Writes to screenings and instrument versions. Atomic, validated, audited in the same transaction.

Scoring is never re-implemented here: ``screening_complete`` calls the pure engine
(``enlace.screening.scoring.score_screening``) with the exact instrument versions the screening asked.
Audit entries carry the pseudonym and codes, never names or observations.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from enlace.accounts.models import Membership, User
from enlace.accounts.roles import CASE_CREATE_ROLES, SCREENING_ROLES
from enlace.audit.services import audit_record
from enlace.cases.services import case_create, case_task_add
from enlace.cases.services_persons import RoleFields, case_person_add
from enlace.cases.vocabulary import ExploitationForm
from enlace.core.errors import Forbidden, NotFound
from enlace.core.locking import update_versioned
from enlace.geo.selectors import is_country, place_errors, subdivision_short
from enlace.persons.models import Sex
from enlace.persons.services import PersonInput, allocate_pseudonym
from enlace.screening.instrument import (
    EXPLOITATIONS,
    Instrument,
    InstrumentError,
    available_instruments,
    builtin_instrument_for,
    instrument_from_dict,
)
from enlace.screening.scoring import (
    PopulationMismatchError,
    ScreeningAssessment,
    population_for_age,
    score_screening,
)

from .hooks import screening_converted, screening_handed_over
from .models import (
    InstrumentVersion,
    Outcome,
    PalermoAct,
    PalermoMeans,
    PalermoPurpose,
    Screening,
    ScreeningStatus,
)
from .selectors import (
    DIMENSION_STEPS,
    dimension_keys,
    instrument_of,
    screening_instruments,
    screening_visible,
)

if TYPE_CHECKING:
    from enlace.accounts.models import Team
    from enlace.cases.models import Case, CasePerson
    from enlace.geo.models import Municipality

PSEUDONYM_PREFIX = "SCR"


# ---------------------------------------------------------------- instrument versions


def instrument_version_for(instrument: Instrument, *, builtin: bool = False, actor: User | None = None) -> InstrumentVersion:
    """The row for this (key, version), created on first use. A different text under a used version
    number is refused: a changed list must carry a new version, or old results stop being explainable."""
    data = instrument.to_dict()
    row = InstrumentVersion.objects.filter(key=instrument.key, version=instrument.version).first()
    if row is None:
        return InstrumentVersion.objects.create(
            key=instrument.key, version=instrument.version, population=instrument.population,
            exploitation=instrument.exploitation, country=instrument.country, based_on=instrument.based_on,
            data=data, is_builtin=builtin, added_by=actor)
    if instrument_of(row).to_dict() != data:
        raise ValidationError({"data": _("Version %(version)s of %(key)s already exists with different content. "
                                         "Publish the change under a new version.")
                               % {"version": instrument.version, "key": instrument.key}})
    return row


def sync_builtin_instruments() -> list[InstrumentVersion]:
    """Make sure every built-in list (the JSON files) has its row; used by the data migration and tests."""
    return [instrument_version_for(i, builtin=True) for i in available_instruments()]


def _choose_instruments(*, exploitation: str, age: int | None, country: str,
                        ) -> tuple[InstrumentVersion | None, InstrumentVersion | None]:
    """The active list per population: a national variant for the country if one is active, else the
    international one (always available from the files)."""
    population = population_for_age(age)
    chosen: dict[str, InstrumentVersion | None] = {"adult": None, "child": None}
    for wanted in ("adult", "child"):
        if population not in (None, wanted):
            continue
        row = (InstrumentVersion.objects.filter(is_active=True, population=wanted, exploitation=exploitation,
                                                country=country.upper(), is_builtin=False)
               .order_by("-added_at", "-id").first())
        if row is None:
            row = (InstrumentVersion.objects.filter(is_active=True, population=wanted, exploitation=exploitation,
                                                    country="").order_by("-added_at", "-id").first())
        if row is None:
            row = instrument_version_for(builtin_instrument_for(population=wanted, exploitation=exploitation),
                                         builtin=True)
        chosen[wanted] = row
    return chosen["adult"], chosen["child"]


@transaction.atomic
def instrument_variant_add(*, actor: User, data: dict[str, Any], activate: bool = True) -> InstrumentVersion:
    """An administrator adds a national variant (or a corrected version) as JSON, without touching code."""
    if not actor.is_sysadmin:
        raise Forbidden
    try:
        instrument = instrument_from_dict(data, source="variant")
    except InstrumentError as exc:
        raise ValidationError({"data": list(exc.problems)}) from None
    if InstrumentVersion.objects.filter(key=instrument.key, version=instrument.version).exists():
        raise ValidationError({"data": _("Version %(version)s of %(key)s already exists. Give the change a new "
                                         "version.") % {"version": instrument.version, "key": instrument.key}})
    if instrument.country and not is_country(instrument.country):
        raise ValidationError({"data": _("Unknown country code: %(code)s.") % {"code": instrument.country}})
    row = instrument_version_for(instrument, actor=actor)
    if row.is_active != activate:
        row.is_active = activate
        row.save(update_fields=["is_active"])
    audit_record(actor=actor, action="screening.instrument_add", obj=row,
                 details={"key": row.key, "version": row.version, "country": row.country, "active": activate})
    return row


@transaction.atomic
def instrument_set_active(*, actor: User, instrument_version: InstrumentVersion, active: bool) -> InstrumentVersion:
    if not actor.is_sysadmin:
        raise Forbidden
    InstrumentVersion.objects.filter(pk=instrument_version.pk).update(is_active=active)
    instrument_version.is_active = active
    audit_record(actor=actor, action="screening.instrument_active", obj=instrument_version,
                 details={"key": instrument_version.key, "version": instrument_version.version, "active": active})
    return instrument_version


# ---------------------------------------------------------------- screenings


def _screening_membership(actor: User) -> Membership:
    memberships = [m for m in actor.active_memberships if m.role in SCREENING_ROLES]
    if not memberships:
        raise Forbidden(_("Your role does not record screenings."))
    return sorted(memberships, key=lambda m: (m.unit_id is None, m.pk))[0]


def _require_editable(actor: User, screening: Screening) -> None:
    if screening.screened_by_id != actor.pk:
        raise NotFound
    if not screening.is_draft:
        raise ValidationError({"__all__": _("This screening is completed and can no longer be changed.")})


def _validate_start(*, exploitation: str, age: int | None, screened_on: dt.date | None) -> dict[str, str]:
    errors = {}
    if exploitation not in EXPLOITATIONS:
        errors["exploitation"] = _("Choose labour or sexual exploitation.")
    if age is not None and not (0 <= age <= 120):
        errors["age_at_exploitation"] = _("Enter an age between 0 and 120, or leave it empty if unknown.")
    if screened_on and screened_on > timezone.localdate():
        errors["screened_on"] = _("The date cannot be in the future.")
    return errors


def _mark_step(screening: Screening, step: str) -> list[str]:
    return screening.steps_done if step in screening.steps_done else [*screening.steps_done, step]


@transaction.atomic
def screening_start(*, actor: User, exploitation: str, age_at_exploitation: int | None, country: str,
                    subdivision: str = "", municipality: Municipality | None = None, place_description: str = "",
                    screened_on: dt.date | None = None) -> Screening:
    """Open a draft. The pseudonym (SCR-LPZ-0007) is the only name an anonymous screening ever has."""
    membership = _screening_membership(actor)
    errors = _validate_start(exploitation=exploitation, age=age_at_exploitation, screened_on=screened_on)
    errors.update(place_errors(country=country, subdivision=subdivision, municipality=municipality))
    if errors:
        raise ValidationError(errors)
    adult, child = _choose_instruments(exploitation=exploitation, age=age_at_exploitation, country=country)
    area = subdivision_short(subdivision or (membership.unit.subdivision if membership.unit else ""))
    screening = Screening.objects.create(
        pseudonym=allocate_pseudonym(prefix=PSEUDONYM_PREFIX, area=area), screened_by=actor,
        institution=membership.institution, unit=membership.unit, screened_on=screened_on or timezone.localdate(),
        country=country.upper(), subdivision=subdivision, municipality=municipality,
        place_description=place_description.strip(), exploitation=exploitation,
        age_at_exploitation=age_at_exploitation, adult_instrument=adult, child_instrument=child, steps_done=["start"],
    )
    audit_record(actor=actor, action="screening.create", obj=screening,
                 details={"pseudonym": screening.pseudonym, "exploitation": exploitation,
                          "age_known": age_at_exploitation is not None, "instruments": screening.instrument_labels})
    return screening


@transaction.atomic
def screening_update_start(*, actor: User, screening: Screening, expected_version: int, exploitation: str,
                           age_at_exploitation: int | None, country: str, subdivision: str = "",
                           municipality: Municipality | None = None,
                           place_description: str = "", screened_on: dt.date | None = None) -> list[str]:
    """Change the first step. If the lists change (other age group or exploitation), answers the new lists
    do not contain are dropped and returned, so the form can say so."""
    _require_editable(actor, screening)
    errors = _validate_start(exploitation=exploitation, age=age_at_exploitation, screened_on=screened_on)
    errors.update(place_errors(country=country, subdivision=subdivision, municipality=municipality))
    if errors:
        raise ValidationError(errors)
    adult, child = _choose_instruments(exploitation=exploitation, age=age_at_exploitation, country=country)
    keys: set[str] = set()
    for row in (adult, child):
        if row is not None:
            keys |= instrument_of(row).indicator_keys
    kept = [k for k in screening.answers if k in keys]
    dropped = [k for k in screening.answers if k not in keys]
    update_versioned(screening, expected_version=expected_version, changes={
        "exploitation": exploitation, "age_at_exploitation": age_at_exploitation, "country": country.upper(),
        "subdivision": subdivision, "municipality": municipality, "place_description": place_description.strip(),
        "screened_on": screened_on or screening.screened_on, "adult_instrument": adult, "child_instrument": child,
        "answers": kept, "steps_done": _mark_step(screening, "start")})
    audit_record(actor=actor, action="screening.update", obj=screening,
                 details={"pseudonym": screening.pseudonym, "step": "start", "instruments": screening.instrument_labels,
                          "answers_dropped": len(dropped)})
    return dropped


@transaction.atomic
def screening_set_identity(*, actor: User, screening: Screening, expected_version: int, anonymous: bool,
                           given_names: str = "", first_surname: str = "", second_surname: str = "",
                           sex: str = Sex.UNKNOWN, nationality: str = "") -> Screening:
    """Anonymous mode keeps no identity at all: names typed anyway are refused rather than silently kept."""
    _require_editable(actor, screening)
    names = {"given_names": given_names.strip(), "first_surname": first_surname.strip(),
             "second_surname": second_surname.strip()}
    errors = {}
    if anonymous and any(names.values()):
        errors["anonymous"] = _("You chose an anonymous screening: leave the names empty, or choose to record them.")
    if sex not in Sex.values:
        errors["sex"] = _("Choose a value from the list.")
    if nationality and not is_country(nationality):
        errors["nationality"] = _("Unknown country code: %(code)s.") % {"code": nationality}
    if errors:
        raise ValidationError(errors)
    update_versioned(screening, expected_version=expected_version, changes={
        "anonymous": anonymous, **names, "sex": sex, "nationality": nationality.upper(),
        "steps_done": _mark_step(screening, "person")})
    audit_record(actor=actor, action="screening.update", obj=screening,
                 details={"pseudonym": screening.pseudonym, "step": "person", "anonymous": anonymous})
    return screening


def _check_keys(screening: Screening, yes: Iterable[str], allowed: frozenset[str], field: str) -> list[str]:
    yes = list(dict.fromkeys(yes))
    unknown = [k for k in yes if k not in allowed]
    if unknown:
        raise ValidationError({field: _("Unknown indicators for this list: %(keys)s.") % {"keys": ", ".join(unknown)}})
    return yes


@transaction.atomic
def screening_answer(*, actor: User, screening: Screening, expected_version: int, dimension: int,
                     yes: Iterable[str]) -> Screening:
    """Replace the "yes" answers of one dimension (one step of the phone form)."""
    _require_editable(actor, screening)
    if str(dimension) not in DIMENSION_STEPS:
        raise ValidationError({"dimension": _("Unknown dimension.")})
    keys = dimension_keys(screening, dimension)
    chosen = _check_keys(screening, yes, keys, "yes")
    answers = [k for k in screening.answers if k not in keys] + chosen
    update_versioned(screening, expected_version=expected_version, changes={
        "answers": answers, "steps_done": _mark_step(screening, str(dimension))})
    audit_record(actor=actor, action="screening.answer", obj=screening,
                 details={"pseudonym": screening.pseudonym, "dimension": dimension, "yes": len(chosen)})
    return screening


@transaction.atomic
def screening_set_answers(*, actor: User, screening: Screening, expected_version: int, yes: Iterable[str]) -> Screening:
    """Replace every answer at once (API clients that ask all questions before sending)."""
    _require_editable(actor, screening)
    allowed: set[str] = set()
    for instrument in screening_instruments(screening):
        if instrument is not None:
            allowed |= instrument.indicator_keys
    chosen = _check_keys(screening, yes, frozenset(allowed), "yes")
    update_versioned(screening, expected_version=expected_version, changes={
        "answers": chosen, "steps_done": sorted(set(screening.steps_done) | set(DIMENSION_STEPS))})
    audit_record(actor=actor, action="screening.answer", obj=screening,
                 details={"pseudonym": screening.pseudonym, "dimension": "all", "yes": len(chosen)})
    return screening


@transaction.atomic
def screening_set_elements(*, actor: User, screening: Screening, expected_version: int, acts: Iterable[str] = (),
                           means: Iterable[str] = (), purposes: Iterable[str] = (),
                           forms_of_exploitation: Iterable[str] = (), observations: str = "") -> Screening:
    """The Palermo elements and forms of exploitation observed: what feeds the case if one is opened."""
    _require_editable(actor, screening)
    changes: dict[str, Any] = {}
    for field, values, allowed in (("palermo_acts", acts, PalermoAct.values),
                                   ("palermo_means", means, PalermoMeans.values),
                                   ("palermo_purposes", purposes, PalermoPurpose.values),
                                   ("forms_of_exploitation", forms_of_exploitation, ExploitationForm.values)):
        values = list(dict.fromkeys(values))
        bad = [v for v in values if v not in allowed]
        if bad:
            raise ValidationError({field: _("Unknown values: %(values)s.") % {"values": ", ".join(bad)}})
        changes[field] = values
    changes["observations"] = observations.strip()
    changes["steps_done"] = _mark_step(screening, "elements")
    update_versioned(screening, expected_version=expected_version, changes=changes)
    audit_record(actor=actor, action="screening.update", obj=screening,
                 details={"pseudonym": screening.pseudonym, "step": "elements", "acts": changes["palermo_acts"],
                          "means": changes["palermo_means"], "purposes": changes["palermo_purposes"]})
    return screening


def screening_assess(screening: Screening) -> ScreeningAssessment:
    """Score the current answers with the screening's own list versions (the one engine, no storage)."""
    adult, child = screening_instruments(screening)
    try:
        return score_screening(exploitation=screening.exploitation, answered_yes=screening.answers,
                               age_at_exploitation=screening.age_at_exploitation,
                               adult_instrument=adult, child_instrument=child)
    except PopulationMismatchError as exc:  # data changed under the draft: say so, never guess
        raise ValidationError({"age_at_exploitation": str(exc)}) from None


@transaction.atomic
def screening_complete(*, actor: User, screening: Screening, expected_version: int) -> Screening:
    _require_editable(actor, screening)
    assessment = screening_assess(screening)
    update_versioned(screening, expected_version=expected_version, changes={
        "result": assessment.to_dict(), "outcome": assessment.outcome, "status": ScreeningStatus.COMPLETED,
        "completed_at": timezone.now(), "steps_done": _mark_step(screening, "review")})
    audit_record(actor=actor, action="screening.complete", obj=screening,
                 details={"pseudonym": screening.pseudonym, "outcome": assessment.outcome,
                          "instruments": screening.instrument_labels, "yes": len(screening.answers)})
    return screening


@transaction.atomic
def screening_discard(*, actor: User, screening: Screening) -> None:
    """A draft can be thrown away by its author (e.g. started by mistake); a completed one cannot."""
    _require_editable(actor, screening)
    if screening.referrals.exists() or screening.consents.exists():
        raise ValidationError({"__all__": _("This draft has consents or referrals and cannot be deleted.")})
    audit_record(actor=actor, action="screening.discard", obj=screening, details={"pseudonym": screening.pseudonym})
    screening.delete()


@transaction.atomic
def screening_hand_over(*, actor: User, screening: Screening, team: Team) -> Screening:
    """Send a completed screening to a specialised team (EME): its members see it and are notified.

    The same conditions as the result page's offer: an officer who screens, a screening with
    indicators that is not yet a person in a case, and an active team of the screening's country.
    The notification is written by the handlers of ``screening_handed_over`` (referrals), in this transaction.
    """
    if not screening_visible(actor=actor, screening=screening):
        raise NotFound
    if not actor.can_screen:
        raise Forbidden(_("Your role does not allow sending screenings to a team."))
    check_hand_over(screening=screening, team=team)
    Screening.objects.filter(pk=screening.pk).update(handed_to_team=team, handed_at=timezone.now())
    screening.handed_to_team, screening.handed_at = team, timezone.now()
    screening_handed_over(actor=actor, screening=screening, team=team)
    audit_record(actor=actor, action="screening.hand_over", obj=screening,
                 details={"pseudonym": screening.pseudonym, "team": team.code})
    return screening


def check_hand_over(*, screening: Screening, team) -> None:
    if screening.is_draft:
        raise ValidationError({"__all__": _("Complete the screening first.")})
    if screening.is_converted:
        raise ValidationError({"__all__": _("The person is already in a case; the team works there.")})
    if not screening.may_be_victim:
        raise ValidationError({"__all__": _("Only a screening with indicators can be sent to a team.")})
    if team is None or not team.is_active:
        raise ValidationError({"team": _("Choose a team.")})
    if team.country != screening.country:
        raise ValidationError({"team": _("Choose a team of the country where the screening was made.")})


def _case_summary(screening: Screening) -> str:
    outcome = Outcome(screening.outcome).label if screening.outcome else ""
    positive = []
    for result in (screening.result or {}).get("results", []):
        positive += [str(n) for n in result.get("positive_dimensions", []) if str(n) not in positive]
    return _("Opened from screening %(pseudonym)s of %(date)s: %(outcome)s. Positive dimensions: %(dims)s.") % {
        "pseudonym": screening.pseudonym, "date": screening.screened_on.isoformat(), "outcome": outcome,
        "dims": ", ".join(positive) or "-"}


@transaction.atomic
def screening_convert(*, actor: User, screening: Screening, expected_version: int,
                      case: Case | None = None) -> CasePerson:
    """Turn a presumed or possible victim into a person in a new case (``case=None``) or an existing one.

    Keeps the chain screening -> person -> case and adds a review task to the case; the handlers of
    ``screening_converted`` (referrals) move the screening's consents and referrals to the person and
    notify the specialised team, in this transaction. Returns the ``CasePerson``.
    """
    if not screening_visible(actor=actor, screening=screening):
        raise NotFound
    if not actor.can_create_cases:
        raise Forbidden(_("Your role cannot add persons to cases."))
    if screening.is_draft:
        raise ValidationError({"__all__": _("Complete the screening first.")})
    if screening.is_converted:
        raise ValidationError({"__all__": _("This screening is already linked to a person.")})
    if not screening.may_be_victim:
        raise ValidationError({"__all__": _("Only a presumed or possible victim can be added to a case from a screening.")})
    if case is None:
        memberships = [m for m in actor.active_memberships if m.role in CASE_CREATE_ROLES]
        membership = sorted(memberships, key=lambda m: (m.unit_id is None, m.pk))[0]
        team = screening.handed_to_team or actor.teams.filter(is_active=True).order_by("pk").first()
        case = case_create(actor=actor, title=_("Identification %(pseudonym)s") % {"pseudonym": screening.pseudonym},
                           lead_institution=membership.institution, lead_unit=membership.unit, team=team,
                           summary=_case_summary(screening), forms_of_exploitation=screening.forms_of_exploitation,
                           reported_on=screening.screened_on)
    data = PersonInput(given_names=screening.given_names, first_surname=screening.first_surname,
                       second_surname=screening.second_surname, sex=screening.sex, nationality=screening.nationality)
    case_person = case_person_add(actor=actor, case=case, role="presumed_victim", data=data,
                                  role_fields=RoleFields(age_at_exploitation=screening.age_at_exploitation,
                                                         trafficking_status="possible"))
    person = case_person.person
    update_versioned(screening, expected_version=expected_version, changes={
        "person": person, "case": case, "converted_by": actor, "converted_at": timezone.now()})
    case_task_add(actor=actor, case=case, due_on=timezone.localdate() + dt.timedelta(days=2),
                  title=_("Review screening %(pseudonym)s: identification, protection, referral, reflection period")
                  % {"pseudonym": screening.pseudonym})
    screening_converted(actor=actor, screening=screening, person=person, case=case)
    audit_record(actor=actor, action="screening.convert", obj=screening, case_id=case.pk,
                 details={"pseudonym": screening.pseudonym, "person": person.pseudonym})
    return case_person
