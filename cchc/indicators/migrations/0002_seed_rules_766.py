"""Seed the QĐ 766 scoring rules (docs: shared/docs/indicators-766.md, version 2025) and the 2020
baselines of the plan (plan.md "Baseline (2020, footnotes 1–3)").

The rules are data: when the national formulas change, add rows with a new ``valid_from`` and close
these with ``valid_to`` — never edit the numbers in code. Points and thresholds marked [U] in the
reference are our reading and say so in their note.
"""

from decimal import Decimal

from django.db import migrations

D = Decimal
G1, G2, G3, G4, G5, G6 = (
    "Công khai, minh bạch",
    "Tiến độ giải quyết",
    "Dịch vụ công trực tuyến",
    "Thanh toán trực tuyến",
    "Số hóa hồ sơ",
    "Mức độ hài lòng",
)
NA_SYNC = "N/A: cần dữ liệu đồng bộ trên Cổng Dịch vụ công quốc gia, hệ thống của Sở không có."

# code, group order, group, order, label, points, threshold, computable, note
RULES = [
    ("1.1", 1, G1, 1, "TTHC công bố đúng hạn", D(6), None, False,
     "N/A: cần ngày ký quyết định công bố và ngày hiệu lực văn bản QPPL trên CSDL quốc gia."),
    ("1.2", 1, G1, 2, "TTHC cập nhật, công khai đúng hạn trên CSDL quốc gia", D(4), None, False,
     "N/A: ngày bấm “Công khai” trên CSDL quốc gia về TTHC không có trong hệ thống."),
    ("1.3", 1, G1, 3, "TTHC công khai đầy đủ các bộ phận cấu thành", D(2), None, True, ""),
    ("1.4", 1, G1, 4, "Hồ sơ đồng bộ lên Cổng DVCQG", D(6), None, False, NA_SYNC),
    ("2.1", 2, G2, 1, "Hồ sơ xử lý trước hạn, đúng hạn", D(20), None, True,
     "Ngưỡng chưa xác minh [U]: tính tuyến tính, điểm = tỷ lệ × 20."),
    ("3.1", 3, G3, 1, "TTHC cung cấp dịch vụ công trực tuyến", D(6), D(80), True,
     "Chia 12 điểm của nhóm cho 3.1 và 3.3 là cách đọc của Sở [U]."),
    ("3.3", 3, G3, 2, "Hồ sơ nộp trực tuyến (có kết quả điện tử nếu TTHC trả giấy)", D(6), D(50), True,
     "Chia 12 điểm của nhóm cho 3.1 và 3.3 là cách đọc của Sở [U]."),
    ("3.5", 4, G4, 1, "TTHC có phí được tích hợp thanh toán trên Cổng DVCQG", D(2), D(80), False,
     "N/A: việc tích hợp thanh toán trên Cổng DVCQG không ghi trong hệ thống."),
    ("3.5b", 4, G4, 2, "TTHC có phát sinh thanh toán trực tuyến", D(2), D(80), True, ""),
    ("3.6", 4, G4, 3, "Hồ sơ thanh toán trực tuyến", D(6), None, True, "Ngưỡng 100 % [P]: tuyến tính."),
    ("4.1", 5, G5, 1, "Hồ sơ có kết quả giải quyết điện tử", D(6), None, True, ""),
    ("4.2", 5, G5, 2, "Hồ sơ được số hóa", D(4), D(80), True, ""),
    ("4.2b", 5, G5, 3, "Chứng thực bản sao điện tử từ bản chính", D(2), None, False,
     "N/A: Sở không thực hiện chứng thực điện tử trong hệ thống."),
    ("4.3", 5, G5, 4, "Tái sử dụng dữ liệu đã số hóa", D(2), D(80), True, ""),
    ("4.4", 5, G5, 5, "Hồ sơ kết nối kho dữ liệu cá nhân trên Cổng DVCQG", D(4), None, False, NA_SYNC),
    ("4.5a", 5, G5, 6, "TTHC kết nối, chia sẻ dữ liệu CSDL quốc gia về dân cư", D(2), None, False,
     "N/A: kết nối CSDL dân cư theo từng TTHC không ghi trong hệ thống."),
    ("4.5b", 5, G5, 7, "Hồ sơ sử dụng dữ liệu CSDL dân cư (tài khoản VNeID)", D(2), None, True, ""),
    ("5.2", 6, G6, 1, "Phản ánh, kiến nghị xử lý đúng hạn", D(6), None, True, ""),
    ("5.3", 6, G6, 2, "Hài lòng trong xử lý phản ánh, kiến nghị", D(6), None, True, ""),
    ("5.4", 6, G6, 3, "Hài lòng trong tiếp nhận, giải quyết TTHC", D(6), D(90), True, ""),
]

BASELINES = [
    ("par", 2020, D("81.4"), D(100), 55, 63, "Kế hoạch 56/KH-SLĐTBXH, chú thích 1"),
    ("papi", 2020, D("40.98"), D(80), 53, 63, "Kế hoạch 56/KH-SLĐTBXH, chú thích 2"),
    ("sipas", 2020, D("7.63"), D(10), 63, 63, "Kế hoạch 56/KH-SLĐTBXH, chú thích 3 (76,3 % hài lòng)"),
]


def seed(apps, schema_editor):
    Rule766 = apps.get_model("indicators", "Rule766")
    ExternalResult = apps.get_model("indicators", "ExternalResult")
    import datetime as dt

    start = dt.date(2022, 6, 23)  # QĐ 766/QĐ-TTg
    for code, gorder, group, order, label, points, threshold, computable, note in RULES:
        Rule766.objects.get_or_create(
            code=code,
            valid_from=start,
            defaults={
                "group_order": gorder,
                "group_name": group,
                "order": order,
                "label": label,
                "max_points": points,
                "threshold": threshold,
                "computable": computable,
                "note": note,
            },
        )
    for index, year, score, max_score, rank, rank_of, source in BASELINES:
        ExternalResult.objects.get_or_create(
            index=index,
            year=year,
            defaults={"score": score, "max_score": max_score, "rank": rank, "rank_of": rank_of, "source": source},
        )


def unseed(apps, schema_editor):
    apps.get_model("indicators", "Rule766").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("indicators", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
