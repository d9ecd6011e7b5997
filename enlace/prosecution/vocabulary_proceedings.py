"""Closed vocabularies of the elements matrix and of the proceedings (codes stored, labels translated)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ElementStatus(models.TextChoices):
    ESTABLISHED = "established", _("Established")
    SUPPORTED = "supported", _("Supported")
    WEAK = "weak", _("Weak")
    MISSING = "missing", _("Missing")


class ChargeStatus(models.TextChoices):
    PENDING = "pending", _("Pending (being prepared)")
    FILED = "filed", _("Filed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class HearingKind(models.TextChoices):
    PRECAUTIONARY = "precautionary", _("Precautionary measures")
    ANTICIPATED_TESTIMONY = "anticipated", _("Anticipated testimony")
    PRELIMINARY = "preliminary", _("Preliminary hearing")
    TRIAL = "trial", _("Oral trial")
    JUDGMENT = "judgment", _("Reading of the judgment")
    APPEAL = "appeal", _("Appeal")
    OTHER = "other", _("Other")


class Participation(models.TextChoices):
    """How a victim or witness takes part without meeting the accused (or testifies only once)."""

    GESELL = "gesell", _("Gesell chamber")
    VIDEO = "video", _("Video link")
    SCREENS = "screens", _("Screens")
    ANTICIPATED = "anticipated", _("Anticipated testimony (testifies once)")
    SUPPORT_PERSON = "support", _("Support person present")


class Verdict(models.TextChoices):
    CONVICTED = "convicted", _("Convicted")
    ACQUITTED = "acquitted", _("Acquitted")
    DISMISSED = "dismissed", _("Dismissed")


class AppealKind(models.TextChoices):
    APPEAL = "appeal", _("Appeal")
    CASSATION = "cassation", _("Cassation")


class AppealOutcome(models.TextChoices):
    PENDING = "pending", _("Pending")
    UPHELD = "upheld", _("Judgment upheld")
    OVERTURNED = "overturned", _("Judgment overturned")
    RETRIAL = "retrial", _("Retrial ordered")
    MODIFIED = "modified", _("Sentence modified")


class MeasureKind(models.TextChoices):
    RESTRAINING = "restraining", _("Restraining order")
    POLICE_PROTECTION = "police", _("Police protection")
    IDENTITY_RESERVE = "identity", _("Identity kept confidential")
    RELOCATION = "relocation", _("Relocation")
    SHELTER = "shelter", _("Shelter")
    OTHER = "other", _("Other")


class MeasureStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    ACTIVE = "active", _("In force")
    ENDED = "ended", _("Ended")
    REFUSED = "refused", _("Refused")


DEFENDANT_ROLES = ("suspect", "defendant")
PROTECTED_PERSON_ROLES = ("presumed_victim", "victim", "witness", "reporting")
VICTIM_ROLES = ("presumed_victim", "victim")
# Days before a stage's time limit when its prosecutor is alerted.
DEADLINE_ALERT_DAYS = 7
