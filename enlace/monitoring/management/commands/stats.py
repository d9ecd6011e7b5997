"""``enlace stats``: national statistics and data releases from the command line.

    enlace stats glotip --year 2025 [--format csv|xlsx] [--published] [--output FILE] --user NAME
    enlace stats release --kind k-anon|dp [--k 11] [--epsilon 0.5] --output FILE --user NAME
    enlace stats htcds [--k 11] --output FILE --user NAME
    enlace stats population [--file FILE]

The acting user must hold the monitoring role: the official return and every release are audited
under their name, as from the pages.
"""

import sys
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from enlace.accounts.models import User
from enlace.core.errors import Forbidden
from enlace.monitoring import services
from enlace.monitoring.exports import csv_text, xlsx_bytes


class Command(BaseCommand):
    help = ("Statistics: 'glotip' (UNODC long format), 'release' (k-anonymised or DP), 'htcds' (case data "
            "standard, research consent only, k-anonymised), 'population' (load the table).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["glotip", "release", "htcds", "population"])
        parser.add_argument("--user", default="", help="The acting user (monitoring role).")
        parser.add_argument("--year", type=int)
        parser.add_argument("--format", dest="fmt", choices=["csv", "xlsx"], default="csv")
        parser.add_argument("--published", action="store_true", help="Small cells as '<5' instead of exact counts.")
        parser.add_argument("--kind", choices=["k-anon", "dp"])
        parser.add_argument("--k", type=int, default=11)
        parser.add_argument("--epsilon", default=None)
        parser.add_argument("--output", default="")
        parser.add_argument("--file", default="")

    def _actor(self, username: str) -> User:
        actor = User.objects.filter(username=username, is_active=True).first() if username else None
        if actor is None or not actor.is_monitoring:
            raise CommandError("--user must name an active user with the monitoring role")
        return actor

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            if opts["action"] == "population":
                path = Path(opts["file"]) if opts["file"] else services.DATA / "population_bo.csv"
                self.stdout.write(f"population figures loaded: {services.population_load(actor=None, path=path)}")
                return
            actor = self._actor(opts["user"])
            if opts["action"] == "glotip":
                self._glotip(actor, opts)
            else:
                self._release(actor, {**opts, "kind": "htcds"} if opts["action"] == "htcds" else opts)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        except Forbidden as exc:
            raise CommandError(str(exc.message)) from None

    def _glotip(self, actor: User, opts: dict) -> None:
        if not opts["year"]:
            raise CommandError("--year is required")
        rows = services.national_return(actor=actor, year=opts["year"], official=not opts["published"])
        if opts["fmt"] == "xlsx":
            if not opts["output"]:
                raise CommandError("--output is required for xlsx")
            Path(opts["output"]).write_bytes(xlsx_bytes(rows, title=f"GLOTIP {opts['year']}"))
        elif opts["output"]:
            Path(opts["output"]).write_text(csv_text(rows), encoding="utf-8")
        else:
            sys.stdout.write(csv_text(rows))

    def _release(self, actor: User, opts: dict) -> None:
        if not opts["kind"] or not opts["output"]:
            raise CommandError("--output is required" if opts["kind"] else "--kind and --output are required")
        release = services.release_create(actor=actor, kind=opts["kind"], k=opts["k"], epsilon=opts["epsilon"])
        Path(opts["output"]).write_text(release.content, encoding="utf-8")
        self.stdout.write(f"release {release.pk} ({release.kind}): {release.records} rows; report: {release.report}")
