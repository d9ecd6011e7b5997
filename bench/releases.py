"""Victim-level releases at a given number of victims: the k-anonymised (k = 11) and the
differentially private (epsilon 0.5) releases' work, on the first ``--victims`` victims of the
100,000-case workspace of bench/_casebench.py (which holds about 225,000): reading the victim
records, generalising and suppressing, writing the CSV; reading them again and drawing the noisy
histograms. Nothing is stored, so no privacy budget is spent. The whole releases, with their
bookkeeping, are timed by bench/dashboard.py.

    .venv/bin/python bench/releases.py --backend all          # ENLACE_BENCH_VICTIMS=100000 by default
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _casebench as cb  # noqa: E402

VICTIMS = int(os.environ.get("ENLACE_BENCH_VICTIMS", "100000"))


def child(backend: str, cases: int) -> None:
    cb.setup_django()
    from enlace.cases.models import CasePerson
    from enlace.monitoring import dp, kanon
    from enlace.monitoring.exports import csv_text
    from enlace.monitoring.microdata import VICTIM_ROLES, victim_records

    first = (CasePerson.objects.filter(role__in=VICTIM_ROLES).values("person_id").distinct()
             .order_by("person_id")[:VICTIMS])
    rows = []
    for kind in ("k-anon", "dp"):
        t0, c0 = time.perf_counter(), time.process_time()
        records = list(victim_records(persons=first))
        if kind == "k-anon":
            result = kanon.k_anonymise(records, k=11)
            csv_text([kanon.COLUMNS, *(kanon.key_of(r) for r in result.records)])
        else:
            dp.noisy_histograms(records, epsilon=0.5, years=list(range(2017, 2027)))
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        rows.append({"backend": backend, "cases": cases, "user": "(job worker)", "page": f"release {kind}",
                     "visible": len(records), "n": 1, "p50_ms": round(wall * 1000), "p95_ms": round(wall * 1000),
                     "cpu_p50_ms": round(cpu * 1000), "status": "made", "load": round(os.getloadavg()[0], 1)})
    cb.emit(rows)


if __name__ == "__main__":
    args = cb.parse_args(__doc__)
    if args.child:
        child(args.child, args.cases)
    else:
        cb.run("releases", __doc__)
