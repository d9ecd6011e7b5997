"""The free-text agreement reference is gone: every sharing names its agreement (``0003``)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0005_casesharing_agreement_id'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='casesharing',
            name='agreement_ref',
        ),
    ]
