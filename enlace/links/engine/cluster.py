"""Turning scored pairs into clusters (one cluster = one presumed person).

Why not plain connected components: A~B and B~C does not mean A~C. A mother and her
daughter share surnames, address and phone; a record of the daughter with a typo in the
birth date may look a bit like both. Components are built from pairs above the threshold,
then any component that contains a *conflict* (an analyst's 'not the same person', or a
compared pair with strong evidence against) or that is suspiciously large is rebuilt
greedily from its strongest links, refusing any merge that would put a conflict inside one
cluster, and demanding a higher score to join two groups that each already have members.
"""

from __future__ import annotations

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components


def components(n: int, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    if left.size == 0:
        return np.arange(n, dtype=np.int64)
    graph = coo_matrix((np.ones(left.size, dtype=np.int8), (left, right)), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    return labels.astype(np.int64)


def cluster(
    n: int,
    left: np.ndarray,
    right: np.ndarray,
    weight: np.ndarray,
    *,
    evidence: np.ndarray | None = None,
    match_weight: float,
    conflict_weight: float,
    group_weight: float,
    must_link: tuple[np.ndarray, np.ndarray] | None = None,
    cannot_link: tuple[np.ndarray, np.ndarray] | None = None,
    max_size: int = 30,
) -> tuple[np.ndarray, dict]:
    """Cluster labels (0..k-1) for n records and a small dict of statistics."""
    ml_l, ml_r = must_link if must_link is not None else (np.empty(0, np.int64),) * 2
    cl_l, cl_r = cannot_link if cannot_link is not None else (np.empty(0, np.int64),) * 2
    keep = weight >= match_weight
    e_l = np.concatenate([left[keep], ml_l]).astype(np.int64)
    e_r = np.concatenate([right[keep], ml_r]).astype(np.int64)
    e_w = np.concatenate([weight[keep], np.full(ml_l.size, np.inf)])
    labels = components(n, e_l, e_r)

    neg = (weight if evidence is None else evidence) <= conflict_weight
    if ml_l.size:  # an analyst's 'same person' beats the model's 'strongly different'
        packed = left.astype(np.int64) * n + right
        neg &= ~np.isin(packed, np.minimum(ml_l, ml_r).astype(np.int64) * n + np.maximum(ml_l, ml_r))
    c_l = np.concatenate([left[neg], cl_l]).astype(np.int64)
    c_r = np.concatenate([right[neg], cl_r]).astype(np.int64)
    in_same = labels[c_l] == labels[c_r]
    sizes = np.bincount(labels)
    suspicious = set(np.unique(labels[c_l[in_same]]).tolist()) | set(np.flatnonzero(sizes > max_size).tolist())
    stats = {"components_rebuilt": len(suspicious), "conflicts_inside": int(in_same.sum())}
    if not suspicious:
        return _dense(labels), stats

    sus_mask = np.zeros(labels.max() + 1, dtype=bool)
    sus_mask[list(suspicious)] = True
    edge_sel = sus_mask[labels[e_l]]
    conf_sel = sus_mask[labels[c_l]] & in_same
    forbidden: dict[int, set[int]] = {}
    for a, b in zip(c_l[conf_sel].tolist(), c_r[conf_sel].tolist(), strict=True):
        forbidden.setdefault(a, set()).add(b)
        forbidden.setdefault(b, set()).add(a)

    parent: dict[int, int] = {}
    members: dict[int, list[int]] = {}

    def find(x: int) -> int:
        root = x
        while parent.get(root, root) != root:
            root = parent[root]
        while parent.get(x, x) != root:
            parent[x], x = root, parent[x]
        return root

    order = np.argsort(-e_w[edge_sel], kind="stable")
    sel_l, sel_r, sel_w = e_l[edge_sel][order], e_r[edge_sel][order], e_w[edge_sel][order]
    refused = 0
    for a, b, w in zip(sel_l.tolist(), sel_r.tolist(), sel_w.tolist(), strict=True):
        ra, rb = find(a), find(b)
        if ra == rb:
            continue
        ma, mb = members.get(ra, [ra]), members.get(rb, [rb])
        if w != np.inf and len(ma) > 1 and len(mb) > 1 and w < group_weight:
            refused += 1
            continue
        if len(ma) + len(mb) > max_size and w != np.inf:
            refused += 1
            continue
        small, big = (ma, mb) if len(ma) <= len(mb) else (mb, ma)
        big_set = set(big)
        if any(forbidden.get(x, set()) & big_set for x in small):
            refused += 1
            continue
        new_root, old_root = (rb, ra) if small is ma else (ra, rb)
        parent[old_root] = new_root
        members[new_root] = big + small
        members.pop(old_root, None)

    new_labels = labels.copy()
    base = labels.max() + 1
    for root, mem in members.items():
        new_labels[mem] = base + root
    # Records of rebuilt components that joined nothing become singletons.
    rebuilt = np.flatnonzero(sus_mask[labels])
    untouched = np.array([x for x in rebuilt.tolist() if x not in parent and x not in members], dtype=np.int64)
    if untouched.size:
        new_labels[untouched] = base + untouched
    stats["merges_refused"] = refused
    return _dense(new_labels), stats


def _dense(labels: np.ndarray) -> np.ndarray:
    _, dense = np.unique(labels, return_inverse=True)
    return dense.astype(np.int64)
