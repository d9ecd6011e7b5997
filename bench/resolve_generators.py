"""Enlace's engine and the Splink model side by side on each synthetic generator.

Why: a matcher can fit the data it was tuned on. Two generators designed independently
(``enlace.links.synth`` and ``enlace.links.synth2``, each with its own names, households and
error model) are each resolved by both engines at several sizes; settings were chosen on
seed 1, the numbers here use seed 2 by default. Every run is its own process, so peak RSS
is per run; the data are generated once per (generator, size) and read from an Arrow file
by both engines, outside the timed part.

    .venv/bin/python bench/resolve_generators.py [--sizes 20000,200000,1000000]
        [--generators synth,synth2] [--engines enlace,splink] [--seed 2] [--no-json]

Writes bench/results/resolve_generators.json and prints a markdown table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

import pyarrow.feather as feather

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from enlace.links import synth, synth2  # noqa: E402

GENERATORS = {"synth": synth.generate, "synth2": synth2.generate}

CHILD = r"""
import json, logging, resource, sys, time
sys.path.insert(0, sys.argv[1])
engine, path, threshold = sys.argv[2], sys.argv[3], float(sys.argv[4])
import numpy as np
import pyarrow.feather as feather
from enlace.links.engine.metrics import pairwise_scores
data = feather.read_table(path)
truth = data.column("person_id").to_numpy()
data = data.drop(["person_id", "family_id"])
t0 = time.perf_counter()
if engine == "enlace":
    from enlace.links.engine import resolve_records
    res = resolve_records(data)
    labels = res.cluster_ids
    extra = {"stages_s": res.timings, "threshold": res.threshold.probability,
             "est_precision": round(res.threshold.est_precision, 4), "est_recall": round(res.threshold.est_recall, 4)}
else:
    from splink import DuckDBAPI, Linker
    from enlace.links.engine.prepare import prepare
    from enlace.links.engine.resolve import to_table
    from enlace.links.engine.splink_model import splink_frame, splink_settings, train_and_cluster
    prep = prepare(to_table(data))
    frame = splink_frame(prep)
    linker = Linker(DuckDBAPI().register(frame), splink_settings(), log_level=logging.WARNING)
    _preds, clusters = train_and_cluster(linker, threshold=threshold)
    cdf = clusters.as_pandas_dataframe()
    order = {rid: i for i, rid in enumerate(prep.record_id)}
    labels = np.empty(len(order), dtype=object)
    labels[[order[r] for r in cdf["record_id"]]] = cdf["cluster_id"].to_numpy()
    extra = {"threshold": threshold}
wall = time.perf_counter() - t0
s = pairwise_scores(labels, truth)
ru, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"wall_s": round(wall, 2), "cpu_s": round(ru.ru_utime + ru.ru_stime + kids.ru_utime + kids.ru_stime, 2),
                  "peak_rss_mb": round(ru.ru_maxrss / 1024, 1), "worker_peak_rss_mb": round(kids.ru_maxrss / 1024, 1),
                  "precision": round(s["precision"], 4),
                  "recall": round(s["recall"], 4), "f1": round(s["f1"], 4), "true_pairs": int(s["true_pairs"]), **extra}))
"""


def run_one(engine: str, path: Path, threshold: float) -> dict:
    proc = subprocess.run([sys.executable, "-c", CHILD, str(ROOT), engine, str(path), str(threshold)],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        return {"failed": proc.stderr[-800:]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def markdown(rows: list[dict]) -> str:
    head = ("| generator | records | Enlace P / R / F1 | Enlace s / MB | Splink P / R / F1 | Splink s / MB |\n"
            "|---|---:|---|---:|---|---:|")
    cells: dict[tuple, dict] = {}
    for r in rows:
        cells.setdefault((r["generator"], r["records"]), {})[r["engine"]] = r
    lines = [head]
    for (gen, n), by in cells.items():
        out = [gen, f"{n:,}"]
        for engine in ("enlace", "splink"):
            r = by.get(engine)
            if r is None or "f1" not in r:
                out += ["-", "-"]
                continue
            out += [f"{r['precision']:.3f} / {r['recall']:.3f} / {r['f1']:.3f}", f"{r['wall_s']:.0f} / {r['peak_rss_mb']:,.0f}"]
        lines.append("| " + " | ".join(out) + " |")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="20000,200000,1000000")
    ap.add_argument("--generators", default="synth,synth2")
    ap.add_argument("--engines", default="enlace,splink")
    ap.add_argument("--seed", type=int, default=2)
    ap.add_argument("--splink-threshold", type=float, default=0.95)
    ap.add_argument("--out", default="resolve_generators.json", help="file name under bench/results/")
    ap.add_argument("--no-json", action="store_true", help="do not write bench/results/resolve_generators.json")
    args, _unknown = ap.parse_known_args()  # bench/run_all.py passes its extra arguments to all
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in [int(s) for s in args.sizes.split(",") if s]:
            for gen in args.generators.split(","):
                path = Path(tmp) / f"{gen}_{size}.arrow"
                feather.write_feather(GENERATORS[gen](size, seed=args.seed), str(path))
                for engine in args.engines.split(","):
                    load = os.getloadavg()[0]
                    row = {"generator": gen, "records": size, "seed": args.seed, "engine": engine,
                           "load_avg_before": round(load, 2), **run_one(engine, path, args.splink_threshold)}
                    rows.append(row)
                    print("RESULT resolve_generators " + " ".join(f"{k}={v}" for k, v in row.items()), flush=True)
                path.unlink()
    table = markdown(rows)
    print(table)
    if not args.no_json:
        uname = platform.uname()
        cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                    if line.startswith("model name")), uname.processor) if Path("/proc/cpuinfo").exists() else ""
        (ROOT / "bench" / "results" / args.out).write_text(json.dumps(
            {"date": dt.datetime.now(dt.UTC).isoformat(timespec="minutes"), "machine": platform.platform(),
             "cpus": os.cpu_count(), "cpu_model": cpu, "seed": args.seed, "results": rows, "markdown": table},
            indent=2))


if __name__ == "__main__":
    main()
