"""``enlace db roles --app-role NAME [--password-stdin]``: set up the application's PostgreSQL role.

Run as the owner (``ENLACE_MIGRATE_DATABASE_URL``, the role migrations run as), after every
``enlace migrate``. The application then connects with ``DATABASE_URL`` as NAME (docs/security.md).
"""

import sys

from django.core.management.base import BaseCommand, CommandError

from enlace.core.dbroles import setup_app_role


class Command(BaseCommand):
    help = "Database set-up: 'roles' creates/updates the application role (no TRUNCATE/ALTER on audit tables)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["roles"])
        parser.add_argument("--app-role", required=True, help="the role the application connects as")
        parser.add_argument("--password-stdin", action="store_true", help="read the role's password from stdin")
        parser.add_argument("--schema", default="public")

    def handle(self, *args, **o):
        password = sys.stdin.readline().strip() if o["password_stdin"] else None
        try:
            tables = setup_app_role(role=o["app_role"], password=password, schema=o["schema"])
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"role {o['app_role']}: DML granted; append-only (SELECT, INSERT): {', '.join(tables)}")
