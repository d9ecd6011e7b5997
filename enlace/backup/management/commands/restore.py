"""``enlace restore FILE [--force] [--check]``: restore a backup into an empty database.

Nothing is written until the whole file authenticated and every member matched the
manifest; ``--check`` stops there (a restore test of the file without touching anything).
"""

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from enlace.backup.database import BackupError
from enlace.backup.services import backup_verify, restore_backup
from enlace.backup.stream import BackupIntegrityError


class Command(BaseCommand):
    # The checks read the database, which is empty (or about to be replaced) here.
    requires_system_checks: list[str] = []
    help = "Restore an encrypted backup into an empty database (the field keyring must be configured separately)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="backup file written by 'enlace backup'")
        parser.add_argument("--force", action="store_true",
                            help="replace a non-empty database (stored files are set aside, not deleted)")
        parser.add_argument("--check", action="store_true", help="only verify the backup; restore nothing")

    def handle(self, *args, **o):
        try:
            if o["check"]:
                manifest = backup_verify(path=o["file"])
                self.stdout.write(f"backup OK: made {manifest['created_at']} ({manifest['vendor']}), "
                                  f"{len(manifest['members'])} members verified")
                return
            result = restore_backup(path=o["file"], force=o["force"])
        except FileNotFoundError:
            raise CommandError(f"no such file: {o['file']}") from None
        except BackupIntegrityError as exc:
            raise CommandError(f"the backup cannot be trusted, nothing was restored: {exc}") from None
        except (BackupError, ImproperlyConfigured) as exc:
            raise CommandError(f"restore failed: {exc}") from None
        manifest = result.manifest
        self.stdout.write(f"restored the backup made {manifest['created_at']} ({len(manifest['members'])} members)")
        if result.migrated:
            self.stdout.write("the database was migrated to this version's schema")
        if result.files_set_aside:
            self.stdout.write(f"previous stored files kept in {result.files_set_aside}")
