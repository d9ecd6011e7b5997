"""What the auditor's reports and exports read: the reveals of identities, the users to filter on,
and the log's rows in words for a CSV file.

Rows are named exactly as the page names them (``labels.py``): a case by its reference, a person
or a screening by pseudonym, a user by full name. A file therefore carries nothing identifying that
the auditor's screen does not show, and is produced page by page so a long log never sits in memory.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils import timezone

from enlace.core.actors import Actor
from enlace.core.errors import NotFound

from .labels import label_entries
from .models import AuditEntry
from .selectors import subject_q

REVEAL_ACTIONS = ("person.reveal", "screening.reveal")
CHUNK = 500


def audit_user_choices(*, actor: Actor) -> list[tuple[str, str]]:
    """Every account, by full name (the username beside it), for the "who" filters."""
    if not actor.is_auditor:
        raise NotFound
    users = get_user_model().objects.order_by("last_name", "first_name", "username")
    return [(u.get_username(), f"{u.get_full_name()} ({u.get_username()})" if u.get_full_name() else u.get_username())
            for u in users]


def audit_reveal_list(*, actor: Actor, date_from: dt.date | None = None, date_to: dt.date | None = None,
                      user: str = "", person: str = "") -> QuerySet[AuditEntry]:
    """Who revealed which identity, newest first: person and screening reveals, with their reasons."""
    if not actor.is_auditor:
        raise NotFound
    qs = AuditEntry.objects.filter(action__in=REVEAL_ACTIONS)
    if user:
        qs = qs.filter(actor_label=user)
    if person:
        qs = qs.filter(subject_q("person", person))
    if date_from:
        qs = qs.filter(at__date__gte=date_from)
    if date_to:
        qs = qs.filter(at__date__lte=date_to)
    return qs.select_related("actor").order_by("-seq")


@dataclass(frozen=True)
class Reveal:
    """One reveal as the report shows it."""

    seq: int
    at: dt.datetime
    who: str
    subject: str
    reason: str


def who(entry: AuditEntry) -> str:
    if entry.actor is not None:
        return entry.actor.get_full_name() or entry.actor_label
    return entry.actor_label


def reveals_of(entries: list[AuditEntry]) -> list[Reveal]:
    label_entries(entries)
    return [Reveal(e.seq, e.at, who(e), e.object_label, str((e.details or {}).get("reason", ""))) for e in entries]


def _chunks(qs: QuerySet[AuditEntry]) -> Iterator[list[AuditEntry]]:
    """The entries, newest first, a page at a time (keyset on ``seq``: stable while entries are added)."""
    before: int | None = None
    while True:
        page_qs = qs.filter(seq__lt=before) if before is not None else qs
        page = list(page_qs.order_by("-seq")[:CHUNK])
        if not page:
            return
        yield page
        before = page[-1].seq


def entry_rows(qs: QuerySet[AuditEntry]) -> Iterator[list[Any]]:
    """The log's rows in words, as the list page shows them (time in the workspace's time zone)."""
    for page in _chunks(qs):
        for e in label_entries(page):
            yield [e.seq, timezone.localtime(e.at).strftime("%Y-%m-%d %H:%M:%S"), who(e), e.action_label or e.action,
                   e.action, e.object_label or e.object_type, e.case_label, e.ip_address or ""]


def reveal_rows(qs: QuerySet[AuditEntry]) -> Iterator[list[Any]]:
    for page in _chunks(qs):
        for r in reveals_of(page):
            yield [r.seq, timezone.localtime(r.at).strftime("%Y-%m-%d %H:%M:%S"), r.who, r.subject, r.reason]
