"""Hits on a person or a case, and the combined view of merged records.

The hit lists come from ``selectors.hits_for_persons``: full detail only for what the user
may see, "a possible match exists, held by <unit>" for the rest.
"""

from __future__ import annotations

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from enlace.accounts.requests import AuthenticatedRequest
from enlace.cases.selectors import case_get
from enlace.core.http import domain_errors, session_reveals
from enlace.persons.selectors import person_get, person_label

from .selectors import case_hits, hits_for_persons, person_hits, person_in_case
from .selectors_pages import person_combined


@login_required
@domain_errors
def person_matches_view(request: AuthenticatedRequest, person_id: UUID) -> HttpResponse:
    person = person_get(actor=request.user, person_id=person_id)
    hits = person_hits(actor=request.user, person=person, reveals=session_reveals(request))
    return render(request, "links/person_matches.html", {"person": person, "hits": hits,
                                                         "label": person_label(actor=request.user, person=person,
                                                                               reveals=session_reveals(request))})


@login_required
@domain_errors
def case_matches_view(request: AuthenticatedRequest, case_id: UUID) -> HttpResponse:
    case, _access = case_get(actor=request.user, case_id=case_id)
    groups = case_hits(actor=request.user, case=case, reveals=session_reveals(request))
    return render(request, "links/case_matches.html", {"case": case, "groups": groups})


@login_required
@domain_errors
def person_combined_view(request: AuthenticatedRequest, person_id: UUID) -> HttpResponse:
    """Every record merged with this one that the user may see, with where each came from."""
    user, reveals = request.user, session_reveals(request)
    person = person_get(actor=user, person_id=person_id)
    return render(request, "links/person_combined.html", {
        "person": person, **person_combined(actor=user, person=person, reveals=reveals),
        "label": person_label(actor=user, person=person, reveals=reveals)})


@login_required
@domain_errors
def person_added_view(request: AuthenticatedRequest, case_id: UUID, person_id: UUID) -> HttpResponse:
    """The page after adding a person to a case: the addition confirmed, with the person's hits."""
    case, _access = case_get(actor=request.user, case_id=case_id)
    person = person_in_case(actor=request.user, case=case, person_id=person_id)
    reveals = session_reveals(request)
    hits = hits_for_persons(actor=request.user, persons=[person], reveals=reveals, exclude_case_id=case.pk)[0]
    return render(request, "links/person_added.html", {
        "case": case, "person": person, "hits": hits,
        "label": person_label(actor=request.user, person=person, reveals=reveals)})
