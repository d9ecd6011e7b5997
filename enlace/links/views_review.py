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
from enlace.core.http import domain_errors, form_errors_from, session_reveals
from enlace.persons.selectors import person_label

from .forms import DecisionForm
from .models import CandidateStatus
from .selectors import REASON_LABELS, can_decide, candidate_get, reason_rows, review_queue
from .selectors_pages import candidate_page
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
    page = candidate_page(actor=user, candidate=candidate, reveals=reveals)
    return render(request, "links/candidate.html", {
        "candidate": candidate, "form": form, "can_decide": can_decide(actor=user, candidate=candidate),
        "reasons": reason_rows(candidate.reasons), **page,
    })
