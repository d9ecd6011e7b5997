"""Random public identifiers, added empty; the next migrations fill them and make them unique."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("persons", "0001_initial")]

    operations = [
        migrations.AddField("person", "public_id", models.UUIDField(editable=False, null=True)),
        migrations.AddField("persondocument", "public_id", models.UUIDField(editable=False, null=True)),
        migrations.AddField("personphone", "public_id", models.UUIDField(editable=False, null=True)),
        migrations.AddField("personemail", "public_id", models.UUIDField(editable=False, null=True)),
        migrations.AddField("personaddress", "public_id", models.UUIDField(editable=False, null=True)),
        migrations.AddField("personhandle", "public_id", models.UUIDField(editable=False, null=True)),
        migrations.AddField("bankaccount", "public_id", models.UUIDField(editable=False, null=True)),
    ]
