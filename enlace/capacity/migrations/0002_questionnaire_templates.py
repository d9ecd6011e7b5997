"""Load the questionnaire files shipped with the code (``enlace/capacity/data/assessment-*.json``).

Later files are loaded by ``enlace capacity_templates`` (``services.template_sync``, audited), so
this migration never changes when a questionnaire gets a new version.
"""

from django.db import migrations

from enlace.capacity.questionnaire import read_template_file, template_files, validate_content


def load(apps, schema_editor):
    QuestionnaireTemplate = apps.get_model("capacity", "QuestionnaireTemplate")
    for path in template_files():
        content, digest = read_template_file(path)
        validate_content(content)
        QuestionnaireTemplate.objects.get_or_create(code=content["code"], version=content["version"],
                                                    defaults={"content": content, "digest": digest})


class Migration(migrations.Migration):
    dependencies = [("capacity", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
