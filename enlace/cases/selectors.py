"""Reads of cases. Every function takes the acting user and computes access itself.

The need-to-know rule is ``Case.objects.visible_to`` (``models.py``); ``case_access`` asks it
about one case and remembers the answer for the request. No function here takes an access
level from its caller: a mistaken caller cannot widen what it gets.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.core.paginator import Page
from django.db import connection
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from enlace.accounts.models import Institution, Team, TeamMember, Unit, User
from enlace.accounts.roles import CASE_ROLES, Role
from enlace.audit.models import AuditEntry
from enlace.audit.reads import audit_read, list_read
from enlace.core.errors import NotFound
from enlace.core.paging import CappedPaginator
from enlace.persons.models import BankAccount, Organisation, Vehicle

from .access import Access, case_access, case_access_of
from .models import (
    Case,
    CaseNote,
    CaseParticipant,
    CasePerson,
    CasePlace,
    CaseReference,
    CaseSharing,
    CaseTask,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Route order of places on the case page (the kinds' codes, in travel order).
PLACE_ROUTE_ORDER = ("origin", "recruitment", "transit", "destination", "exploitation")


@dataclass
class CaseFilters:
    q: str = ""
    status: str = ""
    form: str = ""
    transnational: bool | None = None
    team_id: int | None = None
    subdivision: str = ""


def case_list(*, actor: User, filters: CaseFilters | None = None) -> QuerySet[Case]:
    f = filters or CaseFilters()
    list_read(actor=actor, area="case", search=f.q, filters={
        "status": f.status, "form": f.form, "transnational": f.transnational, "team_id": f.team_id,
        "subdivision": f.subdivision})
    qs = Case.objects.visible_to(actor, listing=True)
    if f.q:
        for term in f.q.split()[:6]:
            # search_text is stored lower-cased: a plain LIKE, which PostgreSQL's trigram index
            # serves (cases migration 0002); ILIKE/UPPER() could not use it.
            qs = qs.filter(search_text__contains=term.lower())
    if f.status:
        qs = qs.filter(status=f.status)
    if f.form:
        qs = qs.filter(_has_form(f.form))
    if f.transnational is not None:
        qs = qs.filter(is_transnational=f.transnational)
    if f.team_id:
        qs = qs.filter(team_id=f.team_id)
    if f.subdivision:
        # Probed per case row through the (subdivision, case) index: the rows probed are only
        # those the visibility rule lets through, and the capped count (core.paging) stops them
        # at the window. A non-correlated IN hashed the department's 64,000 places per query and,
        # OR-ed with the lead unit, made PostgreSQL scan every case (docs/benchmarks.md).
        in_place = Exists(CasePlace.objects.filter(case_id=OuterRef("pk"), subdivision=f.subdivision))
        qs = qs.filter(in_place | Q(lead_unit__subdivision=f.subdivision))
    return qs.select_related("lead_institution", "lead_unit", "team").order_by("-updated_at", "-id")


def _has_form(form: str) -> Q:
    """Cases listing this form of exploitation (a code in the JSON list).

    PostgreSQL: JSON containment (``@>``), which the planner estimates from the column's
    statistics; the text match it replaces was estimated at a handful of rows for a form a
    third of the cases have, and the list was planned as a scan and sort of every match
    (docs/benchmarks.md). SQLite has no containment lookup: the code, quoted, in the JSON text.
    """
    if connection.vendor == "postgresql":
        return Q(forms_of_exploitation__contains=[form])
    return Q(forms_of_exploitation__icontains=f'"{form}"')


def case_get(*, actor: User, case_id: UUID, audit: bool = True) -> tuple[Case, Access]:
    """The case (by its public id) and the actor's access level; NotFound when missing OR not visible.

    A missing case is asked about like an existing one (``case_access_of``), so the two answers
    cost the same queries and cannot be told apart by their time.
    """
    case = Case.objects.select_related("lead_institution", "lead_unit", "team").filter(public_id=case_id).first()
    access = case_access_of(actor, case)
    if case is None or access == Access.NONE:
        raise NotFound
    audit_read(actor=actor, action="case.read", obj=case, case_id=case.pk)
    return case, access


def case_full_access(*, actor: User, case: Case) -> bool:
    """Whether the actor sees the whole case file (not only a summary sharing); per request."""
    return case_access(actor, case) >= Access.FULL


def _full(actor: User, case: Case) -> bool:
    return case_full_access(actor=actor, case=case)


def case_persons(*, actor: User, case: Case) -> QuerySet[CasePerson]:
    if not _full(actor, case):
        return CasePerson.objects.none()
    return CasePerson.objects.filter(case=case).select_related("person").order_by("added_at", "id")


def case_person_get(*, actor: User, case: Case, case_person_id: UUID) -> CasePerson:
    """One person-in-role of a case the actor fully sees; NotFound otherwise."""
    cp = case_persons(actor=actor, case=case).select_related("person", "case").filter(public_id=case_person_id).first()
    if cp is None:
        raise NotFound
    return cp


def reference_numbers(case: Case) -> list[tuple[str, str]]:
    """(institution code, number) of a case already read through ``case_list``/``case_get``
    (uses the list's prefetch when there is one)."""
    return [(r.institution.code, r.number) for r in case.references.all()]


def case_public_id_for(*, actor: User, text: str) -> UUID | None:
    """The case a form's user typed: a reference number of a case the actor may see (or the public id
    a page's own link carries), else ``None``; forms ask for what users see, never an internal id."""
    text = text.strip()
    try:
        return UUID(text)  # not checked here: the view's case_get answers 404 for missing and not-yours alike
    except ValueError:
        pass
    return (Case.objects.visible_to(actor).filter(references__number__iexact=text)
            .values_list("public_id", flat=True).first())


def case_reference_suggestions(*, actor: User, limit: int = 200) -> list[str]:
    """References of the cases the actor may see, the most recently updated first (a form's datalist)."""
    recent = Case.objects.visible_to(actor).order_by("-updated_at", "-id").values("pk")[:limit]
    numbers = (CaseReference.objects.filter(case_id__in=recent)
               .order_by("-case__updated_at", "number").values_list("number", flat=True))
    return list(dict.fromkeys(numbers))


def case_list_page(*, actor: User, filters: CaseFilters | None, page_number: str | int | None,
                   page_size: int) -> Page:
    """One page of ``case_list``, each case carrying its reference numbers (``reference_numbers``),
    read in one query for the page, so the template walks no related manager. The count stops a
    window past the page (``CappedPaginator``): counting all 40,000 cases a liaison sees cost more
    than the page itself."""
    ids = case_list(actor=actor, filters=filters).values_list("pk", flat=True)
    shown = CappedPaginator(ids, page_size, read_window=True).get_page(page_number)
    # The page's ids passed the rule above (one query found them, their count and their order);
    # their rows and references are read by id.
    rows = Case.objects.select_related("lead_institution", "lead_unit", "team").prefetch_related("references")
    by_id = rows.in_bulk(list(shown.object_list))
    shown.object_list = [by_id[pk] for pk in shown.object_list if pk in by_id]
    for case in shown.object_list:
        case.reference_numbers = [ref.number for ref in case.references.all()]
    return shown


def task_list_for_user(*, actor: User, open_only: bool = True) -> QuerySet[CaseTask]:
    """The actor's tasks, in cases they FULLY see: given to them by name; given to a role they hold
    on a case of their own (its team or a named participant; a supervisor's role also on the cases
    their unit leads); or given to "anyone of the case team" on a case of their own, when their role
    works cases from inside (an external liaison answers for what is given to them, not the team's list).

    Tasks are case content: a summary-only sharing shows no task, not even its title.
    """
    own = Q(case__team_id__in=TeamMember.objects.filter(user=actor).values("team_id")) | Q(
        case_id__in=CaseParticipant.objects.filter(user=actor).values("case_id"))
    mine = Q(assignee=actor) | Q(assignee__isnull=True, assignee_role__in=sorted(actor.roles & CASE_ROLES)) & own
    if actor.supervised_unit_ids:
        mine |= Q(assignee__isnull=True, assignee_role=Role.SUPERVISOR, case__lead_unit_id__in=actor.supervised_unit_ids)
    if actor.can_create_cases:
        mine |= Q(assignee__isnull=True, assignee_role="") & own
    qs = CaseTask.objects.filter(case__in=Case.objects.visible_to(actor, full=True)).filter(mine)
    if open_only:
        qs = qs.filter(done_at__isnull=True)
    return qs.select_related("case").order_by("due_on", "id")


def overdue(task: CaseTask) -> bool:
    return bool(task.due_on and not task.done_at and task.due_on < timezone.localdate())


def home_my_cases(actor: User) -> dict[str, Any]:
    """The home page's "my cases" panel: the ten most recently updated cases the actor sees."""
    return {"cases": list(case_list(actor=actor)[:10])}


def home_my_tasks(actor: User) -> dict[str, Any]:
    """The home page's "my open tasks" panel, each task marked when it is overdue."""
    tasks = list(task_list_for_user(actor=actor)[:20])
    for task in tasks:
        task.is_overdue = overdue(task)
    return {"tasks": tasks}


# --- Reads behind the case page (each computes the access it needs, remembered per request) -------


def can_write_case(*, actor: User, case: Case) -> bool:
    """Whether to offer edit forms; the services check again (``require_write``)."""
    return actor.can_create_cases and _full(actor, case)


def case_references(*, actor: User, case: Case) -> QuerySet[CaseReference]:
    return case.references.select_related("institution").order_by("institution__name", "number")


def case_places(*, actor: User, case: Case) -> list[CasePlace]:
    """Places in route order: origin and recruitment, then transit, then destination and exploitation."""
    if not _full(actor, case):
        return []
    rank = {kind: i for i, kind in enumerate(PLACE_ROUTE_ORDER)}
    places = list(case.places.select_related("municipality"))
    return sorted(places, key=lambda p: (rank.get(p.kind, len(rank)), p.order, p.pk))


def case_overview_places(*, actor: User, case: Case) -> list[CasePlace]:
    """Places as the API's case overview lists them (also with a summary sharing: no persons in them)."""
    if case_access(actor, case) == Access.NONE:
        return []
    return list(case.places.order_by("order", "id"))


@dataclass
class TimelineItem:
    """One row of the case timeline: a status change or an event, on one axis."""

    kind: str  # "status" or "event"
    on: dt.date
    at: dt.datetime | None
    obj: Any  # a CaseStatusChange or a CaseEvent
    label: StrOrPromise = ""  # the status, for a status change (set by the page)


def case_timeline(*, actor: User, case: Case) -> list[TimelineItem]:
    """Status changes (who, when) and events, merged chronologically, oldest first."""
    if not _full(actor, case):
        return []
    items = [TimelineItem("status", timezone.localdate(c.at), c.at, c)
             for c in case.status_changes.select_related("by")]
    items += [TimelineItem("event", e.occurred_on, None, e) for e in case.events.select_related("created_by")]
    # Same day: events (dated, no time) first, then status changes in the order they were made.
    return sorted(items, key=lambda i: (i.on, i.at is not None, i.at.timestamp() if i.at else 0.0, i.obj.pk))


def case_notes(*, actor: User, case: Case) -> QuerySet[CaseNote]:
    if not _full(actor, case):
        return CaseNote.objects.none()
    return case.notes.select_related("author").order_by("-created_at", "-id")


def case_tasks(*, actor: User, case: Case) -> QuerySet[CaseTask]:
    if not _full(actor, case):
        return CaseTask.objects.none()
    return case.tasks.select_related("assignee").order_by(F("done_at").asc(nulls_first=True),
                                                          F("due_on").asc(nulls_last=True), "id")


def case_members(*, actor: User, case: Case) -> QuerySet:
    """Users working the case (team members and participants): who a task can be given to."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    q = Q(case_participations__case=case)
    if case.team_id:
        q |= Q(team_memberships__team_id=case.team_id)
    return User.objects.filter(q, is_active=True).distinct().order_by("username")


def case_participants(*, actor: User, case: Case) -> QuerySet[CaseParticipant]:
    if not _full(actor, case):
        return CaseParticipant.objects.none()
    return case.participants.select_related("user").order_by("added_at", "id")


def case_sharings(*, actor: User, case: Case) -> QuerySet[CaseSharing]:
    if not _full(actor, case):
        return CaseSharing.objects.none()
    return case.sharings.select_related("institution").order_by("-is_active", "-created_at", "-id")


def participant_candidates(*, actor: User, case: Case) -> QuerySet:
    """Users who may be added to the case: case roles, in the actor's or the lead institution."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    institutions = set(actor.institution_ids) | {case.lead_institution_id}
    return (User.objects.filter(is_active=True, memberships__is_active=True, memberships__role__in=CASE_ROLES,
                                memberships__institution_id__in=institutions)
            .exclude(case_participations__case=case).distinct().order_by("username"))


def sharing_institutions(*, actor: User, case: Case) -> QuerySet:
    """Institutions a case can be shared with: any active one but the lead institution."""
    return Institution.objects.filter(is_active=True).exclude(pk=case.lead_institution_id).order_by("name")


def can_view_case_audit(*, actor: User, case: Case) -> bool:
    """Auditors, and supervisors of the lead unit, who can also see the case."""
    if not _full(actor, case):
        return False
    return actor.is_auditor or bool(case.lead_unit_id and case.lead_unit_id in actor.supervised_unit_ids)


def case_audit_entries(*, actor: User, case: Case):
    """The case's audit trail, newest first. Reading it is itself recorded."""
    if not can_view_case_audit(actor=actor, case=case):
        raise NotFound
    audit_read(actor=actor, action="audit.case_read", obj=case, case_id=case.pk, lead=True)
    return AuditEntry.objects.filter(case_id=case.pk).order_by("-seq")


def case_filter_choices(*, actor: User) -> dict[str, Any]:
    """Choices of the list filters: the teams (EME) and departments of the actor's countries.

    Teams are organisational units, not case data; a team whose cases the actor cannot see
    simply filters to an empty list. Listing only "teams of visible cases" cost a pass over
    every visible case on each list page (90-110 ms on PostgreSQL for a supervisor at 100,000
    cases, docs/benchmarks.md).
    """
    from django.conf import settings

    countries = sorted(set(Institution.objects.filter(pk__in=actor.institution_ids).values_list("country", flat=True)))
    countries = countries or [settings.ENLACE_DEFAULT_COUNTRY]
    return {
        "teams": Team.objects.filter(Q(country__in=countries, is_active=True) | Q(memberships__user=actor))
        .distinct().order_by("name"),
        "countries": countries,
    }


def case_form_choices(*, actor: User, case: Case | None = None) -> dict[str, QuerySet]:
    """Lead institution, unit and team a case may have: the actor's own (and the case's current ones)."""
    teams = Q(memberships__user=actor, is_active=True)
    units = Q(institution_id__in=actor.institution_ids, is_active=True, institution__is_active=True)
    if case is not None:
        teams |= Q(pk=case.team_id) if case.team_id else Q()
        units = (Q(institution_id=case.lead_institution_id, is_active=True, institution__is_active=True)
                 | Q(pk=case.lead_unit_id))
    return {
        "institutions": Institution.objects.filter(pk__in=actor.institution_ids, is_active=True).order_by("name"),
        "units": Unit.objects.filter(units).select_related("institution").distinct().order_by("institution__name", "name"),
        "teams": Team.objects.filter(teams).distinct().order_by("name"),
    }


# --- Organisations, vehicles and bank accounts of a case ----------------------------------------


def organisations_visible(*, actor: User) -> QuerySet:
    """Organisations in cases the actor fully sees: those they may put in another case."""
    return Organisation.objects.filter(cases__in=Case.objects.visible_to(actor, full=True)).distinct()


def organisation_candidates(*, actor: User, case: Case) -> QuerySet:
    """Organisations already on file that can be added to this case (not yet in it)."""
    return organisations_visible(actor=actor).exclude(cases=case).order_by("name", "id")


def case_entities(*, actor: User, case: Case) -> dict[str, QuerySet]:
    """The case's organisations, vehicles and bank accounts (none with summary-only access)."""
    if not _full(actor, case):
        return {"organisations": Organisation.objects.none(), "vehicles": Vehicle.objects.none(),
                "accounts": BankAccount.objects.none()}
    return {"organisations": case.organisations.order_by("name", "id"),
            "vehicles": case.vehicles.order_by("plate", "id"),
            "accounts": case.bank_accounts.order_by("bank", "id")}
