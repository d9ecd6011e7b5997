"""Hits on a person or a case, and the combined view of merged records.

The hit lists come from ``selectors.hits_for_persons``: full detail only for what the user
may see, "a possible match exists, held by <unit>" for the rest.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from enlace.accounts.requests import AuthenticatedRequest
from enlace.cases.models import CasePerson
from enlace.cases.selectors import case_get
from enlace.core.http import domain_errors, session_reveals
from enlace.persons.models import Person
from enlace.persons.selectors import person_get, person_identity, person_label

from .models import PersonMerge
from .selectors import (
    case_hits,
    case_rows,
    cluster_ids,
    full_case_ids,
    person_hits,
    root_of,
    visible_person_ids,
)


@login_required
@domain_errors
def person_matches_view(request: AuthenticatedRequest, person_id: int) -> HttpResponse:
    person = person_get(actor=request.user, person_id=person_id)
    hits = person_hits(actor=request.user, person=person, reveals=session_reveals(request))
    return render(request, "links/person_matches.html", {"person": person, "hits": hits,
                                                         "label": person_label(actor=request.user, person=person,
                                                                               reveals=session_reveals(request))})


@login_required
@domain_errors
def case_matches_view(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    case, _access = case_get(actor=request.user, case_id=case_id)
    groups = case_hits(actor=request.user, case=case, reveals=session_reveals(request))
    return render(request, "links/case_matches.html", {"case": case, "groups": groups})


@login_required
@domain_errors
def person_combined_view(request: AuthenticatedRequest, person_id: int) -> HttpResponse:
    """Every record merged with this one that the user may see, with where each came from."""
    user, reveals = request.user, session_reveals(request)
    person = person_get(actor=user, person_id=person_id)
    members = cluster_ids(person)
    visible = visible_person_ids(actor=user, ids=members)
    rows = case_rows(members)
    full = full_case_ids(actor=user, case_ids={r["case_id"] for r in rows})
    records = []
    for member in Person.objects.filter(pk__in=visible).order_by("pk"):
        records.append({
            "person": member, "label": person_label(actor=user, person=member, reveals=reveals),
            "identity": person_identity(actor=user, person=member, reveals=reveals),
            "is_root": member.pk == root_of(member.pk),
            "roles": CasePerson.objects.filter(person=member, case_id__in=full).select_related("case")})
    hidden = {}
    for r in rows:
        if r["person_id"] not in visible or r["case_id"] not in full:
            name = r["case__lead_unit__name"] or r["case__lead_institution__name"]
            hidden[name] = True
    merges = PersonMerge.objects.filter(secondary_id__in=visible, primary_id__in=visible).select_related(
        "primary", "secondary", "merged_by", "undone_by", "decision").order_by("merged_at", "id")
    return render(request, "links/person_combined.html", {
        "person": person, "records": records, "hidden_holders": sorted(hidden), "merges": merges,
        "label": person_label(actor=user, person=person, reveals=reveals)})
