"""The register-style generator: deterministic, with truth, relatives and its own noise."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import numpy as np

from enlace.links import synth, synth2
from enlace.links.synth2 import generate


def test_same_seed_same_records_other_seed_other_records():
    a, b, c = generate(3000, seed=5), generate(3000, seed=5), generate(3000, seed=6)
    assert a.equals(b)
    assert not a.equals(c)
    assert a.num_rows == 3000


def test_same_input_columns_as_the_first_generator():
    ours = set(generate(200, seed=1).column_names)
    assert set(synth.generate(200, seed=1).column_names) - {"address"} <= ours
    assert {"person_id", "family_id", "address"} <= ours


def test_households_hold_relatives_with_the_same_name():
    rows = generate(20000, seed=2).to_pylist()
    persons: dict[int, dict] = {}
    for r in rows:
        persons.setdefault(r["person_id"], r)
    households: dict[int, set[int]] = {}
    for pid, r in persons.items():
        households.setdefault(r["family_id"], set()).add(pid)
    assert sum(1 for members in households.values() if len(members) > 2) > 1000
    # Different people in one household written with the same given names and surnames.
    seen: dict[tuple, int] = {}
    namesakes = 0
    for r in rows:
        key = (r["family_id"], r["given_names"].lower(), r["surnames"].lower())
        if seen.setdefault(key, r["person_id"]) != r["person_id"]:
            namesakes += 1
    assert namesakes > 20


def test_error_model_kinds_are_present():
    rows = generate(30000, seed=3).to_pylist()
    docs = [r["document_number"] for r in rows]
    given = [r["given_names"] for r in rows]
    surnames = [r["surnames"] for r in rows]
    dates = [r["birth_date"] for r in rows]
    assert any(re.search(r"\d[OISBZG]\d", d) for d in docs)  # a letter read for a digit
    assert any(re.fullmatch(r"\d{4} \d{5} \d{4}", d) for d in docs)  # Guatemalan DPI groups
    assert any(g.lower() in {"pancho", "chepe", "kike", "lupe"} for g in given)
    assert any(re.search(r"\d", g) for g in given)  # OCR: a digit inside a name
    assert any(s.lower().startswith(("wam", "guam")) for s in surnames)  # Huamán as heard
    assert any(" de " in s for s in surnames)
    assert any(not s and len(g.split()) >= 3 for g, s in zip(given, surnames, strict=True))
    assert any(re.fullmatch(r"\d{1,2} de [a-z]+ de \d{4}", d) for d in dates)
    assert any(re.fullmatch(r"\d{1,2}/\d{1,2}/\d\d", d) for d in dates)
    assert sum(1 for d in dates if not d) > 500


def test_records_of_one_person_differ_and_truth_is_consistent():
    table = generate(5000, seed=4)
    pid = table.column("person_id").to_numpy()
    fam = table.column("family_id").to_numpy()
    _, counts = np.unique(pid, return_counts=True)
    assert (counts > 1).sum() > 800
    for p in np.unique(pid)[:500]:
        assert len(set(fam[pid == p])) == 1


def test_independent_of_the_first_generator_code():
    tree = ast.parse(Path(synth2.__file__).read_text())
    imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            imported |= {node.module or ""} | {a.name for a in node.names}
    assert imported and not any(m.split(".")[-1] == "synth" for m in imported)
