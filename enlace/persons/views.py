"""The person page: pseudonym always; names and identifiers only when the role may see
them, or after a reveal with a recorded reason (valid for this session, for a while).

The URL carries the numeric id only; an id the user may not see answers 404, like a
missing one.
"""

from __future__ import annotations

import time
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from enlace.accounts.models import User
from enlace.accounts.requests import AuthenticatedRequest
from enlace.core.errors import Conflict, Forbidden
from enlace.core.http import domain_errors, form_errors_from, initial_from, session_reveals
from enlace.geo.selectors import country_name

from .forms import IdentifiersForm, PersonEditForm, RevealForm, document_formset
from .models import PROTECTED_ROLES
from .selectors import REVEAL_SECONDS, person_case_roles, person_get, person_identity, person_is_protected
from .services import (
    PersonInput,
    can_edit_person,
    person_identifiers_add,
    person_identity_reveal,
    person_update,
)


def remember_reveal(request: AuthenticatedRequest, given: dict[str, float]) -> None:
    """Keep a reveal the service granted in the session until it expires (expired ones are dropped)."""
    now = time.time()
    reveals = {k: v for k, v in session_reveals(request).items() if v > now}
    request.session["reveals"] = reveals | given


def _render_detail(request: AuthenticatedRequest, person, *, reveal_form=None, status: int = 200):
    user = request.user
    reveals = session_reveals(request)
    identity = person_identity(actor=user, person=person, reveals=reveals)
    expiry = reveals.get(str(person.pk))
    roles = list(person_case_roles(actor=user, person=person))
    ctx = {
        "person": person, "identity": identity, "protected": person_is_protected(person),
        "case_roles": roles, "protected_roles": PROTECTED_ROLES,
        "nationality": country_name(person.nationality),
        "revealed_minutes": int((expiry - time.time()) // 60) + 1 if identity and expiry and expiry > time.time() else None,
        "can_reveal": identity is None and user.can_reveal_identity, "reveal_minutes": REVEAL_SECONDS // 60,
        "reveal_form": reveal_form or RevealForm(),
        "can_edit": identity is not None and can_edit_person(user, person),
        "can_add_identifiers": can_edit_person(user, person),
    }
    return render(request, "persons/detail.html", ctx, status=status)


@login_required
@domain_errors
def person_detail(request: AuthenticatedRequest, person_id: UUID) -> HttpResponse:
    person = person_get(actor=request.user, person_id=person_id)
    return _render_detail(request, person)


@login_required
@domain_errors
def person_reveal(request: AuthenticatedRequest, person_id: UUID) -> HttpResponse:
    person = person_get(actor=request.user, person_id=person_id)
    if request.method != "POST":
        return redirect("persons:detail", person_id=person.public_id)
    form = RevealForm(request.POST)
    if form.is_valid():
        try:
            given = person_identity_reveal(actor=request.user, person=person, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            remember_reveal(request, given)
            messages.info(request, _("Identity shown for %(minutes)s minutes. The reason was recorded.")
                          % {"minutes": REVEAL_SECONDS // 60})
            return redirect("persons:detail", person_id=person.public_id)
    return _render_detail(request, person, reveal_form=form)


@login_required
@domain_errors
def person_edit(request: AuthenticatedRequest, person_id: UUID) -> HttpResponse:
    user = request.user
    person = person_get(actor=user, person_id=person_id)
    if not can_edit_person(user, person):
        raise Forbidden
    if person_identity(actor=user, person=person, reveals=session_reveals(request)) is None:
        # Editing shows the names: the identity must be visible (revealed) first.
        messages.warning(request, _("Reveal the identity before editing this person."))
        return redirect("persons:detail", person_id=person.public_id)
    initial = {name: getattr(person, name) for name in (
        "given_names", "first_surname", "second_surname", "married_surname", "aliases", "sex", "birth_day",
        "birth_month", "birth_year", "nationality", "notes")}
    initial["version"] = person.version
    form = PersonEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            person_update(actor=user, person=person, expected_version=form.cleaned_data["version"],
                          changes=form.changes())
        except (ValidationError, Conflict) as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("The person was saved."))
            return redirect("persons:detail", person_id=person.public_id)
    return render(request, "persons/edit.html", {"person": person, "form": form})


def _default_region(actor: User, person) -> str:
    """Where a phone typed without a country code is from: the country of the person's latest case."""
    from django.conf import settings

    latest = person_case_roles(actor=actor, person=person).select_related("case__lead_institution").first()
    return latest.case.lead_institution.country if latest else settings.ENLACE_DEFAULT_COUNTRY


def _route_identifier_errors(exc: ValidationError, *, form, docs) -> None:
    """Put the service's errors on the field that holds the value (documents: the first row)."""
    if not hasattr(exc, "error_dict"):
        for e in exc.messages:
            form.add_error(None, e)
        return
    for name, errors in exc.message_dict.items():
        field = form.SERVICE_FIELDS.get(name, name)
        for e in errors:
            if name == "documents" and docs.forms:
                docs.forms[0].add_error(None, e)
            else:
                form.add_error(field if field in form.fields else None, e)


@login_required
@domain_errors
def person_identifiers_add_view(request: AuthenticatedRequest, person_id: UUID) -> HttpResponse:
    """Add documents, phones, e-mails, an address or a handle to a person already on file.

    Adding does not show what is already recorded, so it works without revealing the
    identity (the person page lists the identifiers to those who may see them).
    """
    user = request.user
    person = person_get(actor=user, person_id=person_id)
    if not can_edit_person(user, person):
        raise Forbidden
    region = _default_region(user, person)
    data = request.POST if request.method == "POST" else None
    form = IdentifiersForm(data)
    docs = document_formset(data, default_country=region)
    if data is not None and "add_document" in data:
        # "Add another document" without JavaScript: the same input with one more row.
        form = IdentifiersForm(initial=initial_from(form, data))
        docs = document_formset(data, add_row=True, default_country=region)
    elif data is not None and form.is_valid() & docs.is_valid():
        if form.is_blank() and not docs.documents():
            form.add_error(None, _("Enter at least one document, phone number, e-mail address, address or handle."))
        else:
            try:
                person_identifiers_add(actor=user, person=person, default_region=region,
                                       data=PersonInput(documents=docs.documents(), **form.contact_values()))
            except ValidationError as exc:
                _route_identifier_errors(exc, form=form, docs=docs)
            else:
                messages.success(request, _("The identifiers were added to %(pseudonym)s.")
                                 % {"pseudonym": person.pseudonym})
                return redirect("persons:detail", person_id=person.public_id)
    return render(request, "persons/identifiers_add.html", {"person": person, "form": form, "docs": docs})
