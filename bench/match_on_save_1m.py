"""Matching on save against 1,000,000 persons, with truth: speed and hit rate of the application's path.

`bench/match_on_save.py` times the application's save path on the demo workspace (421k
persons, no truth). This script builds a register of a national size (1,000,000 persons) from the synthetic
Latin-American generator (seed 2, the evaluation seed), through the application's own
models: `--persons` records become `Person` rows with their documents, phones and e-mails
(encrypted, blind-indexed as the loader does), and every person gets its match keys and
sealed profile with the code `enlace resolve --reindex` runs (`_write_persons`), once, in
`var/bench/match-synth-<N>/` (SQLite), or with `--backend postgres` in the database
`enlace_bench_synth_<N>` of the local server (VACUUM ANALYZE after the build, as the
reindex command does). A workspace indexed with older name keys (`matching.KEYS_FORMAT`)
is reindexed first (`reindex_all(match=False)`, timed).

Then `--queries` further records of the same generator (held out of the register; about
half of them have another record of the same person in it) are saved one by one, each in
a transaction that is rolled back:

* lookup: the person row and identifiers are inserted (not timed), then `match_person`
  is timed: keys -> candidates -> profiles -> scores -> proposals written;
* whole save: the same, timing `index_person` (reload, parse, rewrite keys and profile,
  then the lookup).

Hit rate: of the queries whose true person is in the register, the share for which one
of that person's records is proposed as "possibly the same person".

Each lookup also reports the statements it sent and the wall time spent waiting for them
(``db_wait``): on PostgreSQL the round trips, not the scoring, are most of a lookup.
``--pg-database NAME`` keeps the register in a database of that name instead of
``enlace_bench_synth_<N>``.

    .venv/bin/python bench/match_on_save_1m.py [--backend sqlite|postgres] [--persons 1000000] [--queries 310] [--pg-database NAME] [--no-json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = 2
NATIONALITY = {"boliviana": "BO", "peruana": "PE", "guatemalteca": "GT"}
SEX = {"m": "M", "f": "F", "masculino": "M", "femenino": "F"}


class _Rollback(Exception):
    pass


class _Statements:
    """Counts the statements a lookup sends and the wall time spent waiting for them."""

    def __init__(self) -> None:
        self.count, self.seconds = 0, 0.0

    def __call__(self, execute, sql, params, many, context):
        t0 = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.count += 1
            self.seconds += time.perf_counter() - t0


def _person_rows(rows: list[dict], start: int):
    """(Person, documents, phones, emails) built from synthetic records, as the loader does."""
    from enlace.normalize import parse_partial_date
    from enlace.persons import identifiers
    from enlace.persons.models import Person, PersonDocument, PersonEmail, PersonPhone

    out = []
    for i, r in enumerate(rows):
        nat = (r["nationality"] or "").strip()
        nat = NATIONALITY.get(nat.lower(), nat.upper() if len(nat) == 2 else "")
        birth = parse_partial_date(r["birth_date"] or "")
        person = Person(pseudonym=f"SYN-{start + i:08d}", given_names=r["given_names"] or "",
                        first_surname=r["surnames"] or "", sex=SEX.get((r["sex"] or "").lower(), "U"),
                        birth_year=birth.year, birth_month=birth.month, birth_day=birth.day, nationality=nat)
        docs, phones, emails = [], [], []
        country = r["country"] or "BO"
        if r["document_number"]:
            number, bidx = identifiers.document_index(r["document_number"], doc_type="national_id", country=country)
            docs.append(PersonDocument(person=person, doc_type="national_id", number=number,
                                       number_raw=r["document_number"], issuing_country=country, number_bidx=bidx))
        if r["phone"]:
            e164, bidx = identifiers.phone_index(r["phone"], default_region=country)
            phones.append(PersonPhone(person=person, raw=r["phone"], e164=e164, e164_bidx=bidx))
        if r["email"]:
            value, bidx = identifiers.email_index(r["email"])
            emails.append(PersonEmail(person=person, address=value, address_bidx=bidx))
        out.append((person, docs, phones, emails))
    return out


def _insert(built) -> None:
    from enlace.persons.models import Person, PersonDocument, PersonEmail, PersonPhone

    Person.objects.bulk_create([b[0] for b in built], batch_size=1000)
    for model, k in ((PersonDocument, 1), (PersonPhone, 2), (PersonEmail, 3)):
        objs = [o for b in built for o in b[k]]
        for o in objs:
            o.person_id = o.person.pk
        model.objects.bulk_create(objs, batch_size=1000)


def build(work: Path, known, chunk: int = 2000) -> dict:
    """Persons, identifiers, keys and profiles for every known record (once)."""
    from django.db import transaction

    from enlace.links import matching
    from enlace.links.services import _load, _write_persons

    t0 = time.perf_counter()
    truth: list[int] = []
    rows = known.to_pylist()
    for start in range(0, len(rows), chunk):
        part = rows[start:start + chunk]
        built = _person_rows(part, start)
        with transaction.atomic():
            _insert(built)
            # The keys and profile that `enlace resolve --reindex` writes, from the stored rows.
            _write_persons([matching.person_features(p) for p in _load([b[0].pk for b in built])])
        truth.extend((b[0].pk, r["person_id"]) for b, r in zip(built, part, strict=True))
        if start % 100_000 == 0:
            print(f"  {start:,} persons in {time.perf_counter() - t0:.0f} s", file=sys.stderr, flush=True)
    (work / "truth.json").write_text(json.dumps(truth), encoding="utf-8")
    info = {"build_s": round(time.perf_counter() - t0, 1), "keys_format": matching.KEYS_FORMAT}
    (work / "build.json").write_text(json.dumps(info), encoding="utf-8")
    return info


def _progress(done: int, total: int) -> None:
    if done % 100_000 < 500:
        print(f"  reindex: {done:,} of {total:,}", file=sys.stderr, flush=True)


def child(n_persons: int, n_queries: int) -> dict:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import _casebench as cb

    cb.setup_django()
    from django.core.management import call_command
    from django.db import connection, transaction

    from enlace.links import matching
    from enlace.links.models import MatchKey
    from enlace.links.services import _load, index_person, match_person, reindex_all, vacuum_match_index
    from enlace.links.synth import generate
    from enlace.persons.models import Person

    work = Path(os.environ["ENLACE_VAR_DIR"])
    call_command("migrate", verbosity=0)
    table = generate(n_persons + n_queries, seed=SEED)
    known, queries = table.slice(0, n_persons), table.slice(n_persons)
    if (work / "build.json").exists():
        info = json.loads((work / "build.json").read_text(encoding="utf-8"))
    else:
        if Person.objects.exists():
            sys.exit(f"{work} holds an unfinished build: remove it and run again")
        info = build(work, known)
        vacuum_match_index()  # PostgreSQL: as `enlace resolve --reindex` does after a rewrite
    if info.get("keys_format") != matching.KEYS_FORMAT:
        # Built with other name keys: rebuild the index as `enlace resolve --reindex` does.
        t0 = time.perf_counter()
        reindex_all(match=False, progress=_progress)
        info.update(keys_format=matching.KEYS_FORMAT, reindex_s=round(time.perf_counter() - t0, 1))
        vacuum_match_index()
        (work / "build.json").write_text(json.dumps(info), encoding="utf-8")
    pk_truth = {pk: pid for pk, pid in json.loads((work / "truth.json").read_text(encoding="utf-8"))}
    present = set(pk_truth.values())
    timings: dict[str, list[float]] = {"match": [], "save": []}
    cpu: list[float] = []
    db_ms: list[float] = []
    statements: dict[str, list[int]] = {"match": [], "save": []}
    hits = answerable = 0
    proposals: list[int] = []
    rows = queries.to_pylist()
    for step in ("match", "save"):
        for i, r in enumerate(rows):
            try:
                with transaction.atomic():
                    built = _person_rows([r], n_persons + i)
                    _insert(built)
                    person = _load([built[0][0].pk])[0]
                    counter = _Statements()
                    with connection.execute_wrapper(counter):
                        c0, t0 = time.process_time(), time.perf_counter()
                        kept = match_person(person) if step == "match" else index_person(person)
                        ms = (time.perf_counter() - t0) * 1000
                    if i >= 10:  # the first ten warm the caches
                        timings[step].append(ms)
                        statements[step].append(counter.count)
                        if step == "match":
                            cpu.append((time.process_time() - c0) * 1000)
                            db_ms.append(counter.seconds * 1000)
                            same = [c for c in kept if c.kind == "same_person"]
                            proposals.append(len(same))
                            if r["person_id"] in present:
                                answerable += 1
                                hits += any(pk_truth.get(c.other(person.pk)) == r["person_id"] for c in same)
                    raise _Rollback
            except _Rollback:
                pass
    lookup, save = sorted(timings["match"]), sorted(timings["save"])
    cpu.sort()
    db_ms.sort()
    return {"database": connection.vendor, "persons": Person.objects.count(), "match_keys": MatchKey.objects.count(),
            "build_s": info["build_s"], "reindex_s": info.get("reindex_s"), "samples": len(lookup),
            "p50_ms": round(statistics.median(lookup), 1), "p95_ms": cb.p95(lookup),
            "p99_ms": round(lookup[max(0, int(round(0.99 * len(lookup))) - 1)], 1), "max_ms": round(lookup[-1], 1),
            "cpu_p50_ms": round(statistics.median(cpu), 1), "cpu_p95_ms": cb.p95(cpu),
            "db_wait_p50_ms": round(statistics.median(db_ms), 1), "db_wait_p95_ms": cb.p95(db_ms),
            "statements_mean": round(statistics.fmean(statements["match"]), 2),
            "statements_max": max(statements["match"]),
            "whole_save_statements_mean": round(statistics.fmean(statements["save"]), 2),
            "whole_save_p50_ms": round(statistics.median(save), 1), "whole_save_p95_ms": cb.p95(save),
            "answerable": answerable, "hit_rate": round(hits / answerable, 4) if answerable else None,
            "same_person_proposals_mean": round(statistics.fmean(proposals), 2),
            "load": round(os.getloadavg()[0], 2)}


def _env(backend: str, persons: int, pg_name: str = "") -> dict[str, str]:
    """The child's environment: its own SQLite workspace, or its own PostgreSQL database."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import _casebench as cb

    suffix = "" if backend == "sqlite" else "-postgres"
    work = ROOT / "var" / "bench" / f"match-synth{suffix}-{persons}"
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="enlace.config.settings.dev", ENLACE_VAR_DIR=str(work))
    env.pop("DATABASE_URL", None)
    env.pop("ENLACE_DEBUG", None)
    if backend == "postgres":
        env["DATABASE_URL"] = cb.pg_database_url(pg_name or f"enlace_bench_synth_{persons}")
        cb.ensure_pg_database(env["DATABASE_URL"], recreate=not work.exists())  # a new workspace: a new database
    work.mkdir(parents=True, exist_ok=True)
    return env


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--persons", type=int, default=1_000_000)
    ap.add_argument("--queries", type=int, default=310)
    ap.add_argument("--backend", choices=["auto", "sqlite", "postgres", "all"], default="auto",
                    help="auto: SQLite, and PostgreSQL too when DATABASE_URL points to one")
    ap.add_argument("--no-json", action="store_true")
    ap.add_argument("--pg-database", default="", help="PostgreSQL database name (default enlace_bench_synth_<N>)")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args, _unknown = ap.parse_known_args()  # bench/run_all.py passes its extra arguments to all
    if args.child:
        print(json.dumps(child(args.persons, args.queries)))
        return
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import _casebench as cb

    for backend in cb.backends(args.backend):
        out = subprocess.run([sys.executable, __file__, "--child", "--persons", str(args.persons), "--queries",
                              str(args.queries)], env=_env(backend, args.persons, args.pg_database), check=True, text=True,
                             stdout=subprocess.PIPE).stdout
        result = json.loads(out.strip().splitlines()[-1])
        print(f"RESULT match_on_save_1m {backend} " + " ".join(f"{k}={v}" for k, v in result.items()), flush=True)
        if not args.no_json:
            results = Path(os.environ.get("ENLACE_BENCH_RESULTS", ROOT / "bench" / "results"))
            results.mkdir(parents=True, exist_ok=True)
            name = "match_on_save_1m.json" if backend == "sqlite" else "match_on_save_1m_postgres.json"
            (results / name).write_text(json.dumps(
                {"machine": os.uname().release, "date": time.strftime("%Y-%m-%d"), **result}, indent=2) + "\n",
                encoding="utf-8")


if __name__ == "__main__":
    main()
