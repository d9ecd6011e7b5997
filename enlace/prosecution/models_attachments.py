"""Files attached to a case's notes, timeline events and persons: documents and photos that are not
exhibits of the evidence registry, kept in the same encrypted store with the same fingerprint rule.

Why a person attachment points at the ``Person`` and the case, not at the ``CasePerson`` row: a
person taken out of a case (a wrong role) must not take the file with it or be blocked by it; the
file stays in the case's record, labelled through the identity gate.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from enlace.core.fields import EncryptedTextField
from enlace.core.public_ids import PublicIdModel

User = settings.AUTH_USER_MODEL


class AttachmentTarget(models.TextChoices):
    NOTE = "note", _("Note")
    EVENT = "event", _("Timeline event")
    PERSON = "person", _("Person")


class Attachment(PublicIdModel, models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="attachments")
    target = models.CharField(_("attached to"), max_length=10, choices=AttachmentTarget.choices)
    note = models.ForeignKey("cases.CaseNote", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    event = models.ForeignKey("cases.CaseEvent", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("persons.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    file_id = models.CharField(max_length=32, unique=True, editable=False)
    name = EncryptedTextField(_("file name"))  # a name can identify ("passport of ...")
    content_type = models.CharField(max_length=80)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64, editable=False)
    uploaded_by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        constraints = [models.CheckConstraint(
            name="attachment_one_target",
            condition=(Q(target="note", note__isnull=False, event__isnull=True, person__isnull=True)
                       | Q(target="event", event__isnull=False, note__isnull=True, person__isnull=True)
                       | Q(target="person", person__isnull=False, note__isnull=True, event__isnull=True)))]

    def __str__(self) -> str:
        return f"attachment {self.pk}"
