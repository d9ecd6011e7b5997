"""The review queue and the side-by-side page where an analyst decides on a proposed match."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from enlace.accounts.requests import AuthenticatedRequest
from enlace.audit.services import audit_record
from enlace.cases.models import CasePerson
from enlace.core.http import domain_errors, form_errors_from, session_reveals
from enlace.persons.selectors import person_identity, person_label

from .forms import DecisionForm
from .models import CandidateStatus, PersonMerge
from .selectors import REASON_LABELS, can_decide, candidate_get, full_case_ids, reason_rows, review_queue
from .services_review import match_decide

STATUS_FILTERS = {"open": (CandidateStatus.PROPOSED, CandidateStatus.UNSURE), "proposed": (CandidateStatus.PROPOSED,),
                  "unsure": (CandidateStatus.UNSURE,), "decided": (CandidateStatus.CONFIRMED, CandidateStatus.REJECTED)}


@login_required
@domain_errors
def review_queue_view(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    if not user.can_work_cases:
        raise PermissionDenied
    status = request.GET.get("status", "open")
    status = status if status in STATUS_FILTERS else "open"
    page = Paginator(review_queue(actor=user, statuses=STATUS_FILTERS[status]), 25).get_page(request.GET.get("page"))
    reveals = session_reveals(request)
    rows = [{"candidate": c, "a": person_label(actor=user, person=c.person_a, reveals=reveals),
             "b": person_label(actor=user, person=c.person_b, reveals=reveals),
             "fields": [str(REASON_LABELS.get(r.get("field"), r.get("field"))) for r in c.reasons
                        if r.get("weight", 0) > 0]}
            for c in page.object_list]
    return render(request, "links/review.html", {"page_obj": page, "rows": rows, "status": status,
                                                 "can_decide": user.can_create_cases,
                                                 "filters": [("open", _("To decide")), ("proposed", _("Proposed")),
                                                             ("unsure", _("Unsure")), ("decided", _("Decided"))]})


def _side(user, person, reveals, full_ids):
    return {"person": person, "label": person_label(actor=user, person=person, reveals=reveals),
            "identity": person_identity(actor=user, person=person, reveals=reveals),
            "roles": CasePerson.objects.filter(person=person, case_id__in=full_ids).select_related("case")}


@login_required
@domain_errors
def candidate_view(request: AuthenticatedRequest, candidate_id: int) -> HttpResponse:
    user, reveals = request.user, session_reveals(request)
    candidate = candidate_get(actor=user, candidate_id=candidate_id)
    form = DecisionForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                match_decide(actor=user, candidate=candidate, decision=form.cleaned_data["decision"],
                             note=form.cleaned_data["note"])
            except ValidationError as exc:
                form_errors_from(form, exc)
            else:
                messages.success(request, _("Your decision was recorded."))
                return redirect("links:candidate", candidate_id=candidate.pk)
    else:
        audit_record(actor=user, action="links.candidate_read", obj=candidate)
    case_ids = set(CasePerson.objects.filter(person_id__in=[candidate.person_a_id, candidate.person_b_id])
                   .values_list("case_id", flat=True))
    full = full_case_ids(actor=user, case_ids=case_ids)
    merges = PersonMerge.objects.filter(decision__candidate=candidate).select_related("primary", "secondary")
    return render(request, "links/candidate.html", {
        "candidate": candidate, "form": form, "can_decide": can_decide(actor=user, candidate=candidate),
        "a": _side(user, candidate.person_a, reveals, full), "b": _side(user, candidate.person_b, reveals, full),
        "reasons": reason_rows(candidate.reasons),
        "decisions": candidate.decisions.select_related("decided_by"), "merges": merges,
    })
