"""Writes to the case file. Each is atomic, validated, and audited in the same transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from enlace.accounts.models import Institution, Team, Unit, User
from enlace.accounts.roles import CASE_ROLES
from enlace.audit.services import audit_record, diff
from enlace.core import plausibility
from enlace.core.changes import UNSET, Changes, Unset
from enlace.core.errors import Forbidden
from enlace.core.locking import update_versioned
from enlace.geo.selectors import place_errors

from .access import Access, case_access
from .models import (
    Case,
    CaseEvent,
    CaseNote,
    CaseParticipant,
    CasePlace,
    CaseReference,
    CaseStatusChange,
    CaseTask,
)
from .vocabulary import STATUS_TRANSITIONS, CaseStatus, EventKind, ExploitationForm, LabourSector, PlaceKind

if TYPE_CHECKING:
    from enlace.geo.models import Municipality


def require_write(actor: User, case: Case) -> None:
    """Editing needs full access AND a role that edits case files (not liaisons, not shared readers)."""
    if case_access(actor, case) < Access.FULL or not actor.can_create_cases:
        raise Forbidden


def _check_team(actor: User, team: Team | None, lead_unit: Unit | None) -> None:
    """A case goes to an active team the actor belongs to, or any active team if they supervise
    the lead unit: assigning a case to a team is what grants its members access."""
    if team is None:
        return
    if not team.is_active:
        raise ValidationError({"team": _("This team is not active.")})
    member = team.memberships.filter(user=actor).exists()
    supervises = lead_unit is not None and lead_unit.pk in actor.supervised_unit_ids
    if not (member or supervises):
        raise ValidationError({"team": _("You can only assign a case to a team you belong to.")})


def _check_unit_active(unit: Unit | None) -> None:
    """A deactivated unit keeps its cases (the audit log points to them) but receives no new one."""
    if unit is not None and not (unit.is_active and unit.institution.is_active):
        raise ValidationError({"lead_unit": _("This unit is deactivated: it takes no new cases.")})


def _check_codes(values: list[str], allowed: Collection[str], field: str) -> list[str]:
    bad = [v for v in values if v not in allowed]
    if bad:
        raise ValidationError({field: _("Unknown values: %(values)s.") % {"values": ", ".join(bad)}})
    return list(dict.fromkeys(values))


def _refresh_search_text(case: Case) -> None:
    refs = " ".join(case.references.values_list("number", flat=True)) if case.pk else ""
    text = " ".join([case.title, refs, " ".join(case.tags)]).lower()
    Case.objects.filter(pk=case.pk).update(search_text=text)
    case.search_text = text


def _snapshot(case: Case) -> dict[str, Any]:
    return {"title": case.title, "status": case.status, "forms_of_exploitation": case.forms_of_exploitation,
            "labour_sectors": case.labour_sectors, "tags": case.tags, "team": case.team_id,
            "lead_unit": case.lead_unit_id, "reported_on": str(case.reported_on or ""),
            "summary_changed": False}


@transaction.atomic
def case_create(*, actor: User, title: str, lead_institution: Institution, lead_unit: Unit | None = None,
                team: Team | None = None, summary: str = "",
                forms_of_exploitation: list[str] | None = None, labour_sectors: list[str] | None = None,
                tags: list[str] | None = None, reported_on: dt.date | None = None,
                reference_number: str = "", confirm_unlikely: bool = False) -> Case:
    if not actor.can_create_cases or lead_institution.pk not in actor.institution_ids:
        raise Forbidden(_("You can only open cases for your own institution."))
    if not title.strip():
        raise ValidationError({"title": _("A case needs a title.")})
    if lead_unit is not None and lead_unit.institution_id != lead_institution.pk:
        raise ValidationError({"lead_unit": _("The unit does not belong to the lead institution.")})
    if not lead_institution.is_active:
        raise ValidationError({"lead_institution": _("This institution is deactivated: it takes no new cases.")})
    _check_unit_active(lead_unit)
    _check_team(actor, team, lead_unit)
    confirmed = plausibility.check(_report_doubts(reported_on), confirmed=confirm_unlikely)
    case = Case.objects.create(
        title=title.strip(), summary=summary, lead_institution=lead_institution, lead_unit=lead_unit, team=team,
        forms_of_exploitation=_check_codes(forms_of_exploitation or [], ExploitationForm.values, "forms_of_exploitation"),
        labour_sectors=_check_codes(labour_sectors or [], LabourSector.values, "labour_sectors"),
        tags=[t.strip() for t in (tags or []) if t.strip()], reported_on=reported_on, created_by=actor,
    )
    CaseStatusChange.objects.create(case=case, from_status="", to_status=case.status, by=actor, at=timezone.now())
    if team is None:
        # Without a team the creator must still be able to see what they opened.
        CaseParticipant.objects.create(case=case, user=actor, added_by=actor)
    if reference_number:
        _add_reference(case, lead_institution, reference_number)
    _refresh_search_text(case)
    audit_record(actor=actor, action="case.create", obj=case, case_id=case.pk,
                 details={"new": _snapshot(case), **_confirmed(confirmed)})
    return case


def _report_doubts(reported_on: dt.date | None) -> dict[str, str]:
    doubt = plausibility.future_date(reported_on, today=timezone.localdate())
    return {"reported_on": doubt} if doubt else {}


def _confirmed(fields: list[str]) -> dict[str, list[str]]:
    """The audit details naming the unlikely values the user confirmed (nothing when none)."""
    return {"confirmed_unlikely": fields} if fields else {}


@dataclass(frozen=True, kw_only=True)
class CaseChanges(Changes):
    """The fields of a case that ``case_update`` changes (``UNSET``: leave as it is)."""

    title: str | Unset = UNSET
    summary: str | Unset = UNSET
    forms_of_exploitation: list[str] | Unset = UNSET
    labour_sectors: list[str] | Unset = UNSET
    tags: list[str] | Unset = UNSET
    team: Team | None | Unset = UNSET
    lead_unit: Unit | None | Unset = UNSET
    reported_on: dt.date | None | Unset = UNSET


@transaction.atomic
def case_update(*, actor: User, case: Case, expected_version: int, changes: CaseChanges,
                confirm_unlikely: bool = False) -> Case:
    require_write(actor, case)
    values = changes.given()
    changed_report = "reported_on" in values and values["reported_on"] != case.reported_on
    confirmed = plausibility.check(_report_doubts(values["reported_on"]) if changed_report else {},
                                   confirmed=confirm_unlikely)
    if "title" in values and not str(values["title"]).strip():
        raise ValidationError({"title": _("A case needs a title.")})
    if "forms_of_exploitation" in values:
        values["forms_of_exploitation"] = _check_codes(values["forms_of_exploitation"], ExploitationForm.values, "forms_of_exploitation")
    if "labour_sectors" in values:
        values["labour_sectors"] = _check_codes(values["labour_sectors"], LabourSector.values, "labour_sectors")
    if "lead_unit" in values and values["lead_unit"] is not None and values["lead_unit"].institution_id != case.lead_institution_id:
        raise ValidationError({"lead_unit": _("The unit does not belong to the lead institution.")})
    if "lead_unit" in values and values["lead_unit"] is not None and values["lead_unit"].pk != case.lead_unit_id:
        _check_unit_active(values["lead_unit"])
    if values.get("team") is not None and values["team"].pk != case.team_id:
        _check_team(actor, values["team"], values.get("lead_unit", case.lead_unit))
    before = _snapshot(case)
    summary_changed = "summary" in values and values["summary"] != case.summary
    update_versioned(case, expected_version=expected_version, changes=values)
    if "team" in values and values["team"] is None:
        # Without a team nobody but participants sees the case: keep the editor on it.
        CaseParticipant.objects.get_or_create(case=case, user=actor, defaults={"added_by": actor})
    _refresh_search_text(case)
    after = _snapshot(case)
    after["summary_changed"] = summary_changed  # the text itself is sensitive: record that it changed
    audit_record(actor=actor, action="case.update", obj=case, case_id=case.pk,
                 details={"changes": diff(before, after), **_confirmed(confirmed)})
    return case


@transaction.atomic
def case_status_change(*, actor: User, case: Case, expected_version: int, to_status: str, note: str = "") -> Case:
    require_write(actor, case)
    if to_status not in CaseStatus.values:
        raise ValidationError({"to_status": _("Unknown status.")})
    if to_status not in STATUS_TRANSITIONS.get(case.status, ()):
        raise ValidationError({"to_status": _("A case cannot go from %(a)s to %(b)s.") % {
            "a": CaseStatus(case.status).label, "b": CaseStatus(to_status).label}})
    old = case.status
    update_versioned(case, expected_version=expected_version, changes={"status": to_status})
    CaseStatusChange.objects.create(case=case, from_status=old, to_status=to_status, by=actor, at=timezone.now(), note=note[:500])
    audit_record(actor=actor, action="case.status", obj=case, case_id=case.pk, details={"old": old, "new": to_status})
    return case


def _add_reference(case: Case, institution: Institution, number: str) -> CaseReference:
    number = number.strip()
    if not number:
        raise ValidationError({"number": _("Enter a reference number.")})
    try:
        with transaction.atomic():
            return CaseReference.objects.create(case=case, institution=institution, number=number)
    except IntegrityError:
        raise ValidationError({"number": _("This institution already uses that number for another case.")}) from None


@transaction.atomic
def case_reference_add(*, actor: User, case: Case, institution: Institution, number: str) -> CaseReference:
    require_write(actor, case)
    ref = _add_reference(case, institution, number)
    _refresh_search_text(case)
    audit_record(actor=actor, action="case.reference_add", obj=case, case_id=case.pk,
                 details={"institution": institution.code, "number": number})
    return ref


def _recompute_transnational(case: Case) -> bool:
    countries = set(case.places.values_list("country", flat=True))
    flag = len(countries) > 1 or bool(countries - {case.lead_institution.country})
    Case.objects.filter(pk=case.pk).update(is_transnational=flag)
    case.is_transnational = flag
    return flag


@transaction.atomic
def case_place_add(*, actor: User, case: Case, kind: str, country: str, subdivision: str = "",
                   municipality: Municipality | None = None, description: str = "", date_from: dt.date | None = None,
                   date_to: dt.date | None = None) -> CasePlace:
    require_write(actor, case)
    errors = {}
    if kind not in PlaceKind.values:
        errors["kind"] = _("Unknown kind of place.")
    errors.update(place_errors(country=country, subdivision=subdivision, municipality=municipality))
    if date_from and date_to and date_to < date_from:
        errors["date_to"] = _("The end date is before the start date.")
    if errors:
        raise ValidationError(errors)
    order = case.places.count()
    place = CasePlace.objects.create(case=case, kind=kind, order=order, country=country.upper(), subdivision=subdivision,
                                     municipality=municipality, description=description, date_from=date_from, date_to=date_to)
    _recompute_transnational(case)
    audit_record(actor=actor, action="case.place_add", obj=case, case_id=case.pk,
                 details={"kind": kind, "country": country, "subdivision": subdivision})
    return place


@transaction.atomic
def case_place_remove(*, actor: User, case: Case, place_id: int) -> None:
    require_write(actor, case)
    deleted, _d = CasePlace.objects.filter(case=case, pk=place_id).delete()
    if deleted:
        _recompute_transnational(case)
        audit_record(actor=actor, action="case.place_remove", obj=case, case_id=case.pk, details={"place": place_id})


@transaction.atomic
def case_note_add(*, actor: User, case: Case, text: str) -> CaseNote:
    if case_access(actor, case) < Access.FULL:
        raise Forbidden
    if not text.strip():
        raise ValidationError({"text": _("The note is empty.")})
    note = CaseNote.objects.create(case=case, author=actor, text=text.strip())
    audit_record(actor=actor, action="case.note_add", obj=case, case_id=case.pk, details={"note": note.pk})
    return note


@transaction.atomic
def case_task_add(*, actor: User, case: Case, title: str, due_on: dt.date | None = None,
                  assignee: User | None = None, assignee_role: str = "") -> CaseTask:
    """A task for one person, for whoever holds a role on the case, or (neither) for the case team."""
    require_write(actor, case)
    if not title.strip():
        raise ValidationError({"title": _("Describe the task.")})
    if assignee is not None and case_access(assignee, case) < Access.FULL:
        raise ValidationError({"assignee": _("This person cannot see the case; add them first.")})
    if assignee_role and assignee_role not in CASE_ROLES:
        raise ValidationError({"assignee_role": _("Choose a role that works on cases.")})
    if assignee is not None and assignee_role:
        raise ValidationError({"assignee_role": _("Give the task to a person or to a role, not both.")})
    task = CaseTask.objects.create(case=case, title=title.strip(), due_on=due_on, assignee=assignee,
                                   assignee_role=assignee_role, created_by=actor)
    audit_record(actor=actor, action="case.task_add", obj=case, case_id=case.pk,
                 details={"task": task.pk, "due_on": str(due_on or ""), "role": assignee_role})
    return task


@transaction.atomic
def case_task_complete(*, actor: User, task: CaseTask, expected_version: int) -> CaseTask:
    if case_access(actor, task.case) < Access.FULL:
        raise Forbidden
    update_versioned(task, expected_version=expected_version, changes={"done_at": timezone.now()})
    audit_record(actor=actor, action="case.task_done", obj=task.case, case_id=task.case_id, details={"task": task.pk})
    return task


@transaction.atomic
def case_event_add(*, actor: User, case: Case, kind: str, occurred_on: dt.date, description: str,
                   confirm_unlikely: bool = False) -> CaseEvent:
    require_write(actor, case)
    if kind not in EventKind.values:
        raise ValidationError({"kind": _("Unknown kind of event.")})
    if not description.strip():
        raise ValidationError({"description": _("Describe the event.")})
    confirmed = plausibility.check(_event_doubts(case, kind, occurred_on), confirmed=confirm_unlikely)
    ev = CaseEvent.objects.create(case=case, kind=kind, occurred_on=occurred_on, description=description.strip(), created_by=actor)
    audit_record(actor=actor, action="case.event_add", obj=case, case_id=case.pk,
                 details={"event": ev.pk, "kind": kind, **_confirmed(confirmed)})
    return ev


# A judgment is expected only once the case has reached trial (or later).
JUDGMENT_STATUSES = (CaseStatus.TRIAL, CaseStatus.JUDGMENT, CaseStatus.CLOSED, CaseStatus.ARCHIVED)


def _event_doubts(case: Case, kind: str, occurred_on: dt.date) -> dict[str, str]:
    doubts = {}
    if doubt := plausibility.future_date(occurred_on, today=timezone.localdate()):
        doubts["occurred_on"] = doubt
    if kind == EventKind.JUDGMENT and case.status not in JUDGMENT_STATUSES:
        doubts["kind"] = _("A judgment on a case in status \"%(status)s\", which has not reached trial.") % {
            "status": CaseStatus(case.status).label}
    return doubts
