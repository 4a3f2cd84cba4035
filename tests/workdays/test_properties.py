"""Property tests of the counting rules (domain.md §5) on the official calendar.

They use the session-wide ``cal`` fixture (built once, no database); the module-level functions
are thin wrappers around the same methods.
"""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from cchc.workdays.rules import DEFAULT_RULE, HOURS_RULE, CountingRule

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
FAST = settings(max_examples=200, deadline=None)

moments = st.datetimes(min_value=dt.datetime(2016, 1, 1), max_value=dt.datetime(2044, 6, 30)).map(
    lambda d: d.replace(tzinfo=HCM)
)
day_counts = st.integers(min_value=0, max_value=60)
quarter_hours = st.integers(min_value=0, max_value=400).map(lambda q: Decimal(q) / 4)
cutoffs = st.times(min_value=dt.time(7), max_value=dt.time(18)).map(lambda t: t.replace(microsecond=0))
rules = st.one_of(st.just(DEFAULT_RULE), st.just(HOURS_RULE), cutoffs.map(CountingRule.with_cutoff))


@FAST
@given(received=moments, n=st.integers(min_value=1, max_value=60), rule=rules)
def test_due_is_a_working_day_within_office_hours(cal, received, n, rule):
    due = cal.add_working_days(received, n, rule)
    assert cal.is_working_day(due.date())
    assert due.tzinfo is not None
    start, end = cal.intervals[0][0], cal.intervals[-1][1]
    t = (due.hour * 3600 + due.minute * 60 + due.second) * 1_000_000 + due.microsecond
    assert start < t <= end
    if rule is not HOURS_RULE:
        assert due.time() == dt.time(17, 0)


@FAST
@given(received=moments, n=day_counts, rule=rules)
def test_due_never_before_receipt(cal, received, n, rule):
    assert cal.add_working_days(received, n, rule) >= received


@FAST
@given(received=moments, a=day_counts, b=day_counts)
def test_days_are_additive(cal, received, a, b):
    # Adding a then b (from the due moment) equals adding a + b, for the DAYS rule.
    first = cal.add_working_days(received, a)
    assert cal.add_working_days(first, b) == cal.add_working_days(received, a + b)


@FAST
@given(received=moments, a=quarter_hours, b=quarter_hours)
def test_hours_are_additive(cal, received, a, b):
    first = cal.add_working_days(received, a, HOURS_RULE)
    assert cal.add_working_days(first, b, HOURS_RULE) == cal.add_working_days(received, a + b, HOURS_RULE)


@FAST
@given(received=moments, n=day_counts)
def test_working_days_between_inverts_days_rule(cal, received, n):
    due = cal.add_working_days(received, n)
    assert cal.working_days_between(received.date(), due.date()) == n
    assert cal.working_days_between(due.date(), received.date()) == -n


@FAST
@given(start=moments, minutes=st.integers(min_value=0, max_value=20_000))
def test_working_minutes_invert_add_working_minutes(cal, start, minutes):
    start = start.replace(second=0, microsecond=0)
    end = cal.add_working_minutes(start, minutes)
    assert end >= start
    assert cal.working_minutes_between(start, end) == minutes


@FAST
@given(day=st.dates(min_value=dt.date(2016, 1, 1), max_value=dt.date(2044, 12, 1)))
def test_next_working_day_is_the_first_working_day_after(cal, day):
    nxt = cal.next_working_day(day)
    assert nxt > day and cal.is_working_day(nxt)
    assert cal.working_days_between(day, nxt) == 1
    assert all(not cal.is_working_day(day + dt.timedelta(k)) for k in range(1, (nxt - day).days))
