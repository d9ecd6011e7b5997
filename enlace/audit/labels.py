"""The objects of audit entries in words: a case by its reference number, a person by pseudonym,
a user by name, instead of "cases.case 50".

The audit app sits below the apps that own those objects, so each app registers, in its
``AppConfig.ready``, a function that names a batch of its objects (one query per page of entries,
not one per row). A label is what the auditor may see: never a protected person's name.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from django.utils.translation import gettext_lazy as _

# object type (``app_label.model``) -> (kind in words, names for a batch of ids)
Labeler = Callable[[list[str]], dict[str, str]]
_labelers: dict[str, tuple[Any, Labeler]] = {}

KINDS = {"cases.case": _("case"), "persons.person": _("person"), "accounts.user": _("user"),
         "screening.screening": _("screening"), "referrals.referral": _("referral")}


def register_object_labeler(object_type: str, *, kind: Any, names: Labeler) -> None:
    _labelers[object_type] = (kind, names)


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
                out[(object_type, object_id)] = f"{kind} #{object_id}"
    return out


def label_entries(entries: list[Any]) -> list[Any]:
    """Attach ``object_label`` to each entry (the template shows it instead of the raw type and id)."""
    labels = object_labels(entries)
    for e in entries:
        e.object_label = labels.get((e.object_type, str(e.object_id)), "")
    return entries
