"""The case page and its tabs. Each tab is a real page (``?tab=``); with htmx the tab
region alone is swapped. Summary-scope access (a sharing without persons) shows only the
overview; the audit tab only to auditors and supervisors of the lead unit."""

from __future__ import annotations

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_lazy as _

from enlace.accounts.models import User
from enlace.accounts.requests import AuthenticatedRequest
from enlace.core import idempotency
from enlace.core.http import domain_errors, session_reveals
from enlace.geo.selectors import country_name, subdivision_name
from enlace.persons.selectors import identity_visible

from . import forms as f
from . import forms_entities as fe
from .access import Access
from .hooks import case_page_links
from .selectors import (
    PLACE_ROUTE_ORDER,
    can_view_case_audit,
    can_write_case,
    case_audit_entries,
    case_entities,
    case_form_choices,
    case_full_access,
    case_get,
    case_members,
    case_notes,
    case_participants,
    case_persons,
    case_places,
    case_references,
    case_sharings,
    case_tasks,
    case_timeline,
    organisation_candidates,
    overdue,
    participant_candidates,
    sharing_institutions,
)
from .vocabulary import (
    STATUS_TRANSITIONS,
    CaseStatus,
    ExploitationForm,
    LabourSector,
    MeansOfControl,
    PerpetratorRole,
    PlaceKind,
)

TAB_TARGET = "case-tabs"
TABS = {
    "overview": _("Overview"), "persons": _("Persons"), "places": _("Places and route"), "timeline": _("Timeline"),
    "entities": _("Entities"), "notes": _("Notes"), "tasks": _("Tasks"), "access": _("Sharing and access"),
    "audit": _("Audit"),
}
# Which tab each small form lives on (the form's context name -> tab).
FORM_TAB = {"reference_form": "overview", "place_form": "places", "event_form": "timeline", "note_form": "notes",
            "task_form": "tasks", "participant_form": "access", "sharing_form": "access",
            "organisation_form": "entities", "vehicle_form": "entities", "account_form": "entities"}


def labels(choices, codes) -> list[str]:
    """Labels of stored codes; a code no longer in the vocabulary is shown as is."""
    known = dict(choices.choices)
    return [str(known.get(c, c)) for c in codes or []]


def available_tabs(*, actor: User, case) -> list[str]:
    if not case_full_access(actor=actor, case=case):
        return ["overview"]
    tabs = ["overview", "persons", "places", "entities", "timeline", "notes", "tasks", "access"]
    if can_view_case_audit(actor=actor, case=case):
        tabs.append("audit")
    return tabs


def default_forms(request: AuthenticatedRequest, case, tab: str) -> dict:
    """Empty forms for the tab's "add" boxes, only those the user may submit."""
    user = request.user
    writable = can_write_case(actor=user, case=case)
    out: dict = {}
    if tab == "overview" and writable:
        out["reference_form"] = f.ReferenceForm(institutions=case_form_choices(actor=user)["institutions"])
    elif tab == "places" and writable:
        out["place_form"] = f.PlaceForm(default_country=case.lead_institution.country)
    elif tab == "entities" and writable:
        country = case.lead_institution.country
        out["organisation_form"] = fe.OrganisationForm(candidates=organisation_candidates(actor=user, case=case),
                                                       default_country=country, prefix="org")
        out["vehicle_form"] = fe.VehicleForm(default_country=country, prefix="veh")
        out["account_form"] = fe.BankAccountForm(default_country=country, prefix="acc")
    elif tab == "timeline" and writable:
        out["event_form"] = f.EventForm()
    elif tab == "notes" and case_full_access(actor=user, case=case):
        out["note_form"] = f.NoteForm()
    elif tab == "tasks" and writable:
        out["task_form"] = f.TaskForm(members=case_members(actor=user, case=case))
    elif tab == "access" and writable:
        out["participant_form"] = f.ParticipantForm(candidates=participant_candidates(actor=user, case=case))
        out["sharing_form"] = f.SharingForm(institutions=sharing_institutions(actor=user, case=case))
    return out


def tab_data(request: AuthenticatedRequest, case, tab: str) -> dict:
    user = request.user
    if tab == "overview":
        return {"references": case_references(actor=user, case=case),
                "forms_labels": labels(ExploitationForm, case.forms_of_exploitation),
                "sector_labels": labels(LabourSector, case.labour_sectors),
                "has_transitions": bool(STATUS_TRANSITIONS.get(case.status))}
    if tab == "persons":
        reveals = session_reveals(request)
        rows = []
        for cp in case_persons(actor=user, case=case):
            shown = identity_visible(actor=user, person=cp.person, reveals=reveals)
            rows.append({"cp": cp, "person": cp.person, "identity": shown,
                         "perpetrator_roles": labels(PerpetratorRole, cp.perpetrator_roles),
                         "means": labels(MeansOfControl, cp.means_of_control)})
        return {"person_rows": rows}
    if tab == "places":
        rows = [{"place": p, "country": country_name(p.country), "subdivision": subdivision_name(p.subdivision),
                 "municipality": p.municipality.name if p.municipality_id and p.municipality else ""}
                for p in case_places(actor=user, case=case)]
        return {"place_rows": rows, "route_kinds": [PlaceKind(k).label for k in PLACE_ROUTE_ORDER]}
    if tab == "entities":
        return {f"{name}_rows": [{"obj": e, "country": country_name(e.country)} for e in qs]
                for name, qs in case_entities(actor=user, case=case).items()}
    if tab == "timeline":
        items = case_timeline(actor=user, case=case)
        status_labels = dict(CaseStatus.choices)
        for item in items:
            if item.kind == "status":
                item.label = status_labels.get(item.obj.to_status, item.obj.to_status)
        return {"timeline": items}
    if tab == "notes":
        return {"notes": case_notes(actor=user, case=case)}
    if tab == "tasks":
        tasks = list(case_tasks(actor=user, case=case))
        for t in tasks:
            t.is_overdue = overdue(t)
        return {"tasks": tasks}
    if tab == "access":
        return {"participants": case_participants(actor=user, case=case),
                "sharings": case_sharings(actor=user, case=case)}
    if tab == "audit":
        entries = case_audit_entries(actor=user, case=case)
        return {"audit_page": Paginator(entries, 50).get_page(request.GET.get("page"))}
    return {}


def render_case(request: AuthenticatedRequest, case, access: Access, tab: str, *, forms: dict | None = None, status: int = 200,
                partial: bool | None = None):
    """The case page (or only its tab region for htmx), with the given bound forms if any."""
    tabs = available_tabs(actor=request.user, case=case)
    if tab not in tabs:
        tab = "overview"
    ctx = {
        "case": case, "access": access, "full": access >= Access.FULL, "tab": tab,
        "tabs": [(key, TABS[key]) for key in tabs],
        "can_write": can_write_case(actor=request.user, case=case), "tab_target": TAB_TARGET,
        "form_token": idempotency.token_for(request),
        **tab_data(request, case, tab), **default_forms(request, case, tab), **(forms or {}),
    }
    if partial is None:
        htmx = getattr(request, "htmx", None)
        partial = htmx is not None and bool(htmx) and not htmx.boosted
    ctx["partial"] = partial
    if not partial:
        ctx["page_links"] = [link for link in case_page_links(actor=request.user, case=case, full=ctx["full"]) if link]
    response = render(request, "cases/_tabs.html" if partial else "cases/detail.html", ctx, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@domain_errors
def case_detail_view(request: AuthenticatedRequest, case_id: UUID) -> HttpResponse:
    case, access = case_get(actor=request.user, case_id=case_id)
    return render_case(request, case, access, request.GET.get("tab", "overview"))
