"""Capacity: assessment rounds and their answers, SWOT matrices, action plans, and training records.

Why the questionnaire is a versioned row holding its JSON: a round must be explainable years later
with exactly the questions its respondents answered (rows are PROTECTed once a round uses them);
a corrected questionnaire is a new version, never an edit.

Nothing here points at cases, persons or screenings: the capacity manager's whole world is units,
staff and courses (docs/capacity.md).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from enlace.accounts.models import Institution, Unit
from enlace.core.locking import VersionedModel

from .vocabulary import ActionStatus, ItemOrigin, Modality, Provider, Quadrant, RoundStatus

User = settings.AUTH_USER_MODEL


class QuestionnaireTemplate(models.Model):
    code = models.SlugField(max_length=60)
    version = models.PositiveIntegerField()
    content = models.JSONField()  # the data file as loaded: title, source, scale, areas, questions
    digest = models.CharField(max_length=64)  # SHA-256 of the file: a changed file needs a new version
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code", "-version"]
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="uniq_capacity_template")]


class Round(VersionedModel):
    title = models.CharField(_("title"), max_length=200)
    year = models.PositiveIntegerField(_("year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)])
    period = models.CharField(_("period"), max_length=60, blank=True)
    template = models.ForeignKey(QuestionnaireTemplate, on_delete=models.PROTECT, related_name="rounds")
    status = models.CharField(max_length=10, choices=RoundStatus.choices, default=RoundStatus.OPEN)
    # An internal area (or an external question) scoring at or above ``strength_at`` is a strength
    # (opportunity); at or below ``weakness_at`` a weakness (threat); in between it stays out.
    strength_at = models.DecimalField(_("strength from"), max_digits=3, decimal_places=2, default=3.5)
    weakness_at = models.DecimalField(_("weakness up to"), max_digits=3, decimal_places=2, default=2.5)
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "title"]


class RoundUnit(models.Model):
    """A unit assessed in a round: its respondents answer, its matrix is validated in a workshop."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="round_units")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["unit__name"]
        constraints = [models.UniqueConstraint(fields=["round", "unit"], name="uniq_capacity_round_unit")]


class Respondent(models.Model):
    round_unit = models.ForeignKey(RoundUnit, on_delete=models.CASCADE, related_name="respondents")
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="capacity_questionnaires")
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round_unit", "user"], name="uniq_capacity_respondent")]


class Answer(models.Model):
    respondent = models.ForeignKey(Respondent, on_delete=models.CASCADE, related_name="answers")
    question = models.CharField(max_length=40)  # a question code of the round's template
    rating = models.PositiveSmallIntegerField(null=True, blank=True)  # None: "I don't know"
    evidence = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["respondent", "question"], name="uniq_capacity_answer")]


class SwotMatrix(VersionedModel):
    round_unit = models.OneToOneField(RoundUnit, on_delete=models.CASCADE, related_name="matrix")
    validated_at = models.DateTimeField(null=True, blank=True)
    validated_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    @property
    def is_validated(self) -> bool:
        return self.validated_at is not None


class SwotItem(models.Model):
    matrix = models.ForeignKey(SwotMatrix, on_delete=models.CASCADE, related_name="items")
    quadrant = models.CharField(_("quadrant"), max_length=1, choices=Quadrant.choices)
    text = models.CharField(_("text"), max_length=300)
    area = models.CharField(max_length=40, blank=True)  # area code, when drawn from the answers
    question = models.CharField(max_length=40, blank=True)  # external question code (O/T)
    score = models.DecimalField(max_digits=3, decimal_places=2, null=True, blank=True)
    origin = models.CharField(max_length=10, choices=ItemOrigin.choices, default=ItemOrigin.WORKSHOP)

    class Meta:
        ordering = ["quadrant", "pk"]


class Course(VersionedModel):
    title = models.CharField(_("title"), max_length=200)
    provider = models.CharField(_("provider"), max_length=20, choices=Provider.choices)
    provider_name = models.CharField(_("provider name"), max_length=200, blank=True)
    modules = models.JSONField(_("modules"), default=list)  # list of module titles
    hours = models.PositiveIntegerField(_("hours"))
    modality = models.CharField(_("modality"), max_length=12, choices=Modality.choices)
    competencies = models.JSONField(_("competencies"), default=list)  # Competency codes it builds
    # Months a certificate stays valid; None: it does not expire.
    validity_months = models.PositiveIntegerField(_("certificate valid for (months)"), null=True, blank=True)

    class Meta:
        ordering = ["title"]


class TrainingSession(models.Model):
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="sessions")
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    place = models.CharField(_("place"), max_length=200)
    trainers = models.CharField(_("trainers"), max_length=300, blank=True)

    class Meta:
        ordering = ["-starts_on"]


class StaffMember(models.Model):
    """The register of the institutions' personnel, users of Enlace or not.

    Names of officials are personal data (not of victims): stored plainly, never written to logs or
    audit details (entries name the row id only).
    """

    full_name = models.CharField(_("full name"), max_length=200)
    name_key = models.CharField(max_length=200, db_index=True)  # normalised, for spreadsheet matching
    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    position = models.CharField(_("position"), max_length=120, blank=True)
    user = models.OneToOneField(User, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="staff_record")
    specialisations = models.JSONField(_("specialisation"), default=list)  # Competency codes
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["full_name"]


class Participation(models.Model):
    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="participants")
    staff = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="participations")
    attended = models.BooleanField(_("attended"), default=True)
    completed = models.BooleanField(_("completed"), default=False)
    certificate_on = models.DateField(_("certificate issued on"), null=True, blank=True)
    certificate_expires_on = models.DateField(_("certificate expires on"), null=True, blank=True)
    certificate_uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        ordering = ["session__starts_on"]
        constraints = [models.UniqueConstraint(fields=["session", "staff"], name="uniq_capacity_participation")]


class Action(VersionedModel):
    """A step of an action plan: answers a weakness of an assessed unit, may call for a course."""

    round_unit = models.ForeignKey(RoundUnit, on_delete=models.CASCADE, related_name="actions")
    weakness = models.ForeignKey(SwotItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions")
    title = models.CharField(_("action"), max_length=300)
    owner = models.CharField(_("owner"), max_length=200)  # an office or a post, as written in the plan
    due_on = models.DateField(_("due on"))
    status = models.CharField(_("status"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.PLANNED)
    course = models.ForeignKey(Course, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "pk"]
