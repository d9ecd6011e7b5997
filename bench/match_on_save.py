"""Matching on save, in the application: what an officer waits for when a person is saved.

`bench/realtime_lookup.py` measures the resolution engine's in-memory index; the web
application takes another path (`enlace.links.services.match_person`): it looks up the
record's HMAC match keys in the database (`links.MatchKey`), reads the candidates' sealed
profiles (`links.MatchProfile`), scores them with `enlace.links.matching` and writes the
proposals. This script times that path on the 100,000-case demo workspace (about 420,000
persons), on SQLite and, with `--backend postgres` (or `all`, or `auto` with
DATABASE_URL set), on PostgreSQL.

The bulk demo loader does not index persons, so a copy of the case benchmark's workspace
(`var/bench/<backend>-100000`, built by `bench/case_list.py` or here) gets every person's
keys and profile first (`reindex_all(match=False)`, timed), once, in
`var/bench/match-<backend>-100000` (PostgreSQL: database `enlace_bench_match`). Then
`--samples` persons drawn at random (seed 7) are matched one by one, each inside a
transaction that is rolled back, so every sample sees the same register; the first ten
warm the caches and are not counted.

    .venv/bin/python bench/match_on_save.py [--backend all] [--samples 300] [--no-json]
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


class _Rollback(Exception):
    pass


def child(samples: int) -> dict:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import _casebench as cb

    cb.setup_django()
    from django.core.management import call_command
    from django.db import connection, transaction

    from enlace.links import matching
    from enlace.links.models import MatchKey, MatchProfile

    call_command("migrate", verbosity=0)  # the copy may predate the code's last migration
    from enlace.links.services import _load, index_person, match_person, reindex_all, vacuum_match_index
    from enlace.persons.models import Person

    work = Path(os.environ["ENLACE_VAR_DIR"])
    n_persons = Person.objects.count()
    indexed = MatchKey.objects.filter(person__isnull=False).values("person_id").distinct().count()
    build_s = None
    stamp = work / "index-build.json"  # seconds and the keys format the index was built with
    built = json.loads(stamp.read_text(encoding="utf-8")) if stamp.exists() else {}
    if (indexed < n_persons * 0.99 or MatchProfile.objects.count() < n_persons * 0.99
            or built.get("keys_format") != matching.KEYS_FORMAT):
        t0 = time.perf_counter()
        reindex_all(match=False)
        build_s = round(time.perf_counter() - t0, 1)
        vacuum_match_index()  # as `enlace resolve --reindex` does on PostgreSQL
        stamp.write_text(json.dumps({"seconds": build_s, "keys_format": matching.KEYS_FORMAT}), encoding="utf-8")
    else:
        build_s = built["seconds"]
    ids = list(Person.objects.values_list("pk", flat=True))
    sample = random.Random(7).sample(ids, min(samples, len(ids)))
    wall: list[float] = []
    cpu: list[float] = []
    save: list[float] = []
    found: list[int] = []
    persons = [_load([pid])[0] for pid in sample]
    # Two passes over the same sample, each save rolled back. match: the lookup (keys ->
    # candidates -> profiles -> scores -> proposals); save: what a save adds around it
    # (reload, parse, rewrite keys and profile, then the same lookup).
    for step in ("match", "save"):
        for i, person in enumerate(persons):
            try:
                with transaction.atomic():
                    c0, t0 = time.process_time(), time.perf_counter()
                    kept = match_person(person) if step == "match" else index_person(person)
                    if i >= 10:  # the first ten warm the caches
                        ms = (time.perf_counter() - t0) * 1000
                        if step == "match":
                            wall.append(ms)
                            cpu.append((time.process_time() - c0) * 1000)
                            found.append(len(kept))
                        else:
                            save.append(ms)
                    raise _Rollback
            except _Rollback:
                pass
    wall.sort()
    cpu.sort()
    save.sort()
    return {"database": connection.vendor, "persons": n_persons, "match_keys": MatchKey.objects.count(),
            "index_build_s": build_s, "samples": len(wall), "p50_ms": round(statistics.median(wall), 1),
            "p95_ms": cb.p95(wall), "p99_ms": round(wall[max(0, int(round(0.99 * len(wall))) - 1)], 1),
            "max_ms": round(wall[-1], 1), "cpu_p50_ms": round(statistics.median(cpu), 1), "cpu_p95_ms": cb.p95(cpu),
            "whole_save_p50_ms": round(statistics.median(save), 1), "whole_save_p95_ms": cb.p95(save),
            "candidates_kept_mean": round(statistics.fmean(found), 2), "load": round(os.getloadavg()[0], 2)}


def prepare(backend: str) -> dict[str, str]:
    """Environment of the child: a copy of the case benchmark's workspace for this backend,
    made once (SQLite: the file; PostgreSQL: ``CREATE DATABASE ... TEMPLATE enlace_bench``)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import _casebench as cb

    work = ROOT / "var" / "bench" / f"match-{backend}-100000"
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="enlace.config.settings.dev", ENLACE_VAR_DIR=str(work))
    env.pop("ENLACE_DEBUG", None)
    env.pop("DATABASE_URL", None)
    if backend == "postgres":
        cb.ensure_workspace("postgres", 100_000)
        env["DATABASE_URL"] = cb.pg_database_url("enlace_bench_match")
        if not work.exists():
            cb.ensure_pg_database(env["DATABASE_URL"], recreate=True, template="enlace_bench")
            work.mkdir(parents=True)
            shutil.copy2(ROOT / "var" / "bench" / "postgres-100000" / "keys.json", work / "keys.json")
        return env
    if not work.exists():
        if not (SOURCE / "enlace.sqlite3").exists():
            cb.ensure_workspace("sqlite", 100_000)
        work.mkdir(parents=True)
        for name in ("enlace.sqlite3", "keys.json"):
            shutil.copy2(SOURCE / name, work / name)
    return env


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--backend", choices=["auto", "sqlite", "postgres", "all"], default="auto",
                    help="auto: SQLite, plus PostgreSQL when DATABASE_URL points to it")
    ap.add_argument("--samples", type=int, default=300)
    ap.add_argument("--no-json", action="store_true")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args, _unknown = ap.parse_known_args()  # bench/run_all.py passes its extra arguments to all
    if args.child:
        print(json.dumps(child(args.samples)))
        return
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import _casebench as cb

    results = Path(os.environ.get("ENLACE_BENCH_RESULTS", ROOT / "bench" / "results"))
    path = results / "match_on_save.json"
    stored = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    for backend in cb.backends(args.backend):
        out = subprocess.run([sys.executable, __file__, "--child", "--samples", str(args.samples)],
                             env=prepare(backend), check=True, text=True, stdout=subprocess.PIPE).stdout
        result = json.loads(out.strip().splitlines()[-1])
        print(f"RESULT match_on_save {backend} " + " ".join(f"{k}={v}" for k, v in result.items()), flush=True)
        stored[backend] = {"machine": os.uname().release, "date": time.strftime("%Y-%m-%d"), **result}
    if not args.no_json:
        results.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({k: v for k, v in stored.items() if isinstance(v, dict)}, indent=2) + "\n",
                        encoding="utf-8")


if __name__ == "__main__":
    main()
