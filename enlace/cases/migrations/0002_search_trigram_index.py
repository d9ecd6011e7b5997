"""A trigram index for the case list's search on PostgreSQL (``search_text LIKE '%term%'``).

Without it every search scans all cases (330-520 ms at 100,000 cases, docs/benchmarks.md).
SQLite has no such index and needs none at this size. ``pg_trgm`` ships with PostgreSQL;
creating it needs a role allowed to create extensions: where that is refused, the index is
skipped with a warning (search still works, only slower), so migrating never fails on it.
"""

import warnings

from django.db import migrations, transaction

INDEX = "cases_case_search_text_trgm"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {INDEX} ON cases_case USING gin (search_text gin_trgm_ops)")
    except Exception as exc:  # noqa: BLE001 - any refusal: keep migrating, say why
        warnings.warn(f"case search trigram index not created ({exc}); search will scan", stacklevel=1)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
