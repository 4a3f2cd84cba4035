"""The readiness check of the working-day calendar: built, covering this year and the next."""

from __future__ import annotations

import pytest
from django.utils import timezone
from health_check.exceptions import ServiceUnavailable

from cchc.workdays import calendar
from cchc.workdays.health import CalendarLoaded

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_calendar():
    calendar.invalidate()
    yield
    calendar.invalidate()


def test_the_calendar_of_this_year_and_the_next_is_ready():
    CalendarLoaded().run()


def test_a_calendar_ending_this_year_is_not_ready(settings):
    settings.CCHC_CALENDAR_LAST_YEAR = timezone.localdate().year
    with pytest.raises(ServiceUnavailable, match=f"does not cover {timezone.localdate().year + 1}"):
        CalendarLoaded().run()


def test_a_calendar_that_cannot_be_built_is_not_ready(settings):
    settings.CCHC_OFFICE_HOURS = "nonsense"
    with pytest.raises(ServiceUnavailable, match="calendar not built"):
        CalendarLoaded().run()


def test_a_year_without_any_public_holiday_is_not_ready(monkeypatch):
    monkeypatch.setattr(calendar.WorkCalendar, "holidays_in", lambda self, year: [])
    with pytest.raises(ServiceUnavailable, match="no public holiday known"):
        CalendarLoaded().run()
