"""``enlace audit verify|anchor|rotate-key``: the audit log's integrity tools for operators.

``verify`` always walks from genesis, never from a checkpoint: it is the check that finds an
entry altered before the audit page's last checkpoint. It then compares the chain with the
latest anchor line (outside the database) and, when both agree, appends the new head to the
anchor. Its outcome (OK or broken) is recorded as a full checkpoint, so the page can say when
the whole chain was last walked and keeps showing a failure. ``anchor --init`` starts the anchor
file of an installation; ``anchor`` alone is the periodic tick (tail walk + new anchor line) for
a scheduler that runs commands. ``rotate-key`` starts sealing with a new audit key.
"""


from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from enlace.audit.anchor import AnchorError, latest_anchor
from enlace.audit.keyring import rotate_key_file
from enlace.audit.selectors import ChainCheck
from enlace.audit.services import (
    audit_anchor_init,
    audit_anchor_periodic,
    audit_checkpoint_record,
    audit_record,
    audit_verify_and_anchor,
)

OPERATOR = "(operator)"


class Command(BaseCommand):
    help = ("Audit log tools: 'verify' checks the keyed chain against the anchor; 'anchor' appends the head "
            "to the anchor (--init starts it); 'rotate-key' seals new entries with a new audit key.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify", "anchor", "rotate-key"])
        parser.add_argument("--init", action="store_true", help="anchor: start the anchor file (refused if one exists)")

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            if opts["action"] == "rotate-key":
                new_id = rotate_key_file()
                audit_record(action="audit.key.rotate", actor_label=OPERATOR, details={"new_key": new_id})
                self.stdout.write(f"audit key {new_id} is now primary; keep the older keys to verify older entries")
                return
            if opts["action"] == "anchor":
                check = audit_anchor_init() if opts["init"] else audit_anchor_periodic()
            else:
                check = self._verify()
        except AnchorError as exc:
            raise CommandError(str(exc)) from None
        self._report(check)

    def _verify(self) -> ChainCheck:
        check = audit_verify_and_anchor(full=True)
        try:
            audit_checkpoint_record(check=check, actor_label=OPERATOR)
        except DatabaseError as exc:  # a damaged database must not hide the verdict
            self.stderr.write(f"warning: the checkpoint could not be recorded: {exc}")
        return check

    def _report(self, check: ChainCheck) -> None:
        result = check.result
        if result.ok:
            anchor = latest_anchor()
            where = f"; anchored at #{anchor.seq} ({anchor.event} {anchor.at})" if anchor else ""
            self.stdout.write(f"audit chain OK: {result.checked} entries verified{where}")
            return
        where = f"entry #{result.first_bad_seq}" + (f" (id {result.first_bad_id})" if result.first_bad_id else "")
        raise CommandError(f"audit chain BROKEN at {where}: {result.problem}; {result.checked} entries verified")
