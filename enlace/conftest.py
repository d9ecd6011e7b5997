import importlib.util

import pytest

from enlace.cases.tests.factories import make_case_world

pytest_plugins = ["enlace.conftest_browser"] if importlib.util.find_spec("enlace.conftest_browser") else []


@pytest.fixture
def world(db):
    return make_case_world()


@pytest.fixture(autouse=True)
def _audit_anchor_per_test(tmp_path):
    """Each test anchors its own audit chain: a shared anchor file would outlive the test database."""
    from django.conf import settings

    if not settings.configured:  # pure-Python runs with -p no:django
        yield
        return
    from django.test import override_settings

    with override_settings(ENLACE_AUDIT_ANCHOR=tmp_path / "audit-anchor.jsonl"):
        yield


@pytest.fixture(autouse=True, scope="session")
def _audit_triggers_allow_test_flush():
    """Transactional tests empty the database between tests; on SQLite that is a DELETE,
    which the append-only triggers (entries: migration 0002, checkpoints: 0003) refuse. Only
    the test flush drops and re-creates them (PostgreSQL flushes with TRUNCATE, which row
    triggers do not see)."""
    from importlib import import_module

    from django.conf import settings

    if not settings.configured:  # pure-Python runs with -p no:django
        yield
        return
    from django.db import connection

    if connection.vendor != "sqlite":
        yield
        return
    DatabaseOperations = type(connection.ops)
    guarded = {  # table -> the migration holding its trigger SQL
        "audit_auditentry": import_module("enlace.audit.migrations.0002_append_only_triggers"),
        "audit_auditcheckpoint": import_module("enlace.audit.migrations.0003_auditcheckpoint"),
    }
    original = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        statements = original(self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        migs = [mig for table, mig in guarded.items() if table in tables]
        if migs:
            drops = [sql for mig in migs for sql in mig.SQLITE_DROP]
            creates = [sql for mig in migs for sql in mig.SQLITE]
            return drops + list(statements) + creates
        return statements

    DatabaseOperations.sql_flush = sql_flush  # type: ignore[method-assign]  # patched for the test run only
    yield
    DatabaseOperations.sql_flush = original  # type: ignore[method-assign]  # restored
