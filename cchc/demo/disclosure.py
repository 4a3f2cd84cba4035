"""Demo publications (ILLUSTRATIVE): every kind over the last 18 months, a few published late.

The numbers and titles look like real Vietnamese documents (e.g. "15/2023/TT-BLĐTBXH") but are
illustrative: they were not checked against the official gazette; the commune names and the counts of
poor households are invented. Dates are relative to the day of loading (so one recruitment round is
always open); a second run creates nothing new (rows are found by kind and title). Each publication
gets a small real PDF so that downloads work.
"""

from __future__ import annotations

import datetime as dt
import zlib

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from cchc.common.text import fold
from cchc.disclosure.models import Commune, Kind, Publication, PublicationEvent, Status
from cchc.org.models import Agency, Unit
from cchc.workdays.calendar import next_working_day, working_days_between

NOTE = "(minh họa)"

COMMUNES = [
    ("phan-thiet", "Phường Phan Thiết"),
    ("mui-ne", "Phường Mũi Né"),
    ("ham-thang", "Phường Hàm Thắng"),
    ("tien-thanh", "Phường Tiến Thành"),
    ("phu-thuy", "Phường Phú Thủy"),
    ("ham-thuan-bac", "Xã Hàm Thuận Bắc"),
    ("ham-thuan-nam", "Xã Hàm Thuận Nam"),
    ("tuy-phong", "Xã Tuy Phong"),
    ("bac-binh", "Xã Bắc Bình"),
    ("la-gi", "Phường La Gi"),
]

# number, issuer, title, days before today it was issued, working days until published
LEGAL = [
    (
        "15/2023/TT-BLĐTBXH",
        "Bộ Lao động – Thương binh và Xã hội",
        "Thông tư hướng dẫn thực hiện chế độ trợ cấp thất nghiệp",
        530,
        1,
    ),
    (
        "07/2024/TT-BLĐTBXH",
        "Bộ Lao động – Thương binh và Xã hội",
        "Thông tư quy định chuẩn hộ nghèo, hộ cận nghèo giai đoạn 2026–2030",
        480,
        2,
    ),
    ("76/2024/NĐ-CP", "Chính phủ", "Nghị định sửa đổi mức chuẩn trợ giúp xã hội", 450, 1),
    (
        "1523/QĐ-UBND",
        "UBND tỉnh Bình Thuận",
        "Quyết định công bố danh mục thủ tục hành chính lĩnh vực việc làm",
        420,
        6,
    ),
    ("02/2025/TT-BNV", "Bộ Nội vụ", "Thông tư hướng dẫn chế độ tiền lương đối với người lao động", 380, 2),
    (
        "12/2025/QĐ-UBND",
        "UBND tỉnh Bình Thuận",
        "Quyết định quy định mức hỗ trợ học nghề cho người khuyết tật",
        330,
        0,
    ),
    ("178/2025/NĐ-CP", "Chính phủ", "Nghị định về chính sách đối với người có công với cách mạng", 290, 2),
    ("25/2025/TT-BNV", "Bộ Nội vụ", "Thông tư hướng dẫn Luật Việc làm về bảo hiểm thất nghiệp", 240, 1),
    (
        "2105/QĐ-UBND",
        "UBND tỉnh Lâm Đồng",
        "Quyết định phê duyệt quy trình nội bộ giải quyết thủ tục hành chính",
        180,
        5,
    ),
    (
        "30/2025/QĐ-UBND",
        "UBND tỉnh Lâm Đồng",
        "Quyết định quy định chính sách hỗ trợ người lao động đi làm việc ở nước ngoài",
        120,
        1,
    ),
    ("05/2026/TT-BNV", "Bộ Nội vụ", "Thông tư hướng dẫn về giáo dục nghề nghiệp thường xuyên", 60, 2),
    (
        "412/QĐ-UBND",
        "UBND tỉnh Lâm Đồng",
        "Quyết định công bố thủ tục hành chính được thay thế lĩnh vực bảo trợ xã hội",
        20,
        1,
    ),
]


def _after(day: dt.date, n: int) -> dt.date:
    for _ in range(n):
        day = next_working_day(day)
    return day


def tiny_pdf(lines: list[str]) -> bytes:
    """A small valid one-page PDF (Helvetica; the text is folded to ASCII)."""
    text = ["BT", "/F1 14 Tf", "50 790 Td", "18 TL"]
    for line in lines:
        safe = (
            fold(line).encode("ascii", "replace").decode().replace("\\", "").replace("(", "").replace(")", "")
        )
        text.append(f"({safe[:90]}) Tj T*")
    text.append("ET")
    stream = zlib.compress("\n".join(text).encode("ascii"))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _specs(today: dt.date) -> list[dict]:
    y = today.year
    specs: list[dict] = []
    for number, issuer, title, ago, delay in LEGAL:
        specs.append(
            {
                "kind": Kind.LEGAL,
                "unit": "van-phong",
                "number": number,
                "issuer": issuer,
                "title": f"{title} {NOTE}",
                "issued_on": today - dt.timedelta(days=ago),
                "delay": delay,
                "effective_days": 45,
            }
        )
    for ago, length, delay, label in ((420, 60, 1, "đợt 1"), (200, 45, 6, "đợt 2"), (15, 45, 1, "đợt 3")):
        issued = today - dt.timedelta(days=ago)
        specs.append(
            {
                "kind": Kind.RECRUITMENT,
                "unit": "van-phong",
                "number": f"{ago}/KH-SLĐTBXH",
                "issuer": "Sở Lao động – Thương binh và Xã hội",
                "title": f"Kế hoạch tuyển dụng viên chức năm {issued.year} ({label}) {NOTE}",
                "summary": "Chỉ tiêu, tiêu chuẩn, điều kiện dự tuyển, hồ sơ và thời gian nhận hồ sơ.",
                "issued_on": issued,
                "round_ends_on": issued + dt.timedelta(days=length),
                "delay": delay,
            }
        )
    specs += [
        {
            "kind": Kind.PLAN,
            "unit": "van-phong",
            "number": "56/KH-SLĐTBXH",
            "issuer": "Sở Lao động – Thương binh và Xã hội",
            "title": f"Kế hoạch 56/KH-SLĐTBXH cải cách hành chính năm 2021–2025 {NOTE}",
            "issued_on": dt.date(2021, 3, 15),
            "year": 2021,
            "delay": 1,
        },
        {
            "kind": Kind.PLAN,
            "unit": "van-phong",
            "number": "12/KH-SLĐTBXH",
            "issuer": "Sở Lao động – Thương binh và Xã hội",
            "title": f"Kế hoạch công tác năm {y} {NOTE}",
            "issued_on": dt.date(y, 1, 12),
            "year": y,
            "delay": 2,
        },
        {
            "kind": Kind.PLAN,
            "unit": "van-phong",
            "number": "18/KH-SLĐTBXH",
            "issuer": "Sở Lao động – Thương binh và Xã hội",
            "title": f"Kế hoạch cải cách hành chính năm {y} {NOTE}",
            "issued_on": dt.date(y, 1, 20),
            "year": y,
            "delay": 7,
        },
        {
            "kind": Kind.PLAN_REPORT,
            "unit": "van-phong",
            "number": "310/BC-SLĐTBXH",
            "issuer": "Sở Lao động – Thương binh và Xã hội",
            "title": f"Báo cáo kết quả cải cách hành chính năm {y - 1} {NOTE}",
            "issued_on": dt.date(y - 1, 12, 12),
            "year": y - 1,
            "delay": 1,
        },
        {
            "kind": Kind.PLAN_REPORT,
            "unit": "van-phong",
            "number": "145/BC-SLĐTBXH",
            "issuer": "Sở Lao động – Thương binh và Xã hội",
            "title": f"Báo cáo kết quả cải cách hành chính 6 tháng đầu năm {y} {NOTE}",
            "issued_on": dt.date(y, 6, 15),
            "year": y,
            "delay": 2,
        },
    ]
    for label, issued, year in (
        (f"năm {y - 1}", dt.date(y - 1, 12, 20), y - 1),
        (f"quý I/{y}", dt.date(y, 4, 8), y),
        (f"quý II/{y}", dt.date(y, 7, 8), y),
        (f"quý III/{y}", dt.date(y, 10, 8), y),
    ):
        if issued <= today:
            specs.append(
                {
                    "kind": Kind.SURVEY,
                    "unit": "van-phong",
                    "issuer": "Văn phòng Sở",
                    "title": f"Kết quả khảo sát sự hài lòng của người dân, tổ chức {label} {NOTE}",
                    "summary": "Chỉ số hài lòng chung, theo từng nhóm tiêu chí (phương pháp SIPAS).",
                    "issued_on": issued,
                    "year": year,
                    "delay": 3 if label.startswith("quý II/") else 1,
                }
            )
    for index, (code, name) in enumerate(COMMUNES):
        for year, issued, count in (
            (y - 1, dt.date(y - 1, 12, 5), 10),
            (y, today - dt.timedelta(days=20), 7),
        ):
            if index >= count or issued > today:
                continue
            poor = 40 + (index * 37 + year) % 90
            specs.append(
                {
                    "kind": Kind.POOR_HOUSEHOLD,
                    "unit": "bao-tro-xa-hoi",
                    "commune": code,
                    "issuer": f"UBND {name}",
                    "title": f"Kết quả rà soát hộ nghèo, hộ cận nghèo năm {year} — {name} {NOTE}",
                    "issued_on": issued,
                    "year": year,
                    "poor_households": poor,
                    "near_poor_households": poor + 15 + index * 3,
                    "delay": 4 if index == 2 else 1,
                }
            )
    for ago, title in (
        (300, "Thông báo lịch nghỉ Tết Nguyên đán và bố trí trực tiếp nhận hồ sơ"),
        (150, "Thông báo thay đổi địa điểm Bộ phận Một cửa"),
        (10, "Thông báo lịch tiếp công dân của Lãnh đạo Sở"),
    ):
        specs.append(
            {
                "kind": Kind.NOTICE,
                "unit": "van-phong",
                "issuer": "Văn phòng Sở",
                "title": f"{title} {NOTE}",
                "issued_on": today - dt.timedelta(days=ago),
                "delay": 0,
            }
        )
    return specs


def load(*, progress: bool) -> str:
    home = Agency.objects.filter(is_home=True).first()
    if home is None:
        return "Công khai thông tin: chưa có cơ quan vận hành, bỏ qua."
    units = {u.code: u for u in Unit.objects.filter(agency=home)}
    if "van-phong" not in units:
        return "Công khai thông tin: chưa có Văn phòng Sở, bỏ qua."
    office_user = get_user_model().objects.filter(username="vanphong").first()
    today = timezone.localdate()
    with transaction.atomic():
        existing_communes = set(Commune.objects.values_list("code", flat=True))
        Commune.objects.bulk_create(
            [
                Commune(code=c, name=n, order=i)
                for i, (c, n) in enumerate(COMMUNES)
                if c not in existing_communes
            ]
        )
        communes = {c.code: c for c in Commune.objects.all()}
        existing = set(Publication.objects.values_list("kind", "title"))
        storage = Publication._meta.get_field("file").storage
        new: list[Publication] = []
        for spec in _specs(today):
            if (spec["kind"], spec["title"]) in existing:
                continue
            issued = spec["issued_on"]
            published = min(_after(issued, spec["delay"]), today)
            pdf = tiny_pdf(
                [
                    home.name,
                    spec.get("number", ""),
                    spec["title"],
                    f"Ngay ban hanh {issued:%d/%m/%Y}",
                    "Du lieu minh hoa - illustrative demo data",
                ]
            )
            name = f"disclosure/demo/{spec['kind']}-{fold(spec['title'])[:60].replace(' ', '-')}.pdf"
            if not storage.exists(name):
                name = storage.save(name, ContentFile(pdf))
            at = timezone.make_aware(dt.datetime.combine(published, dt.time(9, 0)))
            item = Publication(
                kind=spec["kind"],
                status=Status.PUBLISHED,
                unit=units.get(spec["unit"], units["van-phong"]),
                title=spec["title"],
                summary=spec.get("summary", ""),
                number=spec.get("number", ""),
                issuer=spec.get("issuer", ""),
                issued_on=issued,
                effective_on=issued + dt.timedelta(days=spec["effective_days"])
                if spec.get("effective_days")
                else None,
                round_ends_on=spec.get("round_ends_on"),
                year=spec.get("year"),
                commune=communes.get(spec.get("commune", "")),
                poor_households=spec.get("poor_households"),
                near_poor_households=spec.get("near_poor_households"),
                file=name,
                file_name=name.rsplit("/", 1)[-1],
                file_mime="application/pdf",
                file_size=len(pdf),
                published_on=published,
                published_at=at,
                late_days=working_days_between(issued, published),
                created_by=office_user,
            )
            item.refresh_search_text()
            new.append(item)
        Publication.objects.bulk_create(new)
        created = list(Publication.objects.filter(title__in=[p.title for p in new]))
        PublicationEvent.objects.bulk_create(
            [
                event
                for p in created
                for event in (
                    PublicationEvent(
                        publication=p,
                        at=p.published_at,
                        action="create",
                        actor=office_user,
                        to_status=Status.DRAFT,
                        note="Dữ liệu minh họa",
                    ),
                    PublicationEvent(
                        publication=p,
                        at=p.published_at,
                        action="publish",
                        actor=office_user,
                        from_status=Status.DRAFT,
                        to_status=Status.PUBLISHED,
                    ),
                )
            ]
        )
    total = Publication.objects.count()
    return f"Công khai thông tin minh họa: {total} mục (mới tạo {len(new)}), {len(communes)} xã, phường"
