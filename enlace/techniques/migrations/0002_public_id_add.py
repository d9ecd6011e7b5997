"""Random public identifiers, added empty; the next migrations fill them and make them unique."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("techniques", "0001_initial")]

    operations = [
        migrations.AddField("authorisation", "public_id", models.UUIDField(editable=False, null=True)),
    ]
