"""What the auditor's page calls the recorded reads (the action codes stay as they are stored).

Only reads and denials are named here: they are what an auditor filters on to answer "who looked
at this case, this person, this name". Other actions are shown by their code.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

DENIED = "access.denied"
# Actions that record a read of protected data (``enlace.audit.reads``), denied attempts included.
READ_SUFFIXES = (".read", "_read", ".list", ".search", ".reveal", ".download")
READ_PREFIXES = ("export.",)


def is_read_action(action: str) -> bool:
    return action == DENIED or action.endswith(READ_SUFFIXES) or action.startswith(READ_PREFIXES)


ACTION_LABELS: dict[str, Promise] = {
    "access.denied": _("Access denied (or no such record)"),
    "case.read": _("Case opened"),
    "case.list": _("Case list viewed"),
    "case.search": _("Cases searched"),
    "person.read": _("Person viewed"),
    "person.reveal": _("Identity revealed"),
    "screening.read": _("Screening viewed"),
    "screening.list": _("Screening list viewed"),
    "screening.reveal": _("Screening identity revealed"),
    "referral.read": _("Referral viewed"),
    "referral.list": _("Referral list viewed"),
    "referral.incoming.list": _("Incoming referrals viewed"),
    "referral.subject_read": _("Protection and referrals of a person viewed"),
    "consent.read": _("Consent viewed"),
    "notification.list": _("Notifications viewed"),
    "links.candidate_read": _("Match proposal viewed"),
    "links.candidate.list": _("Match review queue viewed"),
    "links.network_read": _("Network viewed"),
    "links.request_read": _("Request for information viewed"),
    "links.request.list": _("Incoming requests for information viewed"),
    "links.request.outgoing.list": _("Sent requests for information viewed"),
    "links.route.list": _("Routes viewed"),
    "links.transnational.list": _("Transnational links viewed"),
    "evidence.read": _("Evidence item viewed"),
    "evidence.list": _("Evidence register viewed"),
    "evidence.file.download": _("Evidence file downloaded"),
    "export.ftm": _("Exported (FollowTheMoney)"),
    "export.graphml": _("Exported (GraphML)"),
    "export.csv": _("Exported (CSV)"),
    "audit.read": _("Audit log viewed"),
    "audit.case_read": _("Case audit trail viewed"),
}


def action_label(action: str) -> str:
    """The translated name of a read or denial; "" for other actions (shown by their code)."""
    label = ACTION_LABELS.get(action)
    return str(label) if label is not None else ""
