"""System checks of the match index.

``links.W001``: person keys stored in another name-key format than the code's
(``matching.KEYS_FORMAT``). Why a check: after an upgrade that changes the name keys,
saves still work and identifiers still match, so nothing fails; only name matching of the
old records silently stops until the index is rebuilt. ``migrate`` runs database checks, so
the operator sees this at the upgrade itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.core import checks
from django.db import DatabaseError, connections

from . import matching
from .models import MatchIndexState, MatchKey


def stored_keys_format(alias: str = "default") -> int | None:
    """The format of the stored person keys; None when there are none (or no tables yet)."""
    if MatchIndexState._meta.db_table not in connections[alias].introspection.table_names():
        return None  # not migrated yet: migrate runs its checks before applying migrations
    if not MatchKey.objects.using(alias).filter(person__isnull=False).exists():
        return None
    state = MatchIndexState.objects.using(alias).filter(pk=1).first()
    return state.keys_format if state else 0


@checks.register(checks.Tags.database)
def check_keys_format(app_configs: Sequence[AppConfig] | None = None, databases: Sequence[str] | None = None,
                      **kwargs: Any) -> list[checks.CheckMessage]:
    out: list[checks.CheckMessage] = []
    for alias in databases or []:
        try:
            stored = stored_keys_format(alias)
        except DatabaseError:
            continue  # a database that cannot be read is reported by Django's own checks
        if stored is not None and stored != matching.KEYS_FORMAT:
            out.append(checks.Warning(
                f"The match index holds name keys of format {stored or 'unknown'}; this version writes "
                f"format {matching.KEYS_FORMAT}. Until the index is rebuilt, records saved before the "
                "upgrade are found by their identifiers only, not by their names.",
                hint="Run: enlace resolve --reindex --no-match (keys only; add matching by leaving out --no-match).",
                id="links.W001"))
    return out
