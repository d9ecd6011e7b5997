"""Under load: the application server against the development server, people pausing as people do.

The demo workspace of ``bench/case_list.py`` (``--cases``, default 100,000; built once and cached
by ``bench/_casebench.py``) is served by ``enlace web`` (gunicorn, the production server) and, for
comparison, by ``enlace serve`` (Django's development server), one after the other on a free
loopback port. ``--users`` simulated people sign in through the login form as demo users of
several roles (investigators, prosecutors, supervisors, the migration service's liaison, who
sees about 41,000 cases through sharings); once all have signed in, each loops for ``--duration``
seconds: a request, then a pause of 3 to 7 seconds (uniform), as someone reading the page would. With 50
users that is about 10 requests per second in all. The mix: case list page 1 and later pages,
the status, form-of-exploitation and department filters, a word and a reference search, and
case pages of cases the user's own list showed.

For each server the table gives per kind of page the number of requests, p50 and p95 in
milliseconds, the errors (any status other than 200, or no answer) and the requests per second.
``--ramp 50,100,150`` runs each user count in turn, to find where p95 crosses the goals (case
list 300 ms, case page 200 ms). The load generator runs on the same machine: its CPU counts
against the server's, as the goal demands.

    .venv/bin/python bench/load.py --backend postgres                 # 50 users, both servers, 180 s each
    .venv/bin/python bench/load.py --backend postgres --server gunicorn --ramp 50,100,150,200
    .venv/bin/python bench/load.py --backend sqlite --cases 3000 --duration 60   # a quick look

Results: a table on stdout and ``bench/results/load.json`` (with the machine and the load average).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _casebench import CASE_USERS, ROOT, backends, ensure_workspace, env_for, machine, write_results  # noqa: E402

PASSWORD = "Enlace-Demo-2026"  # enlace/demo/data/workspace.json
ACCOUNTS = list(CASE_USERS)
LIST_PAGES = [  # (kind, query, weight)
    ("list", "", 20), ("list", "?page=5", 5),
    ("filter", "?status=investigation&transnational=yes", 6), ("filter", "?form=forced_labour", 6),
    ("filter", "?department=BO-L", 6),
    ("search", "?q=taller", 6), ("search", "?q=DTTP", 6),
]
CASE_PAGE_WEIGHT = 45
GOALS_MS = {"list": 300, "filter": 300, "search": 300, "case": 200}
CASE_LINK = re.compile(r'href="/cases/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Samples:
    lock: threading.Lock = field(default_factory=threading.Lock)
    rows: list[tuple[str, float, bool]] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)  # what went wrong: a status code or an exception's type

    def add(self, kind: str, ms: float, ok: bool, error: str = "") -> None:
        with self.lock:
            self.rows.append((kind, ms, ok))
            if not ok:
                self.errors[error] = self.errors.get(error, 0) + 1


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(kind: str, env: dict[str, str], port: int) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "enlace"]
    cmd += (["web", "--bind", f"127.0.0.1:{port}"] if kind == "gunicorn" else ["serve", f"127.0.0.1:{port}"])
    log = Path(env["ENLACE_VAR_DIR"]) / f"load-{kind}.log"  # the server's own lines: why an error happened
    with log.open("w", encoding="utf-8") as out:
        proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=5).status_code in (200, 503):
                return proc
        except requests.RequestException:
            time.sleep(0.5)
    proc.kill()
    sys.exit(f"{kind} did not answer on port {port} within 180 s")


def stop_server(proc: subprocess.Popen) -> None:
    os.killpg(proc.pid, 15)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, 9)


def sign_in(base: str, username: str) -> requests.Session:
    s = requests.Session()
    page = s.get(f"{base}/login/", timeout=30)
    token = CSRF.search(page.text)
    if not token:
        raise RuntimeError("no CSRF token on the login page")
    done = s.post(f"{base}/login/", data={"csrfmiddlewaretoken": token.group(1), "username": username,
                                          "password": PASSWORD}, headers={"Referer": f"{base}/login/"},
                  timeout=30, allow_redirects=False)
    if done.status_code != 302 or "login" in done.headers.get("Location", ""):
        raise RuntimeError(f"{username} could not sign in ({done.status_code})")
    return s


def person(base: str, username: str, window: dict, start: threading.Barrier, samples: Samples,
           rng: random.Random) -> None:
    """One simulated user: sign in, wait for everyone, then request and pause until the end.

    People do not all sign in at the same second: the sign-ins are spread over the first 7 s and
    timed as their own row ("sign-in": a password hash each, the costliest request there is). The
    measured window opens when every user has signed in, so the page rows describe a working
    morning, not the minute everybody logs in.
    """
    time.sleep(rng.uniform(0, 7))
    started = time.perf_counter()
    try:
        session = sign_in(base, username)
    except (requests.RequestException, RuntimeError) as exc:
        samples.add("sign-in", 0.0, False, f"sign-in: {type(exc).__name__}")
        start.abort()
        return
    samples.add("sign-in", (time.perf_counter() - started) * 1000, True)
    try:
        start.wait(timeout=300)
    except threading.BrokenBarrierError:
        return
    seen: list[str] = []
    kinds = [(k, q, w) for k, q, w in LIST_PAGES] + [("case", "", CASE_PAGE_WEIGHT)]
    time.sleep(rng.uniform(0, 5))  # each at their own phase of the 3-7 s cycle, as a working morning has them
    while time.monotonic() < window["until"]:
        kind, query, _ = rng.choices(kinds, weights=[w for *_, w in kinds])[0]
        if kind == "case" and not seen:
            kind, query = "list", ""
        url = f"{base}/cases/{rng.choice(seen)}/" if kind == "case" else f"{base}/cases/{query}"
        started = time.perf_counter()
        try:
            answer = session.get(url, timeout=60, allow_redirects=False)
            ok, body, error = answer.status_code == 200, answer.text, str(answer.status_code)
        except requests.RequestException as exc:
            ok, body, error = False, "", type(exc).__name__
        samples.add(kind, (time.perf_counter() - started) * 1000, ok, error)
        if kind != "case":
            seen = (CASE_LINK.findall(body) or seen)[:25]
        time.sleep(rng.uniform(3, 7))


def run_load(base: str, users: int, duration: int) -> tuple[Samples, float]:
    """Sign everyone in, then measure ``duration`` seconds of work (the seconds returned)."""
    samples = Samples()
    window = {"until": float("inf"), "opened": 0.0}

    def open_window() -> None:
        window["opened"] = time.monotonic()
        window["until"] = window["opened"] + duration

    start = threading.Barrier(users, action=open_window)
    threads = [threading.Thread(target=person, args=(base, ACCOUNTS[i % len(ACCOUNTS)], window, start, samples,
                                                     random.Random(1000 + i)), daemon=True)
               for i in range(users)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=duration + 420)
    return samples, (time.monotonic() - window["opened"]) if window["opened"] else 0.0


def pct(values: list[float], q: float) -> float:
    if len(values) < 2:
        return round(values[0], 1) if values else 0.0
    return round(statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1], 1)


def summarise(backend: str, cases: int, server: str, users: int, samples: Samples, seconds: float) -> list[dict]:
    rows = []
    for kind in ("list", "filter", "search", "case", "all", "sign-in"):
        picked = [r for r in samples.rows if (kind == "all" and r[0] != "sign-in") or r[0] == kind]
        times = [ms for _, ms, ok in picked if ok]
        rows.append({"backend": backend, "cases": cases, "server": server, "users": users, "page": kind,
                     "n": len(picked), "p50_ms": pct(times, 50), "p95_ms": pct(times, 95),
                     "errors": sum(1 for *_, ok in picked if not ok),
                     "rps": round(len(picked) / seconds, 1) if seconds and kind != "sign-in" else 0.0, "load": round(os.getloadavg()[0], 1),
                     **({"error_kinds": samples.errors} if kind == "all" else {})})
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--backend", choices=["auto", "sqlite", "postgres", "all"], default="auto",
                    help="as bench/case_list.py: auto is PostgreSQL when DATABASE_URL points to it, else SQLite")
    ap.add_argument("--cases", type=int, default=100_000)
    ap.add_argument("--server", choices=["gunicorn", "dev", "both"], default="both")
    ap.add_argument("--users", type=int, default=50)
    ap.add_argument("--ramp", default="", help="comma-separated user counts, run in turn (overrides --users)")
    ap.add_argument("--duration", type=int, default=180, help="seconds of load per run")
    args, _ignored = ap.parse_known_args()  # run_all.py passes the other scripts' options too
    counts = [int(n) for n in args.ramp.split(",")] if args.ramp else [args.users]
    rows: list[dict] = []
    for backend in backends(args.backend):
        ensure_workspace(backend, args.cases)
        env = env_for(backend, args.cases)
        env["ENLACE_STATIC_ROOT"] = str(Path(env["ENLACE_VAR_DIR"]) / "static")
        for server in (["gunicorn", "dev"] if args.server == "both" else [args.server]):
            for users in counts:
                port = free_port()
                proc = start_server(server, env, port)
                try:
                    samples, seconds = run_load(f"http://127.0.0.1:{port}", users, args.duration)
                finally:
                    stop_server(proc)
                rows += summarise(backend, args.cases, server, users, samples, seconds)
                print_rows(rows[-6:])
    for r in rows:
        goal = GOALS_MS.get(r["page"])
        r["within_goal"] = None if goal is None else (r["p95_ms"] <= goal and r["errors"] == 0)
    write_results("load", rows)
    print(json.dumps({"machine": machine()}, ensure_ascii=False))


def print_rows(rows: list[dict]) -> None:
    cols = ("backend", "cases", "server", "users", "page", "n", "p50_ms", "p95_ms", "errors", "rps", "load")
    for r in rows:
        print("  ".join(f"{r[c]!s:>9}" for c in cols), flush=True)


if __name__ == "__main__":
    main()
