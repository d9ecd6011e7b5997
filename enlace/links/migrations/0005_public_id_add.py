"""Random public identifiers, added empty; the next migrations fill them and make them unique."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("links", "0004_match_index_state")]

    operations = [
        migrations.AddField("matchprofile", "public_id", models.UUIDField(editable=False, null=True)),
        migrations.AddField("matchdecision", "public_id", models.UUIDField(editable=False, null=True)),
        migrations.AddField("informationrequest", "public_id", models.UUIDField(editable=False, null=True)),
    ]
