"""Reading the audit log: only auditors, and the read of the log is itself audited.

Verifying the chain re-hashes entries (about 2.5 s per 50,000), too slow for every page view
of a log with millions of entries. ``audit_chain_status`` therefore starts from the best OK
checkpoint (``AuditCheckpoint``) and re-hashes only the entries after it; ``audit_chain_check``
with ``full=True`` (``enlace audit verify``, the page's button) walks from genesis, the only
check that finds an entry altered before a checkpoint.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from enlace.core.actors import Actor
from enlace.core.errors import NotFound

from .actions import DENIED, FAMILIES, READ_PREFIXES, READ_SUFFIXES, action_label
from .anchor import Anchor, AnchorError, anchor_path, anchor_problem, latest_anchor
from .chain import GENESIS, VerifyResult, verify_rows
from .keyring import audit_keyring
from .labels import finders, suggestions
from .models import AuditCheckpoint, AuditEntry, AuditHead
from .terms import search_digests

# The page records an incremental checkpoint once it has re-hashed this many entries, so the tail
# it re-hashes stays short without adding a checkpoint row for every page view.
TAIL_CHECKPOINT_EVERY = 1000

_ROW_FIELDS = ("id", "seq", "at", "actor_id", "actor_label", "action", "object_type", "object_id",
               "case_id", "ip_address", "details", "prev_hash", "hash", "key_id")


def audit_entry_list(*, actor: Actor, action: str = "", username: str = "", case_id: int | None = None,
                     object_type: str = "", date_from: dt.date | None = None, date_to: dt.date | None = None,
                     kind: str = "", searched: str = "", user: str = "", person: str = "",
                     case: str = "") -> QuerySet[AuditEntry]:
    """The log, filtered.

    What the auditor's screen offers: ``user`` (who acted, by username), ``person`` (a person's or a
    screening's pseudonym: entries about them, and a case's entries naming them), ``case`` (a case
    reference: the case's entries and those recorded within it), ``kind`` (a family of actions,
    ``actions.FAMILIES``), the period, and ``searched`` (list requests whose search term was this name
    or word, matched by its keyed hash, ``terms.py``). ``action``, ``username``, ``case_id`` and
    ``object_type`` remain for the command line and older links.
    """
    if not actor.is_auditor:
        raise NotFound
    qs = AuditEntry.objects.all()
    if action:
        qs = qs.filter(action__startswith=action)
    if kind:
        qs = qs.filter(family_q(kind))
    if searched:
        digests = search_digests(searched)
        matches = Q(pk__in=[])
        for digest in digests:
            matches |= Q(details__search__icontains=digest)
        qs = qs.filter(matches)
    if username or user:
        qs = qs.filter(actor_label=username or user)
    if person:
        qs = qs.filter(subject_q("person", person))
    if case:
        qs = qs.filter(subject_q("case", case))
    if case_id:
        qs = qs.filter(case_id=case_id)
    if object_type:
        qs = qs.filter(object_type=object_type)
    if date_from:
        qs = qs.filter(at__date__gte=date_from)
    if date_to:
        qs = qs.filter(at__date__lte=date_to)
    return qs.select_related("actor").order_by("-seq")


def _reads_q() -> Q:
    reads = Q(action__startswith=READ_PREFIXES[0]) | Q(action=DENIED)
    for suffix in READ_SUFFIXES:
        reads |= Q(action__endswith=suffix)
    return reads


def family_q(key: str) -> Q:
    """The entries of one family of actions (``actions.FAMILIES``); an unknown key matches nothing."""
    if key == "denied":
        return Q(action=DENIED)
    if key == "reveal":
        return Q(action__endswith=".reveal")
    if key == "read":
        return _reads_q() & ~Q(action=DENIED)
    family = FAMILIES.get(key)
    if family is None or not family.prefixes:
        return Q(pk__in=[])
    found = Q(pk__in=[])
    for prefix in family.prefixes:
        found |= Q(action__startswith=prefix)
    return found & ~_reads_q() if family.writes_only else found


def subject_q(subject: str, text: str) -> Q:
    """Entries about the case (``subject="case"``) with this reference, or about the person or
    screening with this pseudonym (``"person"``); nothing when no object has that code."""
    found = Q(pk__in=[])
    for finder in finders(subject):
        codes = finder.find(text)
        if not codes:
            continue
        found |= Q(object_type=finder.object_type, object_id__in=list(codes))
        if subject == "case":
            found |= Q(case_id__in=[int(i) for i in codes if i.isdigit()])
        for key in finder.details_keys:
            for code in set(codes.values()):
                found |= Q(**{f"details__{key}": code})
    return found


def audit_subject_exists(*, actor: Actor, subject: str, text: str) -> bool:
    """Whether a reference (``"case"``) or pseudonym (``"person"``) names anything (the filter's check)."""
    if not actor.is_auditor:
        raise NotFound
    return any(finder.find(text) for finder in finders(subject))


def audit_suggestions(*, actor: Actor, text: str) -> list[str]:
    """References and pseudonyms starting with what the auditor typed (codes, never names)."""
    if not actor.is_auditor:
        raise NotFound
    return suggestions(text)


def audit_filter_choices(*, actor: Actor) -> dict[str, Any]:
    """The actions and object types found in the log, for the auditor's filters."""
    if not actor.is_auditor:
        raise NotFound
    actions = AuditEntry.objects.order_by("action").values_list("action", flat=True).distinct()
    return {"known_actions": [(a, action_label(a)) for a in actions],
            "known_object_types": (AuditEntry.objects.exclude(object_type="").order_by("object_type")
                                   .values_list("object_type", flat=True).distinct())}


@dataclass(frozen=True)
class ChainCheck:
    """One walk of the chain: what it found, whether it started at genesis, and when it started."""

    result: VerifyResult
    full: bool
    started_at: dt.datetime


@dataclass(frozen=True)
class ChainStatus:
    """What the audit page says about the chain.

    ``check`` is the walk done for this request (None when a recorded failure stands: nothing
    newer can make the chain whole again short of a full walk). ``base`` is the OK checkpoint the
    walk started from (None: it walked from genesis), ``last_full`` the latest OK full walk, and
    ``failure`` the latest recorded failure, standing (``broken``) or passed since by a full walk.
    """

    check: ChainCheck | None
    base: AuditCheckpoint | None
    last_full: AuditCheckpoint | None
    failure: AuditCheckpoint | None
    failure_standing: bool
    first_bad_id: int | None = None

    @property
    def ok(self) -> bool:
        return not self.failure_standing and self.check is not None and self.check.result.ok

    @property
    def first_bad_seq(self) -> int | None:
        if self.failure_standing and self.failure is not None:
            return self.failure.seq
        return None if self.ok or self.check is None else self.check.result.first_bad_seq

    @property
    def problem(self) -> str:
        if self.failure_standing and self.failure is not None:
            return self.failure.problem
        return "" if self.ok or self.check is None else self.check.result.problem

    @property
    def worth_recording(self) -> bool:
        """A checkpoint is due: the first full walk, a new failure, or a long tail re-hashed."""
        if self.check is None:
            return False
        return self.check.full or not self.check.result.ok or self.check.result.checked >= TAIL_CHECKPOINT_EVERY


def _rows(qs: QuerySet[AuditEntry]) -> Iterator[dict[str, Any]]:
    for r in qs.order_by("seq").values(*_ROW_FIELDS).iterator(chunk_size=2000):
        r["at_iso"] = r.pop("at").isoformat()
        yield r


def _walk(*, after_seq: int, after_hash: str) -> VerifyResult:
    """Verify the entries after the anchor up to the head, as one consistent snapshot.

    Why bounded by the head read first: entry N and head N are committed together, so every entry
    up to it is visible; entries appended while we walk are left to the next check instead of
    showing up as a false "entries missing". An entry beyond the head that is still beyond it
    after re-reading the head was not written by ``audit_record``: that is reported.
    """
    head = AuditHead.objects.filter(id=1).first()
    qs = AuditEntry.objects.filter(seq__gt=after_seq)
    if head is not None:
        qs = qs.filter(seq__lte=head.seq)
    keyed_before = bool(after_seq) and AuditEntry.objects.filter(seq=after_seq, key_id__isnull=False).exists()
    result = verify_rows(_rows(qs), head_seq=head.seq if head else None, head_hash=head.hash if head else None,
                         after_seq=after_seq, after_hash=after_hash, keys=audit_keyring().keys,
                         keyed_before=keyed_before)
    if result.ok and head is not None:
        beyond = AuditEntry.objects.filter(seq__gt=head.seq).order_by("seq").values("id", "seq").first()
        if beyond is not None:
            now = AuditHead.objects.filter(id=1).values_list("seq", flat=True).first()
            if now is None or now < beyond["seq"]:
                return VerifyResult(False, result.checked, beyond["seq"], beyond["id"],
                                    "entry beyond the chain head (not written by audit_record)",
                                    result.last_seq, result.last_hash)
    return result


def audit_chain_check(*, full: bool) -> ChainCheck:
    """Walk the whole chain (``full``) or only the entries after the best OK checkpoint.

    No actor: the command line and services call it; the page goes through ``audit_chain_status``.
    Not inside a transaction on purpose: with SQLite's IMMEDIATE transactions a long walk would
    hold the write lock and stop every other user's writes.
    """
    return _check_from(None if full else _best_ok_checkpoint())


def audit_chain_verify() -> VerifyResult:
    """The whole chain from genesis (what ``enlace audit verify`` reports)."""
    return audit_chain_check(full=True).result


def _best_ok_checkpoint() -> AuditCheckpoint | None:
    return AuditCheckpoint.objects.filter(ok=True).order_by("-seq", "-id").first()


def _check_from(base: AuditCheckpoint | None) -> ChainCheck:
    started_at = timezone.now()
    if base is None:
        return ChainCheck(_walk(after_seq=0, after_hash=GENESIS), True, started_at)
    return ChainCheck(_walk(after_seq=base.seq, after_hash=base.hash), False, started_at)


def audit_chain_status(*, actor: Actor) -> ChainStatus:
    """The state of the chain for the audit page, at a cost that does not grow with the log.

    A recorded failure stands until a full walk that started after it passes; until then nothing
    is re-hashed and the failure is shown, so an older OK checkpoint (or a tail that looks fine)
    can never hide it. Otherwise only the entries after the best OK checkpoint are re-hashed; with
    no checkpoint yet the whole chain is walked once (the caller records it). Checkpoints are read
    before the head so none can be newer than the head the walk is bounded by.
    """
    if not actor.is_auditor:
        raise NotFound
    failure = AuditCheckpoint.objects.filter(ok=False).order_by("-verified_at", "-id").first()
    last_full = AuditCheckpoint.objects.filter(ok=True, full=True).order_by("-verified_at", "-id").first()
    standing = failure is not None and (last_full is None or last_full.verified_at <= failure.verified_at)
    if failure is not None and standing:
        bad_id = AuditEntry.objects.filter(seq=failure.seq).values_list("id", flat=True).first()
        return ChainStatus(None, None, last_full, failure, True, bad_id)
    base = _best_ok_checkpoint()
    check = _check_from(base)
    return ChainStatus(check, base, last_full, failure, False, check.result.first_bad_id)


@dataclass(frozen=True)
class AnchorCheck:
    """The chain against the latest anchor: ``problem`` is "" when they agree."""

    anchor: Anchor | None
    problem: str
    keyed_from: int | None


def keyed_from() -> int | None:
    """The first entry sealed with an audit key (None: the chain has none yet)."""
    return (AuditEntry.objects.filter(key_id__isnull=False).order_by("seq")
            .values_list("seq", flat=True).first())


def audit_anchor_check(result: VerifyResult, *, missing_ok: bool) -> AnchorCheck:
    """Compare a walk's outcome with the latest anchor line (the anchor file is read here).

    ``missing_ok``: no anchor yet is acceptable (first run of a development or test
    installation). Otherwise a chain with entries and no anchor is reported: a deleted anchor
    must not pass for a new installation.
    """
    start = keyed_from()
    try:
        anchor = latest_anchor()
    except AnchorError as exc:
        return AnchorCheck(None, f"anchor damaged: {exc}", start)
    if anchor is None:
        if missing_ok or not result.last_seq:
            return AnchorCheck(None, "", start)
        return AnchorCheck(None, f"anchor missing: no anchor at {anchor_path()} for a chain of {result.last_seq} "
                                 "entries (deleted? start one with 'enlace audit anchor --init')", start)
    stored = AuditEntry.objects.filter(seq=anchor.seq).values_list("hash", flat=True).first() if anchor.seq else None
    return AnchorCheck(anchor, anchor_problem(anchor, last_seq=result.last_seq, hash_at_anchor=stored,
                                              keyed_from=start), start)
