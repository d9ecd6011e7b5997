"""Joint operational plans (objectives, milestones, progress) and operations across units and countries."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from enlace.accounts.models import User
from enlace.core.locking import VersionedModel
from enlace.core.public_ids import PublicIdModel

from .vocabulary_intl import MilestoneStatus, OperationPhase, PlanStatus


class JointPlan(PublicIdModel, VersionedModel):
    """A plan the parties of an agreement write together; the committee reviews its fulfilment."""

    code = models.CharField(_("reference"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=200)
    agreement = models.ForeignKey("cooperation.Agreement", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="plans", verbose_name=_("agreement"))
    institutions = models.ManyToManyField("accounts.Institution", related_name="+", verbose_name=_("institutions"))
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"))
    status = models.CharField(_("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.ACTIVE)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "code"]

    def __str__(self) -> str:
        return self.title


class PlanObjective(models.Model):
    plan = models.ForeignKey(JointPlan, on_delete=models.CASCADE, related_name="objectives")
    text = models.CharField(_("objective"), max_length=300)
    activities = models.TextField(_("activities"), blank=True)
    institution = models.ForeignKey("accounts.Institution", on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("owner institution"))
    responsible = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("responsible person"))

    class Meta:
        ordering = ["id"]


class Milestone(models.Model):
    plan = models.ForeignKey(JointPlan, on_delete=models.CASCADE, related_name="milestones")
    objective = models.ForeignKey(PlanObjective, null=True, blank=True, on_delete=models.CASCADE,
                                  related_name="milestones")
    title = models.CharField(_("milestone"), max_length=200)
    due_on = models.DateField(_("due on"), db_index=True)
    status = models.CharField(_("status"), max_length=8, choices=MilestoneStatus.choices,
                              default=MilestoneStatus.PENDING)
    done_on = models.DateField(null=True, blank=True)
    responsible = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("responsible person"))
    reminded_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]


class ProgressReport(models.Model):
    plan = models.ForeignKey(JointPlan, on_delete=models.CASCADE, related_name="reports")
    text = models.TextField(_("progress"))
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]


class Operation(PublicIdModel, VersionedModel):
    """A coordinated operation (assessment, operation, evaluation) across units and countries."""

    code = models.CharField(_("reference"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    plan = models.ForeignKey(JointPlan, null=True, blank=True, on_delete=models.PROTECT, related_name="operations",
                             verbose_name=_("plan"))
    institutions = models.ManyToManyField("accounts.Institution", related_name="+",
                                          verbose_name=_("participating institutions"))
    units = models.ManyToManyField("accounts.Unit", blank=True, related_name="+", verbose_name=_("participating units"))
    countries = models.JSONField(_("countries"), default=list)
    phase = models.CharField(_("phase"), max_length=12, choices=OperationPhase.choices,
                             default=OperationPhase.ASSESSMENT)
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"), null=True, blank=True)
    persons_rescued = models.PositiveIntegerField(_("persons rescued"), default=0)
    persons_arrested = models.PositiveIntegerField(_("persons arrested"), default=0)
    places_inspected = models.PositiveIntegerField(_("places inspected"), default=0)
    cases = models.ManyToManyField("cases.Case", blank=True, related_name="+")
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "code"]

    def __str__(self) -> str:
        return self.name
