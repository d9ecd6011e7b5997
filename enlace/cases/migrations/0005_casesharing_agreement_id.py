"""A sharing names the agreement it rests on by the agreement's id (kept by the cooperation app,
a higher layer: an opaque id, not a foreign key). Filled from the old free-text reference by the
cooperation app's migration ``0002_sharings_to_agreements``, which runs before ``0006``."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0004_task_assignee_role'),
    ]

    operations = [
        migrations.AddField(
            model_name='casesharing',
            name='agreement_id',
            field=models.PositiveBigIntegerField(blank=True, db_index=True, null=True),
        ),
    ]
