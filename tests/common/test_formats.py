"""The one home of date and number formats: Vietnamese by default, English on /en/."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.test import override_settings
from django.utils import translation

from cchc.common import formats

UTC_MORNING = dt.datetime(2026, 12, 4, 3, 30, tzinfo=dt.UTC)  # 10:30 in Hồ Chí Minh City
LATE_EVENING_UTC = dt.datetime(2026, 12, 3, 18, 5, tzinfo=dt.UTC)  # 01:05 on 4/12 local


def test_dates_in_vietnamese_and_english():
    day = dt.date(2026, 12, 4)
    with translation.override("vi"):
        assert formats.format_date(day) == "04/12/2026"
        assert formats.format_datetime(UTC_MORNING) == "10:30 ngày 04/12/2026"
    with translation.override("en"):
        assert formats.format_date(day) == "4 December 2026"
        assert formats.format_datetime(UTC_MORNING) == "10:30, 4 December 2026"
    assert formats.format_date(day, lang="en") == "4 December 2026"
    assert formats.format_date(None) == "" and formats.format_datetime(None) == ""


def test_times_are_local_not_utc():
    assert formats.format_date(LATE_EVENING_UTC, lang="vi") == "04/12/2026"
    assert formats.format_datetime(LATE_EVENING_UTC, lang="vi") == "01:05 ngày 04/12/2026"
    bangkok = dt.datetime(2026, 12, 4, 1, 5, tzinfo=ZoneInfo("Asia/Bangkok"))
    assert formats.format_datetime(bangkok, lang="vi") == "01:05 ngày 04/12/2026"


@override_settings(CCHC_PLACE_NAME="Lâm Đồng")
def test_form_wording():
    with translation.override("vi"):
        assert formats.format_slip_time(UTC_MORNING) == "10 giờ 30 phút, ngày 04/12/2026"
        assert formats.format_slip_time(None) == "……… giờ ……… phút, ngày ……/……/………"
        assert formats.format_date_line(LATE_EVENING_UTC) == "Lâm Đồng, ngày 04 tháng 12 năm 2026"
        assert formats.format_date_line(None) == "Lâm Đồng, ngày …… tháng …… năm ………"
        assert (
            formats.format_date_line(dt.date(2026, 2, 1), place="Đà Lạt")
            == "Đà Lạt, ngày 01 tháng 02 năm 2026"
        )


@pytest.mark.parametrize(
    ("value", "places", "text"),
    [
        (4.24, None, "4,24"),
        (Decimal("4.2400"), None, "4,24"),
        (Decimal("4.2"), 2, "4,20"),
        (Decimal("4.245"), 2, "4,25"),  # half up, not banker's rounding
        (1234, None, "1.234"),
        (1234567, None, "1.234.567"),
        (Decimal("1234.5"), 2, "1.234,50"),
        (Decimal("10.00"), None, "10"),
        (Decimal("100"), None, "100"),
        (Decimal("0.5"), None, "0,5"),
        (-1234.5, 1, "-1.234,5"),
        (0, None, "0"),
        (None, None, ""),
    ],
)
def test_vietnamese_numbers(value, places, text):
    assert formats.format_number(value, places) == text


def test_percent_keeps_the_sign_with_the_number():
    assert formats.format_percent(Decimal("84.5")) == "84,50\u00a0%"
    assert formats.format_percent(100, 0) == "100\u00a0%"
    assert formats.format_percent(None) == ""


def test_template_filters():
    template = Template(
        "{% load cchc_formats %}{{ d|vn_date }}|{{ t|vn_datetime }}|{{ n|vn_number }}|{{ x|vn_number:2 }}|"
        "{{ p|vn_percent:1 }}"
    )
    context = Context({"d": dt.date(2026, 12, 4), "t": UTC_MORNING, "n": 1234, "x": 4.2, "p": 97.06})
    with translation.override("vi"):
        assert template.render(context) == "04/12/2026|10:30 ngày 04/12/2026|1.234|4,20|97,1\u00a0%"
    with translation.override("en"):
        assert template.render(context).startswith("4 December 2026|10:30, 4 December 2026|")
