"""Who may see a case beyond its team and lead unit: participants and sharings, under four eyes.

Adding a participant or sharing a case with another institution gives access to its persons.
The write asks for it (an ``AccessGrantRequest`` of the accounts app, kinds registered in
``grant_kinds.py``) and the access exists only once a supervisor of the case's lead unit or a
designated approver of its lead institution, never the one who asked, approves it. The
``*_grant`` functions apply an approved request (and build test and demo worlds); no page or API
calls them directly. Break-glass (``case_break_glass``) is the one exception: one person, a
mandatory reason, a few hours, loudly audited, see docs/separation-of-duties.md.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from enlace.accounts import hooks as account_hooks
from enlace.accounts.models import AccessGrantRequest, Institution, User
from enlace.accounts.services_grants import grant_request
from enlace.audit.services import audit_record
from enlace.core.disclosure import Disclosure, check_disclosure

from .models import Case, CaseParticipant, CaseSharing
from .services import require_write
from .vocabulary import SharingScope

KIND_PARTICIPANT = "case.participant"
KIND_SHARING = "case.share"
REASON_MIN = 20


@transaction.atomic
def case_participant_add(*, actor: User, case: Case, user: User) -> AccessGrantRequest:
    """Ask for ``user`` to be added to the case; added when a second person approves."""
    require_write(actor, case)
    return grant_request(actor=actor, kind=KIND_PARTICIPANT, institution=case.lead_institution,
                         unit=case.lead_unit, subject=user,
                         payload={"case_id": case.pk, "user_id": user.pk, "username": user.username})


@transaction.atomic
def case_participant_grant(*, actor: User | None, case: Case, user: User, requested_by: User | None = None,
                           expires_at: dt.datetime | None = None) -> CaseParticipant:
    """Add the participant now (an approved request, break-glass, a test's or the demo's world)."""
    p, created = CaseParticipant.objects.get_or_create(case=case, user=user,
                                                       defaults={"added_by": requested_by or actor,
                                                                 "expires_at": expires_at})
    if not created and p.expires_at is not None and (expires_at is None or expires_at > p.expires_at):
        p.expires_at = expires_at
        p.save(update_fields=["expires_at"])
    audit_record(actor=actor, action="permission.case_participant_add", obj=case, case_id=case.pk,
                 details={"user": user.username, "expires": expires_at.isoformat() if expires_at else None},
                 actor_label=None if actor is not None else "(command line)")
    return p


def check_sharing(actor: User, case: Case, institution: Institution, scope: str, purpose: str,
                  valid_until: dt.date | None, agreement_id: int | None) -> int | None:
    """Ask the disclosure policies; return the agreement the sharing rests on: the one cited, or
    the one a policy found in force for these parties and this scope (``Decision.basis``)."""
    if scope not in SharingScope.values:
        raise ValidationError({"scope": _("Unknown sharing scope.")})
    if not purpose.strip():
        raise ValidationError({"purpose": _("Say why the case is shared.")})
    decision = check_disclosure(Disclosure(
        kind="case.share", actor=actor, recipient=institution, subject=case, scope=scope,
        agreement_ref=str(agreement_id or ""), details={"purpose": purpose, "valid_until": valid_until}))
    return agreement_id or (int(decision.basis) if decision.basis.isdigit() else None)


@transaction.atomic
def case_sharing_create(*, actor: User, case: Case, institution: Institution, scope: str, purpose: str,
                        valid_until: dt.date | None = None, agreement_id: int | None = None) -> AccessGrantRequest:
    """Ask to share the case with another institution; shared when a second person approves.
    The disclosure policies are asked now (a refusal stores nothing) and again at approval."""
    require_write(actor, case)
    agreement_id = check_sharing(actor, case, institution, scope, purpose, valid_until, agreement_id)
    return grant_request(actor=actor, kind=KIND_SHARING, institution=case.lead_institution, unit=case.lead_unit,
                         payload={"case_id": case.pk, "institution_id": institution.pk, "recipient": institution.code,
                                  "scope": scope, "purpose": purpose.strip(), "agreement_id": agreement_id,
                                  "valid_until": valid_until.isoformat() if valid_until else None})


@transaction.atomic
def case_sharing_grant(*, actor: User | None, case: Case, institution: Institution, scope: str, purpose: str,
                       valid_until: dt.date | None = None, agreement_id: int | None = None,
                       requested_by: User | None = None) -> CaseSharing:
    """Share now (an approved request, a test's or the demo's world)."""
    s = CaseSharing.objects.create(case=case, institution=institution, scope=scope, purpose=purpose,
                                   valid_until=valid_until, agreement_id=agreement_id,
                                   created_by=requested_by or actor)
    audit_record(actor=actor, action="permission.case_share", obj=case, case_id=case.pk,
                 details={"institution": institution.code, "scope": scope, "agreement": agreement_id})
    return s


@transaction.atomic
def case_sharing_end(*, actor: User, case: Case, sharing_id: int) -> None:
    require_write(actor, case)
    CaseSharing.objects.filter(case=case, pk=sharing_id).update(is_active=False)
    audit_record(actor=actor, action="permission.case_unshare", obj=case, case_id=case.pk, details={"sharing": sharing_id})


@transaction.atomic
def case_sharings_expire(*, today: dt.date | None = None) -> int:
    """End every sharing whose ``valid_until`` has passed (a scheduled job, daily).

    The access rule already ignores them; ending them makes the case page and the counts say
    so, and records in the audit log when the access ended, like an end by hand.
    """
    today = today or timezone.localdate()
    expired = list(CaseSharing.objects.select_for_update().filter(is_active=True, valid_until__lt=today)
                   .select_related("institution"))
    for sharing in expired:
        sharing.is_active = False
        sharing.save(update_fields=["is_active"])
        audit_record(actor_label="(scheduler)", action="permission.case_unshare", object_type="cases.case",
                     object_id=sharing.case_id, case_id=sharing.case_id,
                     details={"sharing": sharing.pk, "institution": sharing.institution.code, "expired": True,
                              "valid_until": str(sharing.valid_until)})
    return len(expired)


@transaction.atomic
def case_break_glass(*, user: User, case: Case, reason: str, hours: int) -> CaseParticipant:
    """Emergency access without a second person: time-limited, with a mandatory reason, audited as
    ``permission.break_glass`` and told to every auditor at once. The access rule ignores the
    participant after ``hours``; a scheduled job then removes it."""
    if len(reason.strip()) < REASON_MIN:
        raise ValidationError({"reason": _("Explain the emergency (at least %(n)s characters).") % {"n": REASON_MIN}})
    if not 1 <= hours <= settings.ENLACE_BREAK_GLASS_MAX_HOURS:
        raise ValidationError({"hours": _("Emergency access lasts 1 to %(max)s hours.")
                               % {"max": settings.ENLACE_BREAK_GLASS_MAX_HOURS}})
    if not user.is_active or not user.can_work_cases:
        raise ValidationError({"user": _("This account cannot work cases.")})
    if CaseParticipant.objects.filter(case=case, user=user, expires_at__isnull=True).exists():
        raise ValidationError({"user": _("This user already takes part in the case.")})
    until = timezone.now() + dt.timedelta(hours=hours)
    p = case_participant_grant(actor=None, case=case, user=user, expires_at=until)
    audit_record(action="permission.break_glass", obj=case, case_id=case.pk, actor_label="(command line)",
                 details={"user": user.username, "until": until.isoformat(), "hours": hours, "reason": reason.strip()})
    account_hooks.break_glass_used(user=user, case_id=case.pk, until=until)
    return p


@transaction.atomic
def case_participants_expire(*, now: dt.datetime | None = None) -> int:
    """Remove time-limited participants (break-glass) whose time is up; each removal is audited."""
    now = now or timezone.now()
    expired = list(CaseParticipant.objects.select_for_update().select_related("user")
                   .filter(Q(expires_at__lte=now)))
    for p in expired:
        audit_record(actor_label="(scheduler)", action="permission.case_participant_remove",
                     object_type="cases.case", object_id=p.case_id, case_id=p.case_id,
                     details={"user": p.user.username, "expired": True})
    CaseParticipant.objects.filter(pk__in=[p.pk for p in expired]).delete()
    return len(expired)
