"""``enlace audit verify``: walk the hash chain; exit 1 naming the first bad entry."""

from django.core.management.base import BaseCommand, CommandError

from enlace.audit.selectors import audit_chain_verify


class Command(BaseCommand):
    help = "Audit log tools: 'verify' checks the tamper-evident hash chain."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args, **opts):
        result = audit_chain_verify()
        if result.ok:
            self.stdout.write(f"audit chain OK: {result.checked} entries verified")
            return
        where = f"entry #{result.first_bad_seq}" + (f" (id {result.first_bad_id})" if result.first_bad_id else "")
        raise CommandError(f"audit chain BROKEN at {where}: {result.problem}; {result.checked} entries verified before it")
