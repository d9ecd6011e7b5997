"""``enlace audit verify``: walk the whole hash chain; exit 1 naming the first bad entry.

Always from genesis, never from a checkpoint: this is the check that finds an entry altered
before the audit page's last checkpoint. Its outcome (OK or broken) is recorded as a full
checkpoint, so the page can say when the whole chain was last walked and keeps showing a failure.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from enlace.audit.selectors import audit_chain_check
from enlace.audit.services import audit_checkpoint_record

OPERATOR = "(operator)"


class Command(BaseCommand):
    help = "Audit log tools: 'verify' checks the tamper-evident hash chain."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args: Any, **opts: Any) -> None:
        check = audit_chain_check(full=True)
        result = check.result
        try:
            audit_checkpoint_record(check=check, actor_label=OPERATOR)
        except DatabaseError as exc:  # a damaged database must not hide the verdict below
            self.stderr.write(f"warning: the checkpoint could not be recorded: {exc}")
        if result.ok:
            self.stdout.write(f"audit chain OK: {result.checked} entries verified")
            return
        where = f"entry #{result.first_bad_seq}" + (f" (id {result.first_bad_id})" if result.first_bad_id else "")
        raise CommandError(f"audit chain BROKEN at {where}: {result.problem}; {result.checked} entries verified before it")
