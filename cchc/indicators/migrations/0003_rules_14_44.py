"""QĐ 766 1.4 and 4.4 become computable from 1/7/2025, when the national portal became the one online
door and CCHC synchronises every dossier to it (decision 0023, "Reconciliation and indicators 1.4, 4.4").

Rules are versioned data: the rows of 2022 are closed the day before and new rows open, with the same
points (no threshold: linear) and a note that says what is counted. The counting itself is
``cchc.indicators.qd766._c14`` / ``_c44`` over ``cchc.national.selectors.synchronised`` /
``result_in_store`` — the definitions the reconciliation page and the connector read too.
"""

import datetime as dt

from django.db import migrations

SINCE = dt.date(2025, 7, 1)
NOTE_14 = (
    "Hồ sơ có ngày tiếp nhận trong kỳ mà Cổng DVCQG đã xác nhận nhận hồ sơ (kể cả nhận trễ; hồ sơ đối soát "
    "không thấy trên Cổng thì không tính) / hồ sơ có ngày tiếp nhận trong kỳ. Không có ngưỡng: điểm = tỷ lệ × 6."
)
NOTE_44 = (
    "Hồ sơ có kết quả (giải quyết) trong kỳ của người nộp xác thực tài khoản VNeID mà kết quả đã vào kho dữ "
    "liệu cá nhân trên Cổng DVCQG / hồ sơ có kết quả trong kỳ của người nộp xác thực VNeID. Điểm = tỷ lệ × 4."
)
NEW = {"1.4": NOTE_14, "4.4": NOTE_44}


def forwards(apps, schema_editor):
    Rule766 = apps.get_model("indicators", "Rule766")
    for code, note in NEW.items():
        old = Rule766.objects.filter(code=code, valid_from__lt=SINCE, valid_to__isnull=True).order_by("-valid_from")
        old = old.first()
        if old is None:  # a database seeded otherwise: nothing to close, nothing to copy
            continue
        old.valid_to = SINCE - dt.timedelta(days=1)
        old.save(update_fields=["valid_to"])
        Rule766.objects.get_or_create(
            code=code,
            valid_from=SINCE,
            defaults={
                "group_order": old.group_order,
                "group_name": old.group_name,
                "order": old.order,
                "label": old.label,
                "max_points": old.max_points,
                "threshold": None,
                "computable": True,
                "note": note,
            },
        )


def backwards(apps, schema_editor):
    Rule766 = apps.get_model("indicators", "Rule766")
    for code in NEW:
        Rule766.objects.filter(code=code, valid_from=SINCE).delete()
        Rule766.objects.filter(code=code, valid_to=SINCE - dt.timedelta(days=1)).update(valid_to=None)




class Migration(migrations.Migration):
    dependencies = [("indicators", "0002_seed_rules_766")]

    operations = [migrations.RunPython(forwards, backwards)]
