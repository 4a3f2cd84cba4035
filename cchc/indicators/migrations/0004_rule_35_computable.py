"""QĐ 766 indicator 3.5 ("TTHC có phí được tích hợp thanh toán trên Cổng DVCQG") becomes computable:
``ProcedureVersion.pays_online`` records the integration (cchc.indicators.qd766._c35)."""

from django.db import migrations

NOTE = (
    "Tỷ lệ phiên bản TTHC đang công bố có phí, lệ phí được đánh dấu “Tích hợp thanh toán trực tuyến "
    "trên Cổng DVCQG” trong danh mục."
)
OLD_NOTE = "N/A: việc tích hợp thanh toán trên Cổng DVCQG không ghi trong hệ thống."


def computable(apps, schema_editor):
    apps.get_model("indicators", "Rule766").objects.filter(code="3.5", computable=False).update(
        computable=True, note=NOTE
    )


def not_computable(apps, schema_editor):
    apps.get_model("indicators", "Rule766").objects.filter(code="3.5").update(computable=False, note=OLD_NOTE)


class Migration(migrations.Migration):
    dependencies = [("indicators", "0003_rules_14_44"), ("procedures", "0008_pays_online")]

    operations = [migrations.RunPython(computable, not_computable)]
