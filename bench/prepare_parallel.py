"""The batch engine's preparation on one core and on all of them, alone and end to end.

Why: from 200,000 records on, ``prepare`` normalises distinct values in worker processes
(``enlace/links/engine/parallel.py``). This measures what that buys: preparation alone with
workers=1 and workers=-1 (and checks that both give the same arrays and vocabularies), then
``resolve_records`` end to end with each. Every run is its own process; CPU and peak RSS
count the worker processes too (RUSAGE_CHILDREN: their CPU summed, the largest one's peak),
and the load average is recorded before and after, since the machine may be shared. The
data (second generator) are generated once and read from an Arrow file.

    .venv/bin/python bench/prepare_parallel.py [--records 1000000] [--seed 1] [--repeat 2]
        [--data FILE] [--no-resolve] [--no-json]

Writes bench/results/prepare_parallel.json.
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

from enlace.links import synth2  # noqa: E402

CHILD = r"""
import json, os, pickle, resource, sys, time
sys.path.insert(0, sys.argv[1])
what, path, workers, dump = sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
import pyarrow.feather as feather
from enlace.links.engine.resolve import to_table
data = feather.read_table(path).drop(["person_id", "family_id"])
out = {}
if what == "prepare":
    from enlace.links.engine.prepare import prepare
    table = to_table(data)
    before = resource.getrusage(resource.RUSAGE_SELF)
    t0 = time.perf_counter()
    prep = prepare(table, workers=workers)
    wall = time.perf_counter() - t0
    if dump:
        with open(dump, "wb") as fh:
            pickle.dump(prep, fh)
else:
    from enlace.links.engine import Settings, resolve_records
    before = resource.getrusage(resource.RUSAGE_SELF)
    t0 = time.perf_counter()
    res = resolve_records(data, settings=Settings(workers=workers))
    wall = time.perf_counter() - t0
    out["stages"] = res.timings
me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
cpu_self = me.ru_utime + me.ru_stime - before.ru_utime - before.ru_stime
cpu_kids = kids.ru_utime + kids.ru_stime
out.update(wall_s=round(wall, 2), cpu_s=round(cpu_self + cpu_kids, 2), cpu_workers_s=round(cpu_kids, 2),
           peak_rss_mb=round(me.ru_maxrss / 1024), worker_peak_rss_mb=round(kids.ru_maxrss / 1024))
print(json.dumps(out))
"""


def run_one(what: str, path: Path, workers: int, dump: str = "") -> dict:
    load = os.getloadavg()[0]
    proc = subprocess.run([sys.executable, "-c", CHILD, str(ROOT), what, str(path), str(workers), dump],
                          capture_output=True, text=True)
    row = {"what": what, "workers": workers, "load_before": round(load, 2)}
    if proc.returncode != 0:
        return {**row, "failed": proc.stderr[-800:]}
    return {**row, **json.loads(proc.stdout.strip().splitlines()[-1]), "load_after": round(os.getloadavg()[0], 2)}


def same_preparation(a_path: Path, b_path: Path) -> bool:
    """Every array and vocabulary of the two pickled ``Prepared`` equal."""
    import dataclasses
    import pickle

    import numpy as np

    a, b = (pickle.loads(p.read_bytes()) for p in (a_path, b_path))
    for spec in dataclasses.fields(a):
        x, y = getattr(a, spec.name), getattr(b, spec.name)
        if isinstance(x, np.ndarray):
            if not (x.dtype == y.dtype and x.shape == y.shape and np.array_equal(x, y)):
                return False
        elif type(x) is not type(y) or x != y:
            return False
    return True


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--records", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=2, help="runs of each kind, alternating")
    ap.add_argument("--data", help="an Arrow file of synth2.generate(records, seed) to reuse")
    ap.add_argument("--no-resolve", action="store_true", help="preparation only")
    ap.add_argument("--no-json", action="store_true", help="do not write bench/results/prepare_parallel.json")
    args, _unknown = ap.parse_known_args()  # bench/run_all.py passes its extra arguments to all
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(args.data) if args.data else Path(tmp) / "data.arrow"
        if not args.data:
            feather.write_feather(synth2.generate(args.records, seed=args.seed), str(path))
        dumps = {1: Path(tmp) / "serial.pkl", -1: Path(tmp) / "parallel.pkl"}
        kinds = [("prepare", 1), ("prepare", -1)] + ([] if args.no_resolve else [("resolve", 1), ("resolve", -1)])
        for i in range(args.repeat):
            for what, workers in kinds:
                dump = str(dumps[workers]) if what == "prepare" and i == 0 else ""
                row = {"records": args.records, "seed": args.seed, **run_one(what, path, workers, dump)}
                rows.append(row)
                print("RESULT prepare_parallel " + " ".join(f"{k}={v}" for k, v in row.items()), flush=True)
        identical = all(p.exists() for p in dumps.values()) and same_preparation(dumps[1], dumps[-1])
    print(f"RESULT prepare_parallel identical={identical}")
    if not args.no_json:
        (ROOT / "bench" / "results" / "prepare_parallel.json").write_text(json.dumps(
            {"date": dt.datetime.now(dt.UTC).isoformat(timespec="minutes"), "machine": platform.platform(),
             "cpus": os.cpu_count(), "identical": identical, "results": rows}, indent=2))


if __name__ == "__main__":
    main()
