"""Encrypted values written before rows were bound are sealed again, bound to their row.

Not atomic: each batch commits on its own, so a long run that stops resumes where it was
(``enlace.core.keys.rebind_migration``). Without the field keys it leaves the values as they
are and says so; ``enlace keys rebind`` finishes the job.
"""

from django.db import migrations

from enlace.core.keys import rebind_migration


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("techniques", "0004_public_id_unique")]

    operations = [
        migrations.RunPython(rebind_migration(
            "techniques.Authorisation",
        ), migrations.RunPython.noop, elidable=True),
    ]
