"""Scheduled backups (registered in ``apps.py`` when ``ENLACE_BACKUP_DIR`` is set; run by ``enlace worker``)."""

from pathlib import Path

from django.conf import settings

from .services import backup_rotate


def nightly() -> dict[str, object]:
    """Same as ``enlace backup --output-dir $ENLACE_BACKUP_DIR --keep $ENLACE_BACKUP_KEEP``.

    A failure (no backup key, a key file inside the directory, a full disk) raises, so the run is
    marked failed on the administrators' jobs page and retried by the queue.
    """
    result, pruned = backup_rotate(directory=Path(settings.ENLACE_BACKUP_DIR), keep=settings.ENLACE_BACKUP_KEEP)
    return {"backup": result.path.name, "bytes": result.size, "removed": len(pruned)}
