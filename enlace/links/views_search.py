"""Person search: a POST form (names, documents and phones never travel in a URL), answered on the same page."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from enlace.accounts.requests import AuthenticatedRequest
from enlace.core.http import domain_errors, session_reveals

from .search import person_search


class PersonSearchForm(forms.Form):
    name = forms.CharField(label=_("Full name"), max_length=200, required=False,
                           help_text=_("Given name and surname; spelling variants are found too."))
    document = forms.CharField(label=_("Document number"), max_length=60, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)


@login_required
@never_cache
@domain_errors
def person_search_view(request: AuthenticatedRequest) -> HttpResponse:
    if not request.user.can_work_cases:
        raise PermissionDenied
    form = PersonSearchForm(request.POST if request.method == "POST" else None)
    results = None
    if request.method == "POST" and form.is_valid():
        try:
            results = person_search(actor=request.user, reveals=session_reveals(request), **form.cleaned_data)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for name, errors in exc.error_dict.items():
                    for error in errors:
                        form.add_error(name, error)
            else:
                form.add_error(None, exc)
    return render(request, "links/person_search.html", {"form": form, "results": results, "section": "search"})
