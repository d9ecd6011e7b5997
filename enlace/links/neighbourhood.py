"""What matching on save needs to know about a person's surroundings, in one round trip.

Why one statement: a save used to ask the database about a dozen keys, then whether the
record was merged (two or three queries), then which pairs it already had, each a round
trip; on PostgreSQL the waiting, not the work, made the lookup miss its time goal. One
``UNION ALL`` answers all of them: the other holders of each key (each read stopped at the
key's limit + 1: "too many" is all we need to know of a crowded key), whether the record
is merged with another (parent or child), and the ids of its existing pairs. Rows are
``(tag, id)``: a tag ``>= 0`` is the key's position, the negative tags are below.

PostgreSQL reads every key through one ``LATERAL`` join over arrays (one short statement,
whatever the number of keys, planned once); SQLite, which has no ``LATERAL``, gets one
index range per key. Both are answered from the ``(key, person)`` index alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection

from enlace.persons.models import Person

from .models import MatchCandidate, MatchKey

PARENT = -1  # the record this one was merged into
CHILD = -2  # a record merged into this one (one is enough to know)
PAIR = -3  # an existing candidate pair of this record


@dataclass
class Neighbourhood:
    """The answer: key -> other holders (absent keys have no entry), merged or not, pair ids."""

    holders: dict[str, list[int]] = field(default_factory=dict)
    merged: bool = False
    pair_ids: list[int] = field(default_factory=list)


def _key_parts(person_id: int, keys: list[str], limits: dict[str, int]) -> tuple[list[str], list]:
    q = connection.ops.quote_name
    table, key = q(MatchKey._meta.db_table), q("key")
    if not keys:
        return [], []
    if connection.vendor == "postgresql":
        sql = (f"SELECT q.i, t.person_id FROM unnest(%s::int[], %s::varchar[], %s::int[]) AS q(i, k, lim)"  # noqa: S608
               f" CROSS JOIN LATERAL (SELECT person_id FROM {table} WHERE {key} = q.k"
               f" AND person_id IS NOT NULL AND person_id <> %s LIMIT q.lim) AS t")
        return [sql], [list(range(len(keys))), keys, [limits[k] + 1 for k in keys], person_id]
    parts, params = [], []
    for i, k in enumerate(keys):
        parts.append(f"SELECT * FROM (SELECT {i}, person_id FROM {table} WHERE {key} = %s"  # noqa: S608
                     f" AND person_id IS NOT NULL AND person_id <> %s LIMIT %s) AS k{i}")
        params += [k, person_id, limits[k] + 1]
    return parts, params


def neighbourhood(person_id: int, limits: dict[str, int], *, pairs: bool = True) -> Neighbourhood:
    """Key holders (each key read up to ``limits[key] + 1``), merge state and, with ``pairs``,
    the ids of the record's existing candidate pairs: one statement."""
    q = connection.ops.quote_name
    persons, candidates = q(Person._meta.db_table), q(MatchCandidate._meta.db_table)
    keys = list(limits)
    parts, params = _key_parts(person_id, keys, limits)
    parts += [f"SELECT {PARENT}, merged_into_id FROM {persons} WHERE id = %s AND merged_into_id IS NOT NULL",  # noqa: S608
              f"SELECT * FROM (SELECT {CHILD}, id FROM {persons} WHERE merged_into_id = %s LIMIT 1) AS c"]  # noqa: S608
    params += [person_id, person_id]
    if pairs:
        parts += [f"SELECT {PAIR}, id FROM {candidates} WHERE person_a_id = %s",  # noqa: S608
                  f"SELECT {PAIR}, id FROM {candidates} WHERE person_b_id = %s"]  # noqa: S608
        params += [person_id, person_id]
    out = Neighbourhood()
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        for tag, pid in cursor.fetchall():
            if tag >= 0:
                out.holders.setdefault(keys[tag], []).append(pid)
            elif tag == PAIR:
                out.pair_ids.append(pid)
            else:
                out.merged = True
    return out
