"""On PostgreSQL the application's role cannot truncate, alter or un-trigger the audit tables.

The suite connects as a superuser; the test creates a restricted role of its own with
``enlace db roles`` (as the owner would), switches to it, replays the owner's attacks and
checks that the application's ordinary writes (including audit entries) still work.
"""

import uuid

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from enlace.__main__ import database_url_for
from enlace.accounts.tests.factories import make_user
from enlace.audit.models import AuditEntry
from enlace.audit.services import audit_record
from enlace.core.dbroles import append_only_tables

ATTACKS = [
    "TRUNCATE audit_auditentry",
    "TRUNCATE audit_auditcheckpoint",
    "ALTER TABLE audit_auditentry DISABLE TRIGGER ALL",
    "ALTER TABLE audit_auditentry DISABLE TRIGGER audit_no_update",
    "DROP TRIGGER audit_no_update ON audit_auditentry",
    "UPDATE audit_auditentry SET action = 'forged'",
    "DELETE FROM audit_auditentry",
    "DELETE FROM audit_auditcheckpoint",
    "DROP TABLE audit_auditentry",
]


def test_schema_commands_use_the_owner_url_and_the_rest_the_application_url():
    env = {"DATABASE_URL": "postgres://app@db/enlace", "ENLACE_MIGRATE_DATABASE_URL": "postgres://owner@db/enlace"}
    assert database_url_for(["enlace", "migrate"], env) == env["ENLACE_MIGRATE_DATABASE_URL"]
    assert database_url_for(["enlace", "db", "roles"], env) == env["ENLACE_MIGRATE_DATABASE_URL"]
    assert database_url_for(["enlace", "serve"], env) == env["DATABASE_URL"]
    assert database_url_for(["enlace", "migrate"], {"DATABASE_URL": "x"}) == "x"


def test_the_audit_tables_are_the_append_only_ones():
    assert append_only_tables() == ["audit_auditcheckpoint", "audit_auditentry"]


@pytest.fixture
def app_role(db):
    if connection.vendor != "postgresql":
        pytest.skip("database roles are PostgreSQL's")
    role = f"enlace_test_app_{uuid.uuid4().hex[:12]}"
    call_command("db", "roles", "--app-role", role)
    yield role
    with connection.cursor() as cur:
        cur.execute("RESET ROLE")
        cur.execute(f'DROP OWNED BY "{role}"')
        cur.execute(f'DROP ROLE "{role}"')


def _as(role: str):
    with connection.cursor() as cur:
        cur.execute(f'SET LOCAL ROLE "{role}"')


@pytest.mark.parametrize("statement", ATTACKS)
def test_the_application_role_cannot_rewrite_the_audit_log(app_role, statement):
    audit_record(action="test.event", actor_label="x")
    with transaction.atomic():
        _as(app_role)
        with pytest.raises(DatabaseError, match="permission denied|must be owner"), transaction.atomic():
            with connection.cursor() as cur:
                cur.execute(statement)
    assert AuditEntry.objects.filter(action="test.event").exists()


def test_the_application_role_still_writes_and_audits(app_role):
    with transaction.atomic():
        _as(app_role)
        user = make_user("investigator", username="approle")
        entry = audit_record(actor=user, action="test.event", details={"n": 1})
        assert AuditEntry.objects.filter(pk=entry.pk).exists()
    call_command("audit", "verify")
