"""Validity ranges: rows valid from a day to a day, either end open (``None``)."""

from __future__ import annotations

import datetime as dt


def ranges_overlap(
    a_from: dt.date | None, a_to: dt.date | None, b_from: dt.date | None, b_to: dt.date | None
) -> bool:
    """Whether two validity ranges (both ends included, None = open end) share at least one day."""
    return (a_from is None or b_to is None or a_from <= b_to) and (
        b_from is None or a_to is None or b_from <= a_to
    )
