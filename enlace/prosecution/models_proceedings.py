"""Proceedings per defendant: procedural stages (configurable per country, with time limits), charges,
hearings with the victim's participation arrangements, judgments with reparation and appeals, and
protective measures for victims and witnesses."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from enlace.core.fields import EncryptedTextField
from enlace.core.locking import VersionedModel
from enlace.core.public_ids import PublicIdModel

from .vocabulary_proceedings import (
    AppealKind,
    AppealOutcome,
    ChargeStatus,
    HearingKind,
    MeasureKind,
    MeasureStatus,
    Verdict,
)

User = settings.AUTH_USER_MODEL


class ProceduralStage(models.Model):
    """A stage of criminal procedure in one country (``data/stages.json``), mapped onto a case status."""

    country = models.CharField(_("country"), max_length=2)
    code = models.CharField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=120)
    order = models.PositiveSmallIntegerField()
    case_status = models.CharField(_("case status"), max_length=20)
    limit_days = models.PositiveIntegerField(_("time limit (days)"), null=True, blank=True)
    limit_note = models.CharField(_("time limit"), max_length=200, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    verified = models.BooleanField(_("checked against the official gazette"), default=False)

    class Meta:
        ordering = ["country", "order"]
        constraints = [models.UniqueConstraint(fields=["country", "code"], name="uniq_stage_country_code")]

    def __str__(self) -> str:
        return self.name


class DefendantStage(models.Model):
    """A defendant entered a stage on a date; the deadline follows from the stage's time limit."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="defendant_stages")
    defendant = models.ForeignKey("cases.CasePerson", on_delete=models.PROTECT, related_name="stages")
    stage = models.ForeignKey(ProceduralStage, on_delete=models.PROTECT, related_name="+")
    started_on = models.DateField(_("since"))
    deadline_on = models.DateField(_("time limit runs out"), null=True, blank=True, db_index=True)
    ended_on = models.DateField(null=True, blank=True)
    prosecutor = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("prosecutor"))
    alerted_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["started_on", "id"]


class Charge(VersionedModel):
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="charges")
    defendant = models.ForeignKey("cases.CasePerson", on_delete=models.PROTECT, related_name="charges")
    offence = models.ForeignKey("prosecution.Offence", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("offence"))
    articles = models.CharField(_("articles"), max_length=200, blank=True)
    aggravations = models.JSONField(_("aggravations"), default=list, blank=True)
    charged_on = models.DateField(_("date"), null=True, blank=True)
    stage = models.ForeignKey(ProceduralStage, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("stage"))
    status = models.CharField(_("status"), max_length=12, choices=ChargeStatus.choices, default=ChargeStatus.PENDING)
    prosecutor = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("prosecutor"))
    created_by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]


class Hearing(PublicIdModel, VersionedModel):
    # Not a column: set by the selectors on the hearings a page or answer shows.
    defendant_list: list

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="hearings")
    defendants = models.ManyToManyField("cases.CasePerson", blank=True, related_name="hearings",
                                        verbose_name=_("defendants"))
    starts_at = models.DateTimeField(_("date and time"), db_index=True)
    court = models.CharField(_("court"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=HearingKind.choices)
    judge = models.CharField(_("judge"), max_length=160, blank=True)
    attendees = models.CharField(_("who attends"), max_length=300, blank=True)
    victim = models.ForeignKey("cases.CasePerson", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("victim or witness testifying"))
    participation = models.JSONField(_("participation arrangements"), default=list, blank=True)
    result = EncryptedTextField(_("result"))
    next_on = models.DateField(_("next date"), null=True, blank=True)
    prosecutor = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("prosecutor"))
    created_by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["starts_at", "id"]


class Judgment(models.Model):
    # Not columns: set by the selectors on the judgments a page or answer shows.
    reparation_list: list
    appeal_list: list

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="judgments")
    defendant = models.ForeignKey("cases.CasePerson", on_delete=models.PROTECT, related_name="judgments")
    charge = models.ForeignKey(Charge, null=True, blank=True, on_delete=models.PROTECT, related_name="judgments")
    decided_on = models.DateField(_("date"))
    court = models.CharField(_("court"), max_length=200)
    verdict = models.CharField(_("verdict"), max_length=12, choices=Verdict.choices)
    sentence_years = models.DecimalField(_("sentence (years)"), max_digits=5, decimal_places=2, null=True, blank=True)
    fine = models.DecimalField(_("fine"), max_digits=14, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    created_by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["decided_on", "id"]


class Reparation(models.Model):
    """Reparation or compensation a judgment orders for one victim."""

    judgment = models.ForeignKey(Judgment, on_delete=models.CASCADE, related_name="reparations")
    victim = models.ForeignKey("cases.CasePerson", on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    description = models.CharField(_("description"), max_length=300, blank=True)

    class Meta:
        ordering = ["id"]


class Appeal(models.Model):
    judgment = models.ForeignKey(Judgment, on_delete=models.CASCADE, related_name="appeals")
    kind = models.CharField(_("kind"), max_length=12, choices=AppealKind.choices)
    filed_on = models.DateField(_("filed on"))
    filed_by = models.CharField(_("filed by"), max_length=120)
    outcome = models.CharField(_("outcome"), max_length=12, choices=AppealOutcome.choices,
                               default=AppealOutcome.PENDING)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)

    class Meta:
        ordering = ["filed_on", "id"]


class ProtectiveMeasure(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="protective_measures")
    person = models.ForeignKey("cases.CasePerson", on_delete=models.PROTECT, related_name="protective_measures",
                               verbose_name=_("protected person"))
    kind = models.CharField(_("kind"), max_length=12, choices=MeasureKind.choices)
    ordered_by = models.CharField(_("ordered by"), max_length=160)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=MeasureStatus.choices, default=MeasureStatus.ACTIVE)
    created_by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_on", "id"]
