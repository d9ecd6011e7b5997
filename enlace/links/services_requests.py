"""Requests for information about a hidden hit, and the holder's answer.

Why a request and not a button that opens the other case: need-to-know. The user who got
"a possible match exists, held by <unit>" writes why they need to know; the holding
unit's liaisons and supervisors are told someone asked, and decide whether to share,
through the usual channels (a sharing of the case, a participant added, an answer here).
"""

from __future__ import annotations

from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from enlace.accounts.models import Institution, Unit, User
from enlace.accounts.roles import Role
from enlace.audit.reads import audit_read, list_read
from enlace.audit.services import audit_record
from enlace.core.errors import NotFound
from enlace.persons.models import Person
from enlace.persons.selectors import person_visible

from .hooks import hit_request_answerers, hit_request_sent
from .models import InformationRequest, RequestStatus
from .selectors import holders_for


@transaction.atomic
def request_create(*, actor: User, person: Person, holder_token: str, purpose: str) -> InformationRequest:
    """Ask the holder of a hidden hit next to ``person`` (a record the actor sees)."""
    if not actor.can_work_cases or not person_visible(actor=actor, person=person):
        raise NotFound
    holders = holders_for(actor=actor, person=person)
    if holder_token not in holders:
        raise NotFound  # same answer whether the holder exists, holds nothing, or is the actor's own
    purpose = purpose.strip()
    if len(purpose) < 20:
        raise ValidationError({"purpose": _("Explain why you need the information (at least 20 characters).")})
    if len(purpose) > 2000:
        raise ValidationError({"purpose": _("Keep the purpose under 2,000 characters.")})
    holder, held = holders[holder_token]
    if holder.kind == "unit":
        unit = Unit.objects.select_related("institution").get(pk=holder.id)
        institution = unit.institution
    else:
        unit, institution = None, Institution.objects.get(pk=holder.id)
    membership = actor.active_memberships[0] if actor.active_memberships else None
    req = InformationRequest.objects.create(
        about_person=person, held_person_ids=sorted(held), from_user=actor,
        from_unit=membership.unit if membership else None,
        from_institution=membership.institution if membership else None,
        to_institution=institution, to_unit=unit, purpose=purpose)
    audit_record(actor=actor, action="links.request_create", obj=req, details={
        "to": holder.token, "about": person.pseudonym})
    hit_request_sent(request=req)
    return req


def holder_q(actor: User) -> Q:
    """Requests the actor answers: supervisor of the unit, liaison of it or its institution, or
    the liaison the request was routed to (``hit_request_answerers``: the one rule, kept where the
    routing is)."""
    q = Q(pk__in=[])
    for extra in hit_request_answerers(actor=actor):
        if extra is not None:
            q |= extra
    if actor.supervised_unit_ids:
        q |= Q(to_unit_id__in=actor.supervised_unit_ids)
    for m in actor.active_memberships:
        if m.role != Role.LIAISON:
            continue
        q |= Q(to_unit_id=m.unit_id) if m.unit_id else Q(to_institution_id=m.institution_id)
    return q


def requests_incoming(*, actor: User) -> QuerySet[InformationRequest]:
    list_read(actor=actor, area="links.request", filters={"side": "incoming"})
    return InformationRequest.objects.filter(holder_q(actor)).select_related(
        "from_user", "from_unit", "from_institution", "to_unit", "to_institution")


def requests_outgoing(*, actor: User) -> QuerySet[InformationRequest]:
    list_read(actor=actor, area="links.request.outgoing", filters={"side": "outgoing"})
    return InformationRequest.objects.filter(from_user=actor).select_related("to_unit", "to_institution",
                                                                               "about_person")


def request_get(*, actor: User, request_id: UUID) -> tuple[InformationRequest, bool]:
    """The request and whether the actor is on the holder side (requester or holder, else 404)."""
    req = InformationRequest.objects.select_related(
        "from_user", "from_unit", "from_institution", "to_unit", "to_institution", "about_person").filter(
        public_id=request_id).first()
    # Asked for a missing request too (id 0, never a row): missing and forbidden cost the same.
    holder = InformationRequest.objects.filter(holder_q(actor), pk=req.pk if req else 0).exists()
    if req is None or (not holder and req.from_user_id != actor.pk):
        raise NotFound
    audit_read(actor=actor, action="links.request_read", obj=req)
    return req, holder


@transaction.atomic
def request_mark_seen(*, actor: User, req: InformationRequest) -> None:
    """First time a holder opens the request: recorded (the requester sees it was read)."""
    if req.holder_seen_at is None:
        InformationRequest.objects.filter(pk=req.pk, holder_seen_at__isnull=True).update(holder_seen_at=timezone.now())
        req.holder_seen_at = timezone.now()
        # The write of the mark; the read itself is what ``request_get`` recorded.
        audit_record(actor=actor, action="links.request_seen", obj=req)


@transaction.atomic
def request_answer(*, actor: User, req: InformationRequest, answer: str, decline: bool = False) -> InformationRequest:
    if not InformationRequest.objects.filter(holder_q(actor), pk=req.pk).exists():
        raise NotFound
    req = InformationRequest.objects.select_for_update().get(pk=req.pk)
    if req.status != RequestStatus.SENT:
        raise ValidationError({"answer": _("This request was already answered.")})
    answer = answer.strip()
    if len(answer) < 5:
        raise ValidationError({"answer": _("Write an answer (or the reason for declining).")})
    req.status = RequestStatus.DECLINED if decline else RequestStatus.ANSWERED
    req.answer, req.answered_by, req.answered_at = answer[:4000], actor, timezone.now()
    req.save(update_fields=["status", "answer", "answered_by", "answered_at"])
    audit_record(actor=actor, action="links.request_decline" if decline else "links.request_answer", obj=req)
    return req
