"""Random public identifiers, added empty; the next migrations fill them and make them unique."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("screening", "0002_builtin_instruments")]

    operations = [
        migrations.AddField("screening", "public_id", models.UUIDField(editable=False, null=True)),
    ]
