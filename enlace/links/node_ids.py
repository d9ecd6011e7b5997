"""Node ids that leave the server carry no blind-index key.

Why: identifier nodes (phone, document, e-mail, handle, address, account, vehicle) are keyed
internally by their blind index (``phone:<HMAC>``). That key is a stable pseudonym of the
value: shown in the network JSON or an export, it lets anyone holding two copies link a masked
victim's phone across them, and lets whoever later gets the blind-index key confirm guesses.
So the network JSON gets ids sealed per user (``phone:~<token>``, deterministic so an expanded
node merges with the one on screen, and opened again when the user expands it), and every
export numbers those nodes afresh (``phone:1``), so nothing links one export to another.
"""

from __future__ import annotations

import networkx as nx

from enlace.core.crypto import DecryptionError, open_token, seal_token

from .graph import CASE_KEY_KINDS, IDENTIFIER_KINDS

KEYED_KINDS = frozenset(IDENTIFIER_KINDS) | frozenset(CASE_KEY_KINDS.values())
SEALED = "~"


def _context(actor) -> str:
    return f"links.node:{actor.pk}"


def is_keyed(node_id: str) -> bool:
    return node_id.partition(":")[0] in KEYED_KINDS


def seal(node_id: str, *, actor) -> str:
    kind, _sep, ref = node_id.partition(":")
    if kind not in KEYED_KINDS:
        return node_id
    return f"{kind}:{SEALED}{seal_token(ref, context=_context(actor))}"


def unseal(node_id: str, *, actor) -> str | None:
    """The internal id of a node id the page sent back; None for a raw or forged keyed id."""
    kind, _sep, ref = node_id.partition(":")
    if kind not in KEYED_KINDS:
        return node_id
    if not ref.startswith(SEALED):
        return None
    try:
        return f"{kind}:{open_token(ref[len(SEALED):], context=_context(actor))}"
    except DecryptionError:
        return None


def renumbered(g: nx.Graph) -> nx.Graph:
    """A copy whose keyed nodes are numbered per kind for this export only (``phone:1``, ...)."""
    counters: dict[str, int] = {}
    mapping = {}
    for n in sorted(g.nodes):
        if is_keyed(n):
            kind = n.partition(":")[0]
            counters[kind] = counters.get(kind, 0) + 1
            mapping[n] = f"{kind}:{counters[kind]}"
    return nx.relabel_nodes(g, mapping, copy=True)
