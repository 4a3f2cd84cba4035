"""The engine's two sources agree: monthly tallies + live dossiers = a full live count (decision 0010).

``grouped_counts`` reads dossiers finished before the split point from ``DossierTally`` and the rest
live. Forcing the split point before every dossier makes it a plain live count of the same rule; the
two must give the same numbers for any dossiers, any period (month-aligned or not) and any "now".
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc.dossiers.models import Channel, Dossier, DossierTally, Outcome, Status
from cchc.indicators import engine
from cchc.indicators.engine import Period
from tests.indicators.conftest import TZ

EVERYTHING_LIVE = dt.datetime(2000, 1, 1, tzinfo=TZ)

_moment = st.datetimes(
    min_value=dt.datetime(2025, 10, 1), max_value=dt.datetime(2026, 8, 31), timezones=st.just(TZ)
)
_boundary = st.builds(
    lambda y, m, h: dt.datetime(y, m, 1, tzinfo=TZ) + dt.timedelta(minutes=h),
    st.just(2026),
    st.integers(1, 8),
    st.sampled_from([-1, 0, 1]),  # just before, exactly at, just after a month's first instant
)


@st.composite
def _dossier(draw):
    received = draw(_moment | _boundary)
    due = draw(st.none() | st.builds(lambda d: received + dt.timedelta(days=d), st.integers(0, 60)))
    finished = draw(st.none() | st.builds(lambda d: received + dt.timedelta(days=d), st.integers(0, 90)))
    status = Status.IN_PROCESS
    if finished is not None:
        status = draw(st.sampled_from([Status.RETURNED, Status.REFUSED, Status.STOPPED, Status.RESULT_READY]))
    elif draw(st.booleans()):
        status = Status.WAITING_SUPPLEMENT
    outcome = ""
    if status in (Status.RETURNED, Status.RESULT_READY):
        outcome = draw(st.sampled_from([Outcome.APPROVED, Outcome.REJECTED]))
    return {
        "received_at": received,
        "due_at": due,
        "finished_at": finished,
        "status": status,
        "outcome": outcome,
        "paused_since": received + dt.timedelta(days=1) if status == Status.WAITING_SUPPLEMENT else None,
        "supplement_count": draw(st.integers(0, 2)),
        "apologised_at": draw(st.none() | st.just(received + dt.timedelta(days=2))),
        "channel": draw(st.sampled_from(list(Channel))),
        "paper_reason": draw(st.sampled_from(["", "Người cao tuổi"])),
        "result_code": draw(st.sampled_from(["", "KQ1"])),
        "fee_amount": draw(st.sampled_from([0, 50000])),
        "paid_online": draw(st.integers(0, 1)),
        "digitised_components": draw(st.booleans()),
        "data_reused": draw(st.booleans()),
        "vneid_verified": draw(st.booleans()),
        "second_version": draw(st.booleans()),
    }


_period = st.one_of(
    st.builds(Period.year, st.just(2026)),
    st.builds(Period.quarter, st.just(2026), st.integers(1, 3)),
    st.builds(Period.month, st.just(2026), st.integers(1, 8)),
    st.builds(Period.half, st.just(2026), st.integers(1, 2)),
    # not month-aligned: the split point moves before it
    st.builds(
        lambda a, b: Period(
            dt.date(2026, 1, 1) + dt.timedelta(days=a), dt.date(2026, 1, 1) + dt.timedelta(days=a + b), "x"
        ),
        st.integers(0, 200),
        st.integers(0, 120),
    ),
)


def _counts(period, unit, now, split=None):
    rows = engine.grouped_counts(
        on_time={"": period, "p_": period.previous_year()}, received=period, unit=unit, now=now, split=split
    )
    out = {}
    for r in rows:
        counts = {k: v for k, v in r.items() if k != "pv" and v}
        if counts:
            out[r["pv"]] = counts
    return out


@pytest.mark.django_db
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    rows=st.lists(_dossier(), min_size=1, max_size=25),
    period=_period,
    now=_moment | _boundary,
    by_unit=st.booleans(),
)
def test_tallies_plus_live_equal_a_full_live_count(world, rows, period, now, by_unit):
    Dossier.objects.all().delete()
    DossierTally.objects.all().delete()
    for values in rows:
        values = dict(values)
        version = world.vb if values.pop("second_version") else world.va
        finished = values.pop("finished_at")
        d = world.dossier(version, received=values.pop("received_at"), due=values.pop("due_at"), **values)
        if finished is not None:
            Dossier.objects.filter(pk=d.pk).update(finished_at=finished)  # through the update trigger
    unit = world.a if by_unit else None
    assert _counts(period, unit, now) == _counts(period, unit, now, split=EVERYTHING_LIVE)


@pytest.mark.django_db
def test_the_tallies_are_actually_read(world, django_assert_max_num_queries):
    """Dossiers finished before the split point are counted from the tallies, not re-read."""
    world.dossier(
        received=dt.datetime(2026, 2, 2, 9, tzinfo=TZ),
        due=dt.datetime(2026, 2, 5, 9, tzinfo=TZ),
        finished=dt.datetime(2026, 2, 4, 9, tzinfo=TZ),
    )
    now = dt.datetime(2026, 6, 10, tzinfo=TZ)
    assert engine.on_time_counts(Period.year(2026), now=now)["on_time"] == 1
    Dossier.objects.update(due_at=dt.datetime(2026, 2, 3, 9, tzinfo=TZ))  # late now: the trigger re-tallies
    assert engine.on_time_counts(Period.year(2026), now=now)["on_time"] == 0
    # Emptying the tallies behind the engine's back proves where the number comes from.
    DossierTally.objects.all().delete()
    assert engine.on_time_counts(Period.year(2026), now=now)["n"] == 0


@pytest.mark.django_db
def test_a_period_that_starts_and_ends_inside_months(world):
    """15 January – 20 March: dossiers finished on 20 January and 25 March sit in partly covered months."""
    period = Period(dt.date(2026, 1, 15), dt.date(2026, 3, 20), "15/01–20/03/2026")
    now = dt.datetime(2026, 6, 10, tzinfo=TZ)
    world.dossier(  # finished inside the period, on time
        received=dt.datetime(2026, 1, 16, 9, tzinfo=TZ),
        due=dt.datetime(2026, 1, 22, 9, tzinfo=TZ),
        finished=dt.datetime(2026, 1, 20, 9, tzinfo=TZ),
    )
    world.dossier(  # finished before the period starts: not counted
        received=dt.datetime(2026, 1, 5, 9, tzinfo=TZ),
        due=dt.datetime(2026, 1, 12, 9, tzinfo=TZ),
        finished=dt.datetime(2026, 1, 10, 9, tzinfo=TZ),
    )
    world.dossier(  # open at the cut-off (finished after it), overdue then: late
        received=dt.datetime(2026, 3, 2, 9, tzinfo=TZ),
        due=dt.datetime(2026, 3, 10, 9, tzinfo=TZ),
        finished=dt.datetime(2026, 3, 25, 9, tzinfo=TZ),
    )
    assert engine.split_point([period], now) == dt.datetime(2026, 1, 1, tzinfo=TZ)
    row = engine.on_time_counts(period, now=now)
    assert (row["n"], row["on_time"]) == (2, 1)
