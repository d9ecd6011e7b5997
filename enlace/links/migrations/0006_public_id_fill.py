"""Every existing row gets its own random public identifier."""

from django.db import migrations

from enlace.core.public_ids import fill_public_ids


class Migration(migrations.Migration):
    dependencies = [("links", "0005_public_id_add")]

    operations = [
        migrations.RunPython(fill_public_ids("links.matchprofile", "links.matchdecision", "links.informationrequest"), migrations.RunPython.noop),
    ]
