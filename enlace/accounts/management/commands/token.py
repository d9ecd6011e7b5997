"""``enlace token create --user USERNAME [--scope read|write] [--days N]`` prints a personal API token once
(stored hashed). It works only once a second person approves it (four eyes): a token issued on the
server's command line has not passed the user's second factor."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from enlace.accounts.models import ApiToken, TokenScope, User
from enlace.accounts.services import token_request, token_revoke


class Command(BaseCommand):
    help = "Personal API tokens."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        c = sub.add_parser("create")
        c.add_argument("--user", required=True)
        c.add_argument("--name", default="")
        c.add_argument("--scope", default=TokenScope.READ, choices=TokenScope.values)
        c.add_argument("--days", type=int, default=None, help="valid for N days (default ENLACE_API_TOKEN_DAYS)")
        r = sub.add_parser("revoke")
        r.add_argument("prefix")

    def handle(self, *args: Any, **o: Any) -> None:
        if o["action"] == "create":
            user = User.objects.filter(username=o["user"]).first()
            if user is None:
                raise CommandError(f"no user {o['user']!r}")
            try:
                _tok, plain, _req = token_request(user=user, name=o["name"], scope=o["scope"], days=o["days"])
            except ValidationError as exc:
                raise CommandError("; ".join(exc.messages)) from None
            self.stdout.write(plain)
            self.stderr.write("Store this token now: it is not shown again. Use it as 'Authorization: Bearer <token>'. "
                              "It works once an approver of the user's institution approves it (Approvals page).")
        else:
            tok = ApiToken.objects.filter(prefix=o["prefix"], revoked_at__isnull=True).first()
            if tok is None:
                raise CommandError("no active token with that prefix")
            token_revoke(token=tok)
            self.stdout.write(f"revoked {o['prefix']}")
