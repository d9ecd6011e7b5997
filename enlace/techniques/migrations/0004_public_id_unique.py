"""Public identifiers required and unique from now on."""

import uuid

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("techniques", "0003_public_id_fill")]

    operations = [
        migrations.AlterField(
            "authorisation", "public_id", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
        ),
    ]
