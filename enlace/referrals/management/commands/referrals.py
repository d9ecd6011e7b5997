"""``enlace referrals remind``: record reminders for referrals left unanswered too long.

Run it once a day (cron or a systemd timer). A referral still "sent" after
``ENLACE_REFERRAL_REMINDER_DAYS`` days (default 3) gets a reminder, and its sender and the receiving
organisation get a notification on their home page. At most one reminder a day per referral.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from enlace.referrals.selectors import reminder_days
from enlace.referrals.services import referrals_remind


class Command(BaseCommand):
    help = "Referral housekeeping. Subcommands: remind."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        remind = sub.add_parser("remind", help="Record reminders for referrals not answered in time.")
        remind.add_argument("--days", type=int, default=None,
                            help="Override ENLACE_REFERRAL_REMINDER_DAYS for this run.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "remind":
            days = options["days"] if options["days"] is not None else reminder_days()
            reminders = referrals_remind(days=days)
            self.stdout.write(f"{len(reminders)} reminder(s) recorded for referrals not answered in {days} day(s).")
            for reminder in reminders:
                self.stdout.write(f"  {reminder.referral.reference}: {reminder.days_waiting} day(s)")
