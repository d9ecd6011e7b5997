"""Load the built-in ILO/EC lists (the JSON files next to the engine) as instrument versions.

Later versions of the files are added on first use (``services.instrument_version_for``), so this
migration never has to change when a list is corrected under a new version.
"""

from django.db import migrations

from enlace.screening.instrument import available_instruments


def load(apps, schema_editor):
    InstrumentVersion = apps.get_model("screening", "InstrumentVersion")
    for instrument in available_instruments():
        InstrumentVersion.objects.get_or_create(
            key=instrument.key, version=instrument.version,
            defaults={"population": instrument.population, "exploitation": instrument.exploitation,
                      "country": instrument.country, "based_on": instrument.based_on,
                      "data": instrument.to_dict(), "is_builtin": True, "is_active": True},
        )


def unload(apps, schema_editor):
    apps.get_model("screening", "InstrumentVersion").objects.filter(is_builtin=True).delete()


class Migration(migrations.Migration):
    dependencies = [("screening", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
