"""The working-day calendar and the counting of time limits (domain.md §5).

A day is a **working day** when (domain.md §5, "Working days"):

1. it is Monday–Friday, and the ``holidays`` package (country VN) does not list it as a public
   holiday or a substitute day off (Tết and Giỗ Tổ are lunar; the package knows them); or it is a
   make-up working Saturday the package knows (``weekend_workdays``, e.g. 26/4/2025);
2. unless a :class:`~cchc.workdays.models.CalendarOverride` row says otherwise: kind ``off`` makes
   the date a day off, kind ``work`` makes it a working day (e.g. switching 24/11 "Ngày Văn hóa
   Việt Nam", which the package lists from 2026, back to a working day).

Counting (domain.md §5, "Start and end", Civil Code Đ147–148) follows a
:class:`~cchc.workdays.rules.CountingRule`:

- ``DAYS`` — the limit starts the day *after* receipt; the dossier falls due at the end of office
  hours (end of the last office-hour interval, 17:00 by default) on the n-th working day strictly
  after the receipt date. A dossier received on a Saturday is due, for n = 1, on the Monday.
- ``DAYS_WITH_CUTOFF`` — a dossier received *after* the cut-off time (strictly later, so 15:00:00
  is still "before"), or on a day that is not a working day, counts as received on the next working
  day; then as ``DAYS``.
- ``HOURS`` — n working hours (fractions allowed, e.g. 4.5) counted inside the office-hour
  intervals from the moment of receipt; outside office hours counting starts at the next interval
  start. When the count ends exactly at the end of an interval the due moment is that end (17:00
  the same day, not 07:30 the next working day).

n = 0 returns the receipt moment itself (as an aware datetime in ``settings.TIME_ZONE``): "due
immediately". A negative n is a :class:`ValueError`.

Implementation: the calendar precomputes, for the years ``CCHC_CALENDAR_FIRST_YEAR`` ..
``CCHC_CALENDAR_LAST_YEAR``, a sorted list of the ordinals (``date.toordinal()``) of the working
days and a flag per day, so each call is a couple of ``bisect`` look-ups — no database query and no
``holidays`` look-up per call. Working time is a single "working-time axis": position
``i * day_length + offset`` where ``i`` is the index of the working day and ``offset`` the office
time already elapsed that day; adding hours/minutes and measuring paused time (domain.md §5,
"Supplement pauses") are arithmetic on that axis.

The process-wide calendar is built lazily by :func:`get_calendar` and dropped by
:func:`invalidate`, which runs after any committed save/delete of a ``CalendarOverride`` (signals
connected in ``apps.py``). Other processes notice a change by re-checking ``(count,
max(updated_at))`` of the overrides at most every ``CCHC_CALENDAR_RECHECK_SECONDS`` seconds.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import re
import threading
import time
import zoneinfo
from bisect import bisect_left, bisect_right
from decimal import Decimal
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .rules import DEFAULT_RULE, CountingRule, RuleKind

logger = logging.getLogger(__name__)

__all__ = [
    "CalendarEntry",
    "WorkCalendar",
    "add_working_days",
    "add_working_minutes",
    "get_calendar",
    "holidays_in",
    "invalidate",
    "is_working_day",
    "iter_working_days",
    "next_working_day",
    "parse_office_hours",
    "working_days_between",
    "working_minutes_between",
]

_HOURS = RuleKind.HOURS  # module constants: enum attribute look-ups are slow in the hot path
_DAYS_WITH_CUTOFF = RuleKind.DAYS_WITH_CUTOFF

_US_PER_SECOND = 1_000_000
_US_PER_MINUTE = 60 * _US_PER_SECOND
_US_PER_HOUR = 60 * _US_PER_MINUTE

WEEKDAYS_VI = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")

SOURCE_HOLIDAYS = "holidays"
SOURCE_OVERRIDE = "override"


class CalendarEntry(NamedTuple):
    """One line of :func:`holidays_in`: a day off or a make-up working day.

    ``source`` is ``"holidays"`` (the ``holidays`` package) or ``"override"`` (a
    ``CalendarOverride`` row). Whether the day is worked: :func:`is_working_day` of ``date``.
    """

    date: dt.date
    name: str
    source: str


_INTERVAL_RE = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


def parse_office_hours(value: str) -> tuple[tuple[int, int], ...]:
    """Parse ``"07:30-11:30,13:30-17:00"`` into ``((start_us, end_us), ...)``, microseconds of day.

    Intervals must be well formed, non-empty, in order and not overlapping; otherwise
    :class:`~django.core.exceptions.ImproperlyConfigured` says which part is wrong.
    """
    if not isinstance(value, str) or not value.strip():
        raise ImproperlyConfigured(
            f"CCHC_OFFICE_HOURS is empty or not a string ({value!r}); expected e.g. '07:30-11:30,13:30-17:00'"
        )
    intervals: list[tuple[int, int]] = []
    for part in value.split(","):
        m = _INTERVAL_RE.match(part)
        if not m:
            raise ImproperlyConfigured(
                f"CCHC_OFFICE_HOURS={value!r}: bad interval {part.strip()!r}; expected HH:MM-HH:MM "
                "separated by commas, e.g. '07:30-11:30,13:30-17:00'"
            )
        h1, m1, h2, m2 = (int(g) for g in m.groups())
        if not (h1 < 24 and m1 < 60 and h2 <= 24 and m2 < 60 and (h2 < 24 or m2 == 0)):
            raise ImproperlyConfigured(f"CCHC_OFFICE_HOURS={value!r}: {part.strip()!r} is not a valid time")
        start = (h1 * 60 + m1) * _US_PER_MINUTE
        end = (h2 * 60 + m2) * _US_PER_MINUTE
        if end <= start:
            raise ImproperlyConfigured(
                f"CCHC_OFFICE_HOURS={value!r}: interval {part.strip()!r} ends before it starts"
            )
        if intervals and start < intervals[-1][1]:
            raise ImproperlyConfigured(
                f"CCHC_OFFICE_HOURS={value!r}: interval {part.strip()!r} overlaps or precedes the previous"
            )
        intervals.append((start, end))
    return tuple(intervals)


def _time_of_us(us: int) -> dt.time:
    if us >= 24 * _US_PER_HOUR:  # "24:00" as an interval end
        return dt.time.max
    seconds, micro = divmod(us, _US_PER_SECOND)
    minutes, second = divmod(seconds, 60)
    hour, minute = divmod(minutes, 60)
    return dt.time(hour, minute, second, micro)


@functools.lru_cache(maxsize=4)
def _package_calendar(first_year: int, last_year: int) -> tuple[dict[dt.date, str], dict[dt.date, str]]:
    """Public holidays and make-up working days from the ``holidays`` package (cached per process).

    Returns ``(days_off, makeup_days)``, each date → Vietnamese name. This is the slow part of a
    build (~0.2 s); overrides change, the package data does not, so rebuilding after an override
    edit only redoes the cheap part.
    """
    import holidays

    vn = holidays.country_holidays("VN", years=range(first_year, last_year + 1), language="vi")
    days_off = {d: str(name) for d, name in vn.items() if first_year <= d.year <= last_year}
    # "Ngày nghỉ (thay cho ngày 26/04/2025)": the day off that a make-up Saturday pays for.
    swapped_for = {}
    for d, name in days_off.items():
        m = re.search(r"thay cho ngày (\d{2}/\d{2}/\d{4})", name)
        if m:
            swapped_for[m.group(1)] = d
    makeup: dict[dt.date, str] = {}
    for d in sorted(getattr(vn, "weekend_workdays", ()) or ()):
        if first_year <= d.year <= last_year:
            off = swapped_for.get(f"{d:%d/%m/%Y}")
            makeup[d] = f"Ngày làm việc bù (cho ngày nghỉ {off:%d/%m/%Y})" if off else "Ngày làm việc bù"
    return days_off, makeup


class WorkCalendar:
    """Precomputed working days for ``first_year`` .. ``last_year`` (see the module docstring).

    Build it with :meth:`build` (from the database and settings) or directly with explicit
    overrides (tests, benchmarks): ``WorkCalendar(overrides={date: ("off"|"work", name)})``.
    """

    def __init__(
        self,
        *,
        overrides: dict[dt.date, tuple[str, str]] | None = None,
        office_hours: str | None = None,
        first_year: int | None = None,
        last_year: int | None = None,
        time_zone: str | None = None,
        signature: tuple | None = None,
    ) -> None:
        self.first_year = settings.CCHC_CALENDAR_FIRST_YEAR if first_year is None else first_year
        self.last_year = settings.CCHC_CALENDAR_LAST_YEAR if last_year is None else last_year
        if self.last_year < self.first_year:
            raise ImproperlyConfigured("CCHC_CALENDAR_LAST_YEAR is before CCHC_CALENDAR_FIRST_YEAR")
        self.tz = zoneinfo.ZoneInfo(time_zone or settings.TIME_ZONE)
        self.intervals = parse_office_hours(
            settings.CCHC_OFFICE_HOURS if office_hours is None else office_hours
        )
        self.day_us = sum(end - start for start, end in self.intervals)
        self.day_end = _time_of_us(self.intervals[-1][1])
        self.overrides = dict(overrides or {})
        self.signature = signature

        self.first_date = dt.date(self.first_year, 1, 1)
        self.last_date = dt.date(self.last_year, 12, 31)
        self.first_ord = self.first_date.toordinal()
        self.last_ord = self.last_date.toordinal()

        self.days_off, self.makeup_days = _package_calendar(self.first_year, self.last_year)
        flags = bytearray(self.last_ord - self.first_ord + 1)
        for o in range(self.first_ord, self.last_ord + 1):
            flags[o - self.first_ord] = self._base_working(dt.date.fromordinal(o))
        for d, (kind, _name) in self.overrides.items():
            if self.first_ord <= d.toordinal() <= self.last_ord:
                flags[d.toordinal() - self.first_ord] = kind == "work"
        self._flags = bytes(flags)
        self._days = [self.first_ord + i for i, f in enumerate(self._flags) if f]
        if not self._days:
            raise ImproperlyConfigured("the working-day calendar has no working day at all")
        # The DAYS rules always answer "end of office hours of working day i": precompute them
        # (immutable datetimes, safe to share) so the hot path builds no datetime.
        self._day_ends = [
            dt.datetime.combine(dt.date.fromordinal(o), self.day_end, tzinfo=self.tz) for o in self._days
        ]

    # --- construction -------------------------------------------------------------------------

    @classmethod
    def build(cls) -> WorkCalendar:
        """Build from settings, the ``holidays`` package and the ``CalendarOverride`` table."""
        from .models import CalendarOverride

        rows = list(CalendarOverride.objects.values_list("date", "kind", "name", "updated_at"))
        overrides = {d: (kind, name) for d, kind, name, _u in rows}
        signature = (len(rows), max((u for *_r, u in rows), default=None))
        return cls(overrides=overrides, signature=signature)

    def _base_working(self, day: dt.date) -> bool:
        if day in self.makeup_days:
            return True
        return day.weekday() < 5 and day not in self.days_off

    def base_is_working_day(self, day: dt.date) -> bool:
        """Whether ``day`` is worked by the ``holidays`` package alone, ignoring every override."""
        self._check_date(day)
        return self._base_working(day)

    # --- helpers -----------------------------------------------------------------------------

    def _range_error(self, day: dt.date) -> ValueError:
        return ValueError(
            f"Ngày {day:%d/%m/%Y} nằm ngoài phạm vi lịch làm việc đã tính sẵn "
            f"({self.first_date:%d/%m/%Y}–{self.last_date:%d/%m/%Y}; "
            "xem CCHC_CALENDAR_FIRST_YEAR/CCHC_CALENDAR_LAST_YEAR)"
        )

    def _beyond_error(self) -> ValueError:
        return ValueError(
            f"Hạn xử lý vượt quá ngày cuối của lịch làm việc đã tính sẵn ({self.last_date:%d/%m/%Y}; "
            "xem CCHC_CALENDAR_LAST_YEAR)"
        )

    def _check_date(self, day: dt.date) -> int:
        if isinstance(day, dt.datetime):
            day = day.date()
        o = day.toordinal()
        if o < self.first_ord or o > self.last_ord:
            raise self._range_error(day)
        return o

    @staticmethod
    def _checked_datetime(moment) -> dt.datetime:
        if not isinstance(moment, dt.datetime):
            raise TypeError(f"expected a datetime, got {type(moment).__name__}")
        return moment

    def _local(self, moment: dt.datetime) -> dt.datetime:
        """Aware datetime in the calendar's zone; naive input is taken as local time."""
        self._checked_datetime(moment)
        if moment.tzinfo is None:
            return moment.replace(tzinfo=self.tz)
        return moment.astimezone(self.tz)

    @staticmethod
    def _whole_days(n: int | Decimal | float) -> int:
        if n < 0:
            raise ValueError(f"số ngày phải không âm (nhận {n})")
        whole = int(n)
        if whole != n:
            raise ValueError(f"số ngày làm việc phải là số nguyên (nhận {n}); dùng quy tắc tính theo giờ")
        return whole

    @staticmethod
    def _to_us(amount: int | Decimal | float, unit_us: int, what: str) -> int:
        if amount < 0:
            raise ValueError(f"số {what} phải không âm (nhận {amount})")
        if type(amount) is int:
            return amount * unit_us
        if not isinstance(amount, Decimal):
            amount = Decimal(str(amount))
        return int((amount * unit_us).to_integral_value())

    def _position(self, local: dt.datetime) -> int:
        """Working microseconds from the start of the first working day to ``local``."""
        o = local.toordinal()
        if o < self.first_ord or o > self.last_ord:
            raise self._range_error(local.date())
        idx = bisect_left(self._days, o)
        pos = idx * self.day_us
        if idx < len(self._days) and self._days[idx] == o:
            t = ((local.hour * 60 + local.minute) * 60 + local.second) * _US_PER_SECOND + local.microsecond
            for start, end in self.intervals:
                if t <= start:
                    break
                if t < end:
                    pos += t - start
                    break
                pos += end - start
        elif idx >= len(self._days):
            raise self._beyond_error()
        return pos

    def _at_position(self, pos: int) -> dt.datetime:
        """Inverse of :meth:`_position`; an exact interval end stays on that end (not the next start)."""
        idx, rem = divmod(pos, self.day_us)
        if rem == 0 and idx > 0:
            idx, rem = idx - 1, self.day_us
        if idx >= len(self._days):
            raise self._beyond_error()
        for start, end in self.intervals:
            if rem <= end - start:
                t = start + rem
                break
            rem -= end - start
        return dt.datetime.combine(dt.date.fromordinal(self._days[idx]), _time_of_us(t), tzinfo=self.tz)

    # --- public API ----------------------------------------------------------------------------

    def is_working_day(self, day: dt.date) -> bool:
        return bool(self._flags[self._check_date(day) - self.first_ord])

    def next_working_day(self, day: dt.date) -> dt.date:
        """The first working day strictly after ``day``."""
        i = bisect_right(self._days, self._check_date(day))
        if i >= len(self._days):
            raise self._beyond_error()
        return dt.date.fromordinal(self._days[i])

    def add_working_days(
        self, received_at: dt.datetime, n: int | Decimal, rule: CountingRule = DEFAULT_RULE
    ) -> dt.datetime:
        """Due moment of a dossier received at ``received_at`` with a limit of ``n`` (module docs)."""
        # inlined self._local(): this is the hot path (see bench/bench_workdays.py)
        if received_at.__class__ is not dt.datetime:
            received_at = self._checked_datetime(received_at)
        local = (
            received_at.replace(tzinfo=self.tz)
            if received_at.tzinfo is None
            else received_at.astimezone(self.tz)
        )
        kind = rule.kind
        if kind is _HOURS:
            us = self._to_us(n, _US_PER_HOUR, "giờ")
            return local if us == 0 else self._at_position(self._position(local) + us)
        if type(n) is not int or n < 0:
            n = self._whole_days(n)
        if n == 0:
            return local
        o = local.toordinal()
        if o < self.first_ord or o > self.last_ord:
            raise self._range_error(local.date())
        days = self._days
        idx = bisect_right(days, o) + n - 1
        if kind is _DAYS_WITH_CUTOFF and (not self._flags[o - self.first_ord] or local.time() > rule.cutoff):
            idx += 1  # received late or on a day off: counts as received on the next working day
        if idx >= len(days):
            raise self._beyond_error()
        return self._day_ends[idx]

    def working_days_between(self, a: dt.date, b: dt.date) -> int:
        """Working days ``d`` with ``a < d <= b``; negative (−count of ``b < d <= a``) if ``b < a``."""
        return bisect_right(self._days, self._check_date(b)) - bisect_right(self._days, self._check_date(a))

    @property
    def day_minutes(self) -> int:
        """Length of one working day in minutes (450 with the default office hours)."""
        return self.day_us // 60_000_000

    def working_minutes_between(self, start: dt.datetime, end: dt.datetime) -> int:
        """Whole office-hour minutes between two moments (truncated; negative if ``end < start``)."""
        diff = self._position(self._local(end)) - self._position(self._local(start))
        minutes = abs(diff) // _US_PER_MINUTE
        return minutes if diff >= 0 else -minutes

    def add_working_minutes(self, start: dt.datetime, minutes: int | Decimal | float) -> dt.datetime:
        """``start`` plus ``minutes`` of office time (same conventions as the HOURS rule)."""
        local = self._local(start)
        us = self._to_us(minutes, _US_PER_MINUTE, "phút")
        return local if us == 0 else self._at_position(self._position(local) + us)

    def holidays_in(self, year: int) -> list[CalendarEntry]:
        """Days off and make-up working days of ``year``, sorted by date.

        Package entries (``source="holidays"``) whose date has an override are replaced by the
        override's entry (``source="override"``). Days off falling on a weekend are listed too.
        """
        if not self.first_year <= year <= self.last_year:
            raise self._range_error(dt.date(year, 1, 1))
        entries: dict[dt.date, CalendarEntry] = {}
        for source_days in (self.days_off, self.makeup_days):
            for d, name in source_days.items():
                if d.year == year:
                    entries[d] = CalendarEntry(d, name, SOURCE_HOLIDAYS)
        for d, (_kind, name) in self.overrides.items():
            if d.year == year:
                entries[d] = CalendarEntry(d, name, SOURCE_OVERRIDE)
        return [entries[d] for d in sorted(entries)]


# --- the process-wide calendar ---------------------------------------------------------------

_calendar: WorkCalendar | None = None
_next_check = 0.0
_lock = threading.Lock()


def _signature() -> tuple:
    from django.db.models import Count, Max

    from .models import CalendarOverride

    agg = CalendarOverride.objects.aggregate(n=Count("id"), last=Max("updated_at"))
    return (agg["n"], agg["last"])


def get_calendar() -> WorkCalendar:
    """The process-wide calendar, built on first use and re-checked against the database at most
    every ``CCHC_CALENDAR_RECHECK_SECONDS`` (one cheap aggregate query) for edits made by other
    processes."""
    global _calendar, _next_check
    cal = _calendar
    if cal is not None and time.monotonic() < _next_check:
        return cal
    with _lock:
        cal = _calendar
        now = time.monotonic()
        if cal is not None and now < _next_check:
            return cal
        if cal is None:
            cal = WorkCalendar.build()
        else:
            try:
                changed = _signature() != cal.signature
            except Exception:  # the database is unreachable: keep serving the calendar we have
                logger.warning("workdays: cannot re-check calendar overrides", exc_info=True)
                changed = False
            if changed:
                logger.info("workdays: calendar overrides changed, rebuilding")
                cal = WorkCalendar.build()
        _calendar = cal
        _next_check = now + float(settings.CCHC_CALENDAR_RECHECK_SECONDS)
        return cal


def invalidate() -> None:
    """Drop the process-wide calendar; the next call rebuilds it (cheap: package data is cached)."""
    global _calendar
    with _lock:
        _calendar = None


def on_override_changed(sender=None, **kwargs) -> None:
    """post_save / post_delete of ``CalendarOverride``: rebuild once the transaction commits."""
    from django.db import transaction

    transaction.on_commit(invalidate, using=kwargs.get("using"))


# --- module-level API (what the rest of the system uses) ---------------------------------------


def is_working_day(day: dt.date) -> bool:
    """Whether ``day`` (a date, in the local calendar) is a working day (domain.md §5)."""
    return get_calendar().is_working_day(day)


def add_working_days(
    received_at: dt.datetime, n: int | Decimal, rule: CountingRule = DEFAULT_RULE
) -> dt.datetime:
    """Due moment for a dossier received at ``received_at`` with a limit of ``n`` under ``rule``.

    See the module docstring for the rules; aware datetime in ``settings.TIME_ZONE`` out, naive
    input read as local time; n = 0 returns ``received_at`` (same instant, local zone); n < 0,
    fractional days, or dates outside the precomputed years raise :class:`ValueError`.
    """
    cal = _calendar
    if cal is None or time.monotonic() >= _next_check:  # inlined fast path of get_calendar()
        cal = get_calendar()
    return cal.add_working_days(received_at, n, rule)


def working_days_between(a: dt.date, b: dt.date) -> int:
    """Working days ``d`` with ``a < d <= b`` (negative if ``b < a``); the inverse of the DAYS rule:
    ``working_days_between(r.date(), add_working_days(r, n).date()) == n`` (r in local time)."""
    return get_calendar().working_days_between(a, b)


def working_minutes_between(start: dt.datetime, end: dt.datetime) -> int:
    """Whole office-hour minutes from ``start`` to ``end`` (e.g. time paused for a supplement)."""
    return get_calendar().working_minutes_between(start, end)


def add_working_minutes(start: dt.datetime, minutes: int | Decimal | float) -> dt.datetime:
    """``start`` plus ``minutes`` of office time (e.g. shifting a due date by a paused time)."""
    return get_calendar().add_working_minutes(start, minutes)


def next_working_day(day: dt.date) -> dt.date:
    """The first working day strictly after ``day``."""
    return get_calendar().next_working_day(day)


def holidays_in(year: int) -> list[CalendarEntry]:
    """Days off and make-up days of ``year`` as ``(date, name, source)``; source is ``"holidays"``
    or ``"override"``; use :func:`is_working_day` to tell a day off from a make-up day."""
    return get_calendar().holidays_in(year)


def iter_working_days(a: dt.date, b: dt.date) -> list[dt.date]:
    """Working days ``d`` with ``a <= d <= b`` (for reports and views)."""
    cal = get_calendar()
    lo = bisect_left(cal._days, cal._check_date(a))
    hi = bisect_right(cal._days, cal._check_date(b))
    return [dt.date.fromordinal(o) for o in cal._days[lo:hi]]
