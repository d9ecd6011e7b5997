"""Agreements between institutions, their liaisons, and the information requests they carry."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

from enlace.accounts.models import User
from enlace.core.locking import VersionedModel
from enlace.core.public_ids import PublicIdModel

from .vocabulary import (
    OPEN_REQUEST_STATUSES,
    AgreementKind,
    AgreementStatus,
    DataCategory,
    NoticeKind,
    RequestStatus,
    Urgency,
)


def category_labels(categories: list[str]) -> str:
    return ", ".join(str(DataCategory(c).label) for c in categories if c in DataCategory.values)


class Agreement(VersionedModel):
    """An MoU, inter-institutional agreement, protocol or treaty basis: what may flow, to whom, how."""

    code = models.SlugField(_("reference"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=24, choices=AgreementKind.choices)
    purpose = models.TextField(_("purpose"))
    parties = models.ManyToManyField("accounts.Institution", related_name="agreements", verbose_name=_("parties"))
    consent_required = models.BooleanField(_("victim consent required"), default=False)
    purpose_limited = models.BooleanField(_("purpose limitation"), default=True)
    onward_sharing_forbidden = models.BooleanField(_("onward sharing forbidden"), default=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    in_force_from = models.DateField(_("in force from"), null=True, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    review_on = models.DateField(_("review on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT,
                              db_index=True)
    answer_days = models.PositiveSmallIntegerField(_("days to answer a request"), default=15)
    document_file_id = models.CharField(max_length=64, blank=True)
    document_name = models.CharField(_("signed document"), max_length=200, blank=True)
    document_sha256 = models.CharField(max_length=64, blank=True)
    liaisons = models.ManyToManyField(User, blank=True, related_name="agreements_as_liaison",
                                      verbose_name=_("liaisons named"))
    created_by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.title

    def in_force_on(self, day: dt.date) -> bool:
        return (self.status == AgreementStatus.IN_FORCE and (self.in_force_from is None or self.in_force_from <= day)
                and (self.expires_on is None or self.expires_on >= day))


class AgreementFlow(models.Model):
    """One direction: what the providing party may disclose to the receiving party."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="flows")
    provider = models.ForeignKey("accounts.Institution", on_delete=models.PROTECT, related_name="+")
    recipient = models.ForeignKey("accounts.Institution", on_delete=models.PROTECT, related_name="+")
    categories = models.JSONField(_("what may flow"), default=list)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agreement", "provider", "recipient"], name="uniq_agreement_flow")]

    @property
    def category_labels(self) -> str:
        return category_labels(self.categories)


class Liaison(models.Model):
    """A user named liaison of an institution, nationally (no department) or for one department."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="liaison_posts")
    institution = models.ForeignKey("accounts.Institution", on_delete=models.PROTECT, related_name="liaisons")
    subdivision = models.CharField(_("department"), max_length=8, blank=True)  # ISO 3166-2; blank: national
    is_active = models.BooleanField(default=True)
    since = models.DateField(auto_now_add=True)

    class Meta:
        ordering = ["institution_id", "subdivision", "id"]
        constraints = [models.UniqueConstraint(fields=["user", "institution", "subdivision"], name="uniq_liaison")]

    @property
    def is_national(self) -> bool:
        return not self.subdivision


class InformationRequest(PublicIdModel, VersionedModel):
    """A request for information from one institution to another, under an agreement."""

    # Not columns: set on the requests a page lists, and where the agreement no longer lets the
    # answer reach the reader (``selectors.withhold_unreadable``).
    is_overdue: bool
    answer_withheld: bool

    reference = models.CharField(_("reference"), max_length=30, unique=True)
    requesting_institution = models.ForeignKey("accounts.Institution", on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="cooperation_requests_sent")
    institution = models.ForeignKey("accounts.Institution", on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("to institution"))
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    subdivision = models.CharField(_("department"), max_length=8, blank=True)
    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="requests",
                                  verbose_name=_("agreement"))
    category = models.CharField(_("what is asked for"), max_length=16)
    question = models.TextField(_("what is asked"))
    reason = models.TextField(_("why"))
    urgency = models.CharField(_("urgency"), max_length=12, choices=Urgency.choices, default=Urgency.ROUTINE)
    due_on = models.DateField(_("due on"), db_index=True)
    status = models.CharField(_("status"), max_length=16, choices=RequestStatus.choices, default=RequestStatus.SENT,
                              db_index=True)
    assigned_to = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="cooperation_requests_assigned")
    escalated_at = models.DateTimeField(null=True, blank=True)
    reminded_on = models.DateField(null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    refusal_reason = models.CharField(_("reason for refusal"), max_length=300, blank=True)
    answered_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.reference

    @property
    def category_label(self) -> str:
        return category_labels([self.category])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_REQUEST_STATUSES


class RequestEvent(models.Model):
    """The request's timeline: every move, who made it, when."""

    request = models.ForeignKey(InformationRequest, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(max_length=16, choices=RequestStatus.choices, blank=True)
    note = models.CharField(max_length=300, blank=True)
    actor = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]


class RequestAttachment(models.Model):
    """A file sent with an answer: encrypted in the file store, its SHA-256 kept beside it."""

    request = models.ForeignKey(InformationRequest, on_delete=models.CASCADE, related_name="attachments")
    file_id = models.CharField(max_length=64)
    name = models.CharField(_("file"), max_length=200)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField()
    uploaded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]


class Notice(models.Model):
    """A line on a liaison's page: codes and references only, never names or free text."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="cooperation_notices")
    kind = models.CharField(max_length=24, choices=NoticeKind.choices)
    agreement = models.ForeignKey(Agreement, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    request = models.ForeignKey(InformationRequest, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    # Other records (an MLA request, a milestone, a team): their reference and the page to open.
    reference = models.CharField(max_length=40, blank=True)
    path = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]


# The models of international cooperation and joint work live beside these (module size).
from .models_intl import (  # noqa: E402,F401
    InterpolNotice,
    JitExtension,
    JitMember,
    JitParty,
    JointInvestigationTeam,
    MlaEvent,
    MlaRequest,
)
from .models_plans import JointPlan, Milestone, Operation, PlanObjective, ProgressReport  # noqa: E402,F401
