"""Demo data of the indicators (ILLUSTRATIVE): yearly PAR Index, PAPI and SIPAS results 2020–2025 and a
PAR self-assessment sheet for last year.

- 2020 rows are the plan's baselines (plan.md, seeded by migration 0002, not illustrative).
- PAPI 2021 (44.51, rank 12) and 2024 (47.126, rank 3) are the province's published figures quoted in
  domain.md §6.6; they describe Bình Thuận province, not the Department, and are marked illustrative.
- Every other figure is invented to show the screens and is marked illustrative.
The self-assessment criteria follow the eight fields of the PAR Index (domain.md §6.4); their evidence
links point to the system's own public pages. A second run creates nothing new.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cchc.indicators.models import Criterion, Evidence, ExternalResult, SelfAssessment

D = Decimal
NOTE = "Số liệu minh họa."
PROVINCE = "Số liệu của tỉnh Bình Thuận (domain.md §6.6), dùng minh họa."

# index, year, score, max, rank, rank of, note
RESULTS = [
    ("par", 2021, D("83.10"), D(100), 48, 63, NOTE),
    ("par", 2022, D("84.25"), D(100), 41, 63, NOTE),
    ("par", 2023, D("85.02"), D(100), 37, 63, NOTE),
    ("par", 2024, D("86.61"), D(100), 30, 63, NOTE),
    ("par", 2025, D("87.40"), D(100), None, None, NOTE),
    ("papi", 2021, D("44.51"), D(80), 12, 63, PROVINCE),
    ("papi", 2022, D("43.90"), D(80), 20, 63, NOTE),
    ("papi", 2023, D("45.20"), D(80), 9, 63, NOTE),
    ("papi", 2024, D("47.126"), D(80), 3, 63, PROVINCE),
    ("papi", 2025, D("46.80"), D(80), None, None, NOTE),
    ("sipas", 2021, D("7.90"), D(10), 58, 63, NOTE),
    ("sipas", 2022, D("7.85"), D(10), 60, 63, NOTE),
    ("sipas", 2023, D("8.21"), D(10), 45, 63, NOTE),
    ("sipas", 2024, D("8.40"), D(10), 38, 63, NOTE),
    ("sipas", 2025, D("8.52"), D(10), None, None, NOTE),
]

# code, title, max points, self score, note, evidence: [(title, url name, args)]
CRITERIA = [
    (
        "1",
        "Công tác chỉ đạo, điều hành cải cách hành chính",
        D("9.5"),
        D("9"),
        "Ban hành kế hoạch CCHC năm đúng hạn.",
        [("Kế hoạch CCHC năm (công khai)", "portal:disclosure:home", [])],
    ),
    ("2", "Xây dựng và tổ chức thực hiện thể chế", D("8"), D("7"), "", []),
    (
        "3.1",
        "Công bố, công khai TTHC đầy đủ, đúng hạn",
        D("3"),
        D("3"),
        "",
        [("Danh sách TTHC trên cổng", "portal:public_list", ["tat-ca"])],
    ),
    (
        "3.2",
        "Giải quyết hồ sơ đúng hạn, xin lỗi khi trễ hạn",
        D("4"),
        D("3.5"),
        "Tỷ lệ đúng hạn lấy từ bảng chỉ số.",
        [("Bảng chỉ số (tỷ lệ đúng hạn)", "backoffice:indicators_staff:dashboard", [])],
    ),
    (
        "3.3",
        "Tiếp nhận, xử lý phản ánh, kiến nghị về TTHC",
        D("2"),
        D("2"),
        "",
        [("Chuyên mục Hỏi – Đáp", "portal:feedback:index", [])],
    ),
    (
        "3.4",
        "Dịch vụ công trực tuyến, thanh toán trực tuyến, số hóa",
        D("4"),
        D("3"),
        "",
        [("Danh sách TTHC trực tuyến", "portal:public_list", ["truc-tuyen"])],
    ),
    ("4", "Cải cách tổ chức bộ máy", D("6"), D("5.5"), "", []),
    ("5", "Cải cách chế độ công vụ", D("8"), D("7"), "", []),
    ("6", "Cải cách tài chính công", D("5"), D("4.5"), "", []),
    ("7", "Xây dựng, phát triển chính quyền điện tử, chính quyền số", D("9"), None, "Chưa chấm.", []),
    (
        "8",
        "Tác động của CCHC (khảo sát SIPAS)",
        D("10"),
        D("8"),
        "",
        [("Kết quả khảo sát sự hài lòng", "portal:surveys:results", [])],
    ),
]


def _url(name: str, args: list) -> str:
    try:
        return reverse(name, args=args)
    except Exception:  # an app not mounted in this deployment
        return ""


@transaction.atomic
def load(*, progress: bool = False) -> str:
    created = 0
    for index, year, score, max_score, rank, rank_of, note in RESULTS:
        _, new = ExternalResult.objects.get_or_create(
            index=index,
            year=year,
            defaults={
                "score": score,
                "max_score": max_score,
                "rank": rank,
                "rank_of": rank_of,
                "note": note,
                "illustrative": True,
            },
        )
        created += new
    year = timezone.localdate().year - 1
    sheet, new = SelfAssessment.objects.get_or_create(
        year=year,
        defaults={"title": f"Tự đánh giá Chỉ số CCHC năm {year} của Sở (minh họa)", "illustrative": True},
    )
    created += new
    for order, (code, title, max_points, score, note, evidence) in enumerate(CRITERIA, start=1):
        criterion, new = Criterion.objects.get_or_create(
            assessment=sheet,
            code=code,
            defaults={
                "title": title,
                "order": order,
                "max_points": max_points,
                "self_score": score,
                "note": note,
            },
        )
        created += new
        if new:
            for ev_title, name, args in evidence:
                url = _url(name, args)
                if url:
                    Evidence.objects.create(criterion=criterion, title=ev_title, url=url)
    return (
        f"Chỉ số: {created} bản ghi mới (kết quả PAR/PAPI/SIPAS 2021–2025, "
        f"bảng tự đánh giá năm {year}; minh họa)."
    )
