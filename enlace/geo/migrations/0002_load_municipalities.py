from django.db import migrations


def load(apps, schema_editor):
    import csv
    from pathlib import Path

    Municipality = apps.get_model("geo", "Municipality")
    for path in sorted((Path(__file__).resolve().parents[1] / "data").glob("municipalities_*.csv")):
        with path.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                Municipality.objects.update_or_create(code=row["code"], defaults={
                    "name": row["name"], "country": row["country"], "subdivision": row["subdivision"]})


class Migration(migrations.Migration):
    dependencies = [("geo", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
