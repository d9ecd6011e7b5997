"""Assessment pages: the manager's home, rounds, results, comparison; the respondent's questionnaire.
Thin: access and rules live in selectors and services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from enlace.accounts.requests import AuthenticatedRequest
from enlace.core.http import domain_errors, form_errors_from
from enlace.core.idempotency import one_submission

from . import panels, selectors, services
from .forms import AnswerForm, CompareForm, RespondentForm, RoundForm
from .models import RoundUnit
from .questionnaire import area_titles, localized


@login_required
@domain_errors
def home(request: AuthenticatedRequest) -> HttpResponse:
    selectors.require_manager(request.user)
    return render(request, "capacity/home.html", panels.home_panel(actor=request.user, today=timezone.localdate()))


@login_required
@domain_errors
def rounds(request: AuthenticatedRequest) -> HttpResponse:
    return render(request, "capacity/rounds.html", {"rounds": selectors.round_list(actor=request.user)})


@login_required
@domain_errors
@one_submission
def round_create(request: AuthenticatedRequest) -> HttpResponse:
    selectors.require_manager(request.user)
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            rnd = services.round_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("The round was created. Now ask the respondents of each unit."))
            return redirect("capacity:round_detail", pk=rnd.pk)
    return render(request, "capacity/round_form.html", {"form": form})


@login_required
@domain_errors
def round_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    rnd = selectors.round_get(actor=request.user, round_id=pk)
    results = selectors.round_results(actor=request.user, round=rnd)
    return render(request, "capacity/round_detail.html", {
        "round": rnd, "results": results, "areas": area_titles(rnd.template.content),
        "template_title": localized(rnd.template.content["title"]), "respondent_form": RespondentForm()})


@login_required
@domain_errors
@require_POST
def respondent_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    rnd = selectors.round_get(actor=request.user, round_id=pk)
    form = RespondentForm(request.POST)
    round_unit = RoundUnit.objects.filter(round=rnd, pk=request.POST.get("round_unit") or 0).first()
    if not form.is_valid() or round_unit is None:
        messages.error(request, _("Choose a unit of this round and a user."))
        return redirect("capacity:round_detail", pk=pk)
    try:
        services.respondent_add(actor=request.user, round_unit=round_unit, user=form.cleaned_data["user"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The respondent was added; they see the questionnaire on their home page."))
    return redirect("capacity:round_detail", pk=pk)


@login_required
@domain_errors
@require_POST
def round_close(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    rnd = selectors.round_get(actor=request.user, round_id=pk)
    services.round_close(actor=request.user, round=rnd, expected_version=rnd.version)
    messages.success(request, _("The round was closed: no more answers are accepted."))
    return redirect("capacity:round_detail", pk=pk)


@login_required
@domain_errors
def compare(request: AuthenticatedRequest) -> HttpResponse:
    selectors.require_manager(request.user)
    form = CompareForm(request.GET or None)
    rows, chart = [], None
    if form.is_valid():
        rows = selectors.compare_rounds(actor=request.user, before=form.cleaned_data["before"],
                                        after=form.cleaned_data["after"])
        chart = panels.comparison_chart(rows)
    return render(request, "capacity/compare.html", {"form": form, "rows": rows, "chart": chart})


@login_required
def questionnaires(request: AuthenticatedRequest) -> HttpResponse:
    return render(request, "capacity/questionnaires.html",
                  {"respondents": selectors.questionnaires_for(actor=request.user)})


@login_required
@domain_errors
def answer(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    respondent = selectors.respondent_get(actor=request.user, respondent_id=pk)
    content = respondent.round_unit.round.template.content
    saved = selectors.answers_of(respondent)
    initial = {f"q_{c}": ("dk" if a.rating is None else str(a.rating)) for c, a in saved.items()}
    initial.update({f"e_{c}": a.evidence for c, a in saved.items()})
    read_only = respondent.submitted_at is not None
    form = AnswerForm(request.POST or None, content=content, initial=initial, disabled=read_only)
    if request.method == "POST" and not read_only and form.is_valid():
        submit = "submit" in request.POST
        try:
            services.answers_save(actor=request.user, respondent=respondent, answers=form.answers(), submit=submit)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("Thank you: your answers were handed in.") if submit
                             else _("Your answers were saved; you can finish later."))
            return redirect("capacity:questionnaires") if submit else redirect("capacity:answer", pk=pk)
    return render(request, "capacity/answer.html", {
        "respondent": respondent, "form": form, "title": localized(content["title"]),
        "scale": [f"{s['value']}: {localized(s)}" for s in content["scale"]], "read_only": read_only})
