"""Public identifiers required and unique from now on."""

import uuid

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("cases", "0008_public_id_fill")]

    operations = [
        migrations.AlterField(
            "case", "public_id", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
        ),
        migrations.AlterField(
            "caseperson", "public_id", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
        ),
        migrations.AlterField(
            "casenote", "public_id", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
        ),
    ]
