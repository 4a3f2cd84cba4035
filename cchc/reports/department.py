"""The Department's periodic reform (CCHC) report to the province through Sở Nội vụ (plan P-C1, P-C2).

Structure follows the plan (plan.md): I. direction (the plan's targets T1–T9); II. publicity and
transparency; III. one-stop results (on-time rate, units' results); IV. the plan's reform tasks and
the 90 % rule; V. training; VI. initiatives; VII. satisfaction (SIPAS); VIII. the QĐ 766 index;
IX. difficulties, and X. proposals (placeholders the Office writes); then "Nơi nhận" and the signer.

Every figure comes from ``cchc.indicators.engine`` (one call to ``dashboard(period)``, the function
behind the dashboard, so both show the same numbers) and from ``cchc.plans.selectors`` (the reform
tasks, training and initiatives, counted from the start of the period's year to its end).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.conf import settings
from django.utils import timezone

from cchc.common.formats import format_date_line
from cchc.indicators import engine
from cchc.org.models import Agency
from cchc.plans import selectors as plan_selectors
from cchc.reports.content import (
    DATE,
    INT,
    PCT,
    POINTS,
    Cell,
    Report,
    Section,
    Table,
    display,
    goal_text,
    status_text,
    two,
    value_kind,
)
from cchc.reports.periods import ReportPeriod

Progress = Callable[[int, str], None]

PLACEHOLDER = "[Văn phòng Sở bổ sung: {what}]"


def _noop(_pct: int, _message: str) -> None:
    return None


def header(agency: Agency | None) -> tuple[str, str, str]:
    """(governing body, issuing body, symbol suffix) for the ND 30/2020 header block."""
    place = getattr(settings, "CCHC_PLACE_NAME", "") or "…"
    parent = getattr(settings, "CCHC_REPORTS_PARENT_NAME", "") or (
        agency.parent.name if agency is not None and agency.parent_id else f"UBND tỉnh {place}"
    )
    issuer = agency.name if agency is not None else "…"
    short = (agency.document_symbol if agency is not None else "") or "S…"
    return parent.upper(), issuer.upper(), short


def signer() -> tuple[list[str], str]:
    title = getattr(settings, "CCHC_REPORTS_SIGNER_TITLE", "KT. GIÁM ĐỐC|PHÓ GIÁM ĐỐC")
    return title.split("|"), getattr(settings, "CCHC_REPORTS_SIGNER_NAME", "")


def _value_cells(value) -> list[Cell]:
    kind = value_kind(value.unit)
    count_kind = INT if isinstance(value.numerator, int) or value.numerator is None else POINTS
    return [
        Cell(value.key),
        Cell(value.label),
        Cell(goal_text(value) or "—"),
        Cell(value.value, kind),
        Cell(value.numerator, count_kind, "—"),
        Cell(value.denominator, count_kind, "—"),
        Cell(status_text(value.status)),
        Cell(value.note),
    ]


def _value_sentence(value) -> str:
    kind = value_kind(value.unit)
    text = f"{value.label}: {display(value.value, kind)}"
    if value.value is not None and value.numerator is not None and value.denominator is not None:
        text += f" ({display(value.numerator, INT if isinstance(value.numerator, int) else POINTS)}"
        text += f"/{display(value.denominator, INT if isinstance(value.denominator, int) else POINTS)})"
    goal = goal_text(value)
    if goal:
        text += f"; chỉ tiêu {goal} – {status_text(value.status).lower()}"
    return text + "."


VALUE_COLUMNS = ["Mã", "Chỉ tiêu", "Mục tiêu", "Kết quả", "Tử số", "Mẫu số", "Đánh giá", "Ghi chú"]
VALUE_WIDTHS = [11, 42, 20, 20, 14, 14, 18, 26]


def targets_table(targets) -> Table:
    return Table(
        key="targets",
        title="Bảng 1. Kết quả thực hiện các chỉ tiêu của Kế hoạch (T1–T9)",
        sheet="1. Chỉ tiêu T1-T9",
        columns=VALUE_COLUMNS,
        widths=VALUE_WIDTHS,
        rows=[_value_cells(v) for v in targets],
        empty_text="Chưa có chỉ tiêu nào được tính.",
    )


def ranking_table(ranking) -> Table:
    rows = [
        [
            Cell(r["rank"], INT, "—"),
            Cell(r["unit"].name),
            Cell(r["received"], INT),
            Cell(two(r["on_time_rate"]), PCT),
            Cell(r["late"], INT),
            Cell(r["late_without_apology"], INT),
        ]
        for r in ranking
    ]
    return Table(
        key="ranking",
        title="Bảng 2. Kết quả giải quyết hồ sơ TTHC theo đơn vị",
        sheet="2. Giải quyết TTHC",
        columns=["Hạng", "Đơn vị", "Hồ sơ tiếp nhận", "Tỷ lệ đúng hạn", "Trễ hạn", "Trễ hạn không xin lỗi"],
        widths=[15, 60, 25, 25, 18, 22],
        rows=rows,
        empty_text="Trong kỳ không có hồ sơ nào được tiếp nhận.",
    )


def completion_table(year: int, agency: Agency | None = None) -> Table:
    rows = []
    for unit in plan_selectors.task_completion(year, agency=agency):
        verdict = (
            "Chưa có nhiệm vụ"
            if unit.passes is None
            else ("Đạt (≥ 90 %)" if unit.passes else "Dưới 90 %: không xếp loại HTTNV trở lên")
        )
        rows.append(
            [
                Cell(unit.rank if unit.rate is not None else None, INT, "—"),
                Cell(unit.name),
                Cell(unit.total, INT),
                Cell(unit.done_on_time, INT),
                Cell(unit.done_late, INT),
                Cell(two(unit.rate), PCT),
                Cell(verdict),
            ]
        )
    return Table(
        key="completion",
        title=f"Bảng 3. Tỷ lệ hoàn thành nhiệm vụ CCHC của các đơn vị năm {year} (quy tắc 90 %)",
        sheet="3. Nhiệm vụ CCHC (90%)",
        columns=["Hạng", "Đơn vị", "Được giao", "Đúng hạn", "Trễ hạn", "Tỷ lệ", "Đánh giá"],
        widths=[15, 50, 18, 18, 16, 20, 28],
        rows=rows,
        empty_text=f"Năm {year} chưa giao nhiệm vụ CCHC nào.",
    )


def training_table(year: int) -> Table:
    rows = [
        [Cell(u.name), Cell(u.planned, INT), Cell(u.attended, INT), Cell(two(u.rate), PCT)]
        for u in plan_selectors.training_by_unit(year)
    ]
    return Table(
        key="training",
        title=f"Bảng 4. Cán bộ tham gia đào tạo, bồi dưỡng theo kế hoạch năm {year}",
        sheet="4. Đào tạo",
        columns=["Đơn vị", "Được cử theo kế hoạch", "Đã tham gia", "Tỷ lệ"],
        widths=[80, 35, 35, 30],
        rows=rows,
        empty_text=f"Năm {year} chưa có khóa đào tạo, bồi dưỡng nào.",
    )


def initiatives_table(start: dt.date, end: dt.date) -> Table:
    qs = plan_selectors.applied_initiatives(start, end).select_related("unit").order_by("applied_on", "title")
    rows = [
        [Cell(n, INT), Cell(i.title), Cell(i.authors), Cell(i.unit.name), Cell(i.applied_on, DATE)]
        for n, i in enumerate(qs, start=1)
    ]
    return Table(
        key="initiatives",
        title=f"Bảng 5. Sáng kiến, giải pháp mới được áp dụng (từ {start:%d/%m/%Y} đến {end:%d/%m/%Y})",
        sheet="5. Sáng kiến",
        columns=["TT", "Tên sáng kiến, giải pháp", "Tác giả", "Đơn vị", "Ngày áp dụng"],
        widths=[10, 70, 40, 40, 22],
        rows=rows,
        empty_text="Chưa có sáng kiến, giải pháp nào được áp dụng.",
    )


def sipas_table(values) -> Table:
    """One row per survey method with answers in the period, named as the method is named in the data
    (the engine's key ``sipas:<method code>`` is for machines, not for the report)."""
    from cchc.surveys.models import MethodVersion

    codes = [v.key.removeprefix("sipas:") for v in values]
    methods = {m.code: m for m in MethodVersion.objects.filter(code__in=codes)}
    rows = []
    for code, value in zip(codes, values, strict=True):
        method = methods.get(code)
        rows.append(
            [
                Cell(method.name if method else value.label),
                Cell(method.basis if method else ""),
                Cell(goal_text(value) or "—"),
                Cell(value.value, PCT),
                Cell(value.denominator, INT, "—"),
                Cell(status_text(value.status)),
                Cell(value.note),
            ]
        )
    return Table(
        key="sipas",
        title="Bảng 6. Chỉ số hài lòng về sự phục vụ hành chính (SIPAS)",
        sheet="6. SIPAS",
        columns=["Phương pháp khảo sát", "Căn cứ", "Mục tiêu", "Kết quả", "Số phiếu", "Đánh giá", "Ghi chú"],
        widths=[44, 34, 18, 18, 14, 18, 30],
        rows=rows,
        empty_text="Trong kỳ chưa có phiếu khảo sát hợp lệ.",
    )


def index766_table(index) -> Table:
    rows: list[list[Cell]] = []
    bold: set[int] = set()
    for group in index.groups:
        bold.add(len(rows))
        rows.append(
            [
                Cell(""),
                Cell(group.name),
                Cell(group.max_points, POINTS),
                Cell(""),
                Cell(""),
                Cell(""),
                Cell(""),
                Cell(group.points, POINTS, "N/A"),
            ]
        )
        for ind in group.indicators:
            rows.append(
                [
                    Cell(ind.code),
                    Cell(ind.label),
                    Cell(ind.max_points, POINTS),
                    Cell(ind.threshold, PCT, "—"),
                    Cell(ind.numerator, INT, "—"),
                    Cell(ind.denominator, INT, "—"),
                    Cell(ind.rate, PCT, "N/A"),
                    Cell(ind.points, POINTS, "N/A"),
                ]
            )
    bold.add(len(rows))
    rows.append(
        [
            Cell(""),
            Cell("Tổng điểm"),
            Cell(index.max_total, POINTS),
            Cell(""),
            Cell(""),
            Cell(""),
            Cell(""),
            Cell(index.total, POINTS, "N/A"),
        ]
    )
    return Table(
        key="index766",
        title="Bảng 7. Bộ chỉ số phục vụ người dân, doanh nghiệp (QĐ 766/QĐ-TTg)",
        sheet="7. Chỉ số 766",
        columns=["Mã", "Nhóm, chỉ số", "Điểm tối đa", "Ngưỡng", "Tử số", "Mẫu số", "Tỷ lệ", "Điểm"],
        widths=[13, 58, 17, 20, 15, 15, 20, 17],
        rows=rows,
        bold_rows=bold,
        note="N/A: không có hồ sơ, thủ tục thuộc phạm vi chỉ số trong kỳ (mẫu số bằng 0), không tính điểm.",
    )


def _find(values, key: str):
    return next((v for v in values if v.key == key), None)


def build(
    rp: ReportPeriod,
    *,
    agency: Agency | None = None,
    progress: Progress = _noop,
    today: dt.date | None = None,
) -> Report:
    """The report of ``agency`` (the requester's; the system owner's when none is given, as in a
    single-department database)."""
    today = today or timezone.localdate()
    period = rp.period
    year = rp.year
    year_start = dt.date(year, 1, 1)
    agency = agency or Agency.home()
    parent, issuer, short = header(agency)
    progress(10, "Đang tính các chỉ tiêu, chỉ số của kỳ báo cáo…")
    board = engine.dashboard(period, agency=agency)
    targets = board["targets"]
    progress(35, "Đang tổng hợp kết quả giải quyết hồ sơ…")
    # T5 of the dashboard itself (the same Value object the dashboard shows).
    on_time = _find(targets, "T5") or engine.on_time(period, agency=agency)
    progress(50, "Đang tổng hợp nhiệm vụ CCHC, đào tạo, sáng kiến…")
    summary = plan_selectors.completion_summary(year, agency=agency)
    training = plan_selectors.training_participation(year, agency=agency)
    applied = plan_selectors.applied_initiatives(
        year_start, period.end, agency=agency
    ).count()  # the year to date
    running = period.end >= today
    to_date = f" (số liệu tính đến ngày {today:%d/%m/%Y})" if running else ""

    sections: list[Section] = []
    t_paras = [
        f"Sở triển khai Kế hoạch cải cách hành chính, Kế hoạch nâng cao Chỉ số CCHC (PAR Index), PAPI, "
        f"SIPAS; giao nhiệm vụ cụ thể cho từng phòng, đơn vị; Thủ trưởng các đơn vị trực tiếp chỉ đạo, "
        f"kiểm tra việc thực hiện (P-A5, P-B1). Kết quả các chỉ tiêu của Kế hoạch {rp.phrase}{to_date} "
        f"tại Bảng 1.",
    ]
    sections.append(Section("I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH", t_paras, [targets_table(targets)]))

    pub = [_value_sentence(v) for v in (_find(targets, "T1"), _find(targets, "T2")) if v is not None]
    sections.append(
        Section(
            "II. CÔNG KHAI, MINH BẠCH THÔNG TIN",
            [
                "Sở công khai đầy đủ danh mục, quy trình giải quyết TTHC, danh mục TTHC trực tuyến và "
                "qua dịch vụ bưu chính công ích, thông tin cán bộ tiếp nhận, trả lời phản ánh, kiến nghị "
                "trên Trang thông tin điện tử của Sở (P-B3 – P-B9).",
                *pub,
            ],
        )
    )

    one_stop = [
        f"Tỷ lệ giải quyết hồ sơ đúng hạn toàn Sở: {display(on_time.value, PCT)}"
        + (
            f" ({display(on_time.numerator, INT)}/{display(on_time.denominator, INT)} hồ sơ)"
            if on_time.value is not None
            else ""
        )
        + (f"; chỉ tiêu {goal_text(on_time)}" if goal_text(on_time) else "")
        + (f" – {status_text(on_time.status).lower()}" if on_time.value is not None else "")
        + (f" ({on_time.note})" if on_time.note else "")
        + ".",
        *[_value_sentence(v) for v in (_find(targets, "T3"), _find(targets, "T4")) if v is not None],
        "Kết quả của từng đơn vị tại Bảng 2.",
    ]
    sections.append(
        Section(
            "III. KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH THEO CƠ CHẾ MỘT CỬA, MỘT CỬA LIÊN THÔNG",
            one_stop,
            [ranking_table(board["ranking"])],
        )
    )
    progress(60, "Đang lập bảng nhiệm vụ CCHC theo đơn vị…")
    rate = (
        f"{display(two(summary['rate']), PCT)} "
        f"({display(summary['done_on_time'], INT)}/{display(summary['total'], INT)} nhiệm vụ)"
        if summary["rate"] is not None
        else "chưa có nhiệm vụ được giao"
    )
    sections.append(
        Section(
            "IV. THỰC HIỆN NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH VÀ QUY TẮC 90 %",
            [
                f"Tỷ lệ nhiệm vụ CCHC hoàn thành đúng hạn toàn Sở năm {year} (lũy kế đến hết kỳ báo cáo): "
                f"{rate}. Theo Kế hoạch (P-A7), đơn vị, người đứng đầu, cán bộ hoàn thành dưới 90 % "
                f"nhiệm vụ CCHC được giao thì không được xếp loại “hoàn thành tốt nhiệm vụ” trở lên "
                f"(Bảng 3).",
            ],
            [completion_table(year, agency)],
        )
    )
    t6 = _find(targets, "T6")
    training_text = (
        f"Năm {year}, {display(training['attended'], INT)}/{display(training['planned'], INT)} lượt cán bộ "
        f"được cử đã tham gia đào tạo, bồi dưỡng, đạt {display(two(training['rate']), PCT)}"
        if training["rate"] is not None
        else f"Năm {year} chưa có lượt cán bộ nào được cử đào tạo, bồi dưỡng theo kế hoạch"
    )
    sections.append(
        Section(
            "V. ĐÀO TẠO, BỒI DƯỠNG CÁN BỘ, CÔNG CHỨC",
            [training_text + (f" (chỉ tiêu T6: {goal_text(t6)})" if t6 and goal_text(t6) else "") + "."],
            [training_table(year)],
        )
    )
    progress(70, "Đang tổng hợp sáng kiến, khảo sát hài lòng…")
    sections.append(
        Section(
            "VI. SÁNG KIẾN, GIẢI PHÁP MỚI",
            [
                f"Từ đầu năm {year} đến hết kỳ báo cáo có {display(applied, INT)} sáng kiến, giải pháp mới "
                f"được áp dụng "
                f"(chỉ tiêu T9: ít nhất 01 sáng kiến mỗi năm)."
            ],
            [initiatives_table(year_start, period.end)],
        )
    )
    sections.append(
        Section(
            "VII. KHẢO SÁT SỰ HÀI LÒNG CỦA NGƯỜI DÂN, TỔ CHỨC (SIPAS)",
            [
                "Kết quả khảo sát sự hài lòng của người dân, tổ chức đối với việc giải quyết TTHC của Sở "
                "trong kỳ, theo phương pháp của Bộ Nội vụ (Bảng 6)."
            ],
            [sipas_table(board["sipas"])],
        )
    )
    index = board["index766"]
    sections.append(
        Section(
            "VIII. BỘ CHỈ SỐ PHỤC VỤ NGƯỜI DÂN, DOANH NGHIỆP (QĐ 766/QĐ-TTg)",
            [
                f"Điểm tự đánh giá của Sở trong kỳ: {display(index.total, POINTS, 'N/A')}"
                f"/{display(index.max_total, POINTS)} điểm (Bảng 7)."
            ],
            [index766_table(index)],
        )
    )
    progress(80, "Đang hoàn thiện văn bản…")
    sections.append(
        Section(
            "IX. KHÓ KHĂN, VƯỚNG MẮC",
            [PLACEHOLDER.format(what="những khó khăn, vướng mắc trong kỳ và nguyên nhân")],
        )
    )
    sections.append(
        Section(
            "X. ĐỀ XUẤT, KIẾN NGHỊ VÀ NHIỆM VỤ KỲ TỚI",
            [PLACEHOLDER.format(what="đề xuất, kiến nghị với UBND tỉnh, Sở Nội vụ và nhiệm vụ kỳ tới")],
        )
    )
    home_affairs = getattr(settings, "CCHC_REPORTS_HOME_AFFAIRS", "Sở Nội vụ")
    title_lines, signer_name = signer()
    return Report(
        kind="report",
        parent=parent,
        issuer=issuer,
        number=f"Số:        /BC-{short}",
        date_line=format_date_line(today),
        title="BÁO CÁO",
        subtitle=f"Kết quả thực hiện công tác cải cách hành chính {rp.phrase}",
        addressee="",
        intro=[
            "Thực hiện chế độ báo cáo định kỳ công tác cải cách hành chính, "
            f"{agency.name if agency else 'Sở'} "
            f"báo cáo kết quả thực hiện {rp.phrase} (từ ngày {period.start:%d/%m/%Y} đến ngày "
            f"{period.end:%d/%m/%Y}) như sau:"
        ],
        sections=sections,
        closing=[
            f"Trên đây là báo cáo kết quả thực hiện công tác cải cách hành chính {rp.phrase} của "
            f"{agency.name if agency else 'Sở'}, kính gửi {home_affairs} tổng hợp, báo cáo UBND tỉnh./."
        ],
        recipients=[
            f"{home_affairs} (để tổng hợp);",
            "UBND tỉnh (để báo cáo);",
            "Giám đốc, các Phó Giám đốc Sở;",
            "Các phòng, đơn vị thuộc Sở;",
            "Lưu: VT, VP.",
        ],
        signer_title=title_lines,
        signer_name=signer_name,
        file_stem=f"bao-cao-cchc-{rp.kind}-{rp.number}-{rp.year}",
    )
