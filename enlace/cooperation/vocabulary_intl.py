"""Vocabularies of international cooperation and joint work.

Sources: UNTOC art. 18 (mutual legal assistance: requesting authority, facts and law, assistance
sought, confidentiality, time limits, central authorities), art. 19 (joint investigative bodies)
and art. 20; INTERPOL's colour-coded notices and diffusions; INTERPOL's Spartacus projects
(assessment, coordinated operation, evaluation) for the phases of an operation.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Direction(models.TextChoices):
    OUTGOING = "outgoing", _("Outgoing (we request)")
    INCOMING = "incoming", _("Incoming (we are requested)")


class LegalBasis(models.TextChoices):
    TREATY = "treaty", _("Treaty")
    UNTOC_18 = "untoc_18", _("UNTOC art. 18")
    RECIPROCITY = "reciprocity", _("Reciprocity")


class AssistanceType(models.TextChoices):
    EVIDENCE = "evidence", _("Taking evidence or statements")
    DOCUMENTS = "documents", _("Documents and records")
    SEARCH = "search", _("Search and seizure")
    LOCATE = "locate", _("Locating or identifying persons")
    SERVICE = "service", _("Service of judicial documents")
    TRANSFER = "transfer", _("Temporary transfer of a detained person")
    ASSETS = "assets", _("Tracing, freezing or confiscating proceeds")
    OTHER = "other", _("Other assistance")


class MlaStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    MORE_INFO = "more_info", _("Additional information requested")
    IN_EXECUTION = "in_execution", _("In execution")
    PARTLY_EXECUTED = "partly_executed", _("Partly executed")
    EXECUTED = "executed", _("Executed")
    REFUSED = "refused", _("Refused")
    POSTPONED = "postponed", _("Postponed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


MLA_CLOSED = frozenset({MlaStatus.EXECUTED, MlaStatus.REFUSED, MlaStatus.WITHDRAWN})
# Statuses whose move needs a reason in the timeline (UNTOC art. 18(23): reasons for a refusal).
MLA_NEEDS_REASON = frozenset({MlaStatus.REFUSED, MlaStatus.POSTPONED, MlaStatus.MORE_INFO})
MLA_MOVES: dict[str, frozenset[str]] = {
    MlaStatus.DRAFT: frozenset({MlaStatus.SENT, MlaStatus.WITHDRAWN}),
    MlaStatus.SENT: frozenset({MlaStatus.ACKNOWLEDGED, MlaStatus.MORE_INFO, MlaStatus.IN_EXECUTION,
                               MlaStatus.REFUSED, MlaStatus.POSTPONED, MlaStatus.WITHDRAWN}),
    MlaStatus.ACKNOWLEDGED: frozenset({MlaStatus.MORE_INFO, MlaStatus.IN_EXECUTION, MlaStatus.REFUSED,
                                       MlaStatus.POSTPONED, MlaStatus.WITHDRAWN}),
    MlaStatus.MORE_INFO: frozenset({MlaStatus.SENT, MlaStatus.IN_EXECUTION, MlaStatus.REFUSED, MlaStatus.WITHDRAWN}),
    MlaStatus.IN_EXECUTION: frozenset({MlaStatus.PARTLY_EXECUTED, MlaStatus.EXECUTED, MlaStatus.POSTPONED,
                                       MlaStatus.REFUSED}),
    MlaStatus.PARTLY_EXECUTED: frozenset({MlaStatus.IN_EXECUTION, MlaStatus.EXECUTED}),
    MlaStatus.POSTPONED: frozenset({MlaStatus.IN_EXECUTION, MlaStatus.REFUSED, MlaStatus.WITHDRAWN}),
}


class NoticeColour(models.TextChoices):
    RED = "red", _("Red: arrest with a view to extradition")
    YELLOW = "yellow", _("Yellow: missing person")
    BLUE = "blue", _("Blue: more information on a person")
    GREEN = "green", _("Green: warning about a person")
    BLACK = "black", _("Black: unidentified body")
    ORANGE = "orange", _("Orange: imminent threat")
    PURPLE = "purple", _("Purple: modus operandi")
    DIFFUSION = "diffusion", _("Diffusion (circulated by a country)")


class InterpolStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    ISSUED = "issued", _("Issued")
    REFUSED = "refused", _("Refused")
    CANCELLED = "cancelled", _("Cancelled")


class JitBasis(models.TextChoices):
    UNTOC_19 = "untoc_19", _("UNTOC art. 19")
    BILATERAL = "bilateral", _("Bilateral agreement")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class MilestoneStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    MET = "met", _("Met")
    MISSED = "missed", _("Missed")


class OperationPhase(models.TextChoices):
    ASSESSMENT = "assessment", _("Assessment")
    OPERATION = "operation", _("Coordinated operation")
    EVALUATION = "evaluation", _("Evaluation")
    CLOSED = "closed", _("Closed")
