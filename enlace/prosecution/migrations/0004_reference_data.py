"""Loads the offences and procedural stages shipped in ``prosecution/data``."""

from django.db import migrations

from enlace.prosecution.reference import load_offences, load_stages


def load(apps, schema_editor):
    load_offences(apps.get_model("prosecution", "Offence"))
    load_stages(apps.get_model("prosecution", "ProceduralStage"))


class Migration(migrations.Migration):
    dependencies = [("prosecution", "0003_proceedings")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
