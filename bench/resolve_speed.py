"""End-to-end speed and peak memory of `resolve_csv` (read CSV, normalise, match, cluster, write).

Each size runs in a fresh Python process so its peak RSS (ru_maxrss) is its own. Input
CSVs are synthetic (enlace.links.synth, seed 2) and are generated once into --data-dir.
The machine is shared: the load average before each run is printed next to the result,
and CPU seconds (user+sys, the preparation's worker processes included; their largest
peak RSS apart) are reported next to wall seconds.

    .venv/bin/python bench/resolve_speed.py [--sizes 100000,1000000,3000000] [--no-json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[3])
t0 = time.perf_counter()
from enlace.links.engine import resolve_csv
report = resolve_csv(sys.argv[1], sys.argv[2])
wall = time.perf_counter() - t0
ru, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"wall_s": round(wall, 2), "cpu_s": round(ru.ru_utime + ru.ru_stime + kids.ru_utime + kids.ru_stime, 2),
                  "peak_rss_mb": round(ru.ru_maxrss / 1024, 1), "worker_peak_rss_mb": round(kids.ru_maxrss / 1024, 1),
                  "stages": report.timings,
                  "rows": report.rows_written, "clusters": report.clusters,
                  "candidate_pairs": int(report.resolution.left.size)}))
"""


def ensure_csv(data_dir: Path, n: int, seed: int) -> Path:
    path = data_dir / f"synth_{n}_seed{seed}.csv"
    if not path.exists():
        from enlace.links.synth import write_csv

        t0 = time.perf_counter()
        write_csv(path, n, seed=seed, truth=False)
        print(f"generated {path} in {time.perf_counter() - t0:.1f}s", flush=True)
    return path


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="100000,1000000,3000000")
    ap.add_argument("--seed", type=int, default=2)
    ap.add_argument("--data-dir", default=str(Path(tempfile.gettempdir()) / "enlace-bench"))
    ap.add_argument("--no-json", action="store_true", help="do not write bench/results/resolve_speed.json")
    args, _unknown = ap.parse_known_args()  # bench/run_all.py passes its extra arguments to all
    sys.path.insert(0, str(ROOT))
    data_dir = Path(args.data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    results = []
    for n in [int(s) for s in args.sizes.split(",") if s]:
        src = ensure_csv(data_dir, n, args.seed)
        load = os.getloadavg()[0]
        out = subprocess.run([sys.executable, "-c", CHILD, str(src), str(data_dir / f"out_{n}.csv"), str(ROOT)],
                             capture_output=True, text=True, check=True)
        row = {"records": n, "load_avg_before": round(load, 2), **json.loads(out.stdout.strip().splitlines()[-1])}
        results.append(row)
        print(f"RESULT resolve_speed records={n} wall={row['wall_s']}s cpu={row['cpu_s']}s "
              f"peak_rss={row['peak_rss_mb']}MB pairs={row['candidate_pairs']} load={row['load_avg_before']} "
              f"stages={row['stages']}", flush=True)
    if not args.no_json:
        (ROOT / "bench" / "results" / "resolve_speed.json").write_text(json.dumps(
            {"machine": platform.platform(), "cpus": os.cpu_count(), "results": results}, indent=2))


if __name__ == "__main__":
    main()
