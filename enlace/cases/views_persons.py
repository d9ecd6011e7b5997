"""Adding a person to a case: an existing one (by pseudonym) or a new one with identifiers;
and changing the role-specific fields of a person already in the case.

One service call (``case_person_add``) writes the person, the identifiers and the role in
one transaction, so a rejected form leaves nothing half-written. Changes carry the version
the user saw (``case_person_update``): a concurrent edit is refused, never overwritten.
"""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from enlace.accounts.requests import AuthenticatedRequest
from enlace.core import idempotency
from enlace.core.errors import Conflict, Forbidden, NotFound
from enlace.core.http import domain_errors, form_errors_from, initial_from, session_reveals
from enlace.persons.forms import NewPersonForm, document_formset
from enlace.persons.selectors import identity_visible, person_find_visible, pseudonyms_visible

from .forms import CasePersonEditForm, CasePersonForm, PersonRemoveForm
from .hooks import person_added_url
from .selectors import can_write_case, case_get, case_persons
from .services_persons import ROLE_FIELDS, case_person_add, case_person_remove, case_person_update
from .views_tabs import tab_url


def _route_errors(exc: ValidationError, *, role_form, person_form, docs) -> None:
    """Put the service's field errors on whichever form has the field."""
    items = exc.message_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]
    for field, errors in items:
        for e in errors:
            if field in person_form.fields:
                person_form.add_error(field, e)
            elif field in role_form.fields:
                role_form.add_error(field, e)
            elif field == "person":
                role_form.add_error("existing", e)
            elif field == "documents" and docs.forms:
                docs.forms[0].add_error(None, e)
            else:
                role_form.add_error(None, e)


@login_required
@domain_errors
def person_add(request: AuthenticatedRequest, case_id: UUID) -> HttpResponse:
    user = request.user
    case, access = case_get(actor=user, case_id=case_id)
    if not can_write_case(actor=user, case=case):
        raise Forbidden
    country = case.lead_institution.country
    data = request.POST if request.method == "POST" else None
    role_form = CasePersonForm(data)
    person_form = NewPersonForm(data, prefix="p")
    docs = document_formset(data, default_country=country)

    if data is not None and "add_document" in data:
        # "Add another document" without JavaScript: show the same input with one more row.
        role_form = CasePersonForm(initial=initial_from(role_form, data))
        person_form = NewPersonForm(initial=initial_from(person_form, data), prefix="p")
        docs = document_formset(data, add_row=True, default_country=country)
    elif data is not None:
        ok = role_form.is_valid() & person_form.is_valid() & docs.is_valid()
        existing = role_form.cleaned_data.get("existing", "").strip() if ok else ""
        person = None
        if ok and existing:
            person = person_find_visible(actor=user, pseudonym=existing)
            if person is None:
                role_form.add_error("existing", _("No person with this pseudonym in your cases."))
                ok = False
            elif not person_form.is_blank() or docs.documents():
                role_form.add_error("existing", _("Either choose an existing person or enter a new one, not both."))
                ok = False
        elif ok and person_form.is_blank() and not docs.documents():
            role_form.add_error(None, _("Enter at least a name, an alias, a document or a phone number, "
                                        "or the pseudonym of a person already on file."))
            ok = False
        if ok and (earlier := idempotency.first_result(request)) is not None:
            messages.info(request, _("This form was already sent: the person was added once."))
            return redirect(earlier or tab_url(case.public_id, "persons"))
        if ok:
            payload = None if person else person_form.person_input(docs.documents())
            try:
                cp = case_person_add(actor=user, case=case, role=role_form.cleaned_data["role"], person=person,
                                     data=payload, role_fields=role_form.role_fields(),
                                     confirm_unlikely=bool(role_form.cleaned_data.get("confirm_unlikely")))
            except ValidationError as exc:
                idempotency.release(request)
                _route_errors(exc, role_form=role_form, person_form=person_form, docs=docs)
            else:
                messages.success(request, _("%(pseudonym)s was added to the case.") % {"pseudonym": cp.person.pseudonym})
                landing = [url for url in person_added_url(case=case, person=cp.person) if url]
                url = landing[0] if landing else tab_url(case.public_id, "persons")
                idempotency.remember(request, url)
                return redirect(url)

    return render(request, "cases/person_add.html", {
        "case": case, "role_form": role_form, "person_form": person_form, "docs": docs,
        "pseudonyms": pseudonyms_visible(actor=user), "form_token": idempotency.token_for(request),
    })


@login_required
@domain_errors
def person_role_edit(request: AuthenticatedRequest, case_id: UUID, case_person_id: UUID) -> HttpResponse:
    """The role-specific fields (and notes) of one person's role in the case."""
    user = request.user
    case, access = case_get(actor=user, case_id=case_id)
    if not can_write_case(actor=user, case=case):
        raise Forbidden
    cp = case_persons(actor=user, case=case).filter(public_id=case_person_id).first()
    if cp is None:
        raise NotFound
    initial = {name: getattr(cp, name) for name in ROLE_FIELDS}
    initial["version"] = cp.version
    form = CasePersonEditForm(request.POST or None, role=cp.role, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            case_person_update(actor=user, case_person=cp, expected_version=form.cleaned_data["version"],
                               changes=form.changes(),
                               confirm_unlikely=bool(form.cleaned_data.get("confirm_unlikely")))
        except (ValidationError, Conflict) as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("The details of %(pseudonym)s in this case were saved.")
                             % {"pseudonym": cp.person.pseudonym})
            return redirect(tab_url(case.public_id, "persons"))
    return render(request, "cases/person_edit.html", {
        "case": case, "cp": cp, "form": form, "has_role_fields": bool(form.role_field_names(cp.role)),
        "identity": identity_visible(actor=user, person=cp.person, reveals=session_reveals(request)),
    })


@login_required
@domain_errors
def person_remove(request: AuthenticatedRequest, case_id: UUID, case_person_id: UUID) -> HttpResponse:
    """Take a person out of the case, after a confirmation page that asks why (audited)."""
    user = request.user
    case, access = case_get(actor=user, case_id=case_id, audit=request.method == "GET")
    if not can_write_case(actor=user, case=case):
        raise Forbidden
    cp = case_persons(actor=user, case=case).filter(public_id=case_person_id).first()
    if cp is None:
        raise NotFound
    form = PersonRemoveForm(request.POST or None, initial={"version": cp.version})
    if request.method == "POST" and form.is_valid():
        try:
            case_person_remove(actor=user, case_person=cp, expected_version=form.cleaned_data["version"],
                               reason=form.cleaned_data["reason"])
        except (ValidationError, Conflict) as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("%(pseudonym)s was taken out of the case.") % {"pseudonym": cp.person.pseudonym})
            return redirect(tab_url(case.public_id, "persons"))
    return render(request, "cases/person_remove.html", {"case": case, "cp": cp, "form": form})
