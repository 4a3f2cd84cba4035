import pytest

from cchc.workdays import calendar
from cchc.workdays.calendar import WorkCalendar


@pytest.fixture(scope="session")
def cal() -> WorkCalendar:
    """The official calendar (no overrides), built once per session without the database."""
    return WorkCalendar(overrides={})


@pytest.fixture(autouse=True)
def _no_stale_overrides():
    """A test's overrides are rolled back with its transaction, but the process-wide calendar
    may have been rebuilt with them: drop it then (a rebuild costs ~20 ms; package data is cached)."""
    yield
    current = calendar._calendar
    if current is not None and current.overrides:
        calendar.invalidate()
