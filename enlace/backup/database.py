"""Consistent copies of the live database, and loading one back (SQLite and PostgreSQL).

Why these tools: SQLite's online backup API copies a consistent snapshot page by page while
the service keeps writing (WAL readers do not block writers), and loads it back through
SQLite's own locking; ``pg_dump`` reads one MVCC snapshot without stopping anyone, and
``pg_restore --single-transaction`` either restores everything or nothing.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

MEMBER = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
# Every write of the application is audited, and accounts exist before any work: a database
# with neither holds nothing but what ``migrate`` put there.
CONTENT_TABLES = ("audit_auditentry", "accounts_user")


class BackupError(Exception):
    """A backup or restore cannot run; the message says why and what to do."""


def vendor() -> str:
    if connection.vendor not in MEMBER:
        raise BackupError(f"backups support SQLite and PostgreSQL, not {connection.vendor}")
    return connection.vendor


def migration_state() -> dict[str, list[str]]:
    state: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        state.setdefault(app, []).append(name)
    return state


def table_names() -> list[str]:
    with connection.cursor() as cur:
        return sorted(connection.introspection.table_names(cur))


def content_rows() -> dict[str, int]:
    """Rows in the tables that only real use fills (empty dict: nothing but migrations)."""
    present = set(table_names())
    counts = {}
    with connection.cursor() as cur:
        for table in CONTENT_TABLES:
            if table in present:
                cur.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608 (fixed names)
                if n := cur.fetchone()[0]:
                    counts[table] = n
    return counts


def server_version() -> str:
    if connection.vendor == "postgresql":
        connection.ensure_connection()
        return str(connection.pg_version)  # type: ignore[attr-defined]
    return sqlite3.sqlite_version


def dump(dest: Path) -> None:
    if vendor() == "sqlite":
        _sqlite_copy(Path(settings.DATABASES["default"]["NAME"]), dest)
    else:
        _run(pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", f"--file={dest}")


def load(source: Path) -> None:
    """Replace the database's content with the dump (the caller checked it is empty or forced)."""
    engine = vendor()
    connection.close()  # no connection of ours may hold the old content open
    if engine == "sqlite":
        target = Path(settings.DATABASES["default"]["NAME"])
        target.parent.mkdir(parents=True, exist_ok=True)
        _sqlite_copy(source, target)
    else:
        _run(pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges", "--exit-on-error",
             "--single-transaction", f"--dbname={_pg_settings()['NAME']}", str(source))


def _sqlite_copy(source: Path, target: Path) -> None:
    """One backup step (pages=-1): a single consistent snapshot of the source."""
    src = sqlite3.connect(source, timeout=30)
    dst = sqlite3.connect(target, timeout=30)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def _pg_settings() -> dict:
    return settings.DATABASES["default"]


def _pg_env() -> dict[str, str]:
    cfg = _pg_settings()
    env = dict(os.environ)
    for var, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"), ("PGPASSWORD", "PASSWORD"),
                     ("PGDATABASE", "NAME")):
        if cfg.get(key):
            env[var] = str(cfg[key])
    if sslmode := cfg.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = sslmode
    return env


def pg_tool(name: str) -> str:
    """The client tool, checked to exist and to be at least the server's major version."""
    bin_dir = getattr(settings, "ENLACE_PG_BIN_DIR", "") or os.environ.get("ENLACE_PG_BIN_DIR", "")
    path = str(Path(bin_dir) / name) if bin_dir else shutil.which(name)
    connection.ensure_connection()
    server_major = connection.pg_version // 10000  # type: ignore[attr-defined]
    advice = (f"install the PostgreSQL client tools of the server's version (Debian: postgresql-client-{server_major}) "
              "or set ENLACE_PG_BIN_DIR to their directory")
    if not path or not os.access(path, os.X_OK):
        raise BackupError(f"{name} was not found: {advice}.")
    done = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=30)
    found = re.search(r"\s(\d+)(?:\.\d+)?", done.stdout)
    if not found or int(found.group(1)) < server_major:
        raise BackupError(f"{name} is version {found.group(1) if found else '?'} but the server is {server_major}: "
                          f"{advice}.")
    return path


def _run(tool: str, *args: str) -> None:
    done = subprocess.run([tool, *args], capture_output=True, text=True, env=_pg_env())
    if done.returncode != 0:
        detail = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise BackupError(f"{Path(tool).name} failed (exit {done.returncode}): {detail}")
