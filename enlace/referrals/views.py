"""Referral pages: the sending side (consent, refer, follow up, revoke) and the receiving side
(a restricted view of the person, answer the referral). Thin: rules live in services and selectors."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from enlace.accounts.models import Institution
from enlace.accounts.requests import AuthenticatedRequest
from enlace.core import idempotency
from enlace.core.errors import Conflict
from enlace.core.http import domain_errors, form_errors_from

from . import selectors, services
from .forms import DEFAULT_CATEGORIES, ConsentForm, IncomingFilterForm, ReferForm, RespondForm, RevokeForm
from .models import ConsentBasis
from .selectors_pages import (
    consent_get_managed,
    protection_records,
    referral_history,
    referral_list_incoming_filtered,
)
from .selectors_work import referral_work
from .views_work import work_context


def _subject_url(person, screening) -> str:
    if screening is not None and person is None:
        return reverse("referrals:subject", args=["screening", screening.public_id])
    return reverse("referrals:subject", args=["person", person.public_id])


def _institutions():
    return Institution.objects.filter(is_active=True).order_by("name")


@login_required
@domain_errors
def referral_home(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    is_recipient = bool(selectors.recipient_institution_ids(user))
    is_sender = user.can_screen or user.can_work_cases
    if not (is_recipient or is_sender):
        raise PermissionDenied
    filters = IncomingFilterForm(request.GET or None)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    incoming = [selectors.restricted_view(r, actor=user) for r in referral_list_incoming_filtered(
        actor=user, status=chosen.get("status", ""), search=chosen.get("q", ""))[:100]] if is_recipient else []
    sent = list(selectors.referral_list_sent(actor=user)[:100]) if is_sender else []
    for referral in sent:
        referral.overdue = selectors.is_overdue(referral)
    return render(request, "referrals/home.html", {
        "incoming": incoming, "sent": sent, "is_recipient": is_recipient, "is_sender": is_sender, "filters": filters,
        "reminder_days": selectors.reminder_days(),
        "overdue_incoming": sum(1 for r in incoming if r.overdue), "overdue_sent": sum(1 for r in sent if r.overdue)})


@login_required
@domain_errors
def incoming_detail(request: AuthenticatedRequest, pk: UUID) -> HttpResponse:
    """The receiving organisation's page: pseudonym and consented categories only, never the case."""
    referral, view = selectors.referral_get_incoming(actor=request.user, referral_id=pk)
    form = RespondForm(initial={"version": referral.version})
    return render(request, "referrals/incoming_detail.html", {
        "r": view, "form": form, "referral": referral,
        **work_context(request, referral_work(actor=request.user, referral_id=pk))})


@login_required
@domain_errors
@require_POST
def incoming_respond(request: AuthenticatedRequest, pk: UUID) -> HttpResponse:
    form = RespondForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The form was incomplete; please try again."))
        return redirect("referrals:incoming", pk=pk)
    try:
        data = form.cleaned_data
        services.referral_respond(actor=request.user, referral_id=pk, to_status=data["to_status"],
                                  expected_version=data["version"], reason=data["reason"], outcome=data["outcome"],
                                  closure_reason=data["closure_reason"])
    except (ValidationError, Conflict) as exc:
        messages.error(request, exc.message if isinstance(exc, Conflict) else " ".join(exc.messages))
    else:
        messages.success(request, _("The referral was updated; the sender was notified."))
    return redirect("referrals:incoming", pk=pk)


@login_required
@domain_errors
def referral_detail(request: AuthenticatedRequest, pk: UUID) -> HttpResponse:
    referral = selectors.referral_get_sent(actor=request.user, referral_id=pk)
    may_manage = selectors.can_manage_subject(request.user, person=referral.person,
                                              screening=None if referral.person_id else referral.screening)
    return render(request, "referrals/detail.html", {
        "referral": referral, "history": referral_history(actor=request.user, referral=referral),
        "overdue": selectors.is_overdue(referral), "days_waiting": selectors.days_waiting(referral),
        "consent_active": selectors.consent_is_active(referral.consent), "may_manage": may_manage,
        "subject_url": _subject_url(referral.person, referral.screening) if may_manage else "",
        "pseudonym": selectors.subject_pseudonym(person=referral.person, screening=referral.screening),
        "revoke_form": RevokeForm(), **work_context(request, referral_work(actor=request.user, referral_id=pk))})


@login_required
@domain_errors
@require_POST
def referral_revoke(request: AuthenticatedRequest, pk: UUID) -> HttpResponse:
    referral = selectors.referral_get_sent(actor=request.user, referral_id=pk)
    form = RevokeForm(request.POST)
    form.is_valid()
    try:
        services.referral_revoke(actor=request.user, referral=referral, reason=form.cleaned_data.get("note", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The referral was revoked; the organisation no longer sees it."))
    return redirect("referrals:detail", pk=pk)


@login_required
@domain_errors
def subject_detail(request: AuthenticatedRequest, kind: str, pk: UUID) -> HttpResponse:
    person, screening = selectors.subject_get(actor=request.user, kind=kind, pk=pk)
    protection = person is not None and selectors.can_manage_protection(request.user, person)
    consents = list(selectors.consents_for(person=person, screening=screening))
    context: dict[str, Any] = {
        "person": person, "screening": screening, "kind": kind, "pk": pk,
        "pseudonym": selectors.subject_pseudonym(person=person, screening=screening),
        "consents": consents,
        "referrals": list(selectors.referrals_for(person=person, screening=screening)),
        "is_child": selectors.subject_is_child(person=person, screening=screening),
        "protection": protection, "revoke_form": RevokeForm(),
    }
    for consent in consents:
        consent.active = selectors.consent_is_active(consent)
    if protection and person is not None:
        context |= protection_records(actor=request.user, person=person)
    return render(request, "referrals/subject.html", context)


def _initial_consent(person, screening) -> dict:
    child = selectors.subject_is_child(person=person, screening=screening)
    return {"categories": DEFAULT_CATEGORIES,
            "basis": ConsentBasis.BEST_INTEREST if child else ConsentBasis.CONSENT}


@login_required
@domain_errors
def refer(request: AuthenticatedRequest, kind: str, pk: UUID) -> HttpResponse:
    """One phone-sized page: choose the service, record the consent if none is in force, send."""
    person, screening = selectors.subject_get(actor=request.user, kind=kind, pk=pk)
    subject: selectors.Subject = {"person": person, "screening": None if person is not None else screening}
    offers = selectors.offer_list(country=(screening.country if screening else ""))
    consents = [c for c in selectors.consents_for(**subject) if selectors.consent_is_active(c)]
    child = bool(selectors.subject_is_child(person=person, screening=screening))
    # With a consent in force the fields may not be needed (it may cover this service), so not required.
    initial = _initial_consent(person, screening)
    if (chosen := request.GET.get("offer", "")).isdigit():  # "refer now" from the result page
        initial["offer"] = int(chosen)  # only a choice of the form's own list is ever accepted
    form = ReferForm(request.POST or None, offers=offers, institutions=_institutions(), initial=initial,
                     child=child and not consents)
    if request.method == "POST" and form.is_valid():
        if (earlier := idempotency.first_result(request)) is not None:
            messages.info(request, _("This form was already sent: the referral was sent once."))
            return redirect(earlier or _subject_url(person, screening))
        data = form.cleaned_data
        try:
            with transaction.atomic():
                if selectors.active_consent_for(**subject, recipient=data["recipient"], purpose=data["service"]) is None:
                    services.consent_record(actor=request.user, **subject, recipient=data["recipient"],
                                            purpose=data["service"], **form.consent_kwargs())
                referral = services.referral_create(
                    actor=request.user, **subject, service=data["service"], recipient=data["recipient"],
                    offer=data["offer"], needs=data["needs"], language=data["language"], contact=data["contact"])
        except ValidationError as exc:
            idempotency.release(request)
            form_errors_from(form, exc)
        else:
            messages.success(request, _("Referral %(ref)s sent to %(org)s.") % {"ref": referral.reference,
                                                                                "org": referral.recipient.name})
            url = reverse("referrals:detail", kwargs={"pk": referral.public_id})
            idempotency.remember(request, url)
            return redirect(url)
    return render(request, "referrals/refer.html", {
        "form": form, "pseudonym": selectors.subject_pseudonym(person=person, screening=screening),
        "consents": consents, "is_child": child,
        "back_url": (reverse("screening:result", args=[screening.public_id]) if screening is not None
                     else _subject_url(person, None)), "has_offers": offers.exists(),
        "form_token": idempotency.token_for(request)})


@login_required
@domain_errors
def consent_new(request: AuthenticatedRequest, kind: str, pk: UUID) -> HttpResponse:
    person, screening = selectors.subject_get(actor=request.user, kind=kind, pk=pk)
    subject: selectors.Subject = {"person": person, "screening": None if person is not None else screening}
    child = bool(selectors.subject_is_child(person=person, screening=screening))
    form = ConsentForm(request.POST or None, institutions=_institutions(), initial=_initial_consent(person, screening),
                       child=child)
    if request.method == "POST" and form.is_valid():
        if (earlier := idempotency.first_result(request)) is not None:
            messages.info(request, _("This form was already sent: the consent was recorded once."))
            return redirect(earlier or _subject_url(person, screening))
        try:
            services.consent_record(actor=request.user, **subject, recipient=form.cleaned_data["recipient"],
                                    purpose=form.cleaned_data["purpose"], given_on=form.cleaned_data["given_on"],
                                    **form.consent_kwargs())
        except ValidationError as exc:
            idempotency.release(request)
            form_errors_from(form, exc)
        else:
            messages.success(request, _("Consent recorded."))
            idempotency.remember(request, _subject_url(person, screening))
            return redirect(_subject_url(person, screening))
    return render(request, "referrals/consent_form.html", {
        "form": form, "pseudonym": selectors.subject_pseudonym(person=person, screening=screening), "is_child": child,
        "back_url": _subject_url(person, screening), "form_token": idempotency.token_for(request)})


@login_required
@domain_errors
@require_POST
def consent_revoke(request: AuthenticatedRequest, pk: UUID) -> HttpResponse:
    consent = consent_get_managed(actor=request.user, consent_id=pk)
    form = RevokeForm(request.POST)
    form.is_valid()
    try:
        revoked = services.consent_revoke(actor=request.user, consent=consent, note=form.cleaned_data.get("note", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, ngettext(
            "Consent withdrawn. %(count)s open referral was revoked; %(org)s no longer sees the data.",
            "Consent withdrawn. %(count)s open referrals were revoked; %(org)s no longer sees the data.",
            len(revoked)) % {"count": len(revoked), "org": consent.recipient.name})
    return redirect(_subject_url(consent.person, consent.screening))

