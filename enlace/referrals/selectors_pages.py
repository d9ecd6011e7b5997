"""Reads behind the referral and protection pages and API: each checks the actor's right
itself (``can_manage_subject``, ``can_manage_protection``), so no page reads a consent, a
referral's history or a protection record on its own."""

from __future__ import annotations

import re
from uuid import UUID

from django.db.models import Q, QuerySet

from enlace.accounts.models import User
from enlace.audit.reads import audit_read, list_read
from enlace.core.errors import NotFound
from enlace.persons.models import Person

from .models import Consent, Notification, RecoveryPeriod, Referral, ReferralStatusChange
from .selectors import can_manage_protection, can_manage_subject, referrals_incoming

REFERENCE = re.compile(r"REF-?0*(\d{1,12})", re.IGNORECASE)


def consent_get_managed(*, actor: User, consent_id: UUID) -> Consent:
    """A consent whose subject the actor may manage (record, revoke); NotFound otherwise."""
    consent = Consent.objects.select_related("person", "screening", "recipient").filter(public_id=consent_id).first()
    if consent is None or not can_manage_subject(
            actor, person=consent.person, screening=None if consent.person_id else consent.screening):
        raise NotFound
    audit_read(actor=actor, action="consent.read", obj=consent)
    return consent


def referral_history(*, actor: User, referral: Referral) -> QuerySet[ReferralStatusChange]:
    """The status history of a referral the actor sent (``referral_get_sent`` found it)."""
    return referral.history.select_related("by")


def person_for_protection(*, actor: User, person_id: UUID) -> Person:
    person = Person.objects.visible_to(actor).filter(public_id=person_id).first()
    if person is None or not can_manage_protection(actor, person):
        raise NotFound
    audit_read(actor=actor, action="person.read", obj=person)
    return person


def protection_records(*, actor: User, person: Person) -> dict[str, list]:
    """Recovery periods (with extensions) and non-punishment flags of a person the actor protects."""
    if not can_manage_protection(actor, person):
        raise NotFound
    periods = list(person.recovery_periods.prefetch_related("extensions"))
    for period in periods:  # the page receives lists, never a manager to walk
        period.extension_list = list(period.extensions.all())  # type: ignore[attr-defined]
    return {"periods": periods, "flags": list(person.non_punishment_flags.all())}


def recovery_period_get(*, actor: User, period_id: UUID) -> RecoveryPeriod:
    period = RecoveryPeriod.objects.select_related("person").filter(public_id=period_id).first()
    if period is None:
        raise NotFound
    person_for_protection(actor=actor, person_id=period.person.public_id)
    return period


def notification_url(*, actor: User, notification_id: int) -> str:
    """Where one of the actor's own notifications points ("" for someone else's)."""
    note = Notification.objects.filter(pk=notification_id, user=actor).first()
    return note.url if note and note.url else ""


def referral_list_incoming_filtered(*, actor: User, status: str = "", search: str = "") -> QuerySet[Referral]:
    """The recipient's list, narrowed to one status and to a referral reference or a person's code
    (pseudonym) typed in full; recorded as one read, the search only as a hash."""
    list_read(actor=actor, area="referral.incoming", filters={"status": status}, search=search)
    referrals = referrals_incoming(actor=actor)
    if status:
        referrals = referrals.filter(status=status)
    text = search.strip()
    if text:
        match = REFERENCE.fullmatch(text)
        wanted = Q(screening__pseudonym__iexact=text) | Q(person__pseudonym__iexact=text)
        referrals = referrals.filter(wanted | Q(pk=int(match.group(1))) if match else wanted)
    return referrals
