"""The screening on one page, online: every question of the stepper on a single form, completed in one tap.

The questions for the chosen kind of exploitation and age appear as they are chosen (a small script;
without it every question is shown and the server keeps only those of the lists in use). The input
is parsed by the stepper's forms and recorded by the stepper's services, so the rules are the same.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language

from enlace.accounts.requests import AuthenticatedRequest
from enlace.core import idempotency
from enlace.core.http import domain_errors, form_errors_from

from . import services_offline
from .forms import ElementsForm, PersonForm, StartForm
from .selectors_offline import offline_dimensions
from .views_offline import draft_from


def _lang() -> str:
    return (get_language() or "en").split("-")[0]


def _start_initial(request: AuthenticatedRequest) -> dict:
    unit = next((m.unit for m in request.user.active_memberships if m.unit_id), None)
    institution = request.user.primary_institution
    country = (institution.country if institution else "") or settings.ENLACE_DEFAULT_COUNTRY
    return {"screened_on": timezone.localdate(), "country": country, "subdivision": unit.subdivision if unit else ""}


@login_required
@domain_errors
def screening_one_page(request: AuthenticatedRequest) -> HttpResponse:
    """Anonymous by default: the common case at a border post, and the one that keeps nothing identifying."""
    if not request.user.can_screen:
        raise PermissionDenied
    initial = _start_initial(request)
    data = request.POST if request.method == "POST" else None
    start, person = StartForm(data, initial=initial), PersonForm(data, initial={"anonymous": "anonymous"})
    elements = ElementsForm(data)
    if data is not None and all([start.is_valid(), person.is_valid(), elements.is_valid()]):
        if (earlier := idempotency.first_result(request)) is not None:
            return redirect(earlier or reverse("screening:list"))
        draft = draft_from(data)
        try:
            if isinstance(draft, list):
                raise ValidationError(draft)
            screening = services_offline.screening_record(actor=request.user, draft=draft)
        except ValidationError as exc:
            idempotency.release(request)
            form_errors_from(start, exc)
        else:
            url = reverse("screening:result", args=[screening.public_id])
            idempotency.remember(request, url)
            return redirect(url)
    country = str(start["country"].value() or initial["country"])
    return render(request, "screening/one_page.html", {
        "start_form": start, "person_form": person, "elements_form": elements,
        "dimensions": offline_dimensions(country=country, language=_lang()),
        "chosen": set(data.getlist("yes")) if data is not None else set(),
        "form_token": idempotency.token_for(request)}, status=200 if data is None else 422)
