"""Every existing row gets its own random public identifier."""

from django.db import migrations

from enlace.core.public_ids import fill_public_ids


class Migration(migrations.Migration):
    dependencies = [("persons", "0002_public_id_add")]

    operations = [
        migrations.RunPython(fill_public_ids("persons.person", "persons.persondocument", "persons.personphone", "persons.personemail", "persons.personaddress", "persons.personhandle", "persons.bankaccount"), migrations.RunPython.noop),
    ]
