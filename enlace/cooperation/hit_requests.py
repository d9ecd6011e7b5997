"""Hit/no-hit follow-ups (``links``) in the liaison's routing: a request to the holder of a hidden
hit is announced to the holding institution's liaison for the holding unit's department (else its
national liaison), and to the national liaison when it stays unanswered past the days to answer.

Registered on ``links.hooks.hit_request_sent`` by ``CooperationConfig.ready()``; the escalation
runs with the morning job. A notice carries the request's number and page only (never the person).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from enlace.links.models import InformationRequest as HitRequest
from enlace.links.models import RequestStatus as HitStatus

from .models import Notice
from .routing import hit_subdivision, national_liaison, route
from .services_requests import notify
from .vocabulary import NoticeKind

HIT_ANSWER_DAYS = 15


def _ref(req: HitRequest) -> tuple[str, str]:
    return str(req.public_id)[:8], reverse("links:request_detail", args=[req.public_id])


def route_hit_request(*, request: HitRequest) -> None:
    reference, path = _ref(request)
    notify([route(request.to_institution, hit_subdivision(request))], NoticeKind.HIT_REQUEST, reference=reference, path=path)


@transaction.atomic
def escalate_hit_requests(*, today: dt.date | None = None) -> dict[str, int]:
    """Unanswered past the days to answer: the national liaison is told, once per request."""
    today = today or timezone.localdate()
    cutoff = timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=HIT_ANSWER_DAYS), dt.time.min))
    told = set(Notice.objects.filter(kind=NoticeKind.HIT_ESCALATED).values_list("reference", flat=True))
    escalated = 0
    for req in HitRequest.objects.filter(status=HitStatus.SENT, created_at__lt=cutoff).select_related("to_institution"):
        reference, path = _ref(req)
        if reference in told:
            continue
        escalated += notify([national_liaison(req.to_institution)], NoticeKind.HIT_ESCALATED, reference=reference,
                            path=path)
    return {"hit_requests_escalated": escalated}
