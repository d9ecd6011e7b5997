"""Custody events are append-only below the ORM too (SQLite and PostgreSQL), as the audit log is.

Why a trigger as well as ``CustodyEvent.save``/``delete``: a queryset ``update()`` or ``delete()``,
or a hand in the database shell, must not rewrite who held an exhibit. The SQL lists are module
constants because the test suite's SQLite flush drops and re-creates them (``enlace/conftest.py``).
"""

from django.db import migrations

SQLITE = [
    "CREATE TRIGGER prosecution_custody_no_update BEFORE UPDATE ON prosecution_custodyevent "
    "BEGIN SELECT RAISE(ABORT, 'custody events are append-only'); END;",
    "CREATE TRIGGER prosecution_custody_no_delete BEFORE DELETE ON prosecution_custodyevent "
    "BEGIN SELECT RAISE(ABORT, 'custody events are append-only'); END;",
]
SQLITE_DROP = ["DROP TRIGGER IF EXISTS prosecution_custody_no_update;",
               "DROP TRIGGER IF EXISTS prosecution_custody_no_delete;"]
PG = [
    """CREATE OR REPLACE FUNCTION prosecution_custody_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'custody events are append-only'; END; $$ LANGUAGE plpgsql;""",
    "CREATE TRIGGER prosecution_custody_no_change BEFORE UPDATE OR DELETE ON prosecution_custodyevent "
    "FOR EACH ROW EXECUTE FUNCTION prosecution_custody_append_only();",
]
PG_DROP = ["DROP TRIGGER IF EXISTS prosecution_custody_no_change ON prosecution_custodyevent;",
           "DROP FUNCTION IF EXISTS prosecution_custody_append_only();"]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in SQLITE if vendor == "sqlite" else PG if vendor == "postgresql" else []:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in SQLITE_DROP if vendor == "sqlite" else PG_DROP if vendor == "postgresql" else []:
        schema_editor.execute(sql)


class Migration(migrations.Migration):

    dependencies = [("prosecution", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
