"""Shared by bench/case_list.py and bench/case_page.py.

A benchmark run has two halves, each in its own process because Django settings are
per process:

* the parent builds (or reuses) a 100,000-case demo per database: SQLite under
  ``var/bench/sqlite-<N>/`` and, when ``DATABASE_URL`` points to PostgreSQL (or
  ``--backend postgres`` is given), a separate database ``enlace_bench`` on that server;
  ``enlace demo --once`` makes the build a one-time cost;
* a child process per database logs in demo users with Django's test ``Client`` and times
  each page: warm-up requests first, then ``--requests`` timed requests, reported as
  p50/p95 in milliseconds with the number of SQL queries one request makes.

Results: a table on stdout and ``bench/results/<script>.json`` (entries of other databases
measured earlier are kept, so SQLite and PostgreSQL can be run separately).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(os.environ.get("ENLACE_BENCH_RESULTS", ROOT / "bench" / "results"))
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/test"
SEED = 2026


# --- parent side ----------------------------------------------------------------------------

def parse_args(description: str) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--backend", choices=["auto", "sqlite", "postgres", "all"], default="auto",
                   help="auto: SQLite, plus PostgreSQL when DATABASE_URL points to it")
    p.add_argument("--cases", type=int, default=100_000)
    p.add_argument("--requests", type=int, default=100, help="timed requests per page (after warm-up)")
    p.add_argument("--users", default="", help="comma-separated demo usernames, or 'all' for every case role "
                   "(default: the script's own three)")
    p.add_argument("--child", help=argparse.SUPPRESS)
    return p.parse_args()


def backends(choice: str) -> list[str]:
    if choice == "all":
        return ["sqlite", "postgres"]
    if choice != "auto":
        return [choice]
    url = os.environ.get("DATABASE_URL", "")
    return ["sqlite"] + (["postgres"] if url.startswith(("postgres://", "postgresql://")) else [])


def pg_database_url(name: str) -> str:
    """The server of DATABASE_URL (or the local default), with the database ``name``."""
    url = os.environ.get("DATABASE_URL", "")
    base = url if url.startswith(("postgres://", "postgresql://")) else DEFAULT_PG
    parts = urlsplit(base)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


def pg_url(cases: int) -> str:
    """The case benches' own database, one per size (``ENLACE_BENCH_PG_DATABASE`` names another,
    for a server shared by several people)."""
    name = os.environ.get("ENLACE_BENCH_PG_DATABASE", "")
    return pg_database_url(name or ("enlace_bench" if cases == 100_000 else f"enlace_bench_{cases}"))


def env_for(backend: str, cases: int) -> dict[str, str]:
    env = dict(os.environ)
    env["DJANGO_SETTINGS_MODULE"] = "enlace.config.settings.dev"
    env["ENLACE_VAR_DIR"] = str(ROOT / "var" / "bench" / f"{backend}-{cases}")  # keys (and the SQLite file)
    env.pop("ENLACE_DEBUG", None)
    if backend == "sqlite":
        env.pop("DATABASE_URL", None)
    else:
        env["DATABASE_URL"] = pg_url(cases)
    return env


def ensure_pg_database(url: str, *, recreate: bool = False, template: str = "") -> None:
    """Create the database of ``url`` if it is missing (``recreate``: drop it first), as a
    copy of the database ``template`` if one is given."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit((parts.scheme, parts.netloc, "/postgres", "", ""))
    with psycopg.connect(admin, autocommit=True) as conn:
        if recreate:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
            print(f"created PostgreSQL database {name}", file=sys.stderr)


def ensure_workspace(backend: str, cases: int) -> None:
    """Migrate and load the demo once; refuse to reuse a workspace of another size."""
    env = env_for(backend, cases)
    if backend == "postgres":
        ensure_pg_database(pg_url(cases))
    Path(env["ENLACE_VAR_DIR"]).mkdir(parents=True, exist_ok=True)
    enlace = [sys.executable, "-m", "enlace"]
    subprocess.run(enlace + ["migrate", "--noinput", "-v", "0"], env=env, check=True, cwd=ROOT)
    started = time.monotonic()
    proc = subprocess.run(enlace + ["demo", "--cases", str(cases), "--seed", str(SEED), "--once"], env=env,
                          cwd=ROOT, text=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = proc.stdout
    if proc.returncode != 0:
        sys.exit(f"[{backend}] enlace demo failed:\n{out}")
    m = re.search(r"Demo already loaded \((\d+) cases", out)
    if m and int(m.group(1)) != cases:
        sys.exit(f"[{backend}] the cached workspace has {m.group(1)} cases, not {cases}: remove "
                 f"{env['ENLACE_VAR_DIR']} (and the PostgreSQL database) to rebuild.")
    if "not empty" in out:
        sys.exit(f"[{backend}] the bench database holds something else than the demo: {out}")
    if not m:
        print(f"[{backend}] built a {cases:,}-case demo in {time.monotonic() - started:.0f} s")
        if backend == "postgres":  # what autovacuum does soon after a bulk load, done now
            import psycopg

            with psycopg.connect(pg_url(cases), autocommit=True) as conn:
                conn.execute("VACUUM ANALYZE")
        (ROOT / "var" / "bench" / f"build-{backend}-{cases}.txt").write_text(
            f"{time.monotonic() - started:.1f}\n", encoding="utf-8")


def machine() -> dict:
    cpu = ""
    try:
        cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                    if line.startswith("model name")), "")
    except OSError:
        pass
    try:
        mem = subprocess.run(["free", "-h"], text=True, capture_output=True).stdout.strip()
    except OSError:
        mem = ""
    return {"nproc": os.cpu_count(), "cpu": cpu, "free_h": mem, "python": platform.python_version(),
            "platform": platform.platform()}


def run(script: str, pages_description: str) -> None:
    """Parent entry point: build, measure each backend in a child, print, write JSON."""
    args = parse_args(pages_description)
    if args.child:
        return
    rows: list[dict] = []
    for backend in backends(args.backend):
        ensure_workspace(backend, args.cases)
        proc = subprocess.run([sys.executable, str(ROOT / "bench" / f"{script}.py"), "--child", backend,
                               "--cases", str(args.cases), "--requests", str(args.requests),
                               "--users", args.users],
                              env=env_for(backend, args.cases), cwd=ROOT, text=True, capture_output=True)
        if proc.returncode != 0:
            sys.exit(f"[{backend}] measurement failed:\n{proc.stdout}\n{proc.stderr}")
        rows += json.loads(proc.stdout.strip().splitlines()[-1])
    print_table(rows)
    write_results(script, rows)


def print_table(rows: list[dict]) -> None:
    cols = ("backend", "user", "page", "visible", "n", "p50_ms", "p95_ms", "cpu_p50_ms", "cpu_p95_ms", "queries",
            "sql_ms", "status", "load")
    width = {c: max(len(c), *(len(str(r.get(c, ""))) for r in rows)) for c in cols}
    print("  ".join(c.ljust(width[c]) for c in cols))
    for r in rows:
        print("  ".join(str(r.get(c, "")).ljust(width[c]) for c in cols))
    slow = [r for r in rows if r["p95_ms"] > 300]
    for r in slow:
        print(f"SLOW: {r['backend']} {r['user']} {r['page']}: p95 {r['p95_ms']} ms > 300 ms")


def write_results(script: str, rows: list[dict]) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{script}.json"
    measured = {(r["backend"], r["cases"], r.get("user")) for r in rows}
    old = json.loads(path.read_text()) if path.exists() else {}
    kept = [r for r in old.get("results", []) if (r.get("backend"), r.get("cases"), r.get("user")) not in measured]
    doc = {"script": script, "updated": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
           "machine": machine(), "results": kept + rows}
    path.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {path}")


# --- child side -----------------------------------------------------------------------------

def setup_django() -> None:
    """Development settings as ``make run`` uses them, except static files: the manifest
    storage needs ``collectstatic`` output, which the bench does not create in the tree."""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.test.utils import override_settings

    storages = dict(settings.STORAGES)
    storages["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    override_settings(STORAGES=storages).enable()


def client_for(username: str):
    from django.test import Client

    from enlace.accounts.models import User

    client = Client(SERVER_NAME="localhost")
    client.force_login(User.objects.get(username=username))
    return client


# Every demo account whose role may work cases (investigators, prosecutors, supervisors, the liaison).
CASE_USERS = ("investigador.lpz", "investigador.cbb", "investigador.scz", "fiscal.lpz", "fiscal.cbb", "fiscal.scz",
              "supervisor.lpz", "supervisora.fiscalia.scz", "punto.focal.digemig")


def chosen_users(option: str, default: tuple[str, ...]) -> tuple[str, ...]:
    """``--users``: empty for the script's default, ``all`` for every case role, or a list."""
    if option == "all":
        return CASE_USERS
    return tuple(u for u in option.split(",") if u) or default


def p95(sorted_ms: list[float]) -> float:
    return round(sorted_ms[max(0, int(round(0.95 * len(sorted_ms))) - 1)], 1)


class QueryLog:
    """Counts and times the SQL of one request (``CaptureQueriesContext`` is emptied by the
    ``request_started`` signal, so an execute wrapper is used instead)."""

    def __init__(self) -> None:
        self.queries: list[tuple[float, str]] = []

    def __call__(self, execute, sql, params, many, context):
        t0 = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries.append(((time.perf_counter() - t0) * 1000, sql))


def time_page(client, urls: list[str], *, requests: int, warmup: int = 10) -> dict:
    """Warm up, then time ``requests`` GETs cycling over ``urls``; count queries of one request."""
    from django.db import connection

    statuses = set()
    for i in range(warmup):
        statuses.add(client.get(urls[i % len(urls)]).status_code)
    log = QueryLog()
    with connection.execute_wrapper(log):
        resp = client.get(urls[0])
    samples, cpu = [], []
    for i in range(requests):
        url = urls[i % len(urls)]
        c0, t0 = time.process_time(), time.perf_counter()
        r = client.get(url)
        samples.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
        statuses.add(r.status_code)
    samples.sort()
    cpu.sort()
    slowest = max(log.queries, default=(0.0, ""))
    return {"n": requests, "p50_ms": round(statistics.median(samples), 1), "p95_ms": p95(samples),
            "cpu_p50_ms": round(statistics.median(cpu), 1), "cpu_p95_ms": p95(cpu),
            "mean_ms": round(statistics.fmean(samples), 1), "min_ms": round(samples[0], 1),
            "max_ms": round(samples[-1], 1), "queries": len(log.queries), "bytes": len(resp.content),
            "status": ",".join(str(s) for s in sorted(statuses)),
            "sql_ms": round(sum(t for t, _q in log.queries), 1), "load": round(os.getloadavg()[0], 1),
            "slowest_query_ms": round(slowest[0], 1), "slowest_query": slowest[1][:600]}


def emit(rows: list[dict]) -> None:
    print(json.dumps(rows))
