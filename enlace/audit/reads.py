"""Reads of protected data, recorded: one audit entry per request, denied attempts included.

Why here and not in each view: the selectors that read cases, persons, screenings, referrals and
links call ``audit_read`` where they decide what the actor gets (the need-to-know choke point), and
``ReadAuditMiddleware`` writes what a request read as ONE entry when the response is made, before
it leaves. A page that reads the case in every tab and selector still costs one audit write, and a
list costs one entry naming its filters, never one per row. Outside a request (commands, tests
calling selectors) each read is written at once.

Denied attempts: a signed-in request answered 403 or 404 on a route is recorded as
``access.denied`` with the route and the ids it named. A missing id and a forbidden one give the
same answer, hence the same entry and the same single write: the log cannot be used, nor timed,
to tell them apart.

Search terms are never stored in clear: ``search_fingerprint`` keeps keyed hashes (HMAC under a
key derived from the audit key, which lives outside the database) of the whole term and of each
word, so an auditor who types a name finds who searched for it (``search_digests``), while the
log alone tells nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from django.db import models
from django.http import HttpRequest, HttpResponse

from enlace.core.actors import Actor

from .actions import DENIED, READ_SUFFIXES, is_read_action
from .services import audit_record
from .terms import search_digests, search_fingerprint

MAX_ALSO = 50  # further reads of one request listed in its entry; beyond, only counted
_ID_VALUE = re.compile(r"(?:[a-z_]{1,20}:)?(?:\d{1,20}|[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12})")

__all__ = ["DENIED", "READ_SUFFIXES", "ReadAuditMiddleware", "audit_read", "is_read_action", "list_read",
           "search_digests", "search_fingerprint"]

_PENDING: ContextVar[list[Read] | None] = ContextVar("enlace_pending_reads", default=None)


@dataclass
class Read:
    actor: Actor
    action: str
    object_type: str
    object_id: str
    case_id: int | None
    details: dict[str, Any] = field(default_factory=dict)

    def brief(self) -> dict[str, Any]:
        out: dict[str, Any] = {"action": self.action, "object_type": self.object_type, "object_id": self.object_id}
        if self.case_id is not None:
            out["case_id"] = self.case_id
        return out


def audit_read(*, actor: Actor, action: str, obj: models.Model | None = None, object_type: str = "",
               object_id: Any = "", case_id: int | None = None, details: dict[str, Any] | None = None,
               lead: bool = False) -> None:
    """Record that ``actor`` read something: kept for the request's entry, or written now outside one.

    The same read twice in a request (the case, asked for by each tab's selector) is kept once.
    The first read names the request's entry; ``lead`` puts this one first (an export, a download,
    the audit trail: what an auditor filters on), the others are listed in it.
    """
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
    pending = _PENDING.get()
    if pending is None:
        audit_record(actor=actor, action=action, object_type=object_type, object_id=object_id, case_id=case_id,
                     details=details)
        return
    read = Read(actor, action, object_type, str(object_id or ""), case_id, dict(details or {}))
    if any((r.action, r.object_type, r.object_id) == (read.action, read.object_type, read.object_id)
           for r in pending):
        return
    if lead:
        pending.insert(0, read)
    else:
        pending.append(read)


def list_read(*, actor: Actor, area: str, filters: Mapping[str, Any], search: str = "") -> None:
    """Record one read of a list or search page: the filters used, the search term only as hashes."""
    details: dict[str, Any] = {"filters": {k: str(v)[:64] for k, v in filters.items() if v not in ("", None)}}
    if search.strip():
        details["search"] = search_fingerprint(search)
    audit_read(actor=actor, action=f"{area}.search" if search.strip() else f"{area}.list",
               object_type=area, details=details)


# --- one entry per request -----------------------------------------------------------------------

def _actor(request: HttpRequest) -> Actor | None:
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def _named_ids(request: HttpRequest) -> dict[str, str]:
    """The ids a request named (path and query: integer keys or public ids), never free text such
    as a search term."""
    match = request.resolver_match
    ids = {k: str(v)[:40] for k, v in (match.kwargs.items() if match else ()) if isinstance(v, int | UUID)}
    for key in request.GET:
        value = request.GET.get(key, "")
        if len(key) <= 20 and isinstance(value, str) and _ID_VALUE.fullmatch(value):
            ids.setdefault(key, value)
    return ids


def _case_id(ids: Mapping[str, str]) -> int | None:
    value = ids.get("case_id") or ids.get("case")
    return int(value) if value and value.isdigit() and 0 < int(value) < 2**63 else None


def record_denied(request: HttpRequest, response: HttpResponse, actor: Actor) -> None:
    """The entry of a refused request: same shape whether the id named exists or not.

    What the refusing code looked at on the way (``reads``: the case a reader may see, before the
    capability it lacks) is left out: the answer carried none of it, and listing it would make a
    refusal of an existing object look unlike one of a missing id.
    """
    route = request.resolver_match.view_name if request.resolver_match else ""
    ids = _named_ids(request)
    details: dict[str, Any] = {"route": route, "method": request.method, "status": response.status_code, "ids": ids}
    audit_record(actor=actor, action=DENIED, object_type="route", object_id=route[:64], case_id=_case_id(ids),
                 details=details)


def record_reads(request: HttpRequest, reads: list[Read]) -> None:
    """The request's reads as one entry: the first read names it, the others are listed in it."""
    first, others = reads[0], reads[1:]
    details = dict(first.details)
    if request.resolver_match:
        details["route"] = request.resolver_match.view_name
    if others:
        details["also"] = [r.brief() for r in others[:MAX_ALSO]]
        if len(others) > MAX_ALSO:
            details["also_more"] = len(others) - MAX_ALSO
    audit_record(actor=first.actor, action=first.action, object_type=first.object_type, object_id=first.object_id,
                 case_id=first.case_id, details=details)


def flush_reads(request: HttpRequest, response: HttpResponse, reads: list[Read]) -> None:
    actor = _actor(request)
    if actor is not None and response.status_code in (403, 404) and request.resolver_match is not None:
        record_denied(request, response, actor)
    elif reads:
        record_reads(request, reads)


class ReadAuditMiddleware:
    """Collects the request's reads and writes their entry before the response leaves.

    If the entry cannot be written the request fails (a 500) and the data is not sent: a read
    that leaves no trace does not happen. A streamed export's rows are produced after this
    point, but what it reads was decided (and recorded) by the view before.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _PENDING.set([])
        try:
            response = self.get_response(request)
            flush_reads(request, response, _PENDING.get() or [])
            return response
        finally:
            _PENDING.reset(token)
