"""The reports read as Vietnamese documents: survey methods by their names (not "sipas:sipas-2023"),
decimal commas and thousands dots ("4,50", "1.234"), local times ("10:00 ngày 09/07/2026")."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from openpyxl import load_workbook

from cchc.reports import content, delay_report, department, excel, periods, word
from cchc.surveys import services as surveys
from cchc.surveys.models import Criterion, MethodVersion
from tests.reports.conftest import docx_tables, docx_text, table_titled
from tests.surveys.conftest import returned_dossier

DECIMAL_POINT = re.compile(r"(?<![\d.])\d+\.\d{1,2}(?![\d.])")  # "4.18", "82.9" — not "1.001978", "3.5b"
INDICATOR_CODE = re.compile(r"^\d\.\d[a-z]?$")
VIETNAMESE_NUMBER = re.compile(r"^-?\d{1,3}(\.\d{3})*(,\d+)?( %)?$")


@pytest.fixture
def surveyed(world):
    """Two answers in March 2026 on the 2023 method: all 5s and all 4s (mean 4,50)."""
    method = MethodVersion.objects.get(code="sipas-2023")
    slots = list(Criterion.objects.filter(method=method).values_list("slot", flat=True))
    for score in (5, 4):
        dossier = returned_dossier(world, at=dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC))
        surveys.submit(
            channel="link",
            dossier=dossier,
            answers=surveys.Answers(scores=dict.fromkeys(slots, score)),
            at=dt.datetime(2026, 3, 3, 9, tzinfo=dt.UTC),
        )
    return method


def test_sipas_table_names_the_method_and_writes_decimal_commas(surveyed):
    report = department.build(periods.parse("quarter", 2026, 1), today=dt.date(2026, 4, 10))
    data = word.render(report)
    text = docx_text(data)
    assert "sipas:" not in text
    sipas = table_titled(data, "Bảng 6.")
    assert sipas[0][:2] == ["Phương pháp khảo sát", "Căn cứ"]
    assert sipas[1][0] == surveyed.name  # "SIPAS 2023–2026, phần dịch vụ (QĐ 1001/QĐ-BNV)"
    assert sipas[1][1] == surveyed.basis
    assert sipas[1][4] == "2"
    assert "điểm trung bình 4,50/5" in sipas[1][-1]
    cells = [cell for table in docx_tables(data) for row in table for cell in row]
    paragraphs = text.split("\n")
    # The QĐ 766 indicators are numbered "1.1", "3.5b": codes, not numbers.
    shown = [t for t in paragraphs + cells if not INDICATOR_CODE.match(t)]
    assert not [t for t in shown if DECIMAL_POINT.search(t)]
    # Every number cell of every table is written the Vietnamese way.
    for table in report.tables():
        for row in table.rows:
            for cell in row:
                numeric = cell.kind in (content.INT, content.PCT, content.POINTS, content.DEC)
                if numeric and cell.value is not None:
                    assert VIETNAMESE_NUMBER.match(cell.text.replace("\u00a0", " ")), (table.key, cell.text)
    # The workbook keeps numbers as numbers (Excel shows them in the reader's locale); texts read right.
    wb = load_workbook(io.BytesIO(excel.render(report)))
    ws = wb["6. SIPAS"]
    row = [c.value for c in ws[5]]
    assert row[0] == surveyed.name and row[4] == 2 and ws.cell(5, 4).number_format == "0.00%"
    assert "4,50" in row[-1]
    for sheet in wb:
        for cells in sheet.iter_rows(values_only=True):
            for value in cells:
                if isinstance(value, str) and not INDICATOR_CODE.match(value):
                    assert "sipas:" not in value and not DECIMAL_POINT.search(value), value


def test_numbers_in_the_report_text_group_thousands():
    assert content.display(1234, content.INT) == "1.234"
    assert content.display(1234.5, content.DEC) == "1.234,50"
    assert content.display(97.1, content.PCT) == "97,10\u00a0%"
    assert content.display(dt.date(2026, 7, 9), content.DATE) == "09/07/2026"


def test_delay_letter_gives_local_times(late_world):
    _world, _a, b, _c = late_world
    data = word.render(delay_report.build(periods.parse("quarter", 2026, 3)))
    listed = table_titled(data, "Bảng 2.")
    assert listed[1][1] == b.code
    # The partner's step was due Thu 9/7 10:00 and ended Mon 20/7 09:00, Vietnamese time.
    assert listed[1][5] == "10:00 ngày 09/07/2026"
    assert listed[1][6] == "09:00 ngày 20/07/2026"
    assert docx_tables(data)


def test_dashboard_shows_the_survey_mean_with_a_decimal_comma(client, world, surveyed):
    """The same note on the staff dashboard (the screen the report's figures come from)."""
    from django.urls import reverse

    client.force_login(world.staff["director"])
    body = client.get(reverse("backoffice:indicators_staff:dashboard"), {"ky": "2026-q1"}).content.decode()
    assert "điểm trung bình 4,50/5" in body
    assert "4.50" not in body
