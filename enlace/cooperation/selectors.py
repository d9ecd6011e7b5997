"""Reads of the cooperation app; each takes the acting user and applies who may see what.

An agreement is seen by the users of its parties who work cases or are liaisons. A request is
seen by whoever sent it and by the liaisons who answer for the asked institution (nationally, or
for the request's department); the same 404 for missing and not-yours.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any
from uuid import UUID

from django.db.models import Q, QuerySet
from django.utils import timezone

from enlace.accounts.models import Institution, User
from enlace.accounts.roles import Role
from enlace.audit.reads import audit_read
from enlace.core.errors import NotFound

from .models import Agreement, InformationRequest, Liaison, Notice, RequestAttachment
from .policy import answer_readable, in_force_q
from .selectors_intl import international_due
from .selectors_plans import milestones_due
from .vocabulary import OPEN_REQUEST_STATUSES

EXPIRY_WINDOW_DAYS = 90


def may_cooperate(actor: User) -> bool:
    return actor.can_work_cases


def is_liaison(actor: User) -> bool:
    return Role.LIAISON in actor.roles


def agreement_list(*, actor: User, status: str = "") -> QuerySet[Agreement]:
    if not may_cooperate(actor):
        return Agreement.objects.none()
    qs = Agreement.objects.filter(pk__in=Agreement.objects.filter(parties__in=actor.institution_ids).values("pk"))
    qs = qs.prefetch_related("parties")
    return qs.filter(status=status) if status else qs


def agreement_get(*, actor: User, agreement_id: int) -> Agreement:
    agreement = agreement_list(actor=actor).prefetch_related("flows__provider", "flows__recipient", "liaisons").filter(
        pk=agreement_id).first()
    if agreement is None:
        raise NotFound
    return agreement


def agreements_in_force_between(*, actor: User, institution_id: int) -> QuerySet[Agreement]:
    """Agreements in force binding one of the actor's institutions and this one (for a request)."""
    return agreement_list(actor=actor).filter(in_force_q()).filter(parties=institution_id)


def agreements_expiring(*, actor: User, today: dt.date | None = None) -> QuerySet[Agreement]:
    today = today or timezone.localdate()
    return agreement_list(actor=actor).filter(in_force_q(), expires_on__lte=today + dt.timedelta(days=EXPIRY_WINDOW_DAYS))


def _incoming_q(actor: User) -> Q:
    cond = Q(assigned_to=actor)
    for post in Liaison.objects.filter(user=actor, is_active=True):
        cond |= Q(institution_id=post.institution_id) if not post.subdivision else Q(
            institution_id=post.institution_id, subdivision=post.subdivision)
    return cond


def requests_incoming(*, actor: User, open_only: bool = False) -> QuerySet[InformationRequest]:
    audit_read(actor=actor, action="cooperation.request.list", details={"direction": "incoming"})
    if not may_cooperate(actor):
        return InformationRequest.objects.none()
    qs = InformationRequest.objects.filter(_incoming_q(actor)).select_related(
        "institution", "requesting_institution", "agreement")
    return _with_overdue(qs.filter(status__in=OPEN_REQUEST_STATUSES) if open_only else qs)


def requests_outgoing(*, actor: User, open_only: bool = False) -> QuerySet[InformationRequest]:
    audit_read(actor=actor, action="cooperation.request.list", details={"direction": "outgoing"})
    if not may_cooperate(actor):
        return InformationRequest.objects.none()
    cond = Q(requested_by=actor)
    if is_liaison(actor):
        cond |= Q(requesting_institution_id__in=actor.institution_ids)
    qs = InformationRequest.objects.filter(cond).select_related("institution", "requesting_institution", "agreement")
    return _with_overdue(qs.filter(status__in=OPEN_REQUEST_STATUSES) if open_only else qs)


def _with_overdue(qs: QuerySet[InformationRequest]) -> QuerySet[InformationRequest]:
    return qs.order_by("due_on", "id")


def mark_overdue(requests: Iterable[InformationRequest], today: dt.date | None = None) -> list[InformationRequest]:
    """The requests as a list, each marked overdue (open and past its due date) or not."""
    today = today or timezone.localdate()
    out = list(requests)
    for req in out:
        req.is_overdue = req.status in OPEN_REQUEST_STATUSES and req.due_on < today
    return out


def request_get(*, actor: User, request_id: UUID) -> InformationRequest:
    """One request, for its sender's side or its receiver's side; opening it is audited."""
    if not may_cooperate(actor):
        raise NotFound
    incoming = requests_incoming(actor=actor).order_by().values("pk")
    outgoing = requests_outgoing(actor=actor).order_by().values("pk")
    req = (InformationRequest.objects.filter(public_id=request_id).filter(Q(pk__in=incoming) | Q(pk__in=outgoing))
           .select_related("institution", "requesting_institution", "agreement", "requested_by", "assigned_to",
                           "case").first())
    if req is None:
        raise NotFound
    audit_read(actor=actor, action="cooperation.request_read", obj=req, case_id=req.case_id,
                 details={"reference": req.reference}, lead=True)
    return mark_overdue(withhold_unreadable(actor=actor, requests=[req]))[0]


def withhold_unreadable(*, actor: User, requests: Iterable[InformationRequest]) -> list[InformationRequest]:
    """The requests as a list, each answer blanked (in memory, never saved) and marked withheld
    where the agreement no longer lets it reach this reader (:func:`policy.answer_readable`)."""
    out = list(requests)
    for req in out:
        req.answer_withheld = bool(req.answer) and not answer_readable(actor=actor, request=req)
        if req.answer_withheld:
            req.answer = ""
    return out


def request_attachment_get(*, actor: User, request_id: UUID, attachment_id: int) -> RequestAttachment:
    """A file of an answer, for either side of the request, while the agreement it was disclosed
    under still lets it reach the reader (the same check as the answer's text); the same 404
    otherwise, as for a missing file."""
    req = request_get(actor=actor, request_id=request_id)
    attachment = req.attachments.filter(pk=attachment_id).first()
    if attachment is None or not answer_readable(actor=actor, request=req):
        raise NotFound
    attachment.request = req
    audit_read(actor=actor, action="cooperation.attachment_read", obj=req, case_id=req.case_id,
               details={"reference": req.reference, "sha256": attachment.sha256}, lead=True)
    return attachment


def request_attachments(*, req: InformationRequest) -> list[RequestAttachment]:
    """The files of a request read through :func:`request_get`: none where its answer is withheld."""
    return [] if getattr(req, "answer_withheld", False) else list(req.attachments.all())


def request_events(*, req: InformationRequest) -> list[Any]:
    return list(req.events.select_related("actor"))


def notices_for(*, actor: User, limit: int = 20) -> list[Notice]:
    return list(Notice.objects.filter(user=actor, read_at__isnull=True).select_related("request", "agreement")[:limit])


def liaison_directory(*, actor: User) -> QuerySet[Liaison]:
    if not may_cooperate(actor):
        return Liaison.objects.none()
    return Liaison.objects.filter(is_active=True).select_related("user", "institution").order_by(
        "institution__name", "subdivision", "id")


def monitoring_figures(*, actor: User) -> dict[str, Any]:
    """Time to answer, for the requests the actor sees in and out: answered count, median days, overdue."""
    rows = list(requests_incoming(actor=actor)) + list(requests_outgoing(actor=actor))
    seen = {r.pk: r for r in rows}.values()
    days = sorted((timezone.localdate(r.answered_at) - timezone.localdate(r.created_at)).days
                  for r in seen if r.answered_at)  # days as the office counts them, not in UTC
    today = timezone.localdate()
    return {"answered": len(days), "median_days": days[len(days) // 2] if days else None,
            "overdue": sum(1 for r in seen if r.status in OPEN_REQUEST_STATUSES and r.due_on < today)}


def institution_by_code(*, actor: User, code: str) -> Institution | None:
    """An active institution named by its code (an API body names the other party so)."""
    return Institution.objects.filter(code=code, is_active=True).first() if may_cooperate(actor) else None


def institutions_active(*, actor: User) -> QuerySet[Institution]:
    """The institutions a plan, an operation or an agreement may name (a directory, no case data)."""
    return Institution.objects.filter(is_active=True).order_by("name") if may_cooperate(actor) else (
        Institution.objects.none())


def request_form_choices(*, actor: User) -> dict[str, Any]:
    """Institutions one may ask (not one's own) and the agreements in force one may cite."""
    return {"institutions": Institution.objects.filter(is_active=True).exclude(pk__in=actor.institution_ids),
            "agreements": agreement_list(actor=actor).filter(in_force_q())}


def home_notices(actor: User) -> dict[str, Any] | None:
    """The home-page panel: unread cooperation notices, or nothing."""
    notices = notices_for(actor=actor, limit=10)
    return {"notices": notices} if notices else None


def workspace(*, actor: User) -> dict[str, Any]:
    """The liaison's page: requests in and out with their deadlines, agreements expiring, notices."""
    return {
        "incoming": mark_overdue(requests_incoming(actor=actor, open_only=True)[:50]),
        "outgoing": mark_overdue(requests_outgoing(actor=actor, open_only=True)[:50]),
        "expiring": list(agreements_expiring(actor=actor).order_by("expires_on")[:20]),
        "notices": notices_for(actor=actor),
        "figures": monitoring_figures(actor=actor),
        "milestones_due": milestones_due(actor=actor),
        **international_due(actor=actor),
    }
