"""Screening pages: the phone stepper (one dimension per step), the result, hand-over and conversion.

Every step is a plain form POST that saves and redirects (works without JavaScript); with htmx the form
is boosted and only the step is swapped. Saving a draft is possible from every step.
"""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect, push_url

from enlace.accounts.requests import AuthenticatedRequest
from enlace.core import idempotency
from enlace.core.errors import Conflict
from enlace.core.http import domain_errors, form_errors_from, session_reveals
from enlace.core.public_ids import parse_public_id
from enlace.persons.forms import RevealForm
from enlace.persons.identity import REVEAL_SECONDS
from enlace.persons.views import remember_reveal

from . import services, services_identity
from .forms import (
    ConvertForm,
    DimensionForm,
    ElementsForm,
    HandOverForm,
    PersonForm,
    StartForm,
    VersionedForm,
)
from .hooks import result_context
from .models import Outcome, ScreeningStatus
from .selectors import (
    DIMENSION_STEPS,
    STEPS,
    can_convert_screening,
    can_edit_screening,
    can_hand_over,
    convert_target_case,
    convert_target_cases,
    dimension_questions,
    hand_over_teams,
    result_display,
    screening_case_visible,
    screening_get,
    screening_identity,
    screening_instruments,
    screening_list,
)


def _lang() -> str:
    return (get_language() or "en").split("-")[0]


def _require_role(user, *, create: bool = False) -> None:
    if not (user.can_screen if create else (user.can_screen or user.can_work_cases)):
        raise PermissionDenied


def _go(request: AuthenticatedRequest, url: str):
    """Full navigation (htmx: client redirect, since the target page has no step to swap)."""
    return HttpResponseClientRedirect(url) if request.htmx else HttpResponseRedirect(url)


def _step_url(screening, step: str) -> str:
    return reverse("screening:step", args=[screening.public_id, step])


@login_required
@domain_errors
def screening_list_view(request: AuthenticatedRequest) -> HttpResponse:
    _require_role(request.user)
    status = request.GET.get("status", "")
    status = status if status in ScreeningStatus.values else ""
    items = list(screening_list(actor=request.user, status=status)[:200])
    return render(request, "screening/list.html", {"screenings": items, "status": status,
                                                   "statuses": ScreeningStatus.choices})


def _stepper(screening, current: str):
    language = _lang()
    adult, child = screening_instruments(screening) if screening else (None, None)
    instrument = adult or child
    labels = {"start": _("Start"), "person": _("Person"), "elements": _("Legal elements"), "review": _("Review")}
    items = []
    done = set(screening.steps_done) if screening else set()
    for number, step in enumerate(STEPS, start=1):
        if step in DIMENSION_STEPS:
            label = instrument.dimension(int(step)).label.get(language) if instrument else step
        else:
            label = labels[step]
        state = "current" if step == current else ("done" if step in done else "todo")
        url = _step_url(screening, step) if screening and (step in done or step == current) else ""
        items.append({"step": step, "number": number, "label": label, "state": state, "url": url})
    current_item = next(i for i in items if i["step"] == current)
    return items, current_item


def _neighbours(step: str) -> tuple[str | None, str | None]:
    index = STEPS.index(step)
    return (STEPS[index - 1] if index else None, STEPS[index + 1] if index + 1 < len(STEPS) else None)


def _render_step(request: AuthenticatedRequest, screening, step: str, form, **extra):
    items, current = _stepper(screening, step)
    context = {"screening": screening, "step": step, "form": form, "steps": items, "current": current,
               "total_steps": len(STEPS), "is_dimension": step in DIMENSION_STEPS, **extra}
    response = render(request, "screening/step.html", context)
    if request.htmx and screening is not None:
        push_url(response, _step_url(screening, step))
    return response


@login_required
@domain_errors
def screening_new(request: AuthenticatedRequest) -> HttpResponse:
    _require_role(request.user, create=True)
    unit = next((m.unit for m in request.user.active_memberships if m.unit_id), None)
    institution = request.user.primary_institution
    initial = {"screened_on": timezone.localdate(), "country": institution.country if institution else "",
               "subdivision": unit.subdivision if unit else ""}
    form = StartForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if (earlier := idempotency.first_result(request)) is not None:
            messages.info(request, _("This form was already sent: the screening was started once."))
            return _go(request, earlier or reverse("screening:list"))
        data = form.cleaned_data
        try:
            screening = services.screening_start(
                actor=request.user, exploitation=data["exploitation"], age_at_exploitation=data["age_at_exploitation"],
                country=data["country"], subdivision=data["subdivision"], municipality=data["municipality"],
                place_description=data["place_description"], screened_on=data["screened_on"])
        except ValidationError as exc:
            idempotency.release(request)
            form_errors_from(form, exc)
        else:
            url = _step_url(screening, "person")
            idempotency.remember(request, url)
            if request.POST.get("action") == "draft":
                messages.success(request, _("Draft %(code)s saved.") % {"code": screening.pseudonym})
                return _go(request, reverse("screening:list"))
            return redirect(url)
    return _render_step(request, None, "start", form, form_token=idempotency.token_for(request))


def _form_for(step: str, screening, data):
    initial = {"version": screening.version}
    if step == "start":
        initial |= {"exploitation": screening.exploitation, "age_at_exploitation": screening.age_at_exploitation,
                    "screened_on": screening.screened_on, "country": screening.country,
                    "subdivision": screening.subdivision, "municipality": screening.municipality_id,
                    "place_description": screening.place_description}
        return StartForm(data, initial=initial), {}
    if step == "person":
        anonymous = None if "person" not in screening.steps_done else ("anonymous" if screening.anonymous else "named")
        initial |= {"anonymous": anonymous, "given_names": screening.given_names,
                    "first_surname": screening.first_surname, "second_surname": screening.second_surname,
                    "sex": screening.sex, "nationality": screening.nationality}
        return PersonForm(data, initial=initial), {}
    if step in DIMENSION_STEPS:
        label, questions = dimension_questions(screening, int(step), _lang())
        initial["yes"] = [q.key for q in questions if q.key in screening.answers]
        return DimensionForm(data, initial=initial, questions=questions), {
            "dimension_label": label, "questions": questions,
            "checked": set(data.getlist("yes")) if data is not None else set(initial["yes"])}
    if step == "elements":
        initial |= {"acts": screening.palermo_acts, "means": screening.palermo_means,
                    "purposes": screening.palermo_purposes, "forms_of_exploitation": screening.forms_of_exploitation,
                    "observations": screening.observations}
        return ElementsForm(data, initial=initial), {}
    return VersionedForm(data, initial=initial), {}


def _save_step(request: AuthenticatedRequest, screening, step: str, data: dict) -> None:
    actor, version = request.user, data.get("version") or screening.version
    if step == "start":
        dropped = services.screening_update_start(
            actor=actor, screening=screening, expected_version=version, exploitation=data["exploitation"],
            age_at_exploitation=data["age_at_exploitation"], country=data["country"], subdivision=data["subdivision"],
            municipality=data["municipality"], place_description=data["place_description"],
            screened_on=data["screened_on"])
        if dropped:
            messages.warning(request, ngettext("%(count)s answer does not exist in the new list and was removed.",
                                               "%(count)s answers do not exist in the new list and were removed.",
                                               len(dropped)) % {"count": len(dropped)})
    elif step == "person":
        services.screening_set_identity(
            actor=actor, screening=screening, expected_version=version, anonymous=data["anonymous"],
            given_names=data["given_names"], first_surname=data["first_surname"],
            second_surname=data["second_surname"], sex=data["sex"] or "U", nationality=data["nationality"])
    elif step in DIMENSION_STEPS:
        services.screening_answer(actor=actor, screening=screening, expected_version=version, dimension=int(step),
                                  yes=data["yes"])
    elif step == "elements":
        services.screening_set_elements(
            actor=actor, screening=screening, expected_version=version, acts=data["acts"], means=data["means"],
            purposes=data["purposes"], forms_of_exploitation=data["forms_of_exploitation"],
            observations=data["observations"])


@login_required
@domain_errors
def screening_step(request: AuthenticatedRequest, pk: UUID, step: str) -> HttpResponse:
    screening = screening_get(actor=request.user, screening_id=pk)
    if step not in STEPS:
        raise Http404
    if not can_edit_screening(request.user, screening):
        if not screening.is_draft:
            return redirect("screening:result", pk=screening.public_id)
        raise Http404
    form, extra = _form_for(step, screening, request.POST if request.method == "POST" else None)
    if step == "review":
        try:
            extra["preview"] = services.screening_assess(screening)
        except ValidationError as exc:
            form_errors_from(form, exc)
        extra["answered"] = _answered_by_dimension(screening)
    if request.method == "POST" and form.is_valid():
        action = request.POST.get("action", "next")
        previous, following = _neighbours(step)
        try:
            if step == "review" and action == "complete":
                services.screening_complete(actor=request.user, screening=screening,
                                            expected_version=form.cleaned_data.get("version") or screening.version)
                return _go(request, reverse("screening:result", args=[screening.public_id]))
            _save_step(request, screening, step, form.cleaned_data)
        except (ValidationError, Conflict) as exc:
            form_errors_from(form, exc)
        else:
            if action == "draft":
                messages.success(request, _("Draft %(code)s saved.") % {"code": screening.pseudonym})
                return _go(request, reverse("screening:list"))
            target = previous if action == "back" else following
            return redirect(_step_url(screening, target or step))
    return _render_step(request, screening, step, form, **extra)


def _answered_by_dimension(screening) -> list[dict]:
    rows = []
    for step in DIMENSION_STEPS:
        label, questions = dimension_questions(screening, int(step), _lang())
        rows.append({"step": step, "label": label, "url": _step_url(screening, step),
                     "visited": step in screening.steps_done,
                     "yes": [q.label for q in questions if q.key in screening.answers]})
    return rows


@login_required
@domain_errors
@require_POST
def screening_discard(request: AuthenticatedRequest, pk: UUID) -> HttpResponse:
    screening = screening_get(actor=request.user, screening_id=pk)
    try:
        services.screening_discard(actor=request.user, screening=screening)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(_step_url(screening, "review"))
    messages.success(request, _("The draft was deleted."))
    return _go(request, reverse("screening:list"))


@login_required
@domain_errors
def screening_result(request: AuthenticatedRequest, pk: UUID) -> HttpResponse:
    user = request.user
    screening = screening_get(actor=user, screening_id=pk)
    if screening.is_draft:
        if can_edit_screening(user, screening):
            return redirect(_step_url(screening, "review"))
        raise Http404
    return _render_result(request, screening)


def _render_result(request: AuthenticatedRequest, screening, *, reveal_form=None, status: int = 200):
    user = request.user
    teams = hand_over_teams(actor=user, screening=screening)
    suggested = teams.filter(subdivision=screening.subdivision).first() if screening.subdivision else None
    context = {
        "screening": screening,
        # The list that gave the outcome first; with an unknown age the other one follows, folded.
        "blocks": sorted(result_display(screening, _lang()), key=lambda block: not block["decides"]), "outcomes": Outcome,
        "identity": screening_identity(actor=user, screening=screening, reveals=session_reveals(request)),
        "reveal_form": reveal_form or RevealForm(), "reveal_minutes": REVEAL_SECONDS // 60,
        "can_convert": can_convert_screening(user, screening),
        "can_hand_over": can_hand_over(user, screening),
        "hand_over_form": HandOverForm(teams=teams, initial={"team": screening.handed_to_team or suggested}),
        "case_visible": screening_case_visible(actor=user, screening=screening), "can_refer": False, "referrals": [],
    }
    for extra in result_context(actor=user, screening=screening):  # e.g. the referrals panel
        context.update(extra)
    return render(request, "screening/result.html", context, status=status)


@login_required
@domain_errors
@require_POST
def screening_reveal(request: AuthenticatedRequest, pk: UUID) -> HttpResponse:
    """Show the names recorded with a screening for a while, after a reason (audited)."""
    screening = screening_get(actor=request.user, screening_id=pk)
    if screening.is_draft:
        raise Http404
    form = RevealForm(request.POST)
    if form.is_valid():
        try:
            given = services_identity.screening_identity_reveal(actor=request.user, screening=screening,
                                                       reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            remember_reveal(request, given)
            messages.info(request, _("Identity shown for %(minutes)s minutes. The reason was recorded.")
                          % {"minutes": REVEAL_SECONDS // 60})
            return redirect("screening:result", pk=screening.public_id)
    return _render_result(request, screening, reveal_form=form)


@login_required
@domain_errors
@require_POST
def screening_hand_over(request: AuthenticatedRequest, pk: UUID) -> HttpResponse:
    screening = screening_get(actor=request.user, screening_id=pk)
    form = HandOverForm(request.POST, teams=hand_over_teams(actor=request.user, screening=screening))
    if form.is_valid():
        try:
            services.screening_hand_over(actor=request.user, screening=screening, team=form.cleaned_data["team"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The screening was sent to %(team)s; its members were notified.")
                             % {"team": form.cleaned_data["team"].name})
    else:
        messages.error(request, _("Choose a team."))
    return redirect("screening:result", pk=screening.public_id)


@login_required
@domain_errors
def screening_convert(request: AuthenticatedRequest, pk: UUID) -> HttpResponse:
    user = request.user
    screening = screening_get(actor=user, screening_id=pk)
    if not can_convert_screening(user, screening):
        raise PermissionDenied
    form = ConvertForm(request.POST or None, cases=convert_target_cases(actor=user),
                       initial={"version": screening.version, "target": "new"})
    if request.method == "POST" and form.is_valid():
        target = form.cleaned_data["target"]
        case = None if target == "new" else convert_target_case(actor=user, case_id=parse_public_id(target) or UUID(int=0))
        try:
            case_person = services.screening_convert(actor=user, screening=screening, case=case,
                                                     expected_version=form.cleaned_data["version"] or screening.version)
        except (ValidationError, Conflict) as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("%(screening)s is now person %(person)s in the case; the team was notified.")
                             % {"screening": screening.pseudonym, "person": case_person.person.pseudonym})
            return redirect("screening:result", pk=screening.public_id)
    return render(request, "screening/convert.html", {"screening": screening, "form": form})
