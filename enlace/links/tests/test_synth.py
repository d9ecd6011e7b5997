"""The synthetic generator: deterministic, sized, with truth and the promised noise."""

from __future__ import annotations

import re

import numpy as np

from enlace.links.synth import generate, write_csv


def test_same_seed_same_records_other_seed_other_records():
    a, b, c = generate(3000, seed=5), generate(3000, seed=5), generate(3000, seed=6)
    assert a.equals(b)
    assert not a.equals(c)
    assert a.num_rows == 3000


def test_truth_has_duplicates_and_families():
    t = generate(5000, seed=2)
    pid = t.column("person_id").to_numpy()
    fam = t.column("family_id").to_numpy()
    _, counts = np.unique(pid, return_counts=True)
    assert (counts > 1).sum() > 500
    persons_per_family = {f: len(set(pid[fam == f])) for f in np.unique(fam)[:500]}
    assert sum(1 for v in persons_per_family.values() if v > 1) > 100


def test_noise_kinds_are_present():
    rows = generate(20000, seed=3).to_pylist()
    given = [r["given_names"] for r in rows]
    surn = [r["surnames"] for r in rows]
    dates = [r["birth_date"] for r in rows]
    phones = [r["phone"] for r in rows]
    docs = [r["document_number"] for r in rows]
    assert any(g in {"Pancho", "Pepe", "Lucho", "PANCHO", "PEPE", "LUCHO"} for g in given)
    assert any(", " in s and not g for s, g in zip(surn, given, strict=True))
    assert any(" de " in s.lower() for s in surn)
    assert any(re.fullmatch(r"\d{4}", d) for d in dates)
    assert any(re.fullmatch(r"\d{4}-\d\d-\d\d", d) for d in dates)
    assert any(re.fullmatch(r"\d\d/\d\d/\d{4}", d) and int(d[3:5]) > 12 for d in dates)  # month written first
    assert any(p.startswith("00") for p in phones) and any(p.startswith("+") for p in phones)
    assert any(d.endswith(" LP") or d.endswith("-LP") for d in docs) and any("." in d for d in docs)
    common = sum(1 for s in surn if re.search(r"(?i)mamani|quispe|condori|choque|caal|tzoc", s))
    assert common / len(surn) > 0.1
    assert any("Mamani" in s for s in surn) and any("Tzoc" in s or "TZOC" in s for s in surn)


def test_write_csv_in_chunks(tmp_path):
    path = tmp_path / "s.csv"
    write_csv(path, 2500, seed=4, chunk=1000)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2501
    ids = [line.split(",")[0].strip('"') for line in lines[1:]]
    assert len(set(ids)) == 2500
