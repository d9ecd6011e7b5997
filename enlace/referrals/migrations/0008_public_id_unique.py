"""Public identifiers required and unique from now on."""

import uuid

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("referrals", "0007_public_id_fill")]

    operations = [
        migrations.AlterField(
            "consent", "public_id", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
        ),
        migrations.AlterField(
            "referral", "public_id", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
        ),
        migrations.AlterField(
            "recoveryperiod", "public_id", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
        ),
        migrations.AlterField(
            "nonpunishmentflag", "public_id", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
        ),
    ]
