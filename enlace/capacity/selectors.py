"""Reads for assessments, SWOT matrices and action plans, each taking the acting user.

Who sees what (docs/capacity.md): the capacity manager sees every round, matrix and plan;
a respondent sees only the questionnaires they were asked to answer, and only while the round
is open; nobody sees another respondent's answers (results are aggregates per unit).
Objects outside the actor's reach are ``NotFound``, exactly like missing ones.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from enlace.accounts.models import User
from enlace.core.errors import Forbidden, NotFound

from . import scoring
from .models import Action, Answer, QuestionnaireTemplate, Respondent, Round, RoundUnit, SwotMatrix
from .questionnaire import area_titles, localized, questions
from .vocabulary import OPEN_ACTION_STATUSES, RoundStatus


def is_manager(actor: User) -> bool:
    return bool(getattr(actor, "is_authenticated", False) and actor.is_capacity_manager)


def require_manager(actor: User) -> None:
    """Pages without an object: a role that is not the capacity manager's is refused (403)."""
    if not is_manager(actor):
        raise Forbidden


def _managed(actor: User, qs: QuerySet, pk: int):
    """One object for the manager; everyone else gets the answer a missing id gets."""
    found = qs.filter(pk=pk).first() if is_manager(actor) else None
    if found is None:
        raise NotFound
    return found


def template_list(*, actor: User) -> QuerySet[QuestionnaireTemplate]:
    require_manager(actor)
    return QuestionnaireTemplate.objects.all()


def round_list(*, actor: User) -> QuerySet[Round]:
    require_manager(actor)
    return Round.objects.select_related("template").annotate(n_units=Count("round_units"))


def round_get(*, actor: User, round_id: int) -> Round:
    return _managed(actor, Round.objects.select_related("template"), round_id)


def round_unit_get(*, actor: User, round_unit_id: int) -> RoundUnit:
    return _managed(actor, RoundUnit.objects.select_related("round__template", "unit__institution"), round_unit_id)


def matrix_get(*, actor: User, matrix_id: int) -> SwotMatrix:
    return _managed(actor, SwotMatrix.objects.select_related("round_unit__round__template", "round_unit__unit"),
                    matrix_id)


def action_get(*, actor: User, action_id: int) -> Action:
    return _managed(actor, Action.objects.select_related("round_unit__round", "round_unit__unit"), action_id)


# ---------------------------------------------------------------- respondents

def questionnaires_for(*, actor: User) -> QuerySet[Respondent]:
    """What this user was asked to answer, in rounds still open."""
    return (Respondent.objects.filter(user=actor, round_unit__round__status=RoundStatus.OPEN)
            .select_related("round_unit__round", "round_unit__unit").order_by("-round_unit__round__year"))


def home_questionnaires(actor: User) -> dict[str, Any] | None:
    """The home page's notice of assessments this user has still to answer, or ``None``."""
    pending = list(questionnaires_for(actor=actor).filter(submitted_at__isnull=True)[:5])
    return {"questionnaires": pending} if pending else None


def respondent_get(*, actor: User, respondent_id: int) -> Respondent:
    found = questionnaires_for(actor=actor).select_related("round_unit__round__template").filter(
        pk=respondent_id).first()
    if found is None:
        raise NotFound
    return found


def answers_of(respondent: Respondent) -> dict[str, Answer]:
    return {a.question: a for a in respondent.answers.all()}


# ---------------------------------------------------------------- results

def submitted_answers(round_unit: RoundUnit) -> list[tuple[str, int | None]]:
    """The ratings a unit's result is made of: submitted questionnaires only."""
    return list(Answer.objects.filter(respondent__round_unit=round_unit, respondent__submitted_at__isnull=False)
                .values_list("question", "rating"))


@dataclass
class UnitResult:
    round_unit: RoundUnit
    areas: dict[str, scoring.Score]
    externals: dict[str, scoring.Score]
    respondents: int
    submitted: int


def unit_result(round_unit: RoundUnit) -> UnitResult:
    qs = questions(round_unit.round.template.content)
    answers = submitted_answers(round_unit)
    counts = round_unit.respondents.aggregate(total=Count("pk"), done=Count("pk", filter=Q(submitted_at__isnull=False)))
    return UnitResult(round_unit, scoring.area_scores(answers, qs), scoring.external_scores(answers, qs),
                      counts["total"], counts["done"])


def round_results(*, actor: User, round: Round) -> list[UnitResult]:
    require_manager(actor)
    return [unit_result(ru) for ru in round.round_units.select_related("unit", "round__template")]


@dataclass(frozen=True)
class ComparisonRow:
    unit: str
    area: str
    before: Decimal | None
    after: Decimal | None
    delta: Decimal | None


def compare_rounds(*, actor: User, before: Round, after: Round) -> list[ComparisonRow]:
    """Change per area per unit between two rounds (units assessed in both)."""
    require_manager(actor)
    sides = []
    for rnd in (before, after):
        sides.append({ru.unit_id: unit_result(ru).areas for ru in rnd.round_units.select_related("round__template")})
    titles = {**area_titles(before.template.content), **area_titles(after.template.content)}
    units = {ru.unit_id: ru.unit.name for ru in after.round_units.select_related("unit")}
    return [ComparisonRow(units[c.unit_id], titles.get(c.area, c.area), c.before, c.after, c.delta)
            for c in scoring.compare(sides[0], sides[1])]


def external_question_texts(content: dict) -> dict[str, str]:
    return {q.code: localized(q.text) for q in questions(content) if q.external}


# ---------------------------------------------------------------- plans and the home panel

def action_list(*, actor: User, round_unit: RoundUnit | None = None) -> QuerySet[Action]:
    require_manager(actor)
    qs = Action.objects.select_related("round_unit__unit", "round_unit__round", "weakness", "course")
    return qs.filter(round_unit=round_unit) if round_unit is not None else qs


def actions_due(*, actor: User, within_days: int = 30, today: dt.date | None = None) -> QuerySet[Action]:
    """Open actions due within ``within_days`` (overdue ones included)."""
    today = today or timezone.localdate()
    return action_list(actor=actor).filter(status__in=OPEN_ACTION_STATUSES,
                                           due_on__lte=today + dt.timedelta(days=within_days))


def rounds_in_progress(*, actor: User) -> QuerySet[Round]:
    return round_list(actor=actor).filter(status=RoundStatus.OPEN).annotate(
        n_respondents=Count("round_units__respondents", distinct=True),
        n_submitted=Count("round_units__respondents", filter=Q(round_units__respondents__submitted_at__isnull=False),
                          distinct=True))
