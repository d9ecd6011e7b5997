"""``enlace demo [--cases N] [--seed S] [--once] [--force]``: a realistic Bolivian workspace.

Same seed, same workspace (titles, persons, pseudonyms, routes, statuses). The first
``SERVICE_CASES`` cases go through the services (audited, validated, encrypted as in real
use); beyond that, big benchmark workspaces are bulk-loaded. ``make run`` calls it with
``--once`` every time: a workspace that already holds the demo only prints the logins.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from enlace.accounts.models import Institution
from enlace.cases.models import Case
from enlace.demo import load_cooperation, load_international
from enlace.demo.extras import populate_extras
from enlace.demo.load_accounts import designate_approvers
from enlace.demo.load_bulk import BulkLoader
from enlace.demo.load_services import ServiceLoader
from enlace.demo.models import DemoRun
from enlace.demo.plan import Planner
from enlace.demo.workspace import add_team_slots, build_workspace, credentials

SERVICE_CASES = 60


class Command(BaseCommand):
    help = "Load a deterministic demo workspace (Bolivia): institutions, EMEs, users of every role, cases."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cases", type=int, default=60, help="number of cases (default 60; up to 100000+)")
        parser.add_argument("--seed", type=int, default=2026, help="random seed (same seed, same workspace)")
        parser.add_argument("--once", action="store_true", help="do nothing but print the logins if the demo is loaded")
        parser.add_argument("--force", action="store_true", help="load even though the workspace is not empty")

    def handle(self, *args: Any, cases: int, seed: int, once: bool, force: bool, **opts: Any) -> None:
        if not getattr(settings, "ENLACE_DEMO_MODE", False):
            raise CommandError("The demo creates accounts with a published password: it only runs with "
                               "ENLACE_DEMO_MODE = True (development settings), never in production.")
        if cases < 1:
            raise CommandError("--cases must be at least 1.")
        done = DemoRun.objects.filter(finished_at__isnull=False).first()
        if once and done:
            self.stdout.write(f"Demo already loaded ({done.cases_loaded} cases, seed {done.seed}).")
            self._print_logins()
            return
        if not force and (Institution.objects.exists() or Case.objects.exists()):
            msg = ("The workspace is not empty: the demo is only loaded into a fresh database. "
                   "Use --force to add the demo anyway.")
            if once:  # make run must still serve a real workspace
                self.stdout.write(self.style.WARNING(msg))
                return
            raise CommandError(msg)
        self._load(cases=cases, seed=seed)
        self._print_logins()

    def _load(self, *, cases: int, seed: int) -> None:
        started = time.monotonic()
        today = timezone.localdate()
        n_service = min(cases, SERVICE_CASES)
        run = DemoRun.objects.create(seed=seed, cases_requested=cases, bulk=cases > n_service)
        planner = Planner(seed=seed, n_cases=cases, today=today, big=cases > n_service)
        with transaction.atomic():
            ws = build_workspace()
            designate_approvers(ws)
            load_cooperation.agreements(ws, today)
            if run.bulk:
                add_team_slots(ws, planner.teams)
            loader = ServiceLoader(ws, today)
            for plan in planner.plans(0, n_service):
                loader.load(plan)
        self.stdout.write(f"{n_service} cases written through the services ({time.monotonic() - started:.0f} s).")
        populate_extras(seed=seed, usernames=list(ws.users), case_limit=n_service, write=self.stdout.write)
        self.stdout.write(f"Cooperation added: {load_cooperation.populate(users=ws.users, today=today)}.")
        self.stdout.write(f"Joint and international work added: "
                          f"{load_international.populate(users=ws.users, today=today)}.")
        if run.bulk:
            bulk = BulkLoader(ws, today, planner)
            bulk.load(n_service, cases, progress=lambda n: self._progress(n + n_service, cases, started))
        run.cases_loaded = cases
        run.finished_at = timezone.now()
        run.save(update_fields=["cases_loaded", "finished_at"])
        self.stdout.write(self.style.SUCCESS(f"Demo loaded: {cases} cases, seed {seed}, "
                                             f"{time.monotonic() - started:.0f} s."))

    def _progress(self, done: int, total: int, started: float) -> None:
        elapsed = time.monotonic() - started
        eta = elapsed / max(done, 1) * (total - done)
        self.stdout.write(f"  {done:>7,} / {total:,} cases  ({elapsed:.0f} s, about {eta:.0f} s left)")
        self.stdout.flush()

    def _print_logins(self) -> None:
        rows = credentials()
        cols = ("username", "role", "institution", "unit or team", "password")
        width = {c: max(len(c), *(len(r[c]) for r in rows)) for c in cols}
        line = "  ".join(c.ljust(width[c]) for c in cols)
        self.stdout.write("\nDemo logins (demo data only: never use these accounts with real cases):")
        self.stdout.write(line)
        self.stdout.write("  ".join("-" * width[c] for c in cols))
        for r in rows:
            self.stdout.write("  ".join(r[c].ljust(width[c]) for c in cols))
