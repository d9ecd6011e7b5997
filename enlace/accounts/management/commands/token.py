"""``enlace token create --user USERNAME`` prints a personal API token once (stored hashed)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from enlace.accounts.models import ApiToken, User
from enlace.accounts.services import token_create, token_revoke


class Command(BaseCommand):
    help = "Personal API tokens."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        c = sub.add_parser("create")
        c.add_argument("--user", required=True)
        c.add_argument("--name", default="")
        r = sub.add_parser("revoke")
        r.add_argument("prefix")

    def handle(self, *args: Any, **o: Any) -> None:
        if o["action"] == "create":
            user = User.objects.filter(username=o["user"]).first()
            if user is None:
                raise CommandError(f"no user {o['user']!r}")
            _tok, plain = token_create(user=user, name=o["name"])
            self.stdout.write(plain)
            self.stderr.write("Store this token now: it is not shown again. Use it as 'Authorization: Bearer <token>'.")
        else:
            tok = ApiToken.objects.filter(prefix=o["prefix"], revoked_at__isnull=True).first()
            if tok is None:
                raise CommandError("no active token with that prefix")
            token_revoke(token=tok)
            self.stdout.write(f"revoked {o['prefix']}")
