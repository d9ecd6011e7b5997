"""The restore drill, for real: demo workspace, backup, wipe, restore, audit verify, every row.

Also: a backup with one altered byte restores nothing; a non-empty database is refused;
scheduled backups keep the newest N. The SQLite drill always runs; the PostgreSQL drill runs
when the suite runs on PostgreSQL, in scratch databases of its own.
"""

from __future__ import annotations

import base64
import os
import shutil
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from enlace.backup import keys
from enlace.backup.archive import stored_files
from enlace.backup.database import BackupError, pg_tool

from .drill import Workspace, assert_identical_but_the_restore_entry, pg_snapshot, sqlite_snapshot

ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


STORE = ("import io; from enlace.core.storage import EncryptedFileStore as S; "
         "f = S().write(io.BytesIO(bytes(range(256)) * 300), context='evidence'); print(f.file_id, f.sha256)")
VERIFY = ("from enlace.core.storage import EncryptedFileStore as S; "
          "print('verified' if S().verify('{id}', sha256='{sha}', context='evidence') else 'altered')")


def build(ws: Workspace) -> tuple[str, str]:
    """A demo workspace with one evidence file in the encrypted file store; returns its id and sha256."""
    ws.enlace("migrate", "--noinput", "-v", "0")
    ws.enlace("demo", "--cases", "3", "--seed", "5")
    file_id, sha = ws.enlace("shell", "-v", "0", "-c", STORE).stdout.split()[-2:]
    return file_id, sha


def tampered_copy(backup: Path) -> Path:
    bad = backup.with_name("tampered.backup")
    data = bytearray(backup.read_bytes())
    data[len(data) // 2] ^= 0x20
    bad.write_bytes(bytes(data))
    return bad


def drill(ws: Workspace, tmp_path: Path, *, snapshot, wipe, blank, migrate_target: bool = False) -> None:
    file_id, sha = build(ws)
    before = snapshot()
    evidence = ws.stored()  # the file written above, beside those the demo's evidence items stored
    assert any(rel.endswith(file_id) for rel in evidence)
    backup = tmp_path / "drill.backup"
    out = ws.enlace("backup", "--output", str(backup)).stdout
    assert "backup written" in out and f"{len(evidence)} stored files" in out
    assert b"enc2:" not in backup.read_bytes() and b"SQLite format" not in backup.read_bytes()
    wipe()
    shutil.rmtree(ws.files)

    failed = ws.enlace("restore", str(tampered_copy(backup)), ok=False)
    assert failed.returncode != 0
    assert "cannot be trusted, nothing was restored" in failed.stderr and "failed authentication" in failed.stderr
    assert blank() and not ws.files.exists()
    if migrate_target:  # an operator may migrate the new database first: still empty, still accepted
        ws.enlace("migrate", "--noinput", "-v", "0")

    restored = ws.enlace("restore", str(backup)).stdout
    assert "restored the backup made" in restored
    assert_identical_but_the_restore_entry(before, snapshot())
    assert ws.stored() == evidence
    assert ws.enlace("shell", "-v", "0", "-c", VERIFY.format(id=file_id, sha=sha)).stdout.split()[-1] == "verified"
    verified = ws.enlace("audit", "verify").stdout
    assert "audit chain OK" in verified

    again = ws.enlace("restore", str(backup), ok=False)
    assert again.returncode != 0 and "the target database is not empty" in again.stderr


def test_sqlite_drill(tmp_path):
    ws = Workspace(var=tmp_path / "var")

    def wipe():
        for suffix in ("", "-wal", "-shm"):
            Path(f"{ws.sqlite_path}{suffix}").unlink(missing_ok=True)

    def blank():
        return not ws.sqlite_path.exists() or sqlite_snapshot(ws.sqlite_path) == {}

    drill(ws, tmp_path, snapshot=lambda: sqlite_snapshot(ws.sqlite_path), wipe=wipe, blank=blank)
    _scheduled_backups_keep_the_newest(ws, tmp_path / "scheduled")


def _scheduled_backups_keep_the_newest(ws: Workspace, directory: Path) -> None:
    directory.mkdir()
    (directory / "enlace-20200101T000000Z.backup").write_bytes(b"oldest")
    (directory / "notes.txt").write_text("not a backup")
    for _ in range(2):
        ws.enlace("backup", "--output-dir", str(directory), "--keep", "2")
    names = sorted(p.name for p in directory.iterdir())
    assert "notes.txt" in names and "enlace-20200101T000000Z.backup" not in names
    kept = [n for n in names if n.endswith(".backup")]
    assert len(kept) == 2
    assert "backup OK" in ws.enlace("restore", "--check", str(directory / kept[-1])).stdout
    _the_nightly_job_is_registered_and_rotates(ws, directory, previous=kept)


NIGHTLY = ("import importlib; from enlace.core.jobs import registered_schedules as r; "
           "job = {j.name: j for j in r()}['backup.nightly']; print(job.daily_at); "
           "module, _, name = job.func.rpartition('.'); print(getattr(importlib.import_module(module), name)())")


def _the_nightly_job_is_registered_and_rotates(ws: Workspace, directory: Path, *, previous: list[str]) -> None:
    """With ENLACE_BACKUP_DIR set the worker's registry holds a daily backup; running the registered
    function writes one more backup and keeps the newest ENLACE_BACKUP_KEEP. Without it, no job."""
    unset = ws.enlace("shell", "-v", "0", "-c", "from enlace.core.jobs import registered_schedules as r; "
                      "print(sorted(j.name for j in r()))").stdout
    assert "backup.nightly" not in unset
    out = ws.enlace("shell", "-v", "0", "-c", NIGHTLY, env={
        "ENLACE_BACKUP_DIR": str(directory), "ENLACE_BACKUP_KEEP": "2", "ENLACE_BACKUP_AT": "03:30"}).stdout
    assert "03:30:00" in out and "'removed': 1" in out
    kept = sorted(p.name for p in directory.iterdir() if p.name.endswith(".backup"))
    assert len(kept) == 2 and kept[0] == previous[-1] and kept[-1] not in previous


@pytest.fixture
def scratch_postgres(django_db_setup, django_db_blocker):
    """A database of this test's own next to the test database (never ``test`` itself)."""
    import psycopg

    cfg = connection.settings_dict
    name = f"{cfg['NAME']}_drill"[:63]
    params = {"host": cfg["HOST"] or None, "port": cfg["PORT"] or None, "user": cfg["USER"] or None,
              "password": cfg["PASSWORD"] or None}
    admin = psycopg.connect(dbname=cfg["NAME"], autocommit=True, **params)

    def recreate():
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')

    recreate()
    auth = f"{cfg['USER']}:{cfg['PASSWORD']}@" if cfg["PASSWORD"] else f"{cfg['USER']}@"
    url = f"postgres://{auth}{cfg['HOST'] or '127.0.0.1'}:{cfg['PORT'] or 5432}/{name}"
    yield url, recreate, lambda: psycopg.connect(dbname=name, **params)
    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


@pytest.mark.skipif(not ON_POSTGRES, reason="the PostgreSQL drill runs when DATABASE_URL is PostgreSQL")
def test_postgresql_drill(tmp_path, scratch_postgres):
    url, recreate, connect = scratch_postgres
    ws = Workspace(var=tmp_path / "var", database_url=url)

    def snapshot():
        with connect() as conn:
            return pg_snapshot(conn)

    drill(ws, tmp_path, snapshot=snapshot, wipe=recreate, blank=lambda: snapshot() == {}, migrate_target=True)


@pytest.mark.skipif(not ON_POSTGRES, reason="pg_dump is only looked for on PostgreSQL")
@pytest.mark.django_db
def test_missing_pg_dump_is_a_clear_error(settings, tmp_path):
    settings.ENLACE_PG_BIN_DIR = str(tmp_path)
    with pytest.raises(BackupError, match="pg_dump was not found: install the PostgreSQL client tools"):
        pg_tool("pg_dump")
    fake = tmp_path / "pg_dump"
    fake.write_text("#!/bin/sh\necho 'pg_dump (PostgreSQL) 9.6'\n")
    fake.chmod(0o755)
    with pytest.raises(BackupError, match="version 9 but the server is"):
        pg_tool("pg_dump")


def test_backup_key_from_the_environment_or_the_key_file(settings, tmp_path, monkeypatch):
    settings.ENLACE_BACKUP_KEY_FILE = tmp_path / "backup.key"
    monkeypatch.delenv("ENLACE_BACKUP_KEY", raising=False)
    with pytest.raises(ImproperlyConfigured, match="No backup key"):
        keys.backup_key()
    path = keys.init_key_file()
    assert path.stat().st_mode & 0o777 == 0o600
    assert len(keys.backup_key()) == 32
    with pytest.raises(ImproperlyConfigured, match="never overwritten"):
        keys.init_key_file()
    monkeypatch.setenv("ENLACE_BACKUP_KEY", base64.b64encode(b"\x07" * 32).decode())
    assert keys.backup_key() == b"\x07" * 32
    monkeypatch.setenv("ENLACE_BACKUP_KEY", "too-short")
    with pytest.raises(ImproperlyConfigured, match="32 bytes"):
        keys.backup_key()


def test_a_field_key_is_refused_as_backup_key(settings, monkeypatch):
    monkeypatch.setenv("ENLACE_BACKUP_KEY", settings.ENLACE_FIELD_KEYS["k1"])
    with pytest.raises(ImproperlyConfigured, match="must not be one of the field-encryption keys"):
        keys.backup_key()


def test_keys_inside_the_file_store_are_refused(tmp_path):
    media = tmp_path / "files"
    (media / "evidence").mkdir(parents=True)
    (media / "evidence" / "a.pdf").write_bytes(b"%PDF")
    (media / "evidence" / "link").symlink_to(tmp_path)
    assert [rel for _, rel in stored_files(media, refuse=[])] == ["evidence/a.pdf"]
    (media / "keys.json").write_text("{}")
    with pytest.raises(BackupError, match="keys never go into a backup"):
        stored_files(media, refuse=[(media / "keys.json").resolve()])
