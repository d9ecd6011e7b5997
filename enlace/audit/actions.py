"""What the auditor's page calls the recorded actions (the action codes stay as they are stored).

Reads and denials, which an auditor filters on to answer "who looked at this case, this person,
this name", and the writes people do every day, so the log reads as "María Quispe · Case opened ·
case DTTP-LP-2026-00006". An action without a name here is shown by its code.
"""

from __future__ import annotations

from dataclasses import dataclass

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
    "audit.verify": _("Audit chain verified"),
    "auth.login": _("Signed in"),
    "auth.login_failed": _("Sign-in failed"),
    "auth.logout": _("Signed out"),
    "auth.totp_enrolled": _("Second factor enrolled"),
    "auth.totp_failed": _("Second factor refused"),
    "auth.totp_ok": _("Second factor accepted"),
    "case.create": _("Case opened (new)"),
    "case.update": _("Case details changed"),
    "case.status": _("Case status changed"),
    "case.event_add": _("Event added to a case"),
    "case.note_add": _("Note added to a case"),
    "case.person_add": _("Person added to a case"),
    "case.person_update": _("Person's role in a case changed"),
    "case.person_remove": _("Person taken out of a case"),
    "case.place_add": _("Place added to a case"),
    "case.place_remove": _("Place removed from a case"),
    "case.reference_add": _("Reference number added to a case"),
    "case.task_add": _("Task added to a case"),
    "case.task_done": _("Task completed"),
    "case.report": _("Case file report printed"),
    "case.entity_add": _("Organisation, vehicle or account added to a case"),
    "case.entity_update": _("Organisation, vehicle or account changed"),
    "case.entity_remove": _("Organisation, vehicle or account removed from a case"),
    "person.create": _("Person recorded"),
    "person.update": _("Person's details changed"),
    "person.identifiers_add": _("Identifiers added to a person"),
    "person.search": _("Persons searched"),
    "screening.create": _("Screening started"),
    "screening.update": _("Screening changed"),
    "screening.answer": _("Screening answers recorded"),
    "screening.complete": _("Screening completed"),
    "screening.discard": _("Screening discarded"),
    "screening.hand_over": _("Screening handed over"),
    "screening.convert": _("Screening added to a case"),
    "screening.offline_key": _("Key for drafts kept on a device issued"),
    "screening.offline_sync": _("Screening draft received from a device"),
    "referral.create": _("Referral sent"),
    "referral.status": _("Referral answered or updated"),
    "consent.record": _("Consent recorded"),
    "consent.revoke": _("Consent revoked"),
    "links.decide": _("Match decided"),
    "links.merge": _("Persons merged"),
    "case.persons_merge": _("Two records of one person merged in a case"),
    "links.unmerge": _("Merge undone"),
    "permission.case_share": _("Case shared with another institution"),
    "permission.case_unshare": _("Sharing of a case ended"),
    "permission.case_participant_add": _("Person given access to a case"),
    "permission.case_participant_remove": _("Person's access to a case removed"),
    "permission.break_glass": _("Emergency access used"),
    "permission.grant": _("Role granted"),
    "permission.revoke": _("Role revoked"),
    "permission.deactivate": _("Account deactivated"),
    "permission.reactivate": _("Account reactivated"),
    "grant.request": _("Grant of access requested"),
    "grant.approve": _("Grant of access approved"),
    "grant.reject": _("Grant of access refused"),
    "user.create": _("Account created"),
    "evidence.create": _("Evidence item registered"),
    "evidence.custody.transfer": _("Evidence handed over"),
    "evidence.custody.confirm": _("Evidence hand-over confirmed"),
    "permission.team_add": _("Member added to a team"),
    "permission.team_remove": _("Member removed from a team"),
    "permission.totp_reset": _("Second factor reset"),
    "institution.create": _("Institution created"),
    "institution.deactivate": _("Institution deactivated"),
    "institution.reactivate": _("Institution reactivated"),
    "unit.create": _("Unit created"),
    "unit.deactivate": _("Unit deactivated"),
    "unit.reactivate": _("Unit reactivated"),
    "team.create": _("Team created"),
    "team.deactivate": _("Team deactivated"),
    "team.reactivate": _("Team reactivated"),
    "token.create": _("API token created"),
    "token.revoke": _("API token revoked"),
    "token.expire": _("API tokens expired"),
    "token.approve": _("API token approved"),
    "user.password_change": _("Password changed"),
    "user.provision": _("Account created on the command line"),
    "audit.reveals_read": _("Reveals report viewed"),
    "audit.suggest.search": _("References and pseudonyms looked up in the audit log"),
    "export.audit": _("Audit log exported (CSV)"),
    "export.audit_reveals": _("Reveals report exported (CSV)"),
    "audit.restore": _("Restored from a backup"),
    "audit.alert": _("Audit alert sent"),
    "attachment.add": _("Attachment added"),
    "attachment.download": _("Attachment downloaded"),
    "proceedings.read": _("Proceedings viewed"),
    "elements.read": _("Elements of the offence viewed"),
    "technique.read": _("Special technique viewed"),
    "technique.list": _("Special techniques viewed"),
    "monitoring.release.download": _("Statistics release downloaded"),
}


@dataclass(frozen=True)
class Family:
    """A kind of action the auditor filters on, instead of typing code prefixes."""

    label: Promise
    prefixes: tuple[str, ...] = ()
    writes_only: bool = False  # reads of the same area belong to "reads", not here


# The auditor's "kind of action" list, in this order. An action belongs to the first family that
# names its prefix (reads, denials and reveals are matched by ``family_q`` on their own rules).
FAMILIES: dict[str, Family] = {
    "read": Family(_("Reads (pages, lists, searches, exports)")),
    "denied": Family(_("Denied attempts")),
    "reveal": Family(_("Identities revealed")),
    "signin": Family(_("Sign-in and sign-out"), ("auth.", "user.password_change")),
    "cases": Family(_("Changes to cases"), ("case.", "attachment."), writes_only=True),
    "persons": Family(_("Changes to persons"), ("person.",), writes_only=True),
    "screening": Family(_("Screenings"), ("screening.",), writes_only=True),
    "referrals": Family(_("Referrals, consents and protection"), ("referral.", "consent.", "protection."),
                        writes_only=True),
    "links": Family(_("Matching and requests between cases"), ("links.",), writes_only=True),
    "prosecution": Family(_("Evidence, proceedings and special techniques"),
                          ("evidence.", "proceedings.", "elements.", "technique."), writes_only=True),
    "cooperation": Family(_("Cooperation between institutions"), ("cooperation.",), writes_only=True),
    "access": Family(_("Accounts, roles and access"),
                     ("permission.", "grant.", "user.", "token.", "institution.", "unit.", "team.")),
    "exports": Family(_("Exports"), ("export.",)),
    "audit": Family(_("Audit log, keys and backups"), ("audit.", "keys.", "system.")),
    "other": Family(_("Capacity, statistics and operations"), ("capacity.", "monitoring.", "job.", "demo.")),
}


def family_of(action: str) -> str:
    """The key of the family an action belongs to ("" when none names it)."""
    if action == DENIED:
        return "denied"
    if action.endswith(".reveal"):
        return "reveal"
    for key, family in FAMILIES.items():
        if family.prefixes and action.startswith(family.prefixes):
            if family.writes_only and is_read_action(action):
                return "read"
            return key
    return "read" if is_read_action(action) else ""


def family_choices() -> list[tuple[str, Promise]]:
    return [(key, family.label) for key, family in FAMILIES.items()]


def action_label(action: str) -> str:
    """The translated name of an action; for one without a name of its own, its family's name (the
    page shows the code beside it in small print); "" only for an action no family names."""
    label = ACTION_LABELS.get(action)
    if label is not None:
        return str(label)
    family = FAMILIES.get(family_of(action))
    return str(family.label) if family is not None else ""

