"""The Department's periodic report shows the dashboard's numbers for the same period (DOCX and XLSX)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from cchc.indicators import engine
from cchc.plans.models import Plan, Requirement, Target, Task, TaskStatus
from cchc.reports import department, excel, periods, word
from tests.reports.conftest import docx_text, local, table_titled, walk

NOW = local(2026, 11, 26, 9, 0)


def pct_text(value: Decimal | None) -> str:
    """An independent formatter: "66,67 %" (Vietnamese decimal comma), None → "Chưa có dữ liệu"."""
    if value is None:
        return "Chưa có dữ liệu"
    return f"{value:.2f}".replace(".", ",") + " %"


def xlsx_pct(cell) -> Decimal:
    assert cell.number_format == "0.00%"
    return (Decimal(str(cell.value)) * 100).quantize(Decimal("0.01"))


@pytest.fixture
def q3_world(late_world):
    world, a, b, c = late_world
    # D: still open at the end of the quarter and overdue (at the specialist since 20/8).
    d = walk(world, local(2026, 8, 20, 8, 0), {"counter": local(2026, 8, 20, 9, 0)})
    plan = Plan.objects.create(
        number="56/KH-SLĐTBXH",
        title="Kế hoạch nâng cao PAR Index, PAPI, SIPAS",
        issuer="Sở Lao động – Thương binh và Xã hội",
        issued_on=dt.date(2021, 9, 1),
        period_from=2021,
        period_to=2026,
    )
    Target.objects.create(
        plan=plan,
        code="T5",
        text="Tỷ lệ đúng hạn ≥ 98 %",
        indicator="on_time_rate",
        comparator="gte",
        value=Decimal(98),
        measure="percent",
    )
    req = Requirement.objects.create(
        plan=plan, code="P-B10", title="Nhiệm vụ CCHC", text="Hoàn thành nhiệm vụ CCHC", section="B", order=10
    )
    office = world.staff["office"]
    for n, (status, done_on) in enumerate(
        [
            (TaskStatus.DONE, dt.date(2026, 3, 1)),
            (TaskStatus.DONE, dt.date(2026, 9, 1)),
            (TaskStatus.IN_PROGRESS, None),
        ]
    ):
        Task.objects.create(
            plan=plan,
            requirement=req,
            title=f"Nhiệm vụ {n}",
            lead_unit=world.division,
            year=2026,
            start=dt.date(2026, 1, 5),
            deadline=dt.date(2026, 6, 30),
            status=status,
            done_on=done_on,
            progress=100 if done_on else 50,
            is_reform=True,
            created_by=office,
            created_at=local(2026, 1, 5, 8, 0),
        )
    return world, a, b, c, d


def _report():
    rp = periods.parse("quarter", 2026, 3)
    return rp, department.build(rp)


def test_the_report_and_the_dashboard_show_the_same_numbers(q3_world):
    _world, _a, _b, _c, _d = q3_world
    rp, report = _report()
    board = engine.dashboard(rp.period)
    data = word.render(report)
    wb = load_workbook(io.BytesIO(excel.render(report)))

    # Table 1: the plan's targets T1–T9, one row per dashboard value, same result.
    targets_docx = table_titled(data, "Bảng 1.")
    assert targets_docx[0][:4] == ["Mã", "Chỉ tiêu", "Mục tiêu", "Kết quả"]
    by_key = {row[0]: row for row in targets_docx[1:]}
    assert list(by_key) == [v.key for v in board["targets"]]
    ws = wb["1. Chỉ tiêu T1-T9"]
    xrows = {r[0].value: r for r in ws.iter_rows(min_row=5) if r[0].value}
    for value in board["targets"]:
        if value.unit == "%":
            assert by_key[value.key][3] == pct_text(value.value), value.key
            if value.value is None:
                assert xrows[value.key][3].value == "Chưa có dữ liệu"
            else:
                assert xlsx_pct(xrows[value.key][3]) == value.value, value.key
        elif value.value is not None:
            assert Decimal(str(xrows[value.key][3].value)) == Decimal(value.value), value.key

    # T5 on time: A, B and C were returned before their appointments; D is open and overdue
    # at the quarter's end (due 3/9) → 3 on time of 4 = 75,00 %.
    t5 = next(v for v in board["targets"] if v.key == "T5")
    assert (t5.numerator, t5.denominator, t5.value) == (3, 4, Decimal("75.00"))
    assert by_key["T5"][3] == pct_text(t5.value)
    assert by_key["T5"][4:6] == [str(t5.numerator), str(t5.denominator)]
    assert by_key["T5"][2] == "≥ 98,00 %"
    assert f"Tỷ lệ giải quyết hồ sơ đúng hạn toàn Sở: {pct_text(t5.value)}" in docx_text(data)

    # Table 2: one row per unit of the dashboard's ranking, same counts and rates.
    ranking = table_titled(data, "Bảng 2.")
    assert len(ranking) - 1 == len(board["ranking"]) >= 1
    ws = wb["2. Giải quyết TTHC"]
    for row_docx, xrow, r in zip(ranking[1:], ws.iter_rows(min_row=5), board["ranking"], strict=False):
        assert row_docx[1] == r["unit"].name == xrow[1].value
        assert row_docx[2] == str(r["received"]) and xrow[2].value == r["received"]
        assert row_docx[3] == pct_text(r["on_time_rate"])
        assert xlsx_pct(xrow[3]) == r["on_time_rate"]
        assert xrow[4].value == r["late"] and xrow[5].value == r["late_without_apology"]

    # Table 7: the 766 index, every indicator's points and the total.
    index = board["index766"]
    t766 = table_titled(data, "Bảng 7.")
    total_row = t766[-1]
    assert total_row[1] == "Tổng điểm"
    expected_total = "N/A" if index.total is None else f"{index.total:.2f}".replace(".", ",")
    assert total_row[7] == expected_total
    ws = wb["7. Chỉ số 766"]
    codes = {r[0].value: r for r in ws.iter_rows(min_row=5) if r[0].value}
    for group in index.groups:
        for ind in group.indicators:
            row = codes[ind.code]
            if ind.points is None:
                assert row[7].value == "N/A"
            else:
                assert Decimal(str(row[7].value)).quantize(Decimal("0.01")) == ind.points.quantize(
                    Decimal("0.01")
                )
            if ind.rate is not None:
                assert xlsx_pct(row[6]) == ind.rate.quantize(Decimal("0.01"))

    # Table 6: SIPAS values as the dashboard's.
    sipas = table_titled(data, "Bảng 6.")
    assert len(sipas) == (len(board["sipas"]) + 1 if board["sipas"] else 0)


def test_plan_tasks_and_the_90_percent_rule(q3_world):
    world, *_ = q3_world
    _rp, report = _report()
    data = word.render(report)
    rows = table_titled(data, "Bảng 3.")
    division = next(r for r in rows if r[1] == world.division.name)
    # 3 tasks due 30/6: one done on time, one done late, one open → 1/3 = 33,33 % < 90 %.
    assert division[2:6] == ["3", "1", "1", "33,33 %"]
    assert division[6].startswith("Dưới 90 %")
    ws = load_workbook(io.BytesIO(excel.render(report)))["3. Nhiệm vụ CCHC (90%)"]
    xrow = next(r for r in ws.iter_rows(min_row=5) if r[1].value == world.division.name)
    assert [xrow[2].value, xrow[3].value, xrow[4].value] == [3, 1, 1]
    assert xlsx_pct(xrow[5]) == Decimal("33.33")


def test_layout_per_nd30(q3_world):
    from cchc.org.models import Agency

    Agency.objects.filter(is_home=True).update(document_symbol="SLĐTBXH")
    _rp, report = _report()
    data = word.render(report)
    text = docx_text(data)
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "SỞ LAO ĐỘNG – THƯƠNG BINH VÀ XÃ HỘI",
        "/BC-SLĐTBXH",
        "BÁO CÁO",
        "Kết quả thực hiện công tác cải cách hành chính quý III năm 2026",
        "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH",
        "IX. KHÓ KHĂN, VƯỚNG MẮC",
        "[Văn phòng Sở bổ sung:",
        "Nơi nhận:",
        "Sở Nội vụ (để tổng hợp);",
        "KT. GIÁM ĐỐC",
        "PHÓ GIÁM ĐỐC",
    ):
        assert expected in text, expected
    assert "{{" not in text and "{%" not in text  # every placeholder of the frame was filled
    from docx import Document

    doc = Document(io.BytesIO(data))
    section = doc.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.left_margin.mm) == 30
    assert doc.styles["Normal"].font.name == "Times New Roman"
