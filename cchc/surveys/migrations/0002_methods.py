from django.db import migrations


def load(apps, schema_editor):
    from cchc.surveys.methods import load_methods

    load_methods(
        apps.get_model("surveys", "MethodVersion"),
        apps.get_model("surveys", "Element"),
        apps.get_model("surveys", "Criterion"),
        apps.get_model("surveys", "Question"),
    )


class Migration(migrations.Migration):
    dependencies = [("surveys", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
