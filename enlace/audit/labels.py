"""The objects of audit entries in words: a case by its reference number, a person by pseudonym,
a user by name, instead of "cases.case 50".

The audit app sits below the apps that own those objects, so each app registers, in its
``AppConfig.ready``, a function that names a batch of its objects (one query per page of entries,
not one per row). A label is what the auditor may see: never a protected person's name.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

# object type (``app_label.model``) -> (kind in words, names for a batch of ids)
Labeler = Callable[[list[str]], dict[str, str]]
_labelers: dict[str, tuple[Any, Labeler]] = {}


@dataclass(frozen=True)
class Finder:
    """How the auditor's filters find an object by what the screen shows (a reference, a pseudonym).

    ``subject`` is "case" or "person" (the filter it serves); ``find`` answers ``{id: code}`` for the objects
    whose code is exactly the text typed (case-insensitive), ``suggest`` the codes starting with it (codes only:
    references and pseudonyms, never names); ``details_key`` names the key under which entries about
    another object record this one's code (``{"person": "V-LPZ-0001"}`` on a case's entry).
    """

    object_type: str
    subject: str
    find: Callable[[str], dict[str, str]]
    suggest: Callable[[str, int], list[str]]
    details_keys: tuple[str, ...] = ()


_finders: list[Finder] = []

KINDS = {"cases.case": _("case"), "persons.person": _("person"), "accounts.user": _("user"),
         "screening.screening": _("screening"), "referrals.referral": _("referral"),
         "accounts.institution": _("institution"), "accounts.unit": _("unit"), "accounts.team": _("team"),
         "route": _("page"), "audit.auditentry": _("audit entry"), "audit.auditcheckpoint": _("verification")}


def register_object_labeler(object_type: str, *, kind: Any, names: Labeler) -> None:
    _labelers[object_type] = (kind, names)


def register_object_finder(finder: Finder) -> None:
    if all(f.object_type != finder.object_type for f in _finders):
        _finders.append(finder)


def finders(subject: str) -> list[Finder]:
    return [f for f in _finders if f.subject == subject]


def suggestions(text: str, *, limit: int = 20) -> list[str]:
    """References and pseudonyms starting with ``text`` (at least two characters), for the filters."""
    text = text.strip()
    if len(text) < 2:
        return []
    found: list[str] = []
    for f in _finders:
        found.extend(f.suggest(text, limit))
    return sorted(dict.fromkeys(found))[:limit]


def object_labels(entries: Iterable[Any]) -> dict[tuple[str, str], str]:
    """``{(object_type, object_id): "case DTTP-LP-2026-00006"}`` for the entries that can be named."""
    wanted: dict[str, set[str]] = defaultdict(set)
    for e in entries:
        if e.object_type and e.object_id:
            wanted[e.object_type].add(str(e.object_id))
    out = {}
    for object_type, ids in wanted.items():
        kind, names = _labelers.get(object_type, (KINDS.get(object_type), None))
        named = names(sorted(ids)) if names is not None else {}
        for object_id in ids:
            name = named.get(object_id)
            if name:
                out[(object_type, object_id)] = f"{kind} {name}" if kind else name
            elif kind:
                out[(object_type, object_id)] = f"{kind} #{object_id}" if object_id.isdigit() else f"{kind} {object_id}"
    return out


def case_labels(case_ids: Iterable[int | None]) -> dict[int, str]:
    """``{case id: reference}`` for the entries' case column (an internal id is never shown)."""
    ids = sorted({str(i) for i in case_ids if i})
    entry = _labelers.get("cases.case")
    named = entry[1](ids) if entry is not None and ids else {}
    return {int(k): v for k, v in named.items()}


def label_entries(entries: list[Any]) -> list[Any]:
    """Attach ``object_label`` and ``case_label`` to each entry (the template shows them instead of
    the raw type, id and case number)."""
    labels = object_labels(entries)
    cases = case_labels(e.case_id for e in entries)
    for e in entries:
        e.object_label = labels.get((e.object_type, str(e.object_id)), "")
        e.case_label = cases.get(e.case_id, "") if e.case_id else ""
    return entries
