"""Every existing row gets its own random public identifier."""

from django.db import migrations

from enlace.core.public_ids import fill_public_ids


class Migration(migrations.Migration):
    dependencies = [("referrals", "0006_public_id_add")]

    operations = [
        migrations.RunPython(fill_public_ids("referrals.consent", "referrals.referral", "referrals.recoveryperiod", "referrals.nonpunishmentflag"), migrations.RunPython.noop),
    ]
