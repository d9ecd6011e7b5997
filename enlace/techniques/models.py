"""Authorisations of special investigative techniques: a restricted compartment inside a case.

Only the users named on an authorisation (``members``) see it, and only while they still have
full access to the case: the case team, its supervisors and its sharings see nothing of it, not
even that it exists (``selectors.py``). A renewal is a new authorisation that names the one it
renews; an emergency authorisation carries the deadline by which a judge must confirm it.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enlace.core.fields import EncryptedTextField
from enlace.core.locking import VersionedModel
from enlace.core.public_ids import PublicIdModel

from .vocabulary import AlertKind, Status, TechniqueKind

User = settings.AUTH_USER_MODEL


class Authorisation(PublicIdModel, VersionedModel):
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("technique"), max_length=30, choices=TechniqueKind.choices)
    reference = models.CharField(_("authorisation reference"), max_length=60, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=300)
    authority = models.CharField(_("authorising authority"), max_length=200)
    judge = models.CharField(_("judge"), max_length=160)
    scope = EncryptedTextField(_("scope"))
    starts_on = models.DateField(_("starts on"))
    expires_on = models.DateField(_("expires on"))
    renews = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="renewals",
                               verbose_name=_("renews"))
    emergency = models.BooleanField(_("emergency authorisation"), default=False)
    confirm_by = models.DateTimeField(_("judge's confirmation due by"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_by = models.CharField(_("confirmed by"), max_length=160, blank=True)
    report_due_on = models.DateField(_("report due to the judge on"), null=True, blank=True)
    product_custody = models.CharField(_("custody of the product"), max_length=200, blank=True)
    destroy_product_on = models.DateField(_("product to be destroyed on"), null=True, blank=True)
    members: models.ManyToManyField = models.ManyToManyField(User, related_name="+", verbose_name=_("named members"))
    created_by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(expires_on__gte=models.F("starts_on")), name="technique_expiry_after_start"),
            models.CheckConstraint(condition=Q(emergency=False) | Q(confirm_by__isnull=False),
                                   name="technique_emergency_deadline"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    def status(self, *, renewed: bool, now: dt.datetime | None = None) -> str:
        """The state today; ``renewed``: a renewal of it exists (the caller knows, one query per page)."""
        now = now or timezone.now()
        today = timezone.localdate(now)
        if self.emergency and self.confirmed_at is None:
            return Status.LAPSED if self.confirm_by and self.confirm_by < now else Status.PENDING_CONFIRMATION
        if today < self.starts_on:
            return Status.SCHEDULED
        if today <= self.expires_on:
            return Status.ACTIVE
        return Status.RENEWED if renewed else Status.EXPIRED


class AuthorisationTarget(models.Model):
    """A target: a person of the case (shown through the identity gate) or, when not on file, a code name."""

    authorisation = models.ForeignKey(Authorisation, on_delete=models.CASCADE, related_name="targets")
    case_person = models.ForeignKey("cases.CasePerson", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    pseudonym = models.CharField(_("code name"), max_length=80, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.CheckConstraint(
            condition=(Q(case_person__isnull=False) & Q(pseudonym="")) | (Q(case_person__isnull=True) & ~Q(pseudonym="")),
            name="technique_target_person_or_pseudonym")]


class AuthorisationAlert(models.Model):
    """An alert already sent, so that the job worker sends each one once (the job is idempotent)."""

    authorisation = models.ForeignKey(Authorisation, on_delete=models.CASCADE, related_name="alerts")
    kind = models.CharField(max_length=20, choices=AlertKind.choices)
    due = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["authorisation", "kind", "due"], name="uniq_technique_alert")]
