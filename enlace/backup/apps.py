from django.apps import AppConfig
from django.conf import settings

from enlace.core.jobs import register_schedule


class BackupConfig(AppConfig):
    name = "enlace.backup"
    label = "backup"
    verbose_name = "Backups"

    def ready(self) -> None:
        """A daily backup when the installation named a directory for them (docs/operations.md)."""
        if settings.ENLACE_BACKUP_DIR:
            if settings.ENLACE_BACKUP_KEEP < 1:
                raise ValueError("ENLACE_BACKUP_KEEP must be at least 1")
            register_schedule("backup.nightly", "enlace.backup.jobs.nightly", daily_at=settings.ENLACE_BACKUP_AT)
