"""Seed the status mapping: every CCHC workflow status → a national status code.

The national codes are configuration issued to connected systems [S]: these are the portal's published
dossier states as commonly listed (1 new … 10 result returned), to be checked against the province's
connection documents and edited in the back office (Quản trị → Ánh xạ trạng thái) — never in code.
"""

import datetime as dt

from django.db import migrations

SINCE = dt.date(2025, 7, 1)
# status, national code, national label
ROWS = [
    ("submitted", "1", "Mới đăng ký"),
    ("supplement_requested", "5", "Yêu cầu bổ sung giấy tờ"),
    ("refused", "3", "Không được tiếp nhận"),
    ("received", "2", "Được tiếp nhận"),
    ("in_process", "4", "Đang xử lý"),
    ("waiting_supplement", "5", "Yêu cầu bổ sung giấy tờ"),
    ("inter_agency", "4", "Đang xử lý"),
    ("result_ready", "9", "Đã xử lý xong"),
    ("returned", "10", "Đã trả kết quả"),
    ("stopped", "7", "Công dân yêu cầu rút hồ sơ"),
]


def seed(apps, schema_editor):
    StatusMapping = apps.get_model("national", "StatusMapping")
    StatusMapping.objects.bulk_create(
        StatusMapping(status=s, national_code=c, national_label=label, valid_from=SINCE, note="[S] mã cấu hình")
        for s, c, label in ROWS
    )


def unseed(apps, schema_editor):
    apps.get_model("national", "StatusMapping").objects.filter(valid_from=SINCE).delete()


class Migration(migrations.Migration):
    dependencies = [("national", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
