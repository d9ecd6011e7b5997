"""``enlace user create USERNAME --institution CODE --role ROLE [--unit CODE] [--password-stdin]``."""

import getpass
import sys
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from enlace.accounts.models import Institution, Unit
from enlace.accounts.roles import Role
from enlace.accounts.services import user_create


class Command(BaseCommand):
    help = "Manage user accounts."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        c = sub.add_parser("create")
        c.add_argument("username")
        c.add_argument("--institution", required=True)
        c.add_argument("--role", required=True, choices=Role.values)
        c.add_argument("--unit", default="")
        c.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
        c.add_argument("--first-name", default="")
        c.add_argument("--last-name", default="")

    def handle(self, *args: Any, **o: Any) -> None:
        inst = Institution.objects.filter(code=o["institution"]).first()
        if inst is None:
            raise CommandError(f"no institution with code {o['institution']!r}")
        unit = None
        if o["unit"]:
            unit = Unit.objects.filter(code=o["unit"], institution=inst).first()
            if unit is None:
                raise CommandError(f"no unit {o['unit']!r} in {inst.code}")
        if o["password_stdin"]:
            password = sys.stdin.readline().rstrip("\n")
        else:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("passwords do not match")
        try:
            user = user_create(username=o["username"], password=password, institution=inst, role=o["role"], unit=unit,
                               first_name=o["first_name"], last_name=o["last_name"])
        except ValidationError as exc:
            raise CommandError("; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())) from None
        self.stdout.write(f"created user {user.username} ({o['role']} at {inst.code})")
