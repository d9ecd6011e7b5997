"""Random public identifiers, added empty; the next migrations fill them and make them unique."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("cooperation", "0002_sharings_to_agreements")]

    operations = [
        migrations.AddField("informationrequest", "public_id", models.UUIDField(editable=False, null=True)),
    ]
