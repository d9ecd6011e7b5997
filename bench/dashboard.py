"""Committee dashboard benchmark on a 100,000-case workspace: the pages as the committee
(``comite.seguimiento``, the whole workspace) and a supervisor (``supervisor.lpz``, their units)
open them, served from the figures the job worker precomputes; how long that precomputation takes;
one request with nothing precomputed; and the two victim-level releases (k-anonymised, k = 11, and
differentially private, epsilon 0.5), each made once inside a transaction that is rolled back so
the bench database keeps its privacy budget. See bench/_casebench.py and bench/README.md.
"""

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _casebench as cb  # noqa: E402

USERS = ("comite.seguimiento", "supervisor.lpz")


def _timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return round((time.perf_counter() - t0) * 1000, 1)


def _releases(backend: str, cases: int, monitoring) -> list[dict]:
    import os

    from django.db import transaction

    from enlace.monitoring import services
    from enlace.monitoring.microdata import victim_count

    rows = []
    for kind, params in (("k-anon", {"k": 11}), ("dp", {"epsilon": "0.5"}), ("htcds", {"k": 11})):
        with transaction.atomic():
            t0, c0 = time.perf_counter(), time.process_time()
            release = services.release_create(actor=monitoring, kind=kind, **params)
            wall, cpu = time.perf_counter() - t0, time.process_time() - c0
            transaction.set_rollback(True)
        rows.append({"backend": backend, "cases": cases, "user": monitoring.username, "page": f"release {kind}",
                     "visible": victim_count(), "n": 1, "p50_ms": round(wall * 1000), "p95_ms": round(wall * 1000),
                     "cpu_p50_ms": round(cpu * 1000), "records": release.records, "status": "made",
                     "load": round(os.getloadavg()[0], 1)})
    return rows


def child(backend: str, cases: int, requests: int) -> None:
    cb.setup_django()
    import os

    from django.urls import reverse
    from django.utils import timezone

    from enlace.accounts.models import User
    from enlace.monitoring import services
    from enlace.monitoring.models import FigureSnapshot

    year = timezone.localdate().year
    pages = [("dashboard", f"?year={year}"), ("dashboard, last year", f"?year={year - 1}"),
             ("dashboard, one department", f"?year={year - 1}&department=BO-L")]
    rows = []
    FigureSnapshot.objects.all().delete()
    cold_client = cb.client_for(USERS[0])
    cold = _timed(lambda: cold_client.get(reverse("monitoring:dashboard") + f"?year={year - 1}"))
    refresh = _timed(services.figures_refresh)
    snapshots = FigureSnapshot.objects.count()
    rows.append({"backend": backend, "cases": cases, "user": "(job worker)", "page": "precompute every scope and year",
                 "visible": snapshots, "n": 1, "p50_ms": refresh, "p95_ms": refresh, "status": "stored",
                 "load": round(os.getloadavg()[0], 1)})
    rows.append({"backend": backend, "cases": cases, "user": USERS[0], "page": "dashboard, nothing precomputed",
                 "visible": 0, "n": 1, "p50_ms": cold, "p95_ms": cold, "status": "200",
                 "load": round(os.getloadavg()[0], 1)})
    for username in USERS:
        client = cb.client_for(username)
        for name, query in pages:
            url = reverse("monitoring:dashboard") + query
            rows.append({"backend": backend, "cases": cases, "user": username, "page": name, "visible": snapshots,
                         "url": url, **cb.time_page(client, [url], requests=requests)})
        url = reverse("monitoring:table_csv", args=["victims", "sex"]) + f"?year={year - 1}"
        rows.append({"backend": backend, "cases": cases, "user": username, "page": "table CSV", "visible": snapshots,
                     "url": url, **cb.time_page(client, [url], requests=requests)})
    rows += _releases(backend, cases, User.objects.get(username=USERS[0]))
    cb.emit(rows)


if __name__ == "__main__":
    args = cb.parse_args(__doc__)
    if args.child:
        child(args.child, args.cases, args.requests)
    else:
        cb.run("dashboard", __doc__)
