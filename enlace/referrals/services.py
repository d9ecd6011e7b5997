"""Writes for consent, referrals and notifications. Atomic, validated, audited in the same transaction.

The consent gate: ``referral_create`` refuses to send anything unless a consent in force names this
recipient and this purpose (for a child: a guardian and a best-interest determination). The recipient's
reads and answers go through ``referral_get_incoming``, which checks the consent again every time, so a
withdrawal takes effect on the next request.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from enlace.accounts.models import Membership, User
from enlace.accounts.roles import Role
from enlace.audit.services import audit_record
from enlace.cases.models import Case
from enlace.core.changes import UNSET, Changes, Unset
from enlace.core.errors import Conflict, Forbidden, NotFound
from enlace.core.locking import update_versioned
from enlace.geo.selectors import place_errors

from .models import (
    OPEN_STATUSES,
    RECIPIENT_TRANSITIONS,
    ClosureOutcome,
    ClosureReason,
    Consent,
    ConsentBasis,
    ConsentPurpose,
    DataCategory,
    Notification,
    NotificationKind,
    Referral,
    ReferralReminder,
    ReferralStatus,
    ReferralStatusChange,
    Service,
    ServiceOffer,
)
from .selectors import (
    active_consent_for,
    can_manage_subject,
    consent_is_active,
    days_waiting,
    overdue_q,
    referral_get_incoming,
    referrals_sent_visible,
    subject_is_child,
    subject_pseudonym,
)

if TYPE_CHECKING:

    from enlace.accounts.models import Institution
    from enlace.cases.models import Case
    from enlace.persons.models import Person
    from enlace.screening.models import Screening

# ---------------------------------------------------------------- notifications


def notify(*, users: Iterable, kind: str, params: dict[str, Any], url: str = "") -> list[Notification]:
    """One line per user; params hold codes and pseudonyms only (rendered in the reader's language)."""
    seen: set[int] = set()
    rows = []
    for user in users:
        if user is None or user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        rows.append(Notification(user=user, kind=kind, params=params, url=url[:200]))
    return Notification.objects.bulk_create(rows)


def notify_case_team(*, case: Case, exclude: User | None = None, kind: str, params: dict[str, Any], url: str = "") -> list[Notification]:
    """The specialised team of a case; without a team, the supervisors of its lead unit."""
    if case.team_id:
        users = User.objects.filter(team_memberships__team_id=case.team_id, is_active=True)
    else:
        users = User.objects.filter(pk__in=Membership.objects.filter(
            unit_id=case.lead_unit_id,  # type: ignore[misc]  # None is allowed: the ORM makes it IS NULL
            role=Role.SUPERVISOR, is_active=True).values("user_id"))
    return notify(users=[u for u in users if u != exclude and u.can_work_cases], kind=kind, params=params, url=url)


def recipient_users(institution_id: int) -> QuerySet[User]:
    return User.objects.filter(is_active=True, memberships__institution_id=institution_id,
                               memberships__role=Role.SERVICE_PROVIDER, memberships__is_active=True).distinct()


@transaction.atomic
def notification_mark_read(*, actor: User, notification_id: int | None = None) -> int:
    """Mark one (or, with no id, every) notification of the actor as read; returns how many changed."""
    qs = Notification.objects.filter(user=actor, read_at__isnull=True)
    if notification_id is not None:
        qs = qs.filter(pk=notification_id)
    return qs.update(read_at=timezone.now())


# ---------------------------------------------------------------- consent


def _require_subject(actor: User, person: Person | None, screening: Screening | None) -> None:
    if (person is None) == (screening is None):
        raise ValidationError({"__all__": _("Choose the person or the screening this is about.")})
    if not can_manage_subject(actor, person=person, screening=screening):
        raise NotFound


def _actor_institution(actor: User) -> Institution:
    institution = actor.primary_institution
    if institution is None:
        raise Forbidden
    return institution


@transaction.atomic
def consent_record(*, actor: User, person: Person | None = None, screening: Screening | None = None, recipient: Institution,
                   purpose: str, categories: Iterable[str],
                   basis: str = ConsentBasis.CONSENT, informed: bool = False, given_on: dt.date | None = None,
                   purpose_note: str = "", explained_in: str = "", guardian_name: str = "", guardian_relation: str = "",
                   best_interest_authority: str = "", best_interest_reference: str = "",
                   valid_until: dt.date | None = None) -> Consent:
    """Record what may be shared with whom and why. A child's record is a guardian's agreement plus a
    best-interest determination; the person's own consent is not enough (nor required) for a child."""
    if screening is not None and screening.person_id:
        person, screening = screening.person, None  # a converted screening's subject is the person
    _require_subject(actor, person, screening)
    given_on = given_on or timezone.localdate()
    categories = list(dict.fromkeys(categories))
    errors: dict[str, Any] = {}
    if recipient is None or not recipient.is_active:
        errors["recipient"] = _("Choose the organisation the data will be shared with.")
    if purpose not in ConsentPurpose.values:
        errors["purpose"] = _("Choose the service this consent is for.")
    if not categories:
        errors["categories"] = _("Choose what may be shared.")
    elif any(c not in DataCategory.values for c in categories):
        errors["categories"] = _("Unknown category of data.")
    if given_on > timezone.localdate():
        errors["given_on"] = _("The date cannot be in the future.")
    if valid_until and valid_until < given_on:
        errors["valid_until"] = _("The end date is before the date of the consent.")
    is_child = subject_is_child(person=person, screening=screening)
    if basis not in ConsentBasis.values:
        errors["basis"] = _("Choose a value from the list.")
    elif is_child and basis != ConsentBasis.BEST_INTEREST:
        errors["basis"] = _("The person is a child: record the guardian and the best-interest determination.")
    if basis == ConsentBasis.BEST_INTEREST:
        if not guardian_name.strip():
            errors["guardian_name"] = _("Name the guardian (or the authority acting as guardian).")
        if not best_interest_authority.strip():
            errors["best_interest_authority"] = _("Say who determined that the referral is in the child's best interest.")
    elif basis == ConsentBasis.CONSENT and not informed:
        errors["informed"] = _("Confirm that the person was told what is shared, with whom, why, and that they "
                               "can withdraw consent at any time.")
    if not errors and active_consent_for(person=person, screening=screening, recipient=recipient, purpose=purpose):
        errors["recipient"] = _("A consent for this organisation and purpose is already in force. Withdraw it "
                                "first to record a different one.")
    if errors:
        raise ValidationError(errors)
    consent = Consent.objects.create(
        person=person, screening=screening, recipient=recipient, purpose=purpose, purpose_note=purpose_note.strip(),
        categories=categories, basis=basis, explained_in=explained_in.strip(), guardian_name=guardian_name.strip(),
        guardian_relation=guardian_relation.strip(), best_interest_authority=best_interest_authority.strip(),
        best_interest_reference=best_interest_reference.strip(), given_on=given_on, valid_until=valid_until,
        taken_by=actor, taken_by_institution=_actor_institution(actor))
    audit_record(actor=actor, action="consent.record", obj=consent,
                 case_id=screening.case_id if screening is not None else None,
                 details={"subject": subject_pseudonym(person=person, screening=screening),
                          "recipient": recipient.code, "purpose": purpose, "categories": categories, "basis": basis})
    return consent


@transaction.atomic
def consent_revoke(*, actor: User, consent: Consent, note: str = "") -> list[Referral]:
    """Withdraw a consent: every referral sent under it is revoked and the recipient loses access at once."""
    if not can_manage_subject(actor, person=consent.person, screening=None if consent.person_id else consent.screening):
        raise NotFound
    if consent.revoked_at is not None:
        raise ValidationError({"__all__": _("This consent was already withdrawn.")})
    now = timezone.now()
    Consent.objects.filter(pk=consent.pk).update(revoked_at=now, revoked_by=actor, revocation_note=note.strip()[:300])
    consent.revoked_at, consent.revoked_by, consent.revocation_note = now, actor, note.strip()[:300]
    revoked = []
    for referral in consent.referrals.filter(status__in=OPEN_STATUSES).select_for_update():
        _set_status(actor, referral, ReferralStatus.REVOKED, note=_("Consent withdrawn."))
        revoked.append(referral)
    for referral in consent.referrals.all():
        notify(users=recipient_users(referral.recipient_id), kind=NotificationKind.REFERRAL_REVOKED,
               params={"reference": referral.reference}, url="/referrals/incoming/")
    audit_record(actor=actor, action="consent.revoke", obj=consent,
                 details={"recipient": consent.recipient.code, "purpose": consent.purpose,
                          "referrals_revoked": [r.reference for r in revoked]})
    return revoked


# ---------------------------------------------------------------- referrals


def _set_status(actor: User, referral: Referral, to_status: str, *, note: str = "", reason: str = "") -> Referral:
    old = referral.status
    changes: dict[str, Any] = {"status": to_status}
    if old == ReferralStatus.SENT and to_status != ReferralStatus.REVOKED:
        changes["answered_at"] = timezone.now()
    if reason:
        changes["rejection_reason"] = reason
    if to_status == ReferralStatus.COMPLETED and referral.outcome:
        changes |= {"outcome": referral.outcome, "closure_reason": referral.closure_reason}
    update_versioned(referral, expected_version=referral.version, changes=changes)
    ReferralStatusChange.objects.create(referral=referral, from_status=old, to_status=to_status, by=actor,
                                        at=timezone.now(), note=(note or reason)[:500])
    audit_record(actor=actor, action="referral.status", obj=referral, case_id=referral.case_id,
                 details={"reference": referral.reference, "old": old, "new": to_status,
                          **({"outcome": referral.outcome, "closure_reason": referral.closure_reason}
                             if to_status == ReferralStatus.COMPLETED and referral.outcome else {})})
    return referral


def _person_case(actor: User, person):
    return Case.objects.visible_to(actor, full=True).filter(case_persons__person=person).order_by("-updated_at").first()


@transaction.atomic
def referral_create(*, actor: User, person: Person | None = None, screening: Screening | None = None, service: str, recipient: Institution,
                    needs: str = "",
                    language: str = "", contact: str = "", offer: ServiceOffer | None = None) -> Referral:
    """Refer the person to a service. Checks, at this moment, the consent for this recipient and purpose."""
    if screening is not None and screening.person_id:
        person, screening = screening.person, None
    _require_subject(actor, person, screening)
    errors: dict[str, Any] = {}
    if service not in Service.values:
        errors["service"] = _("Choose a service.")
    if recipient is None or not recipient.is_active:
        errors["recipient"] = _("Choose the organisation.")
    if offer is not None and (offer.institution_id != getattr(recipient, "pk", None) or offer.service != service):
        errors["offer"] = _("This directory entry is for another organisation or service.")
    if errors:
        raise ValidationError(errors)
    consent = active_consent_for(person=person, screening=screening, recipient=recipient, purpose=service)
    if consent is None:
        raise ValidationError({"consent": _("There is no consent in force to share data with %(org)s for %(service)s. "
                                            "Record the consent first.")
                               % {"org": recipient.name, "service": Service(service).label}})
    if subject_is_child(person=person, screening=screening) and consent.basis != ConsentBasis.BEST_INTEREST:
        raise ValidationError({"consent": _("The person is a child: a guardian and a best-interest determination "
                                            "are needed before referring.")})
    case = screening.case if screening is not None else _person_case(actor, person) if person is not None else None
    referral = Referral.objects.create(
        person=person, screening=screening, case=case, service=service, recipient=recipient, offer=offer,
        consent=consent, needs=needs.strip(), language=language.strip()[:60], contact=contact.strip(),
        sent_by=actor, sent_by_institution=_actor_institution(actor), sent_at=timezone.now())
    ReferralStatusChange.objects.create(referral=referral, from_status="", to_status=ReferralStatus.SENT, by=actor,
                                        at=referral.sent_at)
    notify(users=recipient_users(recipient.pk), kind=NotificationKind.REFERRAL_RECEIVED,
           params={"reference": referral.reference, "service": service}, url=f"/referrals/incoming/{referral.public_id}/")
    audit_record(actor=actor, action="referral.create", obj=referral, case_id=case.pk if case else None,
                 details={"reference": referral.reference, "subject": subject_pseudonym(person=person, screening=screening),
                          "service": service, "recipient": recipient.code, "consent": consent.pk})
    return referral


@transaction.atomic
def referral_respond(*, actor: User, referral_id: UUID, to_status: str, expected_version: int | None = None,
                     reason: str = "", outcome: str = "", closure_reason: str = "") -> Referral:
    """The receiving organisation accepts, rejects (with a reason), starts or closes the service (with
    its outcome, and the reason for closing when it did not succeed)."""
    referral, _view = referral_get_incoming(actor=actor, referral_id=referral_id)
    if expected_version is not None and referral.version != expected_version:

        raise Conflict(current_version=referral.version)
    if to_status not in RECIPIENT_TRANSITIONS.get(referral.status, ()):
        raise ValidationError({"to_status": _("A referral cannot go from %(a)s to %(b)s.") % {
            "a": ReferralStatus(referral.status).label,
            "b": ReferralStatus(to_status).label if to_status in ReferralStatus.values else to_status}})
    if to_status == ReferralStatus.REJECTED and len(reason.strip()) < 3:
        raise ValidationError({"reason": _("Give the reason for rejecting the referral.")})
    if to_status == ReferralStatus.COMPLETED:
        _close(referral, outcome=outcome, closure_reason=closure_reason)
    _set_status(actor, referral, to_status, reason=reason.strip() if to_status == ReferralStatus.REJECTED else "")
    notify(users=[referral.sent_by], kind=NotificationKind.REFERRAL_ANSWERED,
           params={"reference": referral.reference, "service": referral.service, "status": to_status},
           url=f"/referrals/{referral.public_id}/")
    return referral


def _close(referral: Referral, *, outcome: str, closure_reason: str) -> None:
    """The outcome of the service (and, when it did not succeed, why), set on the referral being closed."""
    errors = {}
    if outcome not in ClosureOutcome.values:
        errors["outcome"] = _("Say whether the service was successful.")
    if closure_reason and closure_reason not in ClosureReason.values:
        errors["closure_reason"] = _("Choose a value from the list.")
    elif outcome == ClosureOutcome.NOT_SUCCESSFUL and not closure_reason:
        errors["closure_reason"] = _("Give the reason the service was closed without success.")
    if errors:
        raise ValidationError(errors)
    referral.outcome = outcome
    referral.closure_reason = closure_reason or (ClosureReason.SERVICES_COMPLETED
                                                 if outcome == ClosureOutcome.SUCCESSFUL else "")


@transaction.atomic
def referral_revoke(*, actor: User, referral: Referral, reason: str = "") -> Referral:
    """The sending side cancels an open referral; the recipient loses access to it."""
    if not referrals_sent_visible(actor=actor).filter(pk=referral.pk).exists() or not can_manage_subject(
            actor, person=referral.person, screening=None if referral.person_id else referral.screening):
        raise NotFound
    if not referral.is_open:
        raise ValidationError({"__all__": _("Only an open referral can be revoked.")})
    _set_status(actor, referral, ReferralStatus.REVOKED, note=reason.strip() or _("Referral cancelled."))
    notify(users=recipient_users(referral.recipient_id), kind=NotificationKind.REFERRAL_REVOKED,
           params={"reference": referral.reference}, url="/referrals/incoming/")
    return referral


@transaction.atomic
def referrals_remind(*, now: dt.datetime | None = None, days: int | None = None) -> list[ReferralReminder]:
    """Record a reminder for every referral left unanswered too long (at most one a day per referral) and
    tell the senders and the receiving organisations in one digest each: one line naming every waiting
    referral, replacing the previous unread digest, rather than a notice per referral. Run daily:
    ``enlace referrals remind``."""
    now = now or timezone.now()
    reminders = []
    digest: dict[int, tuple[User, list[str]]] = {}
    for referral in Referral.objects.filter(overdue_q(now, days)).select_related("consent", "sent_by"):
        if referral.reminders.filter(at__gt=now - dt.timedelta(hours=23)).exists():
            continue
        waiting = days_waiting(referral, now)
        reminders.append(ReferralReminder.objects.create(referral=referral, at=now, days_waiting=waiting))
        users = [referral.sent_by]
        if consent_is_active(referral.consent):
            users += list(recipient_users(referral.recipient_id))
        for user in users:
            digest.setdefault(user.pk, (user, []))[1].append(referral.reference)
        audit_record(action="referral.remind", obj=referral, actor_label="system",
                     details={"reference": referral.reference, "days_waiting": waiting})
    for user, references in digest.values():
        Notification.objects.filter(user=user, kind=NotificationKind.REFERRAL_OVERDUE,
                                    read_at__isnull=True).update(read_at=now)
        notify(users=[user], kind=NotificationKind.REFERRAL_OVERDUE, url="/referrals/",
               params={"references": ", ".join(sorted(references))})
    return reminders


# ---------------------------------------------------------------- directory


def _can_edit_directory(actor: User, institution: Institution) -> bool:
    return actor.is_sysadmin or any(m.institution_id == institution.pk and m.role == Role.SERVICE_PROVIDER
                                    for m in actor.active_memberships)


@transaction.atomic
def offer_create(*, actor: User, institution: Institution, service: str, country: str, subdivision: str = "", contact: str = "",
                 capacity_notes: str = "") -> ServiceOffer:
    if not _can_edit_directory(actor, institution):
        raise Forbidden
    errors = {}
    if service not in Service.values:
        errors["service"] = _("Choose a service.")
    errors.update(place_errors(country=country, subdivision=subdivision))
    if errors:
        raise ValidationError(errors)
    offer = ServiceOffer.objects.create(institution=institution, service=service, country=country.upper(),
                                        subdivision=subdivision, contact=contact.strip(),
                                        capacity_notes=capacity_notes.strip(), created_by=actor)
    audit_record(actor=actor, action="referral.offer_add", obj=offer,
                 details={"institution": institution.code, "service": service, "subdivision": subdivision})
    return offer


@dataclass(frozen=True, kw_only=True)
class OfferChanges(Changes):
    """The fields of a service offer that ``offer_update`` changes (``UNSET``: leave as it is)."""

    contact: str | Unset = UNSET
    capacity_notes: str | Unset = UNSET
    is_active: bool | Unset = UNSET


@transaction.atomic
def offer_update(*, actor: User, offer: ServiceOffer, expected_version: int, changes: OfferChanges) -> ServiceOffer:
    if not _can_edit_directory(actor, offer.institution):
        raise Forbidden
    values = changes.given()
    update_versioned(offer, expected_version=expected_version, changes=values)
    audit_record(actor=actor, action="referral.offer_update", obj=offer, details={"fields": sorted(values)})
    return offer
