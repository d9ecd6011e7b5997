"""``enlace user create USERNAME --institution CODE --role ROLE [--unit CODE] [--password-stdin] [--bootstrap]``.

The account is created inactive and without its role until a second person approves it (four
eyes), as from the administration pages. ``--bootstrap`` creates it active at once, only for the
first system administrator and the first access approver of a workspace (while no active account
holds that role); see docs/separation-of-duties.md.
"""

import getpass
import sys
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from enlace.accounts.models import Institution, Unit
from enlace.accounts.roles import Role
from enlace.accounts.services import bootstrap_allowed, user_create, user_provision


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
        c.add_argument("--bootstrap", action="store_true",
                       help="first administrator or approver of an empty workspace: active at once, no approval")

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
        if o["bootstrap"] and not bootstrap_allowed(o["role"]):
            raise CommandError("--bootstrap creates only the first sysadmin or approver of a workspace; "
                               "this workspace has one: create the account without --bootstrap and have it approved")
        fields = {"username": o["username"], "password": password, "institution": inst, "role": o["role"],
                  "unit": unit, "first_name": o["first_name"], "last_name": o["last_name"]}
        try:
            if o["bootstrap"]:
                user = user_provision(reason="bootstrap", **fields)
            else:
                user = user_create(**fields)
        except ValidationError as exc:
            raise CommandError("; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())) from None
        if o["bootstrap"]:
            self.stdout.write(f"created user {user.username} ({o['role']} at {inst.code}), bootstrap: active now")
        else:
            self.stdout.write(f"created user {user.username} ({o['role']} at {inst.code}): inactive until an "
                              "approver of the institution or a supervisor of the unit approves it")
