import django.db.models.deletion
from django.db import migrations, models


def owner_plans(apps, schema_editor):
    """A plan written before agencies were recorded is the system owner's of the time (the Department
    in a single-department database): recorded now, so it stays that agency's plan when the province
    becomes the owner."""
    Agency = apps.get_model("org", "Agency")
    Plan = apps.get_model("plans", "Plan")
    home = Agency.objects.filter(is_home=True).first()
    if home is not None:
        Plan.objects.filter(agency__isnull=True).update(agency=home)


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0005_province_agencies"),
        ("plans", "0002_events_append_only"),
    ]

    operations = [
        migrations.AddField(
            model_name="plan",
            name="agency",
            field=models.ForeignKey(
                blank=True,
                help_text="Để trống: kế hoạch của cơ quan vận hành hệ thống.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="reform_plans",
                to="org.agency",
                verbose_name="cơ quan của kế hoạch",
            ),
        ),
        migrations.RunPython(owner_plans, migrations.RunPython.noop),
    ]
