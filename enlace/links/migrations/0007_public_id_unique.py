"""Public identifiers required and unique from now on."""

import uuid

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("links", "0006_public_id_fill")]

    operations = [
        migrations.AlterField(
            "matchprofile", "public_id", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
        ),
        migrations.AlterField(
            "matchdecision", "public_id", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
        ),
        migrations.AlterField(
            "informationrequest", "public_id", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
        ),
    ]
