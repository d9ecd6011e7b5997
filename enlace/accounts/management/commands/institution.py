"""``enlace institution create CODE --name NAME --kind KIND --country CC`` and ``institution list``."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from enlace.accounts.models import Institution
from enlace.accounts.roles import InstitutionKind
from enlace.accounts.services import institution_create, unit_create


class Command(BaseCommand):
    help = "Manage institutions and their units."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        c = sub.add_parser("create", help="Create an institution")
        c.add_argument("code")
        c.add_argument("--name", required=True)
        c.add_argument("--kind", required=True, choices=InstitutionKind.values)
        c.add_argument("--country", required=True)
        u = sub.add_parser("unit", help="Add a unit to an institution")
        u.add_argument("institution")
        u.add_argument("code")
        u.add_argument("--name", required=True)
        u.add_argument("--subdivision", default="", help="ISO 3166-2 code, e.g. BO-L")
        sub.add_parser("list")

    def handle(self, *args: Any, **o: Any) -> None:
        try:
            if o["action"] == "create":
                inst = institution_create(code=o["code"], name=o["name"], kind=o["kind"], country=o["country"])
                self.stdout.write(f"created institution {inst.code}")
            elif o["action"] == "unit":
                parent = Institution.objects.filter(code=o["institution"]).first()
                if parent is None:
                    raise CommandError(f"no institution with code {o['institution']!r}")
                unit = unit_create(institution=parent, code=o["code"], name=o["name"], subdivision=o["subdivision"])
                self.stdout.write(f"created unit {unit.code}")
            else:
                for inst in Institution.objects.order_by("code"):
                    self.stdout.write(f"{inst.code}\t{inst.kind}\t{inst.country}\t{inst.name}")
        except ValidationError as exc:
            raise CommandError("; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())) from None
