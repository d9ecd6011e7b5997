"""Merge two records of one person within a case: a page that names both by pseudonym and role."""

from __future__ import annotations

from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from enlace.accounts.requests import AuthenticatedRequest
from enlace.cases.selectors import can_write_case, case_get, case_persons
from enlace.core.errors import Forbidden
from enlace.core.http import domain_errors, form_errors_from

from .services_case_merge import case_persons_merge


class CaseMergeForm(forms.Form):
    first = forms.TypedChoiceField(label=gettext_lazy("This record"), coerce=int)
    second = forms.TypedChoiceField(label=gettext_lazy("is the same person as"), coerce=int)
    note = forms.CharField(label=gettext_lazy("Why they are the same person"), max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, choices: list[tuple[int, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in ("first", "second"):
            field = self.fields[name]
            assert isinstance(field, forms.TypedChoiceField)
            field.choices = [("", "—"), *choices]


def case_merge_link(*, actor, case, full: bool):
    """On the case page, for whoever may change the case (``cases.hooks.case_page_links``)."""
    if not full or not can_write_case(actor=actor, case=case):
        return None
    return _("Merge two records of one person"), reverse("links:case_merge", args=[case.public_id])


@login_required
@domain_errors
def case_merge_view(request: AuthenticatedRequest, case_id: UUID) -> HttpResponse:
    user = request.user
    case, _access = case_get(actor=user, case_id=case_id)
    if not can_write_case(actor=user, case=case):
        raise Forbidden
    seen: dict[int, str] = {}
    for cp in case_persons(actor=user, case=case):
        role = cp.get_role_display()
        seen[cp.person_id] = f"{seen[cp.person_id]}, {role}" if cp.person_id in seen else f"{cp.person.pseudonym} ({role})"
    form = CaseMergeForm(request.POST or None, choices=list(seen.items()))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            decision = case_persons_merge(actor=user, case=case, first_id=d["first"], second_id=d["second"],
                                          note=d["note"])
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("The two records are now one person. To undo it, decide "
                                        "\"Not the same\" on this page."))
            return redirect("links:candidate", candidate_id=decision.candidate_id)
    return render(request, "links/case_merge.html", {"case": case, "form": form})
