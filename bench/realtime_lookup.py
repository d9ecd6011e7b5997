"""Real-time lookup: candidates for ONE new record against ~1,000,000 known persons.

Builds enlace's in-memory CandidateIndex over synthetic records (seed 2), then looks up
records that were held out of the index (a held-out record's other records are in it about
half of the time) and reports p50 / p95 / p99 latency (wall clock, and the query's CPU
time, which is what an idle machine would show) and how often the true person is
among the returned candidates. Target: p95 < 20 ms.

    .venv/bin/python bench/realtime_lookup.py [--records 1000000] [--queries 1000] [--no-json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from enlace.links.engine.index import CandidateIndex  # noqa: E402
from enlace.links.synth import generate  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--records", type=int, default=1_000_000)
    ap.add_argument("--queries", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=2)
    ap.add_argument("--no-json", action="store_true", help="do not write bench/results/realtime_lookup.json")
    args, _unknown = ap.parse_known_args()  # bench/run_all.py passes its extra arguments to all
    table = generate(args.records + args.queries, seed=args.seed)
    known, queries = table.slice(0, args.records), table.slice(args.records)
    t0 = time.perf_counter()
    index = CandidateIndex(known.drop(["person_id", "family_id"]))
    build = time.perf_counter() - t0
    known_pid = known.column("person_id").to_numpy()
    rid_to_pid = dict(zip(known.column("record_id").to_pylist(), known_pid.tolist(), strict=True))
    present = set(known_pid.tolist())
    lat, cpu, found, answerable, n_cand = [], [], 0, 0, []
    for row in queries.to_pylist():
        pid = row.pop("person_id")
        row.pop("family_id")
        t, c = time.perf_counter(), time.process_time()
        cands = index.lookup(row, limit=10, min_probability=0.5)
        lat.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
        n_cand.append(len(cands))
        if pid in present:
            answerable += 1
            found += any(rid_to_pid[c.record_id] == pid for c in cands)
    lat, cpu = np.array(lat), np.array(cpu)
    res = {"records": args.records, "queries": len(lat), "build_s": round(build, 1),
           "p50_ms": round(float(np.percentile(lat, 50)), 2), "p95_ms": round(float(np.percentile(lat, 95)), 2),
           "p99_ms": round(float(np.percentile(lat, 99)), 2),
           # CPU time of the query's own process: what the latency would be on an idle machine.
           "cpu_p50_ms": round(float(np.percentile(cpu, 50)), 2), "cpu_p95_ms": round(float(np.percentile(cpu, 95)), 2),
           "hit_rate_when_present": round(found / max(1, answerable), 4), "queries_with_person_present": answerable,
           "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
           "load_avg": round(os.getloadavg()[0], 2)}
    print(f"RESULT realtime_lookup records={res['records']} p50={res['p50_ms']}ms p95={res['p95_ms']}ms "
          f"p99={res['p99_ms']}ms cpu_p50={res['cpu_p50_ms']}ms cpu_p95={res['cpu_p95_ms']}ms hit_rate={res['hit_rate_when_present']} build={res['build_s']}s "
          f"rss={res['peak_rss_mb']}MB load={res['load_avg']}")
    if not args.no_json:
        (ROOT / "bench" / "results" / "realtime_lookup.json").write_text(json.dumps(
            {"machine": platform.platform(), **res}, indent=2))


if __name__ == "__main__":
    main()
