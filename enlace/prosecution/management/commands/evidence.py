"""``enlace evidence verify [--case REF]``: re-hash every stored evidence file and attachment; exit 1 on
any mismatch."""

from django.core.management.base import BaseCommand, CommandError

from enlace.core.errors import NotFound
from enlace.prosecution.integrity import case_by_reference, verify_files


class Command(BaseCommand):
    help = "Evidence tools: 'verify' re-hashes every stored file against the SHA-256 taken at acquisition."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify"])
        parser.add_argument("--case", dest="case_ref", default="", help="Only this case (its id or a reference number).")

    def handle(self, *args, **opts):
        case = None
        if opts["case_ref"]:
            try:
                case = case_by_reference(opts["case_ref"])
            except NotFound:
                raise CommandError("no such case") from None
        mismatches = 0
        for result in verify_files(case=case):
            if isinstance(result, int):
                checked = result
                continue
            mismatches += 1
            self.stdout.write(str(result))
        if mismatches:
            raise CommandError(f"{mismatches} of {checked} stored files do not match their recorded hash")
        self.stdout.write(f"evidence files and attachments OK: {checked} verified")
