"""``enlace backup``: an encrypted, consistent backup while the service runs.

    enlace backup --output FILE                 # one backup
    enlace backup --output-dir DIR --keep 14    # scheduled: timestamped name, oldest beyond 14 removed
    enlace backup --init-key                    # create the backup key file (keep a copy offline)
"""

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from enlace.backup.database import BackupError
from enlace.backup.keys import init_key_file
from enlace.backup.services import backup_create, backup_rotate
from enlace.backup.stream import BackupIntegrityError


class Command(BaseCommand):
    help = "Write an encrypted backup of the database and stored files (the field keyring is never included)."

    def add_arguments(self, parser):
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--output", help="backup file to write (never overwritten)")
        target.add_argument("--output-dir", help="directory for timestamped backups (with --keep)")
        target.add_argument("--init-key", action="store_true", help="create the backup key file, then stop")
        parser.add_argument("--keep", type=int, default=0,
                            help="with --output-dir: how many backups to keep (the oldest are removed)")

    def handle(self, *args, **o):
        try:
            if o["init_key"]:
                path = init_key_file()
                self.stdout.write(f"backup key written to {path}; keep a copy offline, apart from the backups")
                return
            if o["output_dir"]:
                if o["keep"] < 1:
                    raise CommandError("--output-dir needs --keep N (N >= 1)")
                result, pruned = backup_rotate(directory=o["output_dir"], keep=o["keep"])
            else:
                if o["keep"]:
                    raise CommandError("--keep only applies to --output-dir")
                result, pruned = backup_create(output=o["output"]), []
        except (BackupError, BackupIntegrityError, ImproperlyConfigured) as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"backup written: {result.path} ({result.size} bytes, {result.files} stored files, "
                          f"sha256 {result.sha256})")
        for path in pruned:
            self.stdout.write(f"removed old backup {path.name}")
