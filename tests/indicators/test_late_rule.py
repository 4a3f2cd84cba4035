"""The indicators count a dossier late exactly when its page says it is late.

QĐ 766 2.1 / T5 (``engine.on_time_counts``, ``engine.late_dossiers``) measure a period at its
cut-off C; ``timeliness.classify(d, C)`` is the verdict the dossier page, the worklist and the late
list give. For any dossiers (finished, open, waiting for a supplement with or without a recorded
pause, stopped, refused; supplemented 0–3 times; with or without an apology), any period and any
"now", the engine's late dossiers are the population's dossiers that ``classify`` calls late, and the
late list (P-B13) is the dossiers ``classify`` calls late without an apology.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from cchc.dossiers import timeliness, worklists
from cchc.dossiers.models import Dossier, DossierTally, Status
from cchc.indicators import engine
from cchc.indicators.engine import Period
from tests.indicators.conftest import TZ

EVERYTHING_LIVE = dt.datetime(2000, 1, 1, tzinfo=TZ)
_moment = st.datetimes(
    min_value=dt.datetime(2026, 1, 1), max_value=dt.datetime(2026, 6, 30), timezones=st.just(TZ)
)


@st.composite
def _dossier(draw):
    received = draw(_moment)
    due = draw(st.none() | st.builds(lambda m: received + dt.timedelta(minutes=m), st.integers(0, 40 * 1440)))
    finished = draw(
        st.none() | st.builds(lambda m: received + dt.timedelta(minutes=m), st.integers(0, 60 * 1440))
    )
    if finished is not None:
        status = draw(st.sampled_from([Status.RETURNED, Status.STOPPED, Status.REFUSED, Status.RESULT_READY]))
    else:
        status = draw(st.sampled_from([Status.IN_PROCESS, Status.INTER_AGENCY, Status.WAITING_SUPPLEMENT]))
    paused_since = None
    if status == Status.WAITING_SUPPLEMENT:
        paused_since = draw(
            st.none() | st.builds(lambda m: received + dt.timedelta(minutes=m), st.integers(0, 50 * 1440))
        )
    return {
        "received": received,
        "due": due,
        "finished": finished,
        "status": status,
        "paused_since": paused_since,
        "supplement_count": draw(st.integers(0, 3)),
        "apologised_at": draw(st.none() | st.just(received + dt.timedelta(days=1))),
        "outcome": "approved" if status in (Status.RETURNED, Status.RESULT_READY) else "",
    }


def _in_population(d: Dossier, start: dt.datetime, cut: dt.datetime) -> bool:
    return (
        d.received_at < cut
        and d.due_at is not None
        and (d.finished_at is None or d.finished_at >= start)
        and d.status != Status.REFUSED
    )


@pytest.mark.django_db
@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    rows=st.lists(_dossier(), min_size=1, max_size=12),
    period=st.sampled_from(
        [Period.month(2026, 2), Period.quarter(2026, 1), Period.half(2026, 1), Period.month(2026, 5)]
    ),
    now=_moment,
)
def test_the_engine_counts_late_exactly_what_classify_calls_late(world, rows, period, now):
    start, cut = period.bounds(now)
    assume(start < cut)  # a period not begun yet has nothing to measure
    Dossier.objects.all().delete()
    DossierTally.objects.all().delete()
    for row in rows:
        world.dossier(
            received=row["received"],
            due=row["due"],
            finished=row["finished"],
            status=row["status"],
            paused_since=row["paused_since"],
            supplement_count=row["supplement_count"],
            apologised_at=row["apologised_at"],
            outcome=row["outcome"],
        )
    dossiers = list(Dossier.objects.all())
    population = [d for d in dossiers if _in_population(d, start, cut)]
    late = {d.pk for d in population if timeliness.classify(d, cut) in timeliness.LATE}
    no_apology = {d.pk for d in population if d.pk in late and d.apologised_at is None}

    assert {d.pk for d in engine.late_dossiers(period, now=now)} == late
    assert {d.pk for d in engine.late_dossiers(period, without_apology=True, now=now)} == no_apology
    for split in (None, EVERYTHING_LIVE):  # tallies + live, and all live
        rows_ = engine.grouped_counts(on_time={"": period}, now=now, split=split)
        counts = {k: sum(r[k] for r in rows_) for k in ("n", "on_time", "late_no_apology")}
        assert counts == {
            "n": len(population),
            "on_time": len(population) - len(late),
            "late_no_apology": len(no_apology),
        }

    # The late list (P-B13) and the plain condition at any moment.
    assert {d.pk for d in worklists.late_without_apology(now=now)} == {
        d.pk for d in dossiers if timeliness.classify(d, now) in timeliness.LATE and d.apologised_at is None
    }
    assert set(Dossier.objects.filter(timeliness.late_q(cut)).values_list("pk", flat=True)) == {
        d.pk for d in dossiers if timeliness.classify(d, cut) in timeliness.LATE
    }
