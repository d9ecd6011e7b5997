"""Random public identifiers, added empty; the next migrations fill them and make them unique."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("referrals", "0005_notification_kind_hits_found")]

    operations = [
        migrations.AddField("consent", "public_id", models.UUIDField(editable=False, null=True)),
        migrations.AddField("referral", "public_id", models.UUIDField(editable=False, null=True)),
        migrations.AddField("recoveryperiod", "public_id", models.UUIDField(editable=False, null=True)),
        migrations.AddField("nonpunishmentflag", "public_id", models.UUIDField(editable=False, null=True)),
    ]
