"""Forbidden and missing answer in the same time: for each route that names a case, a person, a
screening, a referral or a request (pages and API), a signed-in investigator asks for an object
that exists but is not theirs and for a public id that names nothing, interleaved (the order of
the pair alternates), ``--requests`` pairs after a warm-up. Both answers must be the same 404;
the difference of the medians must stay under 0.5 ms, else an outsider could count the objects
by timing the answers. Each answer also counts its SQL queries (the same work on both paths is
the point). Runs on the demo workspace of ``--cases`` cases (default 1,000; built once in
``var/bench/``). See bench/_casebench.py and bench/README.md.
"""

import os
import re
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _casebench as cb  # noqa: E402

USER = "investigador.lpz"
LIMIT_MS = 0.5
DEFAULT_CASES = 1_000
DEFAULT_PAIRS = 300
# Per-request tokens, and the requested address the page echoes (the language switch): all that
# may differ between the two bodies.
_VOLATILE = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"|name="form_token" value="[^"]+"|'
                       r'content="[A-Za-z0-9]{64}"|nonce="[^"]*"')


def _normalised(body: bytes, url: str) -> str:
    return _VOLATILE.sub("", body.decode("utf-8", "replace")).replace(url, "<path>")


def _forbidden_objects(user) -> dict:
    """One existing object per kind that ``user`` may not see (the demo has them in other units)."""
    from enlace.cases.models import Case
    from enlace.cooperation.models import InformationRequest as CoopRequest
    from enlace.cooperation.selectors import requests_incoming, requests_outgoing
    from enlace.links.models import InformationRequest as LinksRequest
    from enlace.links.services_requests import holder_q
    from enlace.persons.models import Person
    from enlace.referrals.models import Referral
    from enlace.referrals.selectors import referrals_sent_visible
    from enlace.screening.models import Screening
    from enlace.screening.selectors import screenings_visible

    visible = Case.objects.visible_to(user)
    theirs = (requests_incoming(actor=user).values("pk"), requests_outgoing(actor=user).values("pk"))
    return {
        "case": Case.objects.exclude(pk__in=visible.values("pk")).order_by("pk").first(),
        "person": Person.objects.exclude(pk__in=Person.objects.visible_to(user).values("pk")).order_by("pk").first(),
        "screening": Screening.objects.exclude(pk__in=screenings_visible(actor=user).values("pk")).order_by("pk").first(),
        "referral": Referral.objects.exclude(pk__in=referrals_sent_visible(actor=user).values("pk")).order_by("pk").first(),
        "links request": LinksRequest.objects.exclude(holder_q(user)).exclude(from_user=user).order_by("pk").first(),
        "cooperation request": CoopRequest.objects.exclude(pk__in=theirs[0]).exclude(pk__in=theirs[1])
        .order_by("pk").first(),
    }


ROUTES = [  # (surface, kind, address with {} for the id)
    ("page", "case", "/cases/{}/"),
    ("page", "person", "/persons/{}/"),
    ("page", "screening", "/screening/{}/"),
    ("page", "referral", "/referrals/{}/"),
    ("page", "links request", "/links/requests/{}/"),
    ("page", "cooperation request", "/cooperation/requests/{}/"),
    ("api", "case", "/api/v1/cases/{}"),
    ("api", "person", "/api/v1/persons/{}"),
    ("api", "screening", "/api/v1/screening/screenings/{}"),
    ("api", "referral", "/api/v1/referrals/{}"),
    ("api", "cooperation request", "/api/v1/cooperation/requests/{}"),
]


def _queries(client, url: str) -> int:
    from django.db import connection

    log = cb.QueryLog()
    with connection.execute_wrapper(log):
        client.get(url)
    return len(log.queries)


def measure(client, forbidden_url: str, missing_url: str, *, pairs: int, warmup: int = 20) -> dict:
    """Interleaved pairs; each pair's order alternates so drift and caches hit both sides alike."""
    statuses: set[tuple[int, int]] = set()
    for _ in range(warmup):
        statuses.add((client.get(forbidden_url).status_code, client.get(missing_url).status_code))
    times: dict[str, list[float]] = {"forbidden": [], "missing": []}
    cpu: dict[str, list[float]] = {"forbidden": [], "missing": []}
    bodies = set()
    for i in range(pairs):
        order = [("forbidden", forbidden_url), ("missing", missing_url)]
        if i % 2:
            order.reverse()
        codes = {}
        for name, url in order:
            c0, t0 = time.process_time(), time.perf_counter()
            r = client.get(url)
            times[name].append((time.perf_counter() - t0) * 1000)
            cpu[name].append((time.process_time() - c0) * 1000)
            codes[name] = r.status_code
            bodies.add(_normalised(r.content, url))
        statuses.add((codes["forbidden"], codes["missing"]))
    med = {k: statistics.median(v) for k, v in times.items()}
    cpu_med = {k: statistics.median(v) for k, v in cpu.items()}
    paired = [a - b for a, b in zip(times["forbidden"], times["missing"], strict=True)]
    q = {k: statistics.quantiles(v, n=4) for k, v in times.items()}
    return {
        "pairs": pairs, "statuses": sorted(statuses), "same_body": len(bodies) == 1,
        "forbidden_p50_ms": round(med["forbidden"], 3), "missing_p50_ms": round(med["missing"], 3),
        "diff_ms": round(med["forbidden"] - med["missing"], 3),
        "paired_diff_p50_ms": round(statistics.median(paired), 3),
        "cpu_forbidden_p50_ms": round(cpu_med["forbidden"], 3), "cpu_missing_p50_ms": round(cpu_med["missing"], 3),
        "cpu_diff_ms": round(cpu_med["forbidden"] - cpu_med["missing"], 3),
        "forbidden_iqr_ms": [round(x, 2) for x in (q["forbidden"][0], q["forbidden"][2])],
        "missing_iqr_ms": [round(x, 2) for x in (q["missing"][0], q["missing"][2])],
        "forbidden_queries": _queries(client, forbidden_url), "missing_queries": _queries(client, missing_url),
    }


def child(backend: str, cases: int, pairs: int) -> None:
    cb.setup_django()
    from enlace.accounts.models import User

    user = User.objects.get(username=USER)
    objects = _forbidden_objects(user)
    client = cb.client_for(USER)
    rows = []
    for surface, kind, pattern in ROUTES:
        obj = objects[kind]
        if obj is None:
            rows.append({"backend": backend, "cases": cases, "surface": surface, "kind": kind, "skipped": True})
            continue
        load = os.getloadavg()[0]
        result = measure(client, pattern.format(obj.public_id), pattern.format(uuid.uuid4()), pairs=pairs)
        rows.append({"backend": backend, "cases": cases, "user": USER, "surface": surface, "kind": kind,
                     "route": pattern, **result, "ok": abs(result["diff_ms"]) < LIMIT_MS and result["same_body"]
                     and result["statuses"] == [(404, 404)], "load": round((load + os.getloadavg()[0]) / 2, 2)})
    cb.emit(rows)


def main() -> None:
    args = cb.parse_args(__doc__)
    cases = DEFAULT_CASES if args.cases == 100_000 else args.cases
    pairs = max(200, DEFAULT_PAIRS if args.requests == 100 else args.requests)
    if args.child:
        child(args.child, cases, pairs)
        return
    import json
    import subprocess

    rows: list[dict] = []
    for backend in cb.backends(args.backend):
        cb.ensure_workspace(backend, cases)
        proc = subprocess.run([sys.executable, __file__, "--child", backend, "--cases", str(cases),
                               "--requests", str(pairs)], env=cb.env_for(backend, cases), cwd=cb.ROOT, text=True,
                              capture_output=True)
        if proc.returncode != 0:
            sys.exit(f"[{backend}] measurement failed:\n{proc.stdout}\n{proc.stderr}")
        rows += json.loads(proc.stdout.strip().splitlines()[-1])
    for r in rows:
        if r.get("skipped"):
            print(f"{r['backend']:8} {r['surface']:4} {r['kind']:20} no forbidden object in this workspace")
            continue
        print(f"{r['backend']:8} {r['surface']:4} {r['kind']:20} forbidden {r['forbidden_p50_ms']:7.3f} ms "
              f"({r['forbidden_queries']} q)  missing {r['missing_p50_ms']:7.3f} ms ({r['missing_queries']} q)  "
              f"diff {r['diff_ms']:+.3f} ms (paired {r['paired_diff_p50_ms']:+.3f}, CPU {r['cpu_diff_ms']:+.3f})  "
              f"{'ok' if r['ok'] else 'FAIL'}  load {r['load']}")
    cb.write_results("not_found_timing", rows)
    if any(not r.get("ok", True) for r in rows):
        sys.exit(1)


if __name__ == "__main__":
    main()
