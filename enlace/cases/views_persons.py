"""Adding a person to a case: an existing one (by pseudonym) or a new one with identifiers.

One service call (``case_person_add``) writes the person, the identifiers and the role in
one transaction, so a rejected form leaves nothing half-written.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from enlace.core.errors import Forbidden
from enlace.persons.forms import NewPersonForm, document_formset
from enlace.persons.selectors import person_find_visible, pseudonyms_visible
from enlace.web.http import domain_errors

from .forms import CasePersonForm
from .selectors import can_write_case, case_get
from .services_persons import case_person_add
from .views_tabs import tab_url


def _initial_from(form, data) -> dict:
    """A form's submitted values as initial values (re-render without showing errors)."""
    out = {}
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        out[name] = data.getlist(key) if getattr(field.widget, "allow_multiple_selected", False) else data.get(key)
    return out


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
def person_add(request, case_id: int):
    user = request.user
    case, access = case_get(actor=user, case_id=case_id, audit=request.method == "GET")
    if not can_write_case(actor=user, access=access):
        raise Forbidden
    country = case.lead_institution.country
    data = request.POST if request.method == "POST" else None
    role_form = CasePersonForm(data)
    person_form = NewPersonForm(data, prefix="p")
    docs = document_formset(data, default_country=country)

    if data is not None and "add_document" in data:
        # "Add another document" without JavaScript: show the same input with one more row.
        role_form = CasePersonForm(initial=_initial_from(role_form, data))
        person_form = NewPersonForm(initial=_initial_from(person_form, data), prefix="p")
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
        if ok:
            payload = None if person else person_form.person_input(docs.documents())
            try:
                cp = case_person_add(actor=user, case=case, role=role_form.cleaned_data["role"], person=person,
                                     data=payload, **role_form.role_fields())
            except ValidationError as exc:
                _route_errors(exc, role_form=role_form, person_form=person_form, docs=docs)
            else:
                messages.success(request, _("%(pseudonym)s was added to the case.") % {"pseudonym": cp.person.pseudonym})
                return redirect(tab_url(case.pk, "persons"))

    return render(request, "cases/person_add.html", {
        "case": case, "role_form": role_form, "person_form": person_form, "docs": docs,
        "pseudonyms": pseudonyms_visible(actor=user),
    })
