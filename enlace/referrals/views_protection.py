"""Pages for a person's protection (reflection and recovery period, non-punishment), the directory of
service providers, and the user's notifications."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from enlace.accounts.models import Institution, User
from enlace.accounts.requests import AuthenticatedRequest
from enlace.accounts.roles import Role
from enlace.core.errors import Conflict
from enlace.core.http import domain_errors, form_errors_from

from . import selectors, services, services_protection
from .forms import DirectoryFilterForm, ExtensionForm, NonPunishmentForm, OfferForm, RecoveryForm
from .selectors_pages import notification_url, person_for_protection, recovery_period_get


def _person_for_protection(actor: User, pk: UUID):
    return person_for_protection(actor=actor, person_id=pk)


@login_required
@domain_errors
def recovery_new(request: AuthenticatedRequest, pk: UUID) -> HttpResponse:
    person = _person_for_protection(request.user, pk)
    form = RecoveryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services_protection.recovery_period_start(actor=request.user, person=person, **form.cleaned_data)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("Reflection and recovery period recorded."))
            return redirect("referrals:subject", kind="person", pk=person.public_id)
    return render(request, "referrals/protection_form.html", {
        "form": form, "pseudonym": person.pseudonym, "title": _("Reflection and recovery period"), "person": person})


@login_required
@domain_errors
def recovery_extend(request: AuthenticatedRequest, pk: UUID) -> HttpResponse:
    period = recovery_period_get(actor=request.user, period_id=pk)
    person = period.person
    form = ExtensionForm(request.POST or None, initial={"version": period.version})
    if request.method == "POST" and form.is_valid():
        try:
            services_protection.recovery_period_extend(
                actor=request.user, period=period, expected_version=form.cleaned_data["version"],
                new_end=form.cleaned_data["new_end"], reason=form.cleaned_data["reason"])
        except (ValidationError, Conflict) as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("The period was extended."))
            return redirect("referrals:subject", kind="person", pk=person.public_id)
    return render(request, "referrals/protection_form.html", {
        "form": form, "pseudonym": person.pseudonym, "title": _("Extend the period"), "person": person})


@login_required
@domain_errors
def non_punishment_new(request: AuthenticatedRequest, pk: UUID) -> HttpResponse:
    person = _person_for_protection(request.user, pk)
    form = NonPunishmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services_protection.non_punishment_flag_add(actor=request.user, person=person, **form.cleaned_data)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("Non-punishment flag recorded."))
            return redirect("referrals:subject", kind="person", pk=person.public_id)
    return render(request, "referrals/protection_form.html", {
        "form": form, "pseudonym": person.pseudonym, "title": _("Non-punishment"), "person": person})


def _directory_institutions(user):
    if user.is_sysadmin:
        return Institution.objects.filter(is_active=True).order_by("name")
    ids = [m.institution_id for m in user.active_memberships if m.role == Role.SERVICE_PROVIDER]
    return Institution.objects.filter(pk__in=ids, is_active=True).order_by("name")


@login_required
@domain_errors
def directory(request: AuthenticatedRequest) -> HttpResponse:
    """Who offers which service in which department. Names organisations only, never persons."""
    user = request.user
    if not (user.can_screen or user.can_work_cases or user.is_sysadmin):
        raise PermissionDenied
    filters = DirectoryFilterForm(request.GET or None)
    filters.is_valid()
    data = getattr(filters, "cleaned_data", {}) or {}
    offers = selectors.offer_list(subdivision=data.get("subdivision", ""), service=data.get("service", ""))
    institutions = _directory_institutions(user)
    offer_form = None
    if institutions.exists():
        offer_form = OfferForm(request.POST or None, institutions=institutions)
        if request.method == "POST" and offer_form.is_valid():
            from django.conf import settings

            try:
                services.offer_create(actor=user, country=settings.ENLACE_DEFAULT_COUNTRY, **offer_form.cleaned_data)
            except ValidationError as exc:
                form_errors_from(offer_form, exc)
            else:
                messages.success(request, _("The service was added to the directory."))
                return redirect("referrals:directory")
    elif request.method == "POST":
        raise PermissionDenied
    return render(request, "referrals/directory.html", {"filters": filters, "offers": offers, "offer_form": offer_form})


@login_required
def notifications(request: AuthenticatedRequest) -> HttpResponse:
    items = selectors.notifications_for(actor=request.user, limit=100)
    return render(request, "referrals/notifications.html", {"notifications": items})


@login_required
@require_POST
def notifications_read(request: AuthenticatedRequest) -> HttpResponse:
    raw = request.POST.get("id", "")
    services.notification_mark_read(actor=request.user, notification_id=int(raw) if raw.isdigit() else None)
    target = request.POST.get("next", "")
    if raw.isdigit():
        target = notification_url(actor=request.user, notification_id=int(raw)) or target
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = ""
    return redirect(target or "referrals:notifications")
