"""Writes for assessments: templates, rounds, respondents, answers, SWOT matrices and action plans.

Every function is keyword-only, atomic, validated, and audited in the same transaction. Audit
details carry ids and codes, never a respondent's answers or a staff member's name.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from enlace.accounts.models import Unit, User
from enlace.audit.services import audit_record
from enlace.core.locking import update_versioned

from . import scoring, selectors
from .models import (
    Action,
    Answer,
    Course,
    QuestionnaireTemplate,
    Respondent,
    Round,
    RoundUnit,
    SwotItem,
    SwotMatrix,
)
from .questionnaire import area_titles, localized, questions, read_template_file, scale_values, template_files
from .questionnaire import validate_content as validate_template
from .vocabulary import ActionStatus, ItemOrigin, Quadrant, RoundStatus


@transaction.atomic
def template_sync(*, actor: User | None = None) -> list[QuestionnaireTemplate]:
    """Load every questionnaire file not loaded yet (idempotent); a file changed under a version
    already loaded is refused: a corrected questionnaire is a new file with a new version."""
    loaded = []
    for path in template_files():
        content, digest = read_template_file(path)
        validate_template(content)
        existing = QuestionnaireTemplate.objects.filter(code=content["code"], version=content["version"]).first()
        if existing is not None:
            if existing.digest != digest:
                raise ValueError(f"{path.name}: changed without a new version number")
            loaded.append(existing)
            continue
        template = QuestionnaireTemplate.objects.create(
            code=content["code"], version=content["version"], content=content, digest=digest)
        audit_record(actor=actor, action="capacity.template.load", obj=template, details={"code": template.code,
                                                                              "version": template.version})
        loaded.append(template)
    return loaded


def _require(actor: User) -> None:
    selectors.require_manager(actor)


@transaction.atomic
def round_create(*, actor: User, title: str, year: int, template: QuestionnaireTemplate, units: list[Unit],
                 period: str = "", strength_at: Decimal = Decimal("3.5"),
                 weakness_at: Decimal = Decimal("2.5")) -> Round:
    _require(actor)
    if not title.strip():
        raise ValidationError({"title": [_("Give the round a title.")]})
    if not units:
        raise ValidationError({"units": [_("Choose at least one unit to assess.")]})
    if not (Decimal(1) <= weakness_at < strength_at <= Decimal(5)):
        raise ValidationError({"strength_at": [_("The weakness threshold must be below the strength threshold, "
                                                 "both between 1 and 5.")]})
    rnd = Round(title=title.strip(), year=year, period=period, template=template, strength_at=strength_at,
                weakness_at=weakness_at, created_by=actor)
    rnd.full_clean()
    rnd.save()
    for unit in units:
        RoundUnit.objects.create(round=rnd, unit=unit)
    audit_record(actor=actor, action="capacity.round.create", obj=rnd,
                 details={"year": year, "template": template.pk, "units": [u.pk for u in units]})
    return rnd


@transaction.atomic
def round_close(*, actor: User, round: Round, expected_version: int) -> Round:
    """No more answers; the matrices and the comparison keep working on what was submitted."""
    _require(actor)
    update_versioned(round, expected_version=expected_version, changes={"status": RoundStatus.CLOSED})
    audit_record(actor=actor, action="capacity.round.close", obj=round)
    return round


@transaction.atomic
def respondent_add(*, actor: User, round_unit: RoundUnit, user: User) -> Respondent:
    """Ask a member of the assessed unit's institution to answer for that unit."""
    _require(actor)
    if not user.is_active or round_unit.unit.institution_id not in user.institution_ids:
        raise ValidationError({"user": [_("Only active members of the unit's institution can answer for it.")]})
    if round_unit.round.status != RoundStatus.OPEN:
        raise ValidationError(_("This round is closed."))
    respondent, created = Respondent.objects.get_or_create(round_unit=round_unit, user=user)
    if created:
        audit_record(actor=actor, action="capacity.respondent.add", obj=respondent,
                     details={"round_unit": round_unit.pk, "user": user.pk})
    return respondent


@transaction.atomic
def answers_save(*, actor: User, respondent: Respondent, answers: dict[str, tuple[int | None, str]],
                 submit: bool) -> Respondent:
    """Save a respondent's answers (``{question: (rating or None, evidence)}``); ``submit`` hands them in.

    Why a submitted questionnaire is final: the workshop discusses the scores; answers changing
    under it would make the validated matrix unexplainable.
    """
    if respondent.user_id != actor.pk:
        raise ValidationError(_("Only the person asked can answer this questionnaire."))
    if respondent.submitted_at is not None:
        raise ValidationError(_("This questionnaire was already handed in."))
    content = respondent.round_unit.round.template.content
    codes, scale = {q.code for q in questions(content)}, set(scale_values(content))
    unknown = sorted(set(answers) - codes)
    bad = sorted(code for code, (rating, _ev) in answers.items() if rating is not None and rating not in scale)
    if unknown or bad:
        raise ValidationError(_("Some answers are not part of this questionnaire or its scale."))
    if submit and any(code not in answers for code in codes):
        raise ValidationError(_("Answer every question (or choose \"I don't know\") before handing in."))
    for code, (rating, evidence) in answers.items():
        Answer.objects.update_or_create(respondent=respondent, question=code,
                                        defaults={"rating": rating, "evidence": evidence.strip()[:4000]})
    if submit:
        respondent.submitted_at = timezone.now()
        respondent.save(update_fields=["submitted_at"])
    audit_record(actor=actor, action="capacity.answers.submit" if submit else "capacity.answers.save",
                 obj=respondent, details={"questions": len(answers)})
    return respondent


# ---------------------------------------------------------------- SWOT matrix

def _suggested_text(s: scoring.Suggestion, content: dict) -> str:
    if s.question:
        text = next(localized(q.text) for q in questions(content) if q.code == s.question)
    else:
        text = area_titles(content)[s.area]
    return f"{text} ({s.score})"[:300]


def _require_editable(matrix: SwotMatrix) -> None:
    """Read the matrix's state from the database, locked: a copy loaded before the validation
    (another tab, a slow request) must not slip an edit into a validated matrix."""
    if SwotMatrix.objects.select_for_update().filter(pk=matrix.pk, validated_at__isnull=False).exists():
        raise ValidationError(_("This matrix was validated in the workshop; it can no longer change."))


@transaction.atomic
def matrix_build(*, actor: User, round_unit: RoundUnit) -> SwotMatrix:
    """Draw up (or redraw) the matrix from the submitted answers; items added in the workshop stay."""
    _require(actor)
    matrix, _created = SwotMatrix.objects.get_or_create(round_unit=round_unit)
    _require_editable(matrix)
    rnd = round_unit.round
    result = selectors.unit_result(round_unit)
    suggestions = scoring.swot_suggestions(result.areas, result.externals, questions(rnd.template.content),
                                           strength_at=rnd.strength_at, weakness_at=rnd.weakness_at)
    matrix.items.filter(origin=ItemOrigin.SCORES, actions__isnull=True).delete()
    kept = set(matrix.items.filter(origin=ItemOrigin.SCORES).values_list("quadrant", "area", "question"))
    for s in suggestions:
        if (s.quadrant, s.area, s.question) not in kept:
            SwotItem.objects.create(matrix=matrix, quadrant=s.quadrant, area=s.area, question=s.question,
                                    score=s.score, origin=ItemOrigin.SCORES, text=_suggested_text(s, rnd.template.content))
    audit_record(actor=actor, action="capacity.matrix.build", obj=matrix,
                 details={"round_unit": round_unit.pk, "suggested": len(suggestions)})
    return matrix


def _clean_item(quadrant: str, text: str) -> str:
    if quadrant not in Quadrant.values:
        raise ValidationError({"quadrant": [_("Choose strength, weakness, opportunity or threat.")]})
    if not text.strip():
        raise ValidationError({"text": [_("Write the item.")]})
    return text.strip()[:300]


@transaction.atomic
def swot_item_add(*, actor: User, matrix: SwotMatrix, quadrant: str, text: str) -> SwotItem:
    _require(actor)
    _require_editable(matrix)
    item = SwotItem.objects.create(matrix=matrix, quadrant=quadrant, text=_clean_item(quadrant, text),
                                   origin=ItemOrigin.WORKSHOP)
    audit_record(actor=actor, action="capacity.swot_item.add", obj=item, details={"matrix": matrix.pk,
                                                                                  "quadrant": quadrant})
    return item


@transaction.atomic
def swot_item_edit(*, actor: User, item: SwotItem, quadrant: str, text: str) -> SwotItem:
    _require(actor)
    _require_editable(item.matrix)
    old = {"quadrant": item.quadrant}
    item.text, item.quadrant = _clean_item(quadrant, text), quadrant
    item.save(update_fields=["text", "quadrant"])
    audit_record(actor=actor, action="capacity.swot_item.edit", obj=item,
                 details={"matrix": item.matrix_id, "quadrant": {"old": old["quadrant"], "new": quadrant}})
    return item


@transaction.atomic
def swot_item_remove(*, actor: User, item: SwotItem) -> None:
    _require(actor)
    _require_editable(item.matrix)
    audit_record(actor=actor, action="capacity.swot_item.remove", obj=item, details={"matrix": item.matrix_id})
    item.delete()


@transaction.atomic
def matrix_validate(*, actor: User, matrix: SwotMatrix, expected_version: int) -> SwotMatrix:
    """Close the workshop: who validated and when are kept, the matrix is read-only from now on."""
    _require(actor)
    _require_editable(matrix)
    if not matrix.items.exists():
        raise ValidationError(_("An empty matrix cannot be validated."))
    update_versioned(matrix, expected_version=expected_version,
                     changes={"validated_at": timezone.now(), "validated_by": actor})
    audit_record(actor=actor, action="capacity.matrix.validate", obj=matrix)
    return matrix


# ---------------------------------------------------------------- action plans

@transaction.atomic
def action_create(*, actor: User, round_unit: RoundUnit, title: str, owner: str, due_on: dt.date,
                  weakness: SwotItem | None = None, course: Course | None = None) -> Action:
    _require(actor)
    if weakness is not None and (weakness.matrix.round_unit_id != round_unit.pk
                                 or weakness.quadrant != Quadrant.WEAKNESS):
        raise ValidationError({"weakness": [_("Choose a weakness of this unit's matrix.")]})
    if not title.strip() or not owner.strip():
        raise ValidationError(_("An action needs a description and an owner."))
    action = Action.objects.create(round_unit=round_unit, title=title.strip(), owner=owner.strip(), due_on=due_on,
                                   weakness=weakness, course=course)
    audit_record(actor=actor, action="capacity.action.create", obj=action,
                 details={"round_unit": round_unit.pk, "weakness": weakness.pk if weakness else None,
                          "course": course.pk if course else None, "due_on": due_on.isoformat()})
    return action


@transaction.atomic
def action_set_status(*, actor: User, action: Action, status: str, expected_version: int) -> Action:
    _require(actor)
    if status not in ActionStatus.values:
        raise ValidationError({"status": [_("Unknown status.")]})
    old = action.status
    update_versioned(action, expected_version=expected_version, changes={"status": status})
    audit_record(actor=actor, action="capacity.action.status", obj=action,
                 details={"status": {"old": old, "new": status}})
    return action
