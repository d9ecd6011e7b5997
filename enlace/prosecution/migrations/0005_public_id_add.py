"""Random public identifiers, added empty; the next migrations fill them and make them unique."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("prosecution", "0004_reference_data")]

    operations = [
        migrations.AddField("evidenceitem", "public_id", models.UUIDField(editable=False, null=True)),
        migrations.AddField("elementlink", "public_id", models.UUIDField(editable=False, null=True)),
        migrations.AddField("hearing", "public_id", models.UUIDField(editable=False, null=True)),
    ]
