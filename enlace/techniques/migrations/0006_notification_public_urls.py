import re

from django.db import migrations

from enlace.referrals.public_urls import rewrite_notification_urls

RULES = [(re.compile(r"^/techniques/authorisations/(\d+)/"), "techniques.Authorisation")]


def forward(apps, schema_editor):
    rewrite_notification_urls(apps, RULES)


class Migration(migrations.Migration):
    dependencies = [("techniques", "0005_bind_ciphertexts_to_rows"), ("referrals", "0011_notification_public_urls")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
