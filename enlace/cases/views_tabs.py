"""The small forms on the case page tabs: place, event, note, task, reference, participant,
sharing. Each posts to its own URL; with htmx the tab region is swapped in place, without
it the browser gets a redirect back to the tab (or the full page with the form errors).

A GET on one of these URLs leads back to the tab, after the same 404 check as the page.
"""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from enlace.accounts.requests import AuthenticatedRequest
from enlace.core import idempotency
from enlace.core.disclosure import DisclosureRefused
from enlace.core.errors import Conflict
from enlace.core.http import domain_errors, form_errors_from

from . import forms as f
from .access import Access
from .selectors import (
    case_form_choices,
    case_get,
    case_members,
    case_tasks,
    participant_candidates,
    sharing_institutions,
)
from .services import (
    case_event_add,
    case_note_add,
    case_place_add,
    case_place_remove,
    case_reference_add,
    case_task_add,
    case_task_complete,
)
from .services_access import case_participant_add, case_sharing_create, case_sharing_end
from .views_detail import FORM_TAB, render_case


def tab_url(case_id: UUID, tab: str) -> str:
    return reverse("cases:detail", args=[case_id]) + f"?tab={tab}"


def _done(request: AuthenticatedRequest, case, access: Access, tab: str, message: str):
    messages.success(request, message)
    if getattr(request, "htmx", None):
        return render_case(request, case, access, tab, partial=True)
    return redirect(tab_url(case.public_id, tab))


def _tab_post(request: AuthenticatedRequest, case_id: UUID, *, form_name: str, build: Callable, save: Callable, message: str):
    """Validate ``build(case, data)``'s form, run ``save(case, cleaned_data)``, answer for the tab."""
    tab = FORM_TAB[form_name]
    case, access = case_get(actor=request.user, case_id=case_id)
    if request.method != "POST":
        return redirect(tab_url(case.public_id, tab))
    form = build(request, case, request.POST)
    if form.is_valid():
        if idempotency.first_result(request) is not None:
            return _done(request, case, access, tab, _("This form was already sent: it was saved once."))
        try:
            save(request, case, form.cleaned_data)
        except (ValidationError, Conflict) as exc:
            idempotency.release(request)
            form_errors_from(form, exc)
        except DisclosureRefused as exc:  # no agreement in force allows it: say what is missing
            idempotency.release(request)
            form.add_error(None, exc.message)
        else:
            idempotency.remember(request, tab_url(case.public_id, tab))
            return _done(request, case, access, tab, message)
    return render_case(request, case, access, tab, forms={form_name: form})


@login_required
@domain_errors
def reference_add(request: AuthenticatedRequest, case_id: UUID) -> HttpResponse:
    return _tab_post(
        request, case_id, form_name="reference_form", message=_("Reference number added."),
        build=lambda r, c, d: f.ReferenceForm(d, institutions=case_form_choices(actor=r.user)["institutions"]),
        save=lambda r, c, d: case_reference_add(actor=r.user, case=c, institution=d["institution"], number=d["number"]),
    )


@login_required
@domain_errors
def place_add(request: AuthenticatedRequest, case_id: UUID) -> HttpResponse:
    if request.method == "POST" and "refresh" in request.POST:
        # The country or department changed: offer its departments / municipalities, save nothing.
        case, access = case_get(actor=request.user, case_id=case_id)
        form = f.PlaceForm(initial=request.POST.dict(), default_country=case.lead_institution.country)
        return render_case(request, case, access, "places", forms={"place_form": form, "place_form_open": True})
    return _tab_post(
        request, case_id, form_name="place_form", message=_("Place added."),
        build=lambda r, c, d: f.PlaceForm(d, default_country=c.lead_institution.country),
        save=lambda r, c, d: case_place_add(actor=r.user, case=c, kind=d["kind"], country=d["country"],
                                            subdivision=d["subdivision"], municipality=d["municipality"],
                                            description=d["description"], date_from=d["date_from"], date_to=d["date_to"]),
    )


@login_required
@domain_errors
def place_remove(request: AuthenticatedRequest, case_id: UUID, place_id: int) -> HttpResponse:
    case, access = case_get(actor=request.user, case_id=case_id)
    if request.method != "POST":
        return redirect(tab_url(case.public_id, "places"))
    case_place_remove(actor=request.user, case=case, place_id=place_id)
    return _done(request, case, access, "places", _("Place removed."))


@login_required
@domain_errors
def event_add(request: AuthenticatedRequest, case_id: UUID) -> HttpResponse:
    return _tab_post(
        request, case_id, form_name="event_form", message=_("Event added."),
        build=lambda r, c, d: f.EventForm(d),
        save=lambda r, c, d: case_event_add(actor=r.user, case=c, **d),
    )


@login_required
@domain_errors
def note_add(request: AuthenticatedRequest, case_id: UUID) -> HttpResponse:
    return _tab_post(
        request, case_id, form_name="note_form", message=_("Note added."),
        build=lambda r, c, d: f.NoteForm(d),
        save=lambda r, c, d: case_note_add(actor=r.user, case=c, text=d["text"]),
    )


@login_required
@domain_errors
def task_add(request: AuthenticatedRequest, case_id: UUID) -> HttpResponse:
    return _tab_post(
        request, case_id, form_name="task_form", message=_("Task added."),
        build=lambda r, c, d: f.TaskForm(d, members=case_members(actor=r.user, case=c)),
        save=lambda r, c, d: case_task_add(actor=r.user, case=c, **d),
    )


@login_required
@domain_errors
def task_complete(request: AuthenticatedRequest, case_id: UUID, task_id: int) -> HttpResponse:
    case, access = case_get(actor=request.user, case_id=case_id)
    if request.method != "POST":
        return redirect(tab_url(case.public_id, "tasks"))
    task = get_object_or_404(case_tasks(actor=request.user, case=case), pk=task_id)
    form = f.VersionForm(request.POST)
    try:
        if not form.is_valid():
            raise Conflict
        case_task_complete(actor=request.user, task=task, expected_version=form.cleaned_data["version"])
    except Conflict as exc:
        messages.error(request, exc.message)
        if getattr(request, "htmx", None):
            return render_case(request, case, access, "tasks", partial=True)
        return redirect(tab_url(case.public_id, "tasks"))
    return _done(request, case, access, "tasks", _("Task marked as done."))


@login_required
@domain_errors
def participant_add(request: AuthenticatedRequest, case_id: UUID) -> HttpResponse:
    return _tab_post(
        request, case_id, form_name="participant_form", message=_("Requested: the user takes part in the case once a second person approves it."),
        build=lambda r, c, d: f.ParticipantForm(d, candidates=participant_candidates(actor=r.user, case=c)),
        save=lambda r, c, d: case_participant_add(actor=r.user, case=c, user=d["user"]),
    )


@login_required
@domain_errors
def sharing_add(request: AuthenticatedRequest, case_id: UUID) -> HttpResponse:
    return _tab_post(
        request, case_id, form_name="sharing_form", message=_("Requested: the case is shared once a second person approves it."),
        build=lambda r, c, d: f.SharingForm(d, institutions=sharing_institutions(actor=r.user, case=c)),
        save=lambda r, c, d: case_sharing_create(actor=r.user, case=c, **d),
    )


@login_required
@domain_errors
def sharing_end(request: AuthenticatedRequest, case_id: UUID, sharing_id: int) -> HttpResponse:
    case, access = case_get(actor=request.user, case_id=case_id)
    if request.method != "POST":
        return redirect(tab_url(case.public_id, "access"))
    case_sharing_end(actor=request.user, case=case, sharing_id=sharing_id)
    return _done(request, case, access, "access", _("The sharing was ended."))
