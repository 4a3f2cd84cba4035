"""Readiness check of the working-day calendar (django-health-check): every time limit is counted
on it, so it must be built and cover this year and the next (``CCHC_CALENDAR_LAST_YEAR``), with
the public holidays of both years known."""

from __future__ import annotations

import dataclasses

from django.utils import timezone
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable

from cchc.workdays.calendar import get_calendar


@dataclasses.dataclass
class CalendarLoaded(HealthCheck):
    def run(self) -> None:
        try:
            calendar = get_calendar()
        except Exception as exc:  # a bad setting or an unreadable override table
            raise ServiceUnavailable(f"calendar not built: {type(exc).__name__}") from exc
        year = timezone.localdate().year
        for needed in (year, year + 1):
            if not calendar.first_year <= needed <= calendar.last_year:
                raise ServiceUnavailable(f"calendar does not cover {needed}")
            if not calendar.holidays_in(needed):
                raise ServiceUnavailable(f"no public holiday known for {needed}")
