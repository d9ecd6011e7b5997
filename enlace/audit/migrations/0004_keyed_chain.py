"""The keyed chain: each entry names the audit key that seals it (NULL: a legacy SHA-256 entry).

Existing entries are not rewritten (the triggers forbid it, and rewriting would destroy the
evidence they are). They stay verifiable as plain SHA-256; the first entry written after this
migration is an ``audit.chain.keyed`` marker that says where the keyed chain starts.
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0003_auditcheckpoint'),
    ]

    operations = [
        migrations.AddField(
            model_name='auditentry',
            name='key_id',
            field=models.CharField(blank=True, max_length=16, null=True),
        ),
        migrations.AddField(
            model_name='audithead',
            name='key_id',
            field=models.CharField(blank=True, default='', max_length=16),
        ),
    ]
