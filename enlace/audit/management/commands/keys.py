"""``enlace keys rotate [--retire-old]``: new primary field key, re-encrypt all data; ``keys status``;
``keys rebind``: bind values written before rows were bound to their row; ``keys verify``: open every
stored value against its row and name the rows that fail (exit 1).

The key handling is in ``enlace.core.keys``; the command lives in the audit app because a rotation
is an operator action that is recorded in the audit chain, and core sits below audit.
"""

import os
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from enlace.audit.services import audit_record
from enlace.core import keys


class Command(BaseCommand):
    help = ("Field-encryption keys: 'rotate' re-encrypts every encrypted value under a new key; 'status' counts "
            "values per key; 'rebind' binds old values to their rows; 'verify' opens every value against its row.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["rotate", "status", "rebind", "verify"])
        parser.add_argument("--retire-old", action="store_true", help="drop old keys after re-encryption")

    def handle(self, *args: Any, **o: Any) -> None:
        if o["action"] == "status":
            for kid, n in sorted(keys.raw_key_ids().items()):
                self.stdout.write(f"{kid}\t{n}")
            formats = keys.raw_formats()
            self.stdout.write(f"bound to their row\t{formats['bound']}\nbound to their column only\t{formats['unbound']}")
            return
        if o["action"] == "rebind":
            counts = keys.rebind_all()
            audit_record(action="keys.rebind", actor_label="(operator)", details={"rows": counts})
            self.stdout.write(f"{sum(counts.values())} rows bound to their row")
            return
        if o["action"] == "verify":
            self._verify()
            return
        if getattr(settings, "ENLACE_FIELD_KEYS", None):
            raise CommandError("keys are fixed in settings (test); rotation works on the key file")
        if os.environ.get("ENLACE_FIELD_KEYS"):
            raise CommandError("keys come from ENLACE_FIELD_KEYS: rotate them in your secret store, then run "
                               "'enlace keys rotate' against a key file, or re-deploy with the new keyring")
        new_id, counts = keys.rotate(retire_old=o["retire_old"])
        audit_record(action="keys.rotate", actor_label="(operator)", details={"new_key": new_id, "rows": counts})
        total = sum(counts.values())
        self.stdout.write(f"new primary key {new_id}; {total} rows re-encrypted")

    def _verify(self) -> None:
        report = keys.verify_all()
        for where, public_id, reason in report.failed:
            self.stdout.write(f"UNREADABLE {where} row {public_id}: {reason}")
        self.stdout.write(f"{report.opened} values open against their row; {report.unbound} bound to their "
                          f"column only; {len(report.failed)} unreadable")
        if report.failed:
            raise CommandError("encrypted values that do not open against their row (moved, altered or under "
                               "a retired key): restore those rows from a verified backup")
