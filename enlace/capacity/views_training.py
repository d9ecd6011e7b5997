"""Training pages: courses, sessions and their participants (with the attendance import), the staff
register, coverage, one's own training record and the Open Badges export. Thin views."""

from __future__ import annotations

import base64
import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from enlace.accounts.requests import AuthenticatedRequest
from enlace.core.http import domain_errors, form_errors_from
from enlace.core.idempotency import one_submission

from . import badge_signing, badges, coverage, selectors, selectors_training, services_training
from .forms import CourseForm, CoverageForm, ImportForm, SessionForm, StaffForm
from .vocabulary import Competency


@login_required
@domain_errors
def courses(request: AuthenticatedRequest) -> HttpResponse:
    return render(request, "capacity/courses.html", {"courses": selectors_training.course_list(actor=request.user)})


@login_required
@domain_errors
@one_submission
def course_create(request: AuthenticatedRequest) -> HttpResponse:
    selectors.require_manager(request.user)
    form = CourseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data, modules=form.cleaned_data["modules"].splitlines())
        try:
            course = services_training.course_create(actor=request.user, **data)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            return redirect("capacity:course_detail", pk=course.pk)
    return render(request, "capacity/form.html", {"form": form, "title": _("New course")})


@login_required
@domain_errors
def course_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    course = selectors_training.course_get(actor=request.user, course_id=pk)
    return render(request, "capacity/course_detail.html", {
        "course": course, "sessions": selectors_training.session_list(actor=request.user, course=course),
        "competencies": [Competency(c).label for c in course.competencies if c in Competency.values],
        "session_form": SessionForm()})


@login_required
@domain_errors
@require_POST
def session_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    course = selectors_training.course_get(actor=request.user, course_id=pk)
    form = SessionForm(request.POST)
    if form.is_valid():
        try:
            session = services_training.session_create(actor=request.user, course=course, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            return redirect("capacity:session_detail", pk=session.pk)
    else:
        messages.error(request, _("A session needs its dates and place."))
    return redirect("capacity:course_detail", pk=pk)


def _session_page(request: AuthenticatedRequest, session, *, report=None, confirm=None):
    return render(request, "capacity/session_detail.html", {
        "session": session, "participants": selectors_training.participants_of(session),
        "import_form": ImportForm(), "report": report, "confirm_form": confirm})


@login_required
@domain_errors
def session_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _session_page(request, selectors_training.session_get(actor=request.user, session_id=pk))


@login_required
@domain_errors
@require_POST
def attendance_import(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Import, or report (invalid rows, unmatched names) and let the user choose: always atomic."""
    session = selectors_training.session_get(actor=request.user, session_id=pk)
    form = ImportForm(request.POST, request.FILES)
    sheet = form.sheet() if form.is_valid() else None
    if sheet is None:
        messages.error(request, _("Choose a CSV or XLSX file."))
        return redirect("capacity:session_detail", pk=pk)
    data, filename = sheet
    report = services_training.attendance_import(actor=request.user, session=session, data=data, filename=filename,
                                                 import_matched=form.cleaned_data["import_matched"])
    if report.written:
        messages.success(request, _("%(n)s participants recorded.") % {"n": report.written})
        return redirect("capacity:session_detail", pk=pk)
    confirm = ImportForm(initial={"payload": base64.b64encode(data).decode(), "filename": filename,
                                  "import_matched": True}) if report.needs_choice else None
    return _session_page(request, session, report=report, confirm=confirm)


@login_required
@domain_errors
def staff(request: AuthenticatedRequest) -> HttpResponse:
    return render(request, "capacity/staff.html", {"staff": selectors_training.staff_list(actor=request.user)})


@login_required
@domain_errors
@one_submission
def staff_create(request: AuthenticatedRequest) -> HttpResponse:
    selectors.require_manager(request.user)
    form = StaffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services_training.staff_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("Added to the register."))
            return redirect("capacity:staff")
    return render(request, "capacity/form.html", {"form": form, "title": _("Add to the staff register")})


@login_required
@domain_errors
def coverage_view(request: AuthenticatedRequest) -> HttpResponse:
    selectors.require_manager(request.user)
    form = CoverageForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    on = data.get("on") or timezone.localdate()
    days = data.get("days") or settings.ENLACE_CAPACITY_EXPIRY_DAYS
    threshold = data.get("threshold")
    return render(request, "capacity/coverage.html", {
        "form": form, "on": on, "days": days, "threshold": coverage.default_threshold() if threshold is None else threshold,
        "groups": coverage.coverage(actor=request.user, on=on, threshold=threshold),
        "competencies": Competency.choices,
        "expiring": coverage.expiring_certificates(actor=request.user, on=on, within_days=days)})


@login_required
def my_training(request: AuthenticatedRequest) -> HttpResponse:
    record = selectors_training.own_record(actor=request.user)
    return render(request, "capacity/my_training.html", {
        "record": record, "participations": selectors_training.record_of(record) if record else [],
        "specialisations": [Competency(c).label for c in (record.specialisations if record else [])
                            if c in Competency.values]})


@login_required
@domain_errors
def badge(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The certificate as Open Badges 3.0 JSON; signed as a VC-JWT when an issuer key is configured."""
    participation = selectors_training.participation_get(actor=request.user, participation_id=pk)
    credential = badges.open_badge(participation)
    key = badge_signing.issuer_key()
    if key is not None:
        body, kind, ext = badge_signing.sign_credential(credential, key), "application/vc+jwt", "jwt"
    else:
        body, kind, ext = json.dumps(credential, ensure_ascii=False, indent=2), "application/ld+json; charset=utf-8", "json"
    response = HttpResponse(body, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="certificate-{participation.certificate_uid}.{ext}"'
    return response
