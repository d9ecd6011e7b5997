"""Kinds of special investigative techniques (UNTOC art. 20) and the alerts about them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class TechniqueKind(models.TextChoices):
    INTERCEPTION = "interception", _("Interception of communications")
    UNDERCOVER = "undercover", _("Undercover operation")
    CONTROLLED_DELIVERY = "controlled_delivery", _("Controlled delivery")
    ELECTRONIC_SURVEILLANCE = "electronic_surveillance", _("Electronic surveillance")
    OTHER = "other", _("Other technique")


class AlertKind(models.TextChoices):
    EXPIRY = "expiry", _("Expiry")
    CONFIRMATION = "confirmation", _("Emergency confirmation deadline")
    REPORT = "report", _("Report due to the judge")


class Status(models.TextChoices):
    PENDING_CONFIRMATION = "pending_confirmation", _("Emergency: awaiting the judge's confirmation")
    LAPSED = "lapsed", _("Emergency: not confirmed in time")
    SCHEDULED = "scheduled", _("Not started")
    ACTIVE = "active", _("In force")
    RENEWED = "renewed", _("Renewed")
    EXPIRED = "expired", _("Expired")
