"""International cooperation: mutual legal assistance, INTERPOL notices, joint investigation teams.

Each is recorded by an institution (``institution``) and linked to cases; who sees it is decided
in ``selectors_intl`` through the cases' access rule, never here.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from enlace.accounts.models import User
from enlace.core.locking import VersionedModel
from enlace.core.public_ids import PublicIdModel

from .vocabulary_intl import (
    AssistanceType,
    Direction,
    InterpolStatus,
    JitBasis,
    LegalBasis,
    MlaStatus,
    NoticeColour,
)


class MlaRequest(PublicIdModel, VersionedModel):
    """A request for mutual legal assistance (UNTOC art. 18), sent or received."""

    reference = models.CharField(_("reference"), max_length=40, unique=True)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    institution = models.ForeignKey("accounts.Institution", on_delete=models.PROTECT, related_name="+")
    counterpart_country = models.CharField(_("counterpart country"), max_length=2)
    requesting_authority = models.CharField(_("requesting authority"), max_length=200)
    requested_authority = models.CharField(_("requested authority"), max_length=200)
    central_authority = models.CharField(_("central authority"), max_length=200)
    legal_basis = models.CharField(_("legal basis"), max_length=12, choices=LegalBasis.choices)
    treaty = models.CharField(_("treaty"), max_length=200, blank=True)
    assistance_type = models.CharField(_("type of assistance"), max_length=12, choices=AssistanceType.choices)
    facts = models.TextField(_("summary of the facts"))
    law = models.TextField(_("applicable law"))
    assistance_sought = models.TextField(_("assistance sought"))
    confidential = models.BooleanField(_("confidential"), default=False)
    confidentiality_reasons = models.CharField(_("reasons for confidentiality"), max_length=300, blank=True)
    translation = models.CharField(_("translation"), max_length=100, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True, db_index=True)
    status = models.CharField(_("status"), max_length=16, choices=MlaStatus.choices, default=MlaStatus.DRAFT,
                              db_index=True)
    status_reason = models.CharField(_("reason"), max_length=300, blank=True)
    cases = models.ManyToManyField("cases.Case", blank=True, related_name="+")
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    reminded_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.reference


class MlaEvent(models.Model):
    """The request's timeline: each status, when, who, and why where a reason is due."""

    mla = models.ForeignKey(MlaRequest, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(max_length=16, choices=MlaStatus.choices)
    on = models.DateField()
    note = models.CharField(max_length=300, blank=True)
    actor = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "at", "id"]


class InterpolNotice(PublicIdModel, VersionedModel):
    """A notice or diffusion; its subject is a person of a case, shown by pseudonym."""

    reference = models.CharField(_("reference"), max_length=40, unique=True)
    colour = models.CharField(_("notice"), max_length=10, choices=NoticeColour.choices)
    institution = models.ForeignKey("accounts.Institution", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    subject = models.ForeignKey("cases.CasePerson", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    ncb = models.CharField(_("national central bureau"), max_length=100)
    purpose = models.CharField(_("purpose"), max_length=300)
    status = models.CharField(_("status"), max_length=10, choices=InterpolStatus.choices,
                              default=InterpolStatus.REQUESTED)
    requested_on = models.DateField(_("requested on"))
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    interpol_reference = models.CharField(_("INTERPOL reference"), max_length=40, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-requested_on", "-id"]

    def __str__(self) -> str:
        return self.reference


class JointInvestigationTeam(PublicIdModel, VersionedModel):
    """A team set up by agreement for a purpose and a limited time (UNTOC art. 19)."""

    reference = models.CharField(_("reference"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=200)
    institution = models.ForeignKey("accounts.Institution", on_delete=models.PROTECT, related_name="+")
    legal_basis = models.CharField(_("legal basis"), max_length=10, choices=JitBasis.choices)
    agreement = models.ForeignKey("cooperation.Agreement", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="jits", verbose_name=_("agreement"))
    purpose = models.TextField(_("purpose"))
    applicable_law = models.CharField(_("law that applies where it operates"), max_length=300)
    evidence_terms = models.TextField(_("evidence-sharing terms"))
    starts_on = models.DateField(_("start"))
    expires_on = models.DateField(_("expiry"))
    cases = models.ManyToManyField("cases.Case", blank=True, related_name="+")
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    reminded_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-starts_on", "-id"]

    def __str__(self) -> str:
        return self.reference


class JitParty(models.Model):
    """A state party: its authority and the team leader it names."""

    jit = models.ForeignKey(JointInvestigationTeam, on_delete=models.CASCADE, related_name="parties")
    country = models.CharField(_("country"), max_length=2)
    authority = models.CharField(_("authority"), max_length=200)
    leader = models.CharField(_("leader"), max_length=200)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["jit", "country"], name="uniq_jit_party")]
        ordering = ["country"]


class JitMember(models.Model):
    jit = models.ForeignKey(JointInvestigationTeam, on_delete=models.CASCADE, related_name="members")
    country = models.CharField(_("country"), max_length=2)
    name = models.CharField(_("name"), max_length=200)
    function = models.CharField(_("function"), max_length=200, blank=True)

    class Meta:
        ordering = ["country", "name"]


class JitExtension(models.Model):
    """An extension by consent of the parties: a new expiry, never an edit of the old one."""

    jit = models.ForeignKey(JointInvestigationTeam, on_delete=models.CASCADE, related_name="extensions")
    previous_expiry = models.DateField()
    new_expiry = models.DateField()
    agreed_on = models.DateField()
    actor = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["agreed_on", "id"]
