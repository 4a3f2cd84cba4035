"""Validity ranges overlap when they share a day (both ends included, None = open end)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from cchc.common.validity import ranges_overlap

FIRST, LAST = dt.date(2024, 12, 25), dt.date(2025, 1, 10)
ends = st.one_of(st.none(), st.dates(min_value=FIRST, max_value=LAST))


def _days(start, end) -> set[dt.date]:
    start, end = start or FIRST - dt.timedelta(days=1), end or LAST + dt.timedelta(days=1)
    return {start + dt.timedelta(days=n) for n in range((end - start).days + 1)}


def test_named_cases():
    d = dt.date
    assert ranges_overlap(d(2025, 1, 1), d(2025, 6, 30), d(2025, 6, 30), None)  # one shared day
    assert not ranges_overlap(d(2025, 1, 1), d(2025, 6, 30), d(2025, 7, 1), None)
    assert ranges_overlap(None, None, d(2025, 7, 1), d(2025, 7, 1))


@given(ends, ends, ends, ends)
def test_overlap_is_sharing_a_day(a_from, a_to, b_from, b_to):
    if (a_from and a_to and a_to < a_from) or (b_from and b_to and b_to < b_from):
        return  # not a range (the models' check constraints refuse it)
    shared = _days(a_from, a_to) & _days(b_from, b_to)
    assert ranges_overlap(a_from, a_to, b_from, b_to) == bool(shared)
