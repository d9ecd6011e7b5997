"""Evidence items of a case, their stored files and their chain of custody.

Custody events are append-only facts: the current custodian and the state of an item are read
from its events, never from a column someone could edit. ``CustodyEvent.save`` refuses an update
and ``delete`` refuses always; a database trigger (migration 0002) refuses both below the ORM.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from enlace.core.fields import EncryptedTextField
from enlace.core.public_ids import PublicIdModel

from .vocabulary import CustodianKind, EventKind, EvidenceKind

User = settings.AUTH_USER_MODEL


class AppendOnlyError(Exception):
    """A custody event may be neither changed nor removed."""


class StorageLocation(models.Model):
    """A place where items are kept: building > room > shelf > box (each names its parent)."""

    name = models.CharField(_("name"), max_length=120)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.path

    @property
    def path(self) -> str:
        parts: list[str] = []
        seen: set[int] = set()
        node: StorageLocation | None = self
        while node is not None and node.pk not in seen:
            seen.add(node.pk)
            parts.append(node.name)
            node = node.parent
        return " / ".join(reversed(parts))


class ExternalCustodian(models.Model):
    """A custodian that is not a user: a laboratory, a court, an evidence room."""

    name = models.CharField(_("name"), max_length=160, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=CustodianKind.choices)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class EvidenceItem(PublicIdModel, models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="evidence_items")
    exhibit_number = models.CharField(_("exhibit number"), max_length=40)
    kind = models.CharField(_("kind"), max_length=20, choices=EvidenceKind.choices)
    description = EncryptedTextField(_("description"))
    seized_where = EncryptedTextField(_("seized where"))
    seized_at = models.DateTimeField(_("seized at"), null=True, blank=True)
    seized_by = models.CharField(_("seized by"), max_length=160, blank=True)
    seal_number = models.CharField(_("seal number"), max_length=60, blank=True)
    condition = models.CharField(_("condition"), max_length=200, blank=True)
    location = models.ForeignKey(StorageLocation, null=True, blank=True, on_delete=models.PROTECT,
                                 verbose_name=_("storage location"), related_name="items")
    persons = models.ManyToManyField("cases.CasePerson", blank=True, related_name="evidence_items",
                                     verbose_name=_("persons"))
    created_by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["exhibit_number", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "exhibit_number"], name="uniq_exhibit_in_case")]

    def __str__(self) -> str:
        return self.exhibit_number


class EvidenceFile(models.Model):
    """A file of an item, encrypted at rest; its SHA-256 is the one computed at acquisition."""

    item = models.ForeignKey(EvidenceItem, on_delete=models.PROTECT, related_name="files")
    file_id = models.CharField(max_length=32, unique=True, editable=False)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=80)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64, editable=False)
    uploaded_by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name


class CustodyEvent(models.Model):
    item = models.ForeignKey(EvidenceItem, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    to_user = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("to user"))
    to_external = models.ForeignKey(ExternalCustodian, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("to external custodian"))
    transfer = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="confirmations")
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    receipt_reference = models.CharField(_("receipt reference"), max_length=80, blank=True)
    seal_intact = models.BooleanField(_("seal intact"), null=True)
    condition = models.CharField(_("condition"), max_length=200, blank=True)
    ordered_by = models.CharField(_("ordered by"), max_length=160, blank=True)
    retain_until = models.DateField(_("retain until"), null=True, blank=True)
    files_verified = models.BooleanField(null=True)  # every file of the item re-hashed at this event

    class Meta:
        ordering = ["at", "id"]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("custody events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("custody events are append-only")


# The elements matrix and the proceedings live in their own modules; Django finds models here.
from .models_attachments import Attachment  # noqa: E402
from .models_elements import ElementLink, Offence  # noqa: E402
from .models_proceedings import (  # noqa: E402
    Appeal,
    Charge,
    DefendantStage,
    Hearing,
    Judgment,
    ProceduralStage,
    ProtectiveMeasure,
    Reparation,
)

__all__ = ["AppendOnlyError", "Appeal", "Attachment", "Charge", "CustodyEvent", "DefendantStage", "ElementLink", "EvidenceFile",
           "EvidenceItem", "ExternalCustodian", "Hearing", "Judgment", "Offence", "ProceduralStage",
           "ProtectiveMeasure", "Reparation", "StorageLocation"]
