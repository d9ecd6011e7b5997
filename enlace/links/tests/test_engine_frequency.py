"""Name-frequency adjustment: agreeing on a common name is weaker evidence than on a rare one,
each level judged against the frequencies it is about (see compare.tf_values)."""

from __future__ import annotations

import numpy as np

from enlace.links.engine.compare import compare_pairs, level, tf_values
from enlace.links.engine.model import Model, score
from enlace.links.engine.prepare import prepare
from enlace.links.engine.resolve import to_table


def _records() -> list[dict]:
    rows = []
    # 200 people called Mamani Quispe (common), 100 Condori, two "Tzoc Ajpop" (rare).
    for i in range(200):
        rows.append({"record_id": f"m{i}", "given_names": f"Nombre{i}", "surnames": "Mamani Quispe"})
    for i in range(100):
        rows.append({"record_id": f"c{i}", "given_names": f"Otro{i}", "surnames": "Condori Flores"})
    rows += [
        {"record_id": "r1", "given_names": "Juan", "surnames": "Tzoc Ajpop"},
        {"record_id": "r2", "given_names": "Juan", "surnames": "Tzoc Ajpop"},
        {"record_id": "p1", "given_names": "Ana", "surnames": "Mamani Quispe"},
        {"record_id": "p2", "given_names": "Ana", "surnames": "Mamani Quispe"},
        {"record_id": "f1", "given_names": "Eva", "surnames": "Mamani"},  # first surname, second missing
        {"record_id": "o1", "given_names": "Rosa", "surnames": "Tzoc Mamani"},  # one shared, other differs
    ]
    return rows


def _pairs(prep, pairs):
    index = {rid: i for i, rid in enumerate(prep.record_id)}
    left = np.array([index[a] for a, _b in pairs], np.int32)
    right = np.array([index[b] for _a, b in pairs], np.int32)
    return left, right


def test_rare_surnames_agreeing_weigh_more_than_common_ones():
    prep = prepare(to_table(_records()), default_region="BO")
    left, right = _pairs(prep, [("r1", "r2"), ("p1", "p2"), ("f1", "p1"), ("o1", "r1")])
    levels = compare_pairs(prep, left, right)
    assert levels[0, 1] == levels[1, 1] == level("surnames", "both_exact")
    tf = tf_values(prep, left, right, levels)
    rare, common = tf[0, 1], tf[1, 1]
    assert rare < 1.0 < common  # relative to an average agreement
    assert levels[2, 1] == level("surnames", "first_and_compatible") and not np.isnan(tf[2, 1])
    assert levels[3, 1] in (level("surnames", "one_shared"), level("surnames", "one_shared_others_differ"))
    assert np.isnan(tf[3, 1])
    model = Model(m=np.full((len(levels[0]), 12), 0.5), u=np.full((len(levels[0]), 12), 0.5),
                  u_random=np.full((len(levels[0]), 12), 0.5), prior=0.01)
    tf[:, 0] = np.nan  # surnames only (both given names here are rare)
    weight, adj = score(model, levels, tf)
    assert adj[0] > 0 > adj[1]
    assert np.isclose(weight[0] - weight[1], adj[0] - adj[1])
    # Clipped both ways: no field dominates through its frequency alone.
    assert model.tf_min <= adj[1] and adj[0] <= model.tf_max
