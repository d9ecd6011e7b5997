"""Prosecution pages on a heavy case: 500 evidence items, 2,000 custody events, 50 hearings and an
elements matrix with 100 items linked. Times the case's overview, its evidence registry, its
proceedings and its elements matrix as the case's prosecutor, on SQLite and PostgreSQL.

Each database is built afresh for this bench (SQLite under ``var/bench/prosecution-sqlite/``, the
PostgreSQL database ``enlace_bench_prosecution`` on the server of DATABASE_URL): the world of the
tests (institutions, the La Paz team, its users and case), then the rows in bulk. Every GET writes
its read audit entry, as in real use. See bench/README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _casebench as cb  # noqa: E402

ITEMS, EVENTS_PER_ITEM, HEARINGS, LINKED = 500, 4, 50, 100
PG_NAME = "enlace_bench_prosecution"


def _env(backend: str) -> dict[str, str]:
    env = dict(os.environ)
    env["DJANGO_SETTINGS_MODULE"] = "enlace.config.settings.dev"
    env["ENLACE_VAR_DIR"] = str(cb.ROOT / "var" / "bench" / f"prosecution-{backend}")
    env.pop("ENLACE_DEBUG", None)
    if backend == "sqlite":
        env.pop("DATABASE_URL", None)
    else:
        env["DATABASE_URL"] = cb.pg_database_url(PG_NAME)
    return env


def _prepare(backend: str) -> dict[str, str]:
    env = _env(backend)
    shutil.rmtree(env["ENLACE_VAR_DIR"], ignore_errors=True)
    Path(env["ENLACE_VAR_DIR"]).mkdir(parents=True)
    if backend == "postgres":
        cb.ensure_pg_database(env["DATABASE_URL"], recreate=True)
    subprocess.run([sys.executable, "-m", "enlace", "migrate", "--noinput", "-v", "0"], env=env, check=True,
                   cwd=cb.ROOT)
    return env


def _build():
    """The heavy case, in bulk where the services would take minutes (the rows are what they write)."""
    from django.utils import timezone

    from enlace.cases.tests.factories import make_case_world
    from enlace.prosecution.models import CustodyEvent, ElementLink, EvidenceItem, ExternalCustodian
    from enlace.prosecution.services_elements import matrix_open
    from enlace.prosecution.services_proceedings import hearing_create
    from enlace.prosecution.tests.proceedings_factories import offence, suspect, witness

    w = make_case_world()
    case, inv, pros = w["case"], w["investigator"], w["prosecutor"]
    d, v = suspect(w), witness(w)
    lab = ExternalCustodian.objects.create(name="IDIF La Paz", kind="laboratory")
    items = EvidenceItem.objects.bulk_create([
        EvidenceItem(case=case, exhibit_number=f"EV-{n:04d}", kind="documentary", description=f"Documento {n}",
                     seized_where="Taller, El Alto", seal_number=f"S-{n}", created_by=inv) for n in range(ITEMS)])
    events = []
    for item in items:
        acquired = CustodyEvent(item=item, kind="acquired", recorded_by=inv, seal_intact=True)
        handover = CustodyEvent(item=item, kind="transfer", recorded_by=inv, to_user=pros, reason="Fiscalía")
        events += [acquired, handover]
    CustodyEvent.objects.bulk_create(events)
    later = []
    for handover in events[1::2]:
        later += [CustodyEvent(item_id=handover.item_id, kind="confirmed", recorded_by=pros, transfer=handover,
                               seal_intact=True),
                  CustodyEvent(item_id=handover.item_id, kind="transfer", recorded_by=pros, to_external=lab,
                               receipt_reference=f"IDIF-{handover.item_id}")]
    CustodyEvent.objects.bulk_create(later)
    for n in range(HEARINGS):
        hearing_create(actor=pros, case_id=case.public_id, starts_at=timezone.now() + dt.timedelta(days=n - 25),
                       court=f"Juzgado {n}", kind="trial", defendant_ids=[d.pk], victim_id=v.pk,
                       participation=["gesell"])
    matrix_open(actor=pros, case_id=case.public_id, defendant_id=d.pk, offence_id=offence().pk)
    links = list(ElementLink.objects.filter(case=case))
    for n, item in enumerate(items[:LINKED]):
        links[n % len(links)].evidence.add(item)
    return case, CustodyEvent.objects.filter(item__case=case).count()


def child(backend: str, requests: int) -> None:
    cb.setup_django()
    from django.urls import reverse

    case, events = _build()
    client = cb.client_for("pros")
    pages = [("case overview", reverse("cases:detail", args=[case.public_id])),
             ("evidence registry", reverse("prosecution:evidence_list", args=[case.public_id])),
             ("proceedings", reverse("prosecution:proceedings", args=[case.public_id])),
             ("elements matrix", reverse("prosecution:elements", args=[case.public_id]))]
    rows = []
    for name, url in pages:
        result = cb.time_page(client, [url], requests=requests)
        rows.append({"backend": backend, "cases": 1, "user": "pros", "page": name, "visible": events, "url": url,
                     **result})
    cb.emit(rows)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--backend", choices=["auto", "sqlite", "postgres", "all"], default="auto")
    p.add_argument("--requests", type=int, default=100)
    p.add_argument("--cases", type=int, default=1, help=argparse.SUPPRESS)  # run_all passes it to every bench
    p.add_argument("--child", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child:
        child(args.child, args.requests)
        return
    rows: list[dict] = []
    for backend in cb.backends(args.backend):
        env = _prepare(backend)
        proc = subprocess.run([sys.executable, __file__, "--child", backend, "--requests", str(args.requests)],
                              env=env, cwd=cb.ROOT, text=True, capture_output=True)
        if proc.returncode != 0:
            sys.exit(f"[{backend}] measurement failed:\n{proc.stdout}\n{proc.stderr}")
        rows += json.loads(proc.stdout.strip().splitlines()[-1])
    cb.print_table(rows)
    cb.write_results("prosecution_pages", rows)


if __name__ == "__main__":
    main()
