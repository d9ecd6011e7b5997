"""The vocabularies of cooperation: kinds of agreement, what may flow, conditions, request states.

Sources: UN.GIFT / IOM Guiding Principles on memoranda of understanding (2009): parties, purpose,
information shared and how, protection of trafficked persons, duration, review and termination;
MISP's sharing model for "the most restrictive setting wins".
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AgreementKind(models.TextChoices):
    MOU = "mou", _("Memorandum of understanding")
    INTER_INSTITUTIONAL = "inter_institutional", _("Inter-institutional agreement")
    PROTOCOL = "protocol", _("Protocol")
    TREATY = "treaty", _("Treaty basis")


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_FORCE = "in_force", _("In force")
    SUSPENDED = "suspended", _("Suspended")
    EXPIRED = "expired", _("Expired")
    TERMINATED = "terminated", _("Terminated")


class DataCategory(models.TextChoices):
    CASE_SUMMARY = "case_summary", _("Case summary")
    PERSONS = "persons", _("Persons by pseudonym")
    IDENTITIES = "identities", _("Identities")
    EVIDENCE = "evidence", _("Evidence")
    STATISTICS = "statistics", _("Statistics")


class RequestStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    IN_PROGRESS = "in_progress", _("In progress")
    ANSWERED = "answered", _("Answered")
    PARTLY_ANSWERED = "partly_answered", _("Partly answered")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_REQUEST_STATUSES = frozenset({RequestStatus.SENT, RequestStatus.ACKNOWLEDGED, RequestStatus.IN_PROGRESS})
# Moves the receiving side may make, from each open state.
RECEIVER_MOVES = {
    RequestStatus.SENT: {RequestStatus.ACKNOWLEDGED, RequestStatus.IN_PROGRESS, RequestStatus.REFUSED},
    RequestStatus.ACKNOWLEDGED: {RequestStatus.IN_PROGRESS, RequestStatus.REFUSED},
    RequestStatus.IN_PROGRESS: {RequestStatus.REFUSED},
}


class Urgency(models.TextChoices):
    ROUTINE = "routine", _("Routine")
    URGENT = "urgent", _("Urgent")
    IMMEDIATE = "immediate", _("Immediate (life at risk)")


class NoticeKind(models.TextChoices):
    REQUEST_RECEIVED = "request_received", _("New information request")
    REQUEST_ESCALATED = "request_escalated", _("Information request escalated to you")
    REQUEST_REMINDER = "request_reminder", _("Information request due soon")
    REQUEST_ANSWERED = "request_answered", _("Your information request was answered")
    AGREEMENT_LAPSED = "agreement_lapsed", _("An agreement no longer in force: its sharings ended")
    MLA_DUE = "mla_due", _("Mutual legal assistance request due soon or overdue")
    MILESTONE_DUE = "milestone_due", _("Plan milestone due soon or overdue")
    JIT_EXPIRING = "jit_expiring", _("Joint investigation team expiring")
    HIT_REQUEST = "hit_request", _("Follow-up of a hit addressed to your institution")
    HIT_ESCALATED = "hit_escalated", _("Unanswered follow-up of a hit escalated to you")


# What a case sharing of each scope discloses.
SCOPE_CATEGORIES = {
    "summary": (DataCategory.CASE_SUMMARY,),
    "full": (DataCategory.CASE_SUMMARY, DataCategory.PERSONS, DataCategory.EVIDENCE),
}
# Categories that carry victims' data: an agreement's consent condition applies to them.
PERSONAL_CATEGORIES = frozenset({DataCategory.PERSONS, DataCategory.IDENTITIES, DataCategory.EVIDENCE})
