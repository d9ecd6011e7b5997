"""``enlace breakglass --user USERNAME --case ID --hours N --reason "..."``: emergency access to one case.

For when a life is at risk and no approver can be reached: the operator on the server gives one
user full access to one case for a few hours, without a second person. The reason is mandatory;
the grant is written to the audit log as ``permission.break_glass`` and every auditor is notified
at once; the access ends by itself. See docs/separation-of-duties.md.
"""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from enlace.accounts.models import User
from enlace.cases.models import Case
from enlace.cases.services_access import case_break_glass


class Command(BaseCommand):
    help = "Emergency (break-glass) access to one case: time-limited, audited, auditors notified."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", required=True)
        parser.add_argument("--case", required=True, type=int, help="the case's number (id)")
        parser.add_argument("--hours", type=int, default=4,
                            help=f"1 to {settings.ENLACE_BREAK_GLASS_MAX_HOURS} hours (default 4)")
        parser.add_argument("--reason", required=True, help="why this cannot wait for an approver")

    def handle(self, *args: Any, **o: Any) -> None:
        user = User.objects.filter(username=o["user"]).first()
        case = Case.objects.filter(pk=o["case"]).first()
        if user is None or case is None:
            raise CommandError("no such user or case")
        try:
            p = case_break_glass(user=user, case=case, reason=o["reason"], hours=o["hours"])
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        self.stdout.write(self.style.WARNING(
            f"BREAK-GLASS: {user.username} has full access to case {case.pk} until {p.expires_at:%Y-%m-%d %H:%M} UTC. "
            "This was recorded in the audit log and every auditor has been notified."))
