"""Backups and restores (``enlace backup``, ``enlace restore``); see docs/operations.md.

Why a restore is recorded in the audit log: a restored workspace has an intact chain that
ends where the backup was taken. The ``audit.restore`` entry, appended to that chain, and the
``restore`` line of the anchor outside the database say so; without them a verifier could not
tell a restore from entries cut off the end.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as package_version
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from enlace.audit.models import AuditHead
from enlace.audit.services import audit_anchor_restore, audit_record

from . import database
from .archive import FILES, read_archive, stored_files, write_archive
from .database import MEMBER, BackupError
from .keys import backup_key, secret_paths
from .stream import key_id

OPERATOR = "(operator)"
NAME_PATTERN = re.compile(r"^enlace-\d{8}T\d{6}Z\.backup$")


@dataclass
class BackupResult:
    path: Path
    created_at: str
    size: int
    sha256: str
    files: int


@dataclass
class RestoreResult:
    manifest: dict
    migrated: bool = False
    files_set_aside: Path | None = None


class _HashingSink:
    def __init__(self, fh):
        self._fh, self.sha256, self.size = fh, hashlib.sha256(), 0

    def write(self, data: bytes) -> int:
        self.sha256.update(data)
        self.size += len(data)
        return self._fh.write(data)


def file_store() -> Path:
    """The encrypted file store's directory (evidence, attachments: ``enlace.core.storage``)."""
    return Path(settings.ENLACE_FILE_STORE)


def app_version() -> str:
    try:
        return package_version("enlace")
    except PackageNotFoundError:
        return "unknown"


def backup_create(*, output: Path) -> BackupResult:
    """Snapshot the database, then stream it with the stored files into one encrypted file."""
    key = backup_key()
    output = Path(output)
    if output.exists():
        raise BackupError(f"{output.name} already exists; a backup never overwrites a file")
    output.parent.mkdir(parents=True, exist_ok=True)
    vendor = database.vendor()
    files = stored_files(file_store(), refuse=secret_paths())
    created_at = timezone.now().isoformat()
    manifest = {"created_at": created_at, "vendor": vendor, "server_version": database.server_version(),
                "migrations": database.migration_state(), "tables": database.table_names(),
                "app_version": app_version(), "key_id": key_id(key).hex()}
    partial = output.with_name(output.name + ".partial")
    with tempfile.TemporaryDirectory(dir=output.parent, prefix=".enlace-backup-") as tmp:
        dump = Path(tmp) / MEMBER[vendor]
        database.dump(dump)
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "wb") as fh:
                sink = _HashingSink(fh)
                write_archive(sink, key=key, dump=dump, dump_member=MEMBER[vendor], files=files, manifest=manifest)
                fh.flush()
                os.fsync(fh.fileno())
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    os.replace(partial, output)
    result = BackupResult(path=output, created_at=created_at, size=sink.size, sha256=sink.sha256.hexdigest(),
                          files=len(files))
    audit_record(action="system.backup", actor_label=OPERATOR,
                 details={"created_at": created_at, "vendor": vendor, "bytes": result.size, "sha256": result.sha256,
                          "files": result.files})
    return result


def backup_rotate(*, directory: Path, keep: int) -> tuple[BackupResult, list[Path]]:
    """A timestamped backup in ``directory``, then the oldest beyond ``keep`` removed.

    Pruning runs only after the new backup is complete, and only touches names this function
    writes, so a failed run never costs an older backup and other files are left alone.
    """
    if keep < 1:
        raise BackupError("--keep must be at least 1")
    directory = Path(directory)
    stamp = timezone.now().astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    result = backup_create(output=directory / f"enlace-{stamp}.backup")
    ours = sorted(p for p in directory.iterdir() if NAME_PATTERN.match(p.name) and p.is_file())
    pruned = ours[:-keep]
    for path in pruned:
        path.unlink()
    return result, pruned


def backup_verify(*, path: Path) -> dict:
    """Read a backup end to end (every chunk and member) without restoring anything."""
    key = backup_key()
    with tempfile.TemporaryDirectory(prefix=".enlace-check-", dir=_staging_dir()) as tmp, Path(path).open("rb") as fh:
        return read_archive(fh, key=key, staging=Path(tmp), dump_members=set(MEMBER.values()))


def restore_backup(*, path: Path, force: bool = False) -> RestoreResult:
    """Verify the whole backup into a staging directory, then load it; refuse a non-empty target."""
    key = backup_key()
    vendor = database.vendor()
    with tempfile.TemporaryDirectory(prefix=".enlace-restore-", dir=_staging_dir()) as tmp:
        staging = Path(tmp)
        with Path(path).open("rb") as fh:
            manifest = read_archive(fh, key=key, staging=staging, dump_members=set(MEMBER.values()))
        _check_compatible(manifest, vendor)
        _check_target(manifest, vendor=vendor, force=force)
        database.load(staging / MEMBER[vendor])
        aside = _restore_files(staging / FILES, file_store(), force=force)
    migrated = _migrate_if_behind()
    record_restore(manifest=manifest)
    return RestoreResult(manifest=manifest, migrated=migrated, files_set_aside=aside)


def _staging_dir() -> Path:
    """Beside the data, not in a RAM-backed /tmp: a staging copy is as large as the backup."""
    path = Path(settings.VAR_DIR)
    path.mkdir(parents=True, exist_ok=True)
    return path


def _check_compatible(manifest: dict, vendor: str) -> None:
    if manifest.get("vendor") != vendor:
        raise BackupError(f"this is a {manifest.get('vendor')} backup; the configured database is {vendor}")
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    newer = sorted(f"{app}.{name}" for app, names in manifest.get("migrations", {}).items()
                   for name in names if (app, name) not in known)
    if newer:
        raise BackupError(f"the backup was made by a newer Enlace (migrations {', '.join(newer[:3])} unknown here): "
                          "upgrade first, then restore")


def _check_target(manifest: dict, *, vendor: str, force: bool) -> None:
    extra = sorted(set(database.table_names()) - set(manifest.get("tables", [])))
    if extra and vendor == "postgresql":  # pg_restore --clean replaces the backup's tables, not others
        raise BackupError(f"the target database has tables the backup does not have ({', '.join(extra[:3])}): "
                          "restore into a freshly created database")
    if force:
        return
    rows = database.content_rows()
    if rows:
        held = ", ".join(f"{table}: {n} rows" for table, n in rows.items())
        raise BackupError(f"the target database is not empty ({held}); restore only into an empty database, "
                          "or use --force to replace its content")
    root = file_store()
    if root.is_dir() and any(root.iterdir()):
        raise BackupError("the file store (ENLACE_FILE_STORE) is not empty; restore only into an empty one, "
                          "or use --force (the current files are set aside, not deleted)")


def _restore_files(staged: Path, target: Path, *, force: bool) -> Path | None:
    """Move the restored files into place; with --force, existing ones are kept beside, renamed."""
    aside = None
    if target.exists() and any(target.iterdir()):
        if not force:
            raise BackupError("the file store is not empty")
        aside = target.with_name(f"{target.name}.before-restore-{timezone.now():%Y%m%dT%H%M%S}")
        target.rename(aside)
    elif target.exists():
        target.rmdir()
    target.parent.mkdir(parents=True, exist_ok=True)
    if staged.is_dir():
        shutil.move(str(staged), str(target))
    else:
        target.mkdir()
    return aside


def _migrate_if_behind() -> bool:
    """A backup from an older version is brought to this version's schema before anything is written."""
    executor = MigrationExecutor(connection)
    if not executor.migration_plan(executor.loader.graph.leaf_nodes()):
        return False
    call_command("migrate", interactive=False, verbosity=0)
    return True


@transaction.atomic
def record_restore(*, manifest: dict) -> None:
    """Anchor the restored chain's head and append ``audit.restore``, naming the backup.

    The one place a restore touches the audit log. A restored chain that does not verify is not
    anchored (it must stay reported): the restore is done, but the operator is told, loudly.
    """
    head = AuditHead.objects.filter(id=1).first()
    check = audit_anchor_restore(note=f"backup of {manifest.get('created_at')}", details={
        "backup_created_at": manifest.get("created_at"), "vendor": manifest.get("vendor"),
        "backup_app_version": manifest.get("app_version"), "backup_head_seq": head.seq if head else 0,
        "backup_head_hash": head.hash if head else "",
    })
    if not check.result.ok:
        raise BackupError(f"restored, but the restored audit chain does not verify: {check.result.problem}")
