"""Every existing row gets its own random public identifier."""

from django.db import migrations

from enlace.core.public_ids import fill_public_ids


class Migration(migrations.Migration):
    dependencies = [("cases", "0007_public_id_add")]

    operations = [
        migrations.RunPython(fill_public_ids("cases.case", "cases.caseperson", "cases.casenote"), migrations.RunPython.noop),
    ]
