"""Checkpoints of the audit chain, append-only like the entries (SQLite and PostgreSQL).

Why triggers here too: a forged OK checkpoint, or a failed one rewritten as OK, would make the
audit page vouch for entries it did not re-hash. The SQL lists are module constants because the
test suite's SQLite flush drops and re-creates them (``enlace/conftest.py``). The PostgreSQL
function is this table's own: migration 0002's may be dropped and re-created independently.
"""

from django.db import migrations, models

SQLITE = [
    "CREATE TRIGGER audit_checkpoint_no_update BEFORE UPDATE ON audit_auditcheckpoint "
    "BEGIN SELECT RAISE(ABORT, 'audit checkpoints are append-only'); END;",
    "CREATE TRIGGER audit_checkpoint_no_delete BEFORE DELETE ON audit_auditcheckpoint "
    "BEGIN SELECT RAISE(ABORT, 'audit checkpoints are append-only'); END;",
]
SQLITE_DROP = ["DROP TRIGGER IF EXISTS audit_checkpoint_no_update;", "DROP TRIGGER IF EXISTS audit_checkpoint_no_delete;"]
PG = [
    """CREATE OR REPLACE FUNCTION audit_checkpoint_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'audit checkpoints are append-only'; END; $$ LANGUAGE plpgsql;""",
    "CREATE TRIGGER audit_checkpoint_no_update BEFORE UPDATE OR DELETE ON audit_auditcheckpoint "
    "FOR EACH ROW EXECUTE FUNCTION audit_checkpoint_append_only();",
]
PG_DROP = ["DROP TRIGGER IF EXISTS audit_checkpoint_no_update ON audit_auditcheckpoint;",
           "DROP FUNCTION IF EXISTS audit_checkpoint_append_only();"]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in SQLITE if vendor == "sqlite" else PG if vendor == "postgresql" else []:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in SQLITE_DROP if vendor == "sqlite" else PG_DROP if vendor == "postgresql" else []:
        schema_editor.execute(sql)


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0002_append_only_triggers'),
    ]

    operations = [
        migrations.CreateModel(
            name='AuditCheckpoint',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('seq', models.PositiveBigIntegerField()),
                ('hash', models.CharField(blank=True, max_length=64)),
                ('verified_at', models.DateTimeField(db_index=True)),
                ('ok', models.BooleanField()),
                ('full', models.BooleanField()),
                ('checked', models.PositiveBigIntegerField(default=0)),
                ('problem', models.CharField(blank=True, max_length=200)),
                ('actor_label', models.CharField(blank=True, max_length=150)),
            ],
            options={
                'ordering': ['-verified_at', '-id'],
                'indexes': [models.Index(fields=['ok', 'seq'], name='audit_audit_ok_32abe4_idx'), models.Index(fields=['ok', 'full', 'verified_at'], name='audit_audit_ok_3e0f2f_idx')],
            },
        ),
        migrations.RunPython(forwards, backwards),
    ]
