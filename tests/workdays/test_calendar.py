"""The real calendars of 2025 and 2026 and the counting rules (domain.md §5)."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ImproperlyConfigured

from cchc.workdays import calendar
from cchc.workdays.calendar import (
    add_working_days,
    add_working_minutes,
    holidays_in,
    is_working_day,
    next_working_day,
    parse_office_hours,
    working_days_between,
    working_minutes_between,
)
from cchc.workdays.rules import HOURS_RULE, CountingRule

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
CUTOFF = CountingRule.with_cutoff(dt.time(15, 0))


def at(y, m, d, hh=0, mm=0):
    return dt.datetime(y, m, d, hh, mm, tzinfo=HCM)


@pytest.mark.parametrize(
    "day",
    [dt.date(2026, 2, d) for d in range(16, 21)]  # Tết Bính Ngọ
    + [dt.date(2025, 5, 2), dt.date(2025, 9, 1), dt.date(2025, 9, 2), dt.date(2025, 4, 7)]
    + [dt.date(2025, 1, 1), dt.date(2026, 4, 27), dt.date(2026, 8, 31), dt.date(2026, 11, 24)]
    + [dt.date(2026, 2, 14), dt.date(2026, 2, 15)],
)
def test_days_off(day):
    assert not is_working_day(day)


@pytest.mark.parametrize(
    "day", [dt.date(2025, 4, 26), dt.date(2026, 8, 22), dt.date(2026, 2, 13), dt.date(2026, 2, 23)]
)
def test_working_days_including_make_up_saturdays(day):
    assert is_working_day(day)


def test_five_days_across_tet_2026():
    # Fri 13/2 received; 14–15 weekend, 16–20 Tết; day 1 = Mon 23/2 … day 5 = Fri 27/2.
    due = add_working_days(at(2026, 2, 13, 10), 5)
    assert due == at(2026, 2, 27, 17)
    assert due.isoformat() == "2026-02-27T17:00:00+07:00"
    assert due.tzinfo is not None and due.utcoffset() == dt.timedelta(hours=7)


def test_days_rule_starts_the_day_after_and_ends_at_end_of_office_hours():
    assert add_working_days(at(2026, 3, 2, 7, 0), 1) == at(2026, 3, 3, 17)
    assert add_working_days(at(2026, 3, 2, 23, 59), 1) == at(2026, 3, 3, 17)
    # received on a Saturday: day 1 is the Monday
    assert add_working_days(at(2026, 3, 7, 9), 1) == at(2026, 3, 9, 17)


def test_swap_of_2025():
    # Fri 25/4 + 1 → Sat 26/4 (make-up day); Tue 29/4 + 1 → Mon 5/5 (30/4, 1/5, 2/5 off, weekend)
    assert add_working_days(at(2025, 4, 25, 9), 1) == at(2025, 4, 26, 17)
    assert add_working_days(at(2025, 4, 29, 9), 1) == at(2025, 5, 5, 17)
    assert add_working_days(at(2025, 8, 29, 9), 1) == at(2025, 9, 3, 17)


def test_zero_returns_receipt_and_negative_is_refused():
    r = at(2026, 2, 13, 10)
    assert add_working_days(r, 0) == r
    assert add_working_days(r, 0, HOURS_RULE) == r
    assert add_working_days(r, 0, CUTOFF) == r
    with pytest.raises(ValueError):
        add_working_days(r, -1)
    with pytest.raises(ValueError):
        add_working_days(r, Decimal("-0.5"), HOURS_RULE)
    with pytest.raises(ValueError, match="số nguyên"):
        add_working_days(r, Decimal("1.5"))
    assert add_working_days(r, Decimal("5")) == at(2026, 2, 27, 17)


def test_naive_input_is_local_and_other_zones_are_converted():
    assert add_working_days(dt.datetime(2026, 2, 13, 10), 5) == at(2026, 2, 27, 17)
    # 2026-02-13 20:00 UTC is 03:00 on Saturday 14/2 in Hà Nội: day 1 is 23/2
    utc = dt.datetime(2026, 2, 13, 20, tzinfo=dt.UTC)
    assert add_working_days(utc, 1) == at(2026, 2, 23, 17)
    assert add_working_days(utc, 1).tzinfo == HCM


def test_cutoff_rule():
    assert add_working_days(at(2026, 3, 2, 14, 59), 1, CUTOFF) == at(2026, 3, 3, 17)
    assert add_working_days(at(2026, 3, 2, 15, 0), 1, CUTOFF) == at(2026, 3, 3, 17)
    assert add_working_days(at(2026, 3, 2, 15, 1), 1, CUTOFF) == at(2026, 3, 4, 17)
    # Friday before Tết after the cut-off: counts as received Mon 23/2 → day 1 = Tue 24/2
    assert add_working_days(at(2026, 2, 13, 16), 1, CUTOFF) == at(2026, 2, 24, 17)
    # received on a non-working day (Sunday) in the morning: counts as received on Monday
    assert add_working_days(at(2026, 3, 8, 9), 1, CUTOFF) == at(2026, 3, 10, 17)
    assert add_working_days(at(2026, 3, 8, 9), 1) == at(2026, 3, 9, 17)


def test_hours_rule_skips_lunch_and_nights():
    # 10:00–11:30 = 1.5 h, then 13:30 + 2.5 h = 16:00 (the lunch break 11:30–13:30 does not count)
    assert add_working_days(at(2026, 3, 2, 10), 4, HOURS_RULE) == at(2026, 3, 2, 16)
    assert add_working_days(at(2026, 3, 2, 10), Decimal("4.5"), HOURS_RULE) == at(2026, 3, 2, 16, 30)
    assert add_working_days(at(2026, 3, 2, 10), 1.5, HOURS_RULE) == at(2026, 3, 2, 11, 30)
    # ends exactly at 17:00: that is the due moment, not 07:30 the next day
    assert add_working_days(at(2026, 3, 2, 16), 1, HOURS_RULE) == at(2026, 3, 2, 17)
    assert add_working_days(at(2026, 3, 2, 7, 30), 7.5, HOURS_RULE) == at(2026, 3, 2, 17)
    # outside office hours: counting starts at the next interval start
    assert add_working_days(at(2026, 3, 2, 12), 1, HOURS_RULE) == at(2026, 3, 2, 14, 30)
    assert add_working_days(at(2026, 3, 2, 6), 1, HOURS_RULE) == at(2026, 3, 2, 8, 30)
    assert add_working_days(at(2026, 3, 2, 18), 1, HOURS_RULE) == at(2026, 3, 3, 8, 30)
    # across Tết
    assert add_working_days(at(2026, 2, 13, 16), 8, HOURS_RULE) == at(2026, 2, 23, 16, 30)


def test_working_days_between():
    assert working_days_between(dt.date(2026, 2, 1), dt.date(2026, 3, 1)) == 15
    assert working_days_between(dt.date(2026, 3, 1), dt.date(2026, 2, 1)) == -15
    assert working_days_between(dt.date(2026, 2, 13), dt.date(2026, 2, 13)) == 0
    assert working_days_between(dt.date(2026, 2, 13), dt.date(2026, 2, 27)) == 5
    # whole year 2025: 261 weekdays − 12 weekday days off + 1 make-up Saturday (26/4)
    assert working_days_between(dt.date(2024, 12, 31), dt.date(2025, 12, 31)) == 250


def test_working_minutes():
    assert working_minutes_between(at(2026, 2, 13, 16), at(2026, 2, 23, 8)) == 90
    assert working_minutes_between(at(2026, 2, 23, 8), at(2026, 2, 13, 16)) == -90
    assert working_minutes_between(at(2026, 3, 2, 11), at(2026, 3, 2, 14)) == 60
    assert working_minutes_between(at(2026, 3, 2, 0), at(2026, 3, 3, 0)) == 450
    assert add_working_minutes(at(2026, 2, 13, 16), 90) == at(2026, 2, 23, 8)
    assert add_working_minutes(at(2026, 3, 2, 11), 30) == at(2026, 3, 2, 11, 30)
    assert add_working_minutes(at(2026, 3, 2, 11), 31) == at(2026, 3, 2, 13, 31)
    assert add_working_minutes(at(2026, 3, 2, 12), 0) == at(2026, 3, 2, 12)


def test_next_working_day():
    assert next_working_day(dt.date(2026, 2, 13)) == dt.date(2026, 2, 23)
    assert next_working_day(dt.date(2025, 4, 25)) == dt.date(2025, 4, 26)


def test_holidays_in_2025_lists_days_off_and_make_up_days():
    entries = holidays_in(2025)
    by_date = {e.date: e for e in entries}
    assert [e.date for e in entries] == sorted(by_date)
    assert by_date[dt.date(2025, 4, 26)].source == "holidays"
    assert is_working_day(dt.date(2025, 4, 26))
    assert "26/04/2025" in by_date[dt.date(2025, 5, 2)].name
    assert {dt.date(2025, 9, 1), dt.date(2025, 9, 2)} <= set(by_date)
    date_, name, source = entries[0]
    assert name == "Tết Dương lịch"
    assert (date_, source) == (dt.date(2025, 1, 1), "holidays")


def test_out_of_range_dates_are_refused_clearly():
    with pytest.raises(ValueError, match="ngoài phạm vi"):
        add_working_days(at(2014, 12, 31, 10), 1)
    with pytest.raises(ValueError, match="ngoài phạm vi"):
        is_working_day(dt.date(2046, 1, 1))
    with pytest.raises(ValueError, match="vượt quá"):
        add_working_days(at(2045, 12, 20, 10), 30)
    with pytest.raises(ValueError, match="ngoài phạm vi"):
        working_days_between(dt.date(2026, 1, 1), dt.date(2050, 1, 1))
    with pytest.raises(ValueError):
        holidays_in(2050)


def test_not_a_datetime():
    with pytest.raises(TypeError):
        add_working_days(dt.date(2026, 2, 13), 1)


@pytest.mark.parametrize(
    "value", ["", "7:30-11:30;13:30-17:00", "07:30-11:30,11:00-17:00", "17:00-07:30", "07:75-11:00", "abc"]
)
def test_bad_office_hours(value):
    with pytest.raises(ImproperlyConfigured, match="CCHC_OFFICE_HOURS"):
        parse_office_hours(value)


def test_office_hours_setting_is_used(settings):
    settings.CCHC_OFFICE_HOURS = "08:00-12:00,13:00-16:30"
    calendar.invalidate()
    try:
        assert add_working_days(at(2026, 3, 2, 10), 1) == at(2026, 3, 3, 16, 30)
        assert add_working_days(at(2026, 3, 2, 11), 2, HOURS_RULE) == at(2026, 3, 2, 14)
    finally:
        calendar.invalidate()


def test_recheck_picks_up_changes_made_by_another_process(settings):
    from cchc.workdays.models import CalendarOverride

    settings.CCHC_CALENDAR_RECHECK_SECONDS = 0
    calendar.invalidate()
    assert is_working_day(dt.date(2026, 3, 3))
    # a row written without this process's signals (e.g. by another process)
    CalendarOverride.objects.bulk_create([CalendarOverride(date=dt.date(2026, 3, 3), kind="off", name="x")])
    assert not is_working_day(dt.date(2026, 3, 3))
