"""Reports in a province: each agency's director reports on their own agency (its units, its figures),
never on "the home agency"."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from cchc.org import roles
from cchc.org.models import Unit
from cchc.reports import department, excel, periods, runner, selectors, services
from cchc.reports.models import Kind
from tests.factories import UnitFactory, merged_province, province_dossier, staff_user
from tests.indicators.conftest import at, ensure_rules_766


def xlsx_pct_value(cell) -> float:
    """A percentage cell as a number of percent (the workbook stores 1.0 for 100 %)."""
    return round(float(cell) * 100, 2) if float(cell) <= 1 else float(cell)


@pytest.fixture
def pw(db):
    ensure_rules_766()
    w = merged_province()
    leadership = UnitFactory(agency=w.y_te, code="ban-giam-doc", kind=Unit.Kind.LEADERSHIP)
    w.director = staff_user(roles.DIRECTOR, leadership, "gd.yte", full_name="Trần Thị Bình")
    ten = dt.timedelta(days=10)
    province_dossier(
        w.v_yt, w.y_te, received=at(2025, 9, 10), due=at(2025, 9, 10) + ten, finished=at(2025, 9, 12)
    )
    province_dossier(
        w.v_nv, w.noi_vu, received=at(2025, 9, 10), due=at(2025, 9, 10) + ten, finished=at(2025, 9, 30)
    )
    return w


def test_a_directors_report_is_of_their_agency(pw):
    job = services.request_report(
        actor=pw.director,
        kind=Kind.DEPARTMENT,
        period_kind="quarter",
        year=2025,
        number=3,
        today=dt.date(2026, 1, 10),
    )
    assert runner._agency(job) == pw.y_te
    report = department.build(periods.parse("quarter", 2025, 3), agency=pw.y_te, today=dt.date(2026, 1, 10))
    assert report.issuer == "SỞ Y TẾ"
    sheet = load_workbook(io.BytesIO(excel.render(report)))["1. Chỉ tiêu T1-T9"]
    t5 = next(r for r in sheet.iter_rows(min_row=5, values_only=True) if r[0] == "T5")
    # Sở Y tế's one dossier, on time (Sở Nội vụ's late one is not in it): 100 %
    assert xlsx_pct_value(t5[3]) == 100


def test_delay_reports_list_and_accept_only_the_actors_agencys_units(pw):
    units = set(selectors.delay_units(pw.director))
    assert pw.unit_yt in units and pw.unit_nv not in units
    with pytest.raises(ValidationError, match="không thuộc cơ quan của bạn"):
        services.request_report(
            actor=pw.director,
            kind=Kind.DELAY,
            period_kind="quarter",
            year=2025,
            number=3,
            unit=pw.unit_nv,
            today=dt.date(2026, 1, 10),
        )
