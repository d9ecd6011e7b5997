"""The recipient's work on a referral: the message thread between the two sides, the service plan
(goals, activities with their state, notes) and the outcome recorded when the service is closed.

Free text (a message, a goal, an activity, a note) may identify the person, so it is encrypted at
rest and bound to its row like every other free text of this app.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from enlace.core.fields import EncryptedTextField
from enlace.core.public_ids import PublicIdModel

User = settings.AUTH_USER_MODEL


class Side(models.TextChoices):
    SENDER = "sender", _("Referring side")
    RECIPIENT = "recipient", _("Receiving organisation")


class ClosureOutcome(models.TextChoices):
    SUCCESSFUL = "successful", _("Successful")
    NOT_SUCCESSFUL = "not_successful", _("Not successful")


class ClosureReason(models.TextChoices):
    """Why a referral's service was closed. HTCDS 2.0 keeps the reason for case closure as free text
    and lists the reasons for a referral (additional services required, migration or change of
    location, other); this fixed list follows those and the usual service-closure categories, so the
    reason can be counted without reading anyone's words."""

    SERVICES_COMPLETED = "services_completed", _("Services completed")
    VICTIM_DECLINED = "victim_declined", _("The person declined the services")
    LOST_CONTACT = "lost_contact", _("Contact lost")
    TRANSFERRED = "transferred", _("Transferred to another provider (additional services required)")
    RELOCATED = "relocated", _("The person relocated or returned (migration or change of location)")
    NOT_ELIGIBLE = "not_eligible", _("Not eligible for the service")
    OTHER = "other", _("Other")


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class PlanItemKind(models.TextChoices):
    GOAL = "goal", _("Goal")
    ACTIVITY = "activity", _("Activity")
    NOTE = "note", _("Note")


class ReferralMessage(PublicIdModel):
    """One message of a referral's thread, between the referring side and the receiving organisation."""

    referral = models.ForeignKey("referrals.Referral", on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    side = models.CharField(max_length=12, choices=Side.choices)
    body = EncryptedTextField(_("message"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"message {self.pk}"


class ServicePlanItem(PublicIdModel):
    """A goal, an activity (with its state) or a note of the receiving organisation's service plan."""

    referral = models.ForeignKey("referrals.Referral", on_delete=models.CASCADE, related_name="plan_items")
    kind = models.CharField(_("kind"), max_length=12, choices=PlanItemKind.choices)
    text = EncryptedTextField(_("text"))
    status = models.CharField(_("status"), max_length=12, choices=ActivityStatus.choices, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.pk}"
