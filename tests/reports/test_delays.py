"""The delay report (P-B13): late steps attributed to the unit or the agency that overran them."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from cchc.dossiers.models import Handover
from cchc.reports import delay_report, delays, excel, periods, word
from tests.reports.conftest import docx_text, table_titled

Q3 = dict(kind="quarter", year=2026, number=3)


def _q3():
    return periods.parse(Q3["kind"], Q3["year"], Q3["number"])


def test_late_steps_are_attributed_to_who_overran_them(late_world):
    world, a, b, c = late_world
    rp = _q3()
    steps = list(delays.late_steps(rp.start, rp.end))
    assert [(s.dossier.code, s.to_unit_id, s.to_agency_id) for s in steps] == [
        (b.code, None, world.partner.pk),  # the partner agency first (ordered by agency, then unit)
        (a.code, world.division.pk, None),
    ]
    assert c.code not in {s.dossier.code for s in steps}
    # Each is LATE on the control slip itself.
    assert all(s.result == Handover.Result.LATE for s in steps)


def test_overrun_in_working_time_and_reason(late_world):
    world, a, b, _c = late_world
    rp = _q3()
    rows = {r["code"]: r for r in map(delays.row, delays.late_steps(rp.start, rp.end))}
    # B: the partner's step was due Thu 9/7 10:00 (2 × 450 working minutes after 7/7 10:00) and
    # ended Mon 20/7 09:00: 9/7 300 + 10/7 450 + 13–17/7 5 × 450 + 20/7 90 = 3,090 minutes.
    assert rows[b.code]["overrun_minutes"] == 3090
    assert rows[b.code]["overrun"] == "6 ngày làm việc 6 giờ 30 phút"
    assert rows[b.code]["responsible"] == world.partner.name
    assert rows[b.code]["reason"].startswith("Chờ Bảo hiểm xã hội tỉnh")
    assert rows[b.code]["step"] == "Bước 4"
    # A: the specialist's step was due Thu 9/7 09:00 and ended Tue 14/7 09:00: 3 working days.
    assert rows[a.code]["overrun_minutes"] == 3 * 450
    assert rows[a.code]["responsible"] == world.division.name
    assert rows[a.code]["step"] == "Bước 2"
    assert "không có văn bản xin lỗi" in rows[a.code]["reason"]


def test_summary_counts_by_unit_and_agency(late_world):
    world, _a, _b, _c = late_world
    rp = _q3()
    stats = delays.summary(delays.late_steps(rp.start, rp.end))
    assert stats["totals"] == {
        "steps": 2,
        "dossiers": 2,
        "internal": 1,
        "external": 1,
        "external_dossiers": 1,
        "without_apology": 1,  # A had no apology
    }
    assert stats["units"] == [{"name": world.division.name, "steps": 1, "dossiers": 1, "without_apology": 1}]
    assert stats["agencies"] == [
        {"name": world.partner.name, "steps": 1, "dossiers": 1, "without_apology": 0}
    ]


def test_unit_scope(late_world):
    world, a, b, _c = late_world
    rp = _q3()
    # The division overran A's step itself and sent B to the partner that overran its step.
    assert {s.dossier.code for s in delays.late_steps(rp.start, rp.end, world.division)} == {a.code, b.code}
    assert not delays.late_steps(rp.start, rp.end, world.other_division).exists()
    # Outside the period: nothing.
    q2 = periods.parse("quarter", 2026, 2)
    assert not delays.late_steps(q2.start, q2.end).exists()


def test_the_letter_lists_only_the_other_agencies_delays(late_world):
    world, a, b, _c = late_world
    report = delay_report.build(_q3())
    data = word.render(report)
    text = docx_text(data)
    assert "Kính gửi: Sở Nội vụ" in text
    assert (
        "V/v báo cáo hồ sơ thủ tục hành chính trễ hạn do cơ quan phối hợp giải quyết chậm quý III năm 2026"
        in text
    )
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Nơi nhận:" in text
    listed = table_titled(data, "Bảng 2.")
    assert [row[1] for row in listed[1:]] == [b.code]
    assert listed[1][4] == world.partner.name
    assert listed[1][3] == "Bước 4"
    assert listed[1][7] == "6 ngày làm việc 6 giờ 30 phút"
    assert a.code not in text  # the division's own delay is an internal matter, not in the letter
    summary = table_titled(data, "Bảng 1.")
    assert summary[1][1:4] == [world.partner.name, "1", "1"]


def test_the_workbook_has_everything_grouped(late_world):
    world, a, b, _c = late_world
    wb = load_workbook(io.BytesIO(excel.render(delay_report.build(_q3()))))
    assert wb.sheetnames == [
        "Cơ quan phối hợp",
        "DS cơ quan phối hợp",
        "Đơn vị thuộc Sở",
        "Danh sách trễ hạn",
    ]
    ws = wb["Danh sách trễ hạn"]
    headers = [c.value for c in ws[4]]
    assert headers[:5] == [
        "TT",
        "Mã hồ sơ",
        "Thủ tục hành chính",
        "Bước xử lý",
        "Cơ quan, đơn vị giải quyết chậm",
    ]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=5) if r[0].value is not None]
    assert [(r[1], r[4]) for r in rows] == [(b.code, world.partner.name), (a.code, world.division.name)]
    days = headers.index("Quá hạn (ngày làm việc)")
    assert rows[0][days] == pytest.approx(3090 / 450, abs=0.01)
    assert rows[1][days] == 3  # a number, not the text "3 ngày"
    units = wb["Đơn vị thuộc Sở"]
    assert [c.value for c in units[5]][1:4] == [world.division.name, 1, 1]


def test_no_delay_at_a_partner_says_so(world):
    report = delay_report.build(_q3())
    text = docx_text(word.render(report))
    assert "không có hồ sơ thủ tục hành chính liên thông nào bị chậm tại cơ quan phối hợp" in text
