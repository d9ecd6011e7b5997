"""The restore drill's workspace: ``enlace`` in subprocesses against a file database of its own.

Why subprocesses: the test database is in memory (SQLite) or owned by the test run; a
backup must be taken of, and restored into, a database the commands open themselves.
"""

from __future__ import annotations

import base64
import os
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

KEY = base64.b64encode(bytes(range(100, 132))).decode()
_DROP_ENV = ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "ENLACE_FIELD_KEYS", "ENLACE_FILE_STORE",
             "ENLACE_BACKUP_KEY_FILE", "ENLACE_BACKUP_KEY", "ENLACE_PG_BIN_DIR")


@dataclass
class Workspace:
    var: Path
    database_url: str = ""

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in _DROP_ENV}
        env.update({"DJANGO_SETTINGS_MODULE": "enlace.config.settings.dev", "ENLACE_VAR_DIR": str(self.var),
                    "ENLACE_BACKUP_KEY": KEY})
        if self.database_url:
            env["DATABASE_URL"] = self.database_url
        return env

    def enlace(self, *args: str, ok: bool = True, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
        done = subprocess.run([sys.executable, "-m", "enlace", *args], env={**self.env(), **(env or {})},
                              capture_output=True, text=True, timeout=600)
        if ok:
            assert done.returncode == 0, (args, done.stdout[-2000:], done.stderr[-2000:])
        return done

    @property
    def sqlite_path(self) -> Path:
        return self.var / "enlace.sqlite3"

    @property
    def files(self) -> Path:
        return self.var / "files"

    def stored(self) -> dict[str, bytes]:
        """The file store's files as they lie on disk (sealed), by relative path."""
        return {p.relative_to(self.files).as_posix(): p.read_bytes() for p in sorted(self.files.rglob("*"))
                if p.is_file()}


def sqlite_snapshot(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table in sqlite_master, each table ordered by its primary key."""
    con = sqlite3.connect(path)
    try:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        out = {}
        for table in tables:
            info = con.execute(f'PRAGMA table_info("{table}")').fetchall()
            pk = [row[1] for row in sorted(info, key=lambda r: r[5]) if row[5]] or [row[1] for row in info]
            order = ", ".join(f'"{c}"' for c in pk)
            out[table] = con.execute(f'SELECT * FROM "{table}" ORDER BY {order}').fetchall()  # noqa: S608
        return out
    finally:
        con.close()


def pg_snapshot(conn) -> dict[str, list[tuple]]:
    """The same for PostgreSQL: every base table of the public schema, by primary key."""
    tables = [r[0] for r in conn.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
        "AND table_type = 'BASE TABLE' ORDER BY table_name")]
    out = {}
    for table in tables:
        pk = [r[0] for r in conn.execute(
            "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
            "AND a.attnum = ANY(i.indkey) WHERE i.indrelid = %s::regclass AND i.indisprimary ORDER BY a.attnum",
            (f'"{table}"',))]
        order = ", ".join(f'"{c}"' for c in pk) or "1"
        out[table] = conn.execute(f'SELECT * FROM "{table}" ORDER BY {order}').fetchall()  # noqa: S608
    return out


def assert_identical_but_the_restore_entry(before: dict, after: dict) -> None:
    """Row for row the same, except one audit entry appended: the record of the restore."""
    assert sorted(before) == sorted(after)
    for table in before:
        if table in ("audit_auditentry", "audit_audithead", "sqlite_sequence"):
            continue
        assert before[table] == after[table], f"{table} differs after the restore"
    if "sqlite_sequence" in before:  # SQLite's AUTOINCREMENT counters: only the audit log's moved, by one
        seq_before, seq_after = dict(before["sqlite_sequence"]), dict(after["sqlite_sequence"])
        assert seq_after.pop("audit_auditentry") == seq_before.pop("audit_auditentry") + 1
        assert seq_before == seq_after
    entries_before, entries_after = before["audit_auditentry"], after["audit_auditentry"]
    assert entries_after[:len(entries_before)] == entries_before
    added = entries_after[len(entries_before):]
    assert len(added) == 1 and "audit.restore" in added[0], added
    assert len(before["audit_audithead"]) == len(after["audit_audithead"]) == 1
