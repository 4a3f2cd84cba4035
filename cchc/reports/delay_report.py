"""The delay report (P-B13) as files: the letter to Sở Nội vụ (DOCX, ND 30/2020 "Công văn") naming
only the other agencies' delays, and the workbook with every late step grouped by unit or agency.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from cchc.common.formats import format_date, format_date_line, format_datetime
from cchc.org.models import Agency, Unit
from cchc.reports import delays
from cchc.reports.content import DEC, INT, Cell, Report, Section, Table, display
from cchc.reports.department import PLACEHOLDER, Progress, _noop, header, signer
from cchc.reports.periods import ReportPeriod

LIST_COLUMNS = [
    "TT",
    "Mã hồ sơ",
    "Thủ tục hành chính",
    "Bước xử lý",
    "Cơ quan, đơn vị giải quyết chậm",
    "Hạn của bước",
    "Hoàn thành lúc",
    "Quá hạn",
    "Nguyên nhân",
]


def _when(value: dt.datetime | None) -> str:
    """ "10:30 ngày 04/12/2026", local time (the database gives UTC)."""
    return format_datetime(value, lang="vi")


def list_table(rows: list[dict], *, key: str, title: str, sheet: str, workbook: bool) -> Table:
    """The list of late steps. In the workbook the overrun is also given in working days and hours."""
    columns = list(LIST_COLUMNS)
    widths = [9, 29, 30, 14, 22, 17, 17, 16, 26]
    if workbook:
        columns[7:8] = ["Quá hạn", "Quá hạn (ngày làm việc)", "Quá hạn (giờ làm việc)"]
        widths[7:8] = [16, 14, 14]
    table_rows = []
    for n, r in enumerate(rows, start=1):
        cells = [
            Cell(n, INT),
            Cell(r["code"]),
            Cell(f"{r['procedure']} ({r['procedure_code']})"),
            Cell(r["step"]),
            Cell(r["responsible"]),
            Cell(_when(r["due"])),
            Cell(_when(r["done"])),
            Cell(r["overrun"]),
            Cell(r["reason"]),
        ]
        if workbook:
            cells[8:8] = [Cell(r["overrun_days"], DEC), Cell(r["overrun_hours"], DEC)]
        table_rows.append(cells)
    return Table(
        key=key,
        title=title,
        sheet=sheet,
        columns=columns,
        widths=widths,
        rows=table_rows,
        empty_text="Không có.",
    )


def summary_table(groups: list[dict], *, key: str, title: str, sheet: str, who: str) -> Table:
    return Table(
        key=key,
        title=title,
        sheet=sheet,
        columns=["TT", who, "Số bước trễ hạn", "Số hồ sơ", "Hồ sơ trễ hạn không có văn bản xin lỗi"],
        widths=[10, 70, 25, 20, 40],
        rows=[
            [
                Cell(n, INT),
                Cell(g["name"]),
                Cell(g["steps"], INT),
                Cell(g["dossiers"], INT),
                Cell(g["without_apology"], INT),
            ]
            for n, g in enumerate(groups, start=1)
        ],
        empty_text="Không có.",
    )


def build(rp: ReportPeriod, unit: Unit | None = None, *, progress: Progress = _noop, today=None) -> Report:
    today = today or timezone.localdate()
    agency = unit.agency if unit is not None else Agency.home()
    parent, issuer, short = header(agency)
    agency_name = agency.name if agency else "Sở"
    progress(10, "Đang đếm các bước xử lý trễ hạn…")
    steps = delays.late_steps(rp.start, rp.end, unit)
    stats = delays.summary(steps)
    progress(40, "Đang lập danh sách hồ sơ trễ hạn…")
    all_rows = [delays.row(s) for s in steps]
    external = [r for r in all_rows if r["external"]]
    progress(70, "Đang soạn công văn gửi Sở Nội vụ…")
    totals = stats["totals"]
    scope = f" của {unit.name}" if unit is not None else ""
    home_affairs = getattr(settings, "CCHC_REPORTS_HOME_AFFAIRS", "Sở Nội vụ")
    ext_dossiers = totals["external_dossiers"]
    span = f"từ ngày {format_date(rp.start, lang='vi')} đến ngày {format_date(rp.end, lang='vi')}"
    if external:
        body = [
            f"Trong {rp.phrase} ({span}), có "
            f"{display(totals['external'], INT)} bước xử lý của {display(ext_dossiers, INT)} hồ sơ thủ tục "
            f"hành chính liên thông"
            f"{scope} bị chậm so với thời gian quy định của quy trình nội bộ tại cơ quan phối hợp giải "
            f"quyết, làm ảnh hưởng đến thời hạn trả kết quả cho người dân, tổ chức. Cụ thể như sau:",
        ]
    else:
        body = [
            f"Trong {rp.phrase} ({span}), không có hồ sơ "
            f"thủ tục hành chính liên thông{scope} nào bị chậm tại cơ quan phối hợp giải quyết."
        ]
    sections = [
        Section(
            "1. Tổng hợp theo cơ quan phối hợp",
            [],
            [
                summary_table(
                    stats["agencies"],
                    key="agencies",
                    title="Bảng 1. Số bước xử lý trễ hạn tại cơ quan phối hợp",
                    sheet="Cơ quan phối hợp",
                    who="Cơ quan phối hợp",
                )
            ],
        ),
        Section(
            "2. Danh sách hồ sơ trễ hạn do cơ quan phối hợp",
            [],
            [
                list_table(
                    external,
                    key="external",
                    title="Bảng 2. Hồ sơ, bước xử lý trễ hạn tại cơ quan phối hợp",
                    sheet="DS cơ quan phối hợp",
                    workbook=False,
                )
            ],
        ),
        Section(
            "3. Vướng mắc chung và kiến nghị",
            [PLACEHOLDER.format(what="những vướng mắc chung trong phối hợp giải quyết và kiến nghị")],
        ),
    ]
    appendix = [
        summary_table(
            stats["units"],
            key="units",
            title="Số bước xử lý trễ hạn tại các đơn vị thuộc Sở",
            sheet="Đơn vị thuộc Sở",
            who="Đơn vị",
        ),
        list_table(
            all_rows,
            key="all",
            title="Danh sách bước xử lý trễ hạn (theo đơn vị, cơ quan)",
            sheet="Danh sách trễ hạn",
            workbook=True,
        ),
    ]
    title_lines, signer_name = signer()
    what = "hồ sơ thủ tục hành chính trễ hạn do cơ quan phối hợp giải quyết chậm"
    return Report(
        kind="letter",
        parent=parent,
        issuer=issuer,
        number=f"Số:        /{short}-VP",
        date_line=format_date_line(today),
        title="",
        subtitle=f"V/v báo cáo {what} {rp.phrase}",
        addressee=f"Kính gửi: {home_affairs}",
        intro=[
            f"Thực hiện Kế hoạch nâng cao Chỉ số CCHC, PAPI, SIPAS của Sở (nội dung P-B13: trường hợp "
            f"chậm trễ do cơ quan phối hợp, tổng hợp vướng mắc chung và báo cáo bằng văn bản về "
            f"{home_affairs}), {agency_name} báo cáo như sau:",
            *body,
        ],
        sections=sections,
        closing=[f"{agency_name} kính báo cáo {home_affairs} xem xét, tổng hợp./."],
        recipients=["Như trên;", "Giám đốc, các Phó Giám đốc Sở (để b/c);", "Lưu: VT, VP."],
        signer_title=title_lines,
        signer_name=signer_name,
        file_stem=f"bao-cao-tre-han-{rp.kind}-{rp.number}-{rp.year}" + (f"-{unit.code}" if unit else ""),
        appendix=appendix,
    )
