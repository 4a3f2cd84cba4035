"""Reporting periods: a year, a half-year, a quarter or a month, its key in a URL (``2026-q3``), its
Vietnamese label and its bounds as instants in the local time zone.

The indicators and the reports both measure over these periods, so both use this one definition.
"""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt
import re
from dataclasses import dataclass

from django.utils import timezone

# Quarters are written with Roman numerals in Vietnamese administrative text ("Quý III/2026").
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


class PeriodError(ValueError):
    """An invalid period (the message is Vietnamese and meant for the user)."""


_KEY = re.compile(r"^(\d{4})(?:-(h[12]|q[1-4]|m(?:0?[1-9]|1[0-2])))?$")


@dataclass(frozen=True)
class Period:
    start: dt.date  # inclusive
    end: dt.date  # inclusive
    label: str

    @classmethod
    def year(cls, y: int) -> Period:
        return cls(dt.date(y, 1, 1), dt.date(y, 12, 31), f"Năm {y}")

    @classmethod
    def half(cls, y: int, h: int) -> Period:
        if h not in (1, 2):
            raise PeriodError("Nửa năm phải là 1 hoặc 2.")
        if h == 1:
            return cls(dt.date(y, 1, 1), dt.date(y, 6, 30), f"6 tháng đầu năm {y}")
        return cls(dt.date(y, 7, 1), dt.date(y, 12, 31), f"6 tháng cuối năm {y}")

    @classmethod
    def quarter(cls, y: int, q: int) -> Period:
        if q not in (1, 2, 3, 4):
            raise PeriodError("Quý phải từ 1 đến 4.")
        first = 3 * (q - 1) + 1
        last = first + 2
        return cls(
            dt.date(y, first, 1), dt.date(y, last, pycalendar.monthrange(y, last)[1]), f"Quý {ROMAN[q]}/{y}"
        )

    @classmethod
    def month(cls, y: int, m: int) -> Period:
        if not 1 <= m <= 12:
            raise PeriodError("Tháng phải từ 1 đến 12.")
        return cls(dt.date(y, m, 1), dt.date(y, m, pycalendar.monthrange(y, m)[1]), f"Tháng {m}/{y}")

    @classmethod
    def parse(cls, key: str | None, *, default: Period | None = None) -> Period:
        """``2026`` (year), ``2026-h1`` (half), ``2026-q3`` (quarter), ``2026-m03`` (month).

        Raises PeriodError with a Vietnamese message for anything else.
        """
        key = (key or "").strip().lower()
        if not key:
            return default or cls.year(timezone.localdate().year)
        match = _KEY.match(key[:12])
        if not match:
            raise PeriodError(
                "Kỳ báo cáo không hợp lệ: dùng dạng 2026 (năm), 2026-h1 (6 tháng), 2026-q3 (quý) "
                "hoặc 2026-m03 (tháng)."
            )
        y = int(match.group(1))
        if not 2000 <= y <= 2100:
            raise PeriodError("Năm của kỳ báo cáo phải từ 2000 đến 2100.")
        part = match.group(2)
        if not part:
            return cls.year(y)
        n = int(part[1:])
        return {"h": cls.half, "q": cls.quarter, "m": cls.month}[part[0]](y, n)

    @property
    def key(self) -> str:
        y = self.start.year
        months = (self.end.year - y) * 12 + self.end.month - self.start.month + 1
        if months == 12:
            return str(y)
        if months == 6:
            return f"{y}-h{1 if self.start.month == 1 else 2}"
        if months == 3:
            return f"{y}-q{(self.start.month - 1) // 3 + 1}"
        return f"{y}-m{self.start.month:02d}"

    def previous_year(self) -> Period:
        start = self.start.replace(year=self.start.year - 1)
        end_y = self.end.year - 1
        end = dt.date(end_y, self.end.month, pycalendar.monthrange(end_y, self.end.month)[1])
        return Period(start, end, self.label.replace(str(self.end.year), str(end_y)))

    def months(self) -> list[Period]:
        out = []
        y, m = self.start.year, self.start.month
        while dt.date(y, m, 1) <= self.end:
            out.append(Period.month(y, m))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out

    def bounds(self, now: dt.datetime | None = None) -> tuple[dt.datetime, dt.datetime]:
        """(S, C): the period's first instant and its cut-off min(end of last day, now)."""
        tz = timezone.get_current_timezone()
        start = dt.datetime.combine(self.start, dt.time.min, tzinfo=tz)
        end = dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
        now = now or timezone.now()
        return start, min(end, now)
