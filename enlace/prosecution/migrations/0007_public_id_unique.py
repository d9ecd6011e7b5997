"""Public identifiers required and unique from now on."""

import uuid

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("prosecution", "0006_public_id_fill")]

    operations = [
        migrations.AlterField(
            "evidenceitem", "public_id", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
        ),
        migrations.AlterField(
            "elementlink", "public_id", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
        ),
        migrations.AlterField(
            "hearing", "public_id", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
        ),
    ]
