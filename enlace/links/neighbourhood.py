"""What matching on save needs to know about a person's surroundings, in one round trip.

Why one statement: a save used to ask the database about a dozen keys, then whether the
record was merged (two or three queries), then which pairs it already had, then the
candidates' profiles, each a round trip; on PostgreSQL the waiting, not the work, made the
lookup miss its time goal. ``lookup`` answers all of it at once: the other holders of each
key (each read stopped at the key's limit + 1: "too many" is all we need to know of a
crowded key), the candidates chosen among them (``services.match_person`` says which) with
their sealed profiles, whether the record is merged with another (parent or child), and its
existing pairs. ``neighbourhood`` is the same read without the choice: the holders by key.

PostgreSQL reads every key through one ``LATERAL`` join over arrays (one short statement,
whatever the number of keys, planned once); SQLite, which has no ``LATERAL``, gets one
index range per key. Both are answered from the ``(key, person)`` index alone.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from django.db import connection

from enlace.core.fields import Unopened
from enlace.persons.models import Person

from .models import MatchCandidate, MatchKey, MatchProfile

PARENT = -1  # the record this one was merged into
CHILD = -2  # a record merged into this one (one is enough to know)
PAIR = -3  # an existing candidate pair of this record
CANDIDATE = 0  # a chosen candidate, with its sealed profile (``lookup``)

# The stored pair's columns ``lookup`` reads: what scoring, refreshing and retiring use.
PAIR_FIELDS = ("id", "person_a_id", "person_b_id", "kind", "score", "reasons", "status", "source")


@dataclass
class Neighbourhood:
    """The answer: key -> other holders (absent keys have no entry), merged or not, pair ids."""

    holders: dict[str, list[int]] = field(default_factory=dict)
    merged: bool = False
    pair_ids: list[int] = field(default_factory=list)


@dataclass
class Lookup:
    """``lookup``'s answer: candidate -> (public id, sealed features), or None when the
    candidate has no profile; merged or not; the stored pairs of the record."""

    profiles: dict[int, tuple[Any, Any] | None] = field(default_factory=dict)
    merged: bool = False
    pairs: list[MatchCandidate] = field(default_factory=list)


def _holders(person_id: int, keys: list[str], limits: dict[str, int],
             identifiers: Collection[str] = ()) -> tuple[str, list]:
    """A ``SELECT i, lim, ident, person_id``: the other holders of each key (``keys[i]``),
    read up to its limit + 1, with the key's limit and 1 for an identifier key, 0 for a name."""
    q = connection.ops.quote_name
    table, key = q(MatchKey._meta.db_table), q("key")
    if connection.vendor == "postgresql":
        sql = ("SELECT q.i, q.lim, q.ident, t.person_id"  # noqa: S608
               " FROM unnest(%s::int[], %s::varchar[], %s::int[], %s::int[]) AS q(i, k, lim, ident)"
               f" CROSS JOIN LATERAL (SELECT person_id FROM {table} WHERE {key} = q.k"
               " AND person_id IS NOT NULL AND person_id <> %s LIMIT q.lim + 1) AS t")
        return sql, [list(range(len(keys))), keys, [limits[k] for k in keys],
                     [int(k in identifiers) for k in keys], person_id]
    if not keys:
        return "SELECT 0, 0, 0, 0 WHERE 0", []
    parts, params = [], []
    for i, k in enumerate(keys):
        parts.append(f"SELECT * FROM (SELECT {i}, {int(limits[k])}, {int(k in identifiers)}, person_id"  # noqa: S608
                     f" FROM {table} WHERE {key} = %s AND person_id IS NOT NULL AND person_id <> %s LIMIT %s) AS k{i}")
        params += [k, person_id, limits[k] + 1]
    return " UNION ALL ".join(parts), params


def _merge_parts(pad: str = "") -> list[str]:
    """Rows telling whether the record is merged: its parent, one child (``pad``: null
    columns); each takes the person's id."""
    persons = connection.ops.quote_name(Person._meta.db_table)
    return [f"SELECT {PARENT}, merged_into_id{pad} FROM {persons} WHERE id = %s AND merged_into_id IS NOT NULL",  # noqa: S608
            f"SELECT * FROM (SELECT {CHILD}, id{pad} FROM {persons} WHERE merged_into_id = %s LIMIT 1) AS c"]  # noqa: S608


def neighbourhood(person_id: int, limits: dict[str, int], *, pairs: bool = True) -> Neighbourhood:
    """Key holders (each key read up to ``limits[key] + 1``), merge state and, with ``pairs``,
    the ids of the record's existing candidate pairs: one statement."""
    candidates = connection.ops.quote_name(MatchCandidate._meta.db_table)
    keys = list(limits)
    holders, params = _holders(person_id, keys, limits)
    parts = ["SELECT i, person_id FROM h"]
    parts += _merge_parts()
    params += [person_id, person_id]
    if pairs:
        parts += [f"SELECT {PAIR}, id FROM {candidates} WHERE person_a_id = %s",  # noqa: S608
                  f"SELECT {PAIR}, id FROM {candidates} WHERE person_b_id = %s"]  # noqa: S608
        params += [person_id, person_id]
    out = Neighbourhood()
    with connection.cursor() as cursor:
        cursor.execute(f"WITH h(i, lim, ident, person_id) AS ({holders}) " + " UNION ALL ".join(parts), params)
        for tag, pid in cursor.fetchall():
            if tag >= 0:
                out.holders.setdefault(keys[tag], []).append(pid)
            elif tag == PAIR:
                out.pair_ids.append(pid)
            else:
                out.merged = True
    return out


def _nulls(*fields: Any) -> str:
    """Typed empty columns: PostgreSQL cannot match an untyped NULL of a subquery with a uuid."""
    return "".join(f", CAST(NULL AS {f.db_type(connection)})" for f in fields)


def _chosen(max_names: int) -> str:
    """CTEs over the holders ``h``: keys within their limit, the name-only candidates sharing
    the most usable name keys (``max_names``, ties by id), and everyone sharing a usable
    identifier key."""
    return ("n AS (SELECT i FROM h GROUP BY i, lim HAVING COUNT(*) <= lim),"  # noqa: S608 (an int)
            " u AS (SELECT h.person_id, h.ident FROM h JOIN n ON n.i = h.i),"
            " named AS (SELECT person_id FROM u WHERE ident = 0 GROUP BY person_id"
            f" ORDER BY COUNT(*) DESC, person_id LIMIT {int(max_names)}),"
            " chosen AS (SELECT person_id FROM u WHERE ident = 1 UNION SELECT person_id FROM named)")


@functools.lru_cache(maxsize=16)
def _rest(vendor: str, max_names: int) -> str:
    """What follows the holders in ``lookup``'s statement, the same for every lookup (built
    once per database kind: the typed empty columns ask the fields for their types)."""
    q = connection.ops.quote_name
    profiles, candidates = q(MatchProfile._meta.db_table), q(MatchCandidate._meta.db_table)
    pair_nulls = _nulls(*(MatchCandidate._meta.get_field(f) for f in PAIR_FIELDS[1:] if f != "reasons"))
    profile_nulls = _nulls(MatchProfile._meta.get_field("public_id"), MatchProfile._meta.get_field("features"))
    parts = [f"SELECT {CANDIDATE}, c.person_id, p.public_id, p.features{pair_nulls}"  # noqa: S608
             f" FROM chosen AS c LEFT JOIN {profiles} AS p ON p.person_id = c.person_id"]
    parts += _merge_parts(profile_nulls + pair_nulls)
    for side in ("person_a_id", "person_b_id"):
        parts.append(f"SELECT {PAIR}, id{_nulls(MatchProfile._meta.get_field('public_id'))},"  # noqa: S608
                     f" CAST(reasons AS text), person_a_id, person_b_id, kind, score, status, source"
                     f" FROM {candidates} WHERE {side} = %s")
    return f", {_chosen(max_names)} " + " UNION ALL ".join(parts)


def lookup(person_id: int, names: dict[str, int], identifiers: dict[str, int], *, max_names: int) -> Lookup:
    """Everything a lookup reads, in one statement: the candidates with their profiles, the
    merge state and the stored pairs.

    ``names`` and ``identifiers``: key -> the most holders it may have and still count. A
    candidate is whoever shares a usable identifier key, or is among the ``max_names``
    sharing the most usable name keys. Rows are ``(tag, id, public_id, text, a, b, kind,
    score, status, source)``: a candidate's profile (``text`` the sealed features), a merge
    row, or a stored pair (``text`` its reasons as JSON).
    """
    limits = {**names, **identifiers}
    holders, params = _holders(person_id, list(limits), limits, identifiers)
    sql = f"WITH h(i, lim, ident, person_id) AS ({holders})" + _rest(connection.vendor, max_names)
    params += [person_id] * 4  # the merge rows, then the pairs on either side
    out = Lookup()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    context = MatchProfile._meta.get_field("features").context
    for tag, pk, public_id, text, a, b, kind, score, status, source in rows:
        if tag == CANDIDATE:
            out.profiles[pk] = None if text is None else (public_id, Unopened(text, context) if text else text)
        elif tag == PAIR:
            values = [pk, a, b, kind, score, json.loads(text), status, source]
            out.pairs.append(MatchCandidate.from_db(connection.alias, list(PAIR_FIELDS), values))
        else:
            out.merged = True
    return out
