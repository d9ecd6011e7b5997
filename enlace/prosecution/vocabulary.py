"""Closed vocabularies of the evidence registry (codes stored, labels translated)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EvidenceKind(models.TextChoices):
    PHYSICAL = "physical", _("Physical")
    DOCUMENTARY = "documentary", _("Documentary")
    DIGITAL = "digital", _("Digital")
    BIOLOGICAL = "biological", _("Biological")
    TESTIMONY = "testimony", _("Testimony reference")


class CustodianKind(models.TextChoices):
    LABORATORY = "laboratory", _("Forensic laboratory")
    COURT = "court", _("Court")
    EVIDENCE_ROOM = "evidence_room", _("Evidence room")
    OTHER = "other", _("Other body")


class EventKind(models.TextChoices):
    ACQUIRED = "acquired", _("Acquired")
    TRANSFER = "transfer", _("Handed over")
    CONFIRMED = "confirmed", _("Receipt confirmed")
    RETENTION = "retention", _("Retention ordered")
    DESTROYED = "destroyed", _("Destroyed")
    RETURNED = "returned", _("Returned")


DISPOSAL_KINDS = (EventKind.DESTROYED, EventKind.RETURNED)
