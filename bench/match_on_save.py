"""Matching on save, in the application: what an officer waits for when a person is saved.

`bench/realtime_lookup.py` measures the resolution engine's in-memory index; the web
application takes another path (`enlace.links.services.match_person`): it looks up the
record's HMAC match keys in the database (`links.MatchKey`), loads and decrypts the
candidates, scores them with `enlace.links.matching` and writes the proposals. This script
times that path on the 100,000-case demo workspace (about 420,000 persons, SQLite).

The bulk demo loader does not index persons, so a copy of the case benchmark's workspace
(`var/bench/sqlite-100000`, built by `bench/case_list.py`) gets every person's keys first
(`reindex_all(match=False)`, timed), once, in `var/bench/match-sqlite-100000`. Then
`--samples` persons drawn at random (seed 7) are matched one by one, each inside a
transaction that is rolled back, so every sample sees the same register.

    .venv/bin/python bench/match_on_save.py [--samples 300] [--no-json]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "var" / "bench" / "sqlite-100000"
WORK = ROOT / "var" / "bench" / "match-sqlite-100000"


class _Rollback(Exception):
    pass


def child(samples: int) -> dict:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import _casebench as cb

    cb.setup_django()
    from django.db import transaction

    from enlace.links.models import MatchKey
    from enlace.links.services import _load, match_person, reindex_all
    from enlace.persons.models import Person

    persons = Person.objects.count()
    indexed = MatchKey.objects.filter(person__isnull=False).values("person_id").distinct().count()
    build_s = None
    if indexed < persons * 0.99:
        t0 = time.perf_counter()
        reindex_all(match=False)
        build_s = round(time.perf_counter() - t0, 1)
        (WORK / "index-build-seconds.txt").write_text(f"{build_s}\n", encoding="utf-8")
    elif (WORK / "index-build-seconds.txt").exists():
        build_s = float((WORK / "index-build-seconds.txt").read_text(encoding="utf-8"))
    ids = list(Person.objects.values_list("pk", flat=True))
    sample = random.Random(7).sample(ids, min(samples, len(ids)))
    wall, cpu, found = [], [], []
    for i, pid in enumerate(sample):
        person = _load([pid])[0]
        try:
            with transaction.atomic():
                c0, t0 = time.process_time(), time.perf_counter()
                kept = match_person(person)
                if i >= 10:  # the first ten warm the caches
                    wall.append((time.perf_counter() - t0) * 1000)
                    cpu.append((time.process_time() - c0) * 1000)
                    found.append(len(kept))
                raise _Rollback
        except _Rollback:
            pass
    wall.sort()
    cpu.sort()
    return {"persons": persons, "match_keys": MatchKey.objects.count(), "index_build_s": build_s,
            "samples": len(wall), "p50_ms": round(statistics.median(wall), 1), "p95_ms": cb.p95(wall),
            "p99_ms": round(wall[max(0, int(round(0.99 * len(wall))) - 1)], 1), "max_ms": round(wall[-1], 1),
            "cpu_p50_ms": round(statistics.median(cpu), 1), "cpu_p95_ms": cb.p95(cpu),
            "candidates_kept_mean": round(statistics.fmean(found), 2), "load": round(os.getloadavg()[0], 2)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--samples", type=int, default=300)
    ap.add_argument("--no-json", action="store_true")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args, _unknown = ap.parse_known_args()  # bench/run_all.py passes its extra arguments to all
    if args.child:
        print(json.dumps(child(args.samples)))
        return
    if not WORK.exists():
        if not (SOURCE / "enlace.sqlite3").exists():
            subprocess.run([sys.executable, str(ROOT / "bench" / "case_list.py"), "--backend", "sqlite",
                            "--requests", "1"], check=True)
        WORK.mkdir(parents=True)
        for name in ("enlace.sqlite3", "keys.json"):
            shutil.copy2(SOURCE / name, WORK / name)
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="enlace.config.settings.dev", ENLACE_VAR_DIR=str(WORK))
    env.pop("DATABASE_URL", None)
    env.pop("ENLACE_DEBUG", None)
    out = subprocess.run([sys.executable, __file__, "--child", "--samples", str(args.samples)], env=env,
                         check=True, text=True, stdout=subprocess.PIPE).stdout
    result = json.loads(out.strip().splitlines()[-1])
    print("RESULT match_on_save " + " ".join(f"{k}={v}" for k, v in result.items()))
    if not args.no_json:
        results = Path(os.environ.get("ENLACE_BENCH_RESULTS", ROOT / "bench" / "results"))
        results.mkdir(parents=True, exist_ok=True)
        (results / "match_on_save.json").write_text(json.dumps({"machine": os.uname().release, **result}, indent=2)
                                                    + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
