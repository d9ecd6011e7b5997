"""Node ids that leave the server carry no blind-index key.

Why: identifier nodes (phone, document, e-mail, handle, address, account, vehicle) are keyed
internally by their blind index (``phone:<HMAC>``). That key is a stable pseudonym of the
value: shown in the network JSON or an export, it lets anyone holding two copies link a masked
victim's phone across them, and lets whoever later gets the blind-index key confirm guesses.
So the network JSON gets ids sealed per user (``phone:~<token>``, deterministic so an expanded
node merges with the one on screen, and opened again when the user expands it), and every
export numbers those nodes afresh (``phone:1``), so nothing links one export to another.

Case and person nodes are keyed internally by their integer key (``case:12``); the browser and
the API get their random public ids instead (``case:<uuid>``), so the network tells nobody how
many cases or persons exist, and a public id sent back is looked up the same way whether it
exists or not.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

import networkx as nx

from enlace.cases.models import Case
from enlace.core.batching import id_chunks
from enlace.core.crypto import DecryptionError, open_token, seal_token
from enlace.core.public_ids import parse_public_id
from enlace.persons.models import Person

from .graph import CASE_KEY_KINDS, IDENTIFIER_KINDS

KEYED_KINDS = frozenset(IDENTIFIER_KINDS) | frozenset(CASE_KEY_KINDS.values())
SEALED = "~"
PUBLIC_KINDS: dict[str, type[Case] | type[Person]] = {"case": Case, "person": Person}
NO_ROW = 0  # the internal id a missing public id stands for: never a row, so the same "not found"


def _context(actor) -> str:
    return f"links.node:{actor.pk}"


def is_keyed(node_id: str) -> bool:
    return node_id.partition(":")[0] in KEYED_KINDS


def seal(node_id: str, *, actor) -> str:
    kind, _sep, ref = node_id.partition(":")
    if kind not in KEYED_KINDS:
        return node_id
    return f"{kind}:{SEALED}{seal_token(ref, context=_context(actor))}"


def _public_mapping(g: nx.Graph) -> dict[str, str]:
    """``case:<pk>`` -> ``case:<public id>`` (and persons) for the nodes of ``g``: one query per kind."""
    wanted: dict[str, set[int]] = defaultdict(set)
    for node in g.nodes:
        kind, _sep, ref = str(node).partition(":")
        if kind in PUBLIC_KINDS and ref.isdigit():
            wanted[kind].add(int(ref))
    mapping: dict[str, str] = {}
    for kind, ids in wanted.items():
        for chunk in id_chunks(ids):
            for pk, uid in PUBLIC_KINDS[kind].objects.filter(pk__in=chunk).values_list("pk", "public_id"):
                mapping[f"{kind}:{pk}"] = f"{kind}:{uid}"
    return mapping


def public_node_ids(g: nx.Graph, *, actor) -> Callable[[str], str]:
    """The function giving each node of ``g`` the id the browser gets: case and person nodes by
    their public id, keyed nodes sealed, others as they are."""
    mapping = _public_mapping(g)

    def public(node_id: str) -> str:
        if node_id.partition(":")[0] in PUBLIC_KINDS:
            return mapping.get(node_id, f"{node_id.partition(':')[0]}:")
        return seal(node_id, actor=actor)

    return public


def internal_node_id(node_id: str) -> str | None:
    """``case:<pk>`` for ``case:<public id>`` (and persons); a public id that names no row gives
    ``case:0``, answered like one the actor may not see. An integer key is refused (None)."""
    kind, _sep, ref = node_id.partition(":")
    public = parse_public_id(ref)
    if kind not in PUBLIC_KINDS or public is None:
        return None
    pk = PUBLIC_KINDS[kind].objects.filter(public_id=public).values_list("pk", flat=True).first()
    return f"{kind}:{pk or NO_ROW}"


def unseal(node_id: str, *, actor) -> str | None:
    """The internal id of a node id the page sent back; None for a raw or forged keyed id."""
    kind, _sep, ref = node_id.partition(":")
    if kind in PUBLIC_KINDS:
        return internal_node_id(node_id)
    if kind not in KEYED_KINDS:
        return node_id
    if not ref.startswith(SEALED):
        return None
    try:
        return f"{kind}:{open_token(ref[len(SEALED):], context=_context(actor))}"
    except DecryptionError:
        return None


def renumbered(g: nx.Graph) -> nx.Graph:
    """A copy whose keyed nodes are numbered per kind for this export only (``phone:1``, ...) and
    whose case and person nodes carry their public ids."""
    counters: dict[str, int] = {}
    mapping = _public_mapping(g)
    for n in sorted(g.nodes):
        if is_keyed(n):
            kind = n.partition(":")[0]
            counters[kind] = counters.get(kind, 0) + 1
            mapping[n] = f"{kind}:{counters[kind]}"
    return nx.relabel_nodes(g, mapping, copy=True)
