"""Random public identifiers, added empty; the next migrations fill them and make them unique."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("cases", "0006_remove_casesharing_agreement_ref")]

    operations = [
        migrations.AddField("case", "public_id", models.UUIDField(editable=False, null=True)),
        migrations.AddField("caseperson", "public_id", models.UUIDField(editable=False, null=True)),
        migrations.AddField("casenote", "public_id", models.UUIDField(editable=False, null=True)),
    ]
