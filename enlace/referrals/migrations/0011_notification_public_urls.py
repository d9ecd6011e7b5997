import re

from django.db import migrations

from enlace.referrals.public_urls import rewrite_notification_urls

RULES = [
    (re.compile(r"^/cases/(\d+)/"), "cases.Case"),
    (re.compile(r"^/links/cases/(\d+)/"), "cases.Case"),
    (re.compile(r"^/screening/(\d+)/"), "screening.Screening"),
    (re.compile(r"^/referrals/incoming/(\d+)/"), "referrals.Referral"),
    (re.compile(r"^/referrals/(\d+)/"), "referrals.Referral"),
]


def forward(apps, schema_editor):
    rewrite_notification_urls(apps, RULES)


class Migration(migrations.Migration):
    dependencies = [
        ("referrals", "0010_bind_ciphertexts_to_rows"),
        ("cases", "0009_public_id_unique"),
        ("screening", "0005_public_id_unique"),
    ]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
