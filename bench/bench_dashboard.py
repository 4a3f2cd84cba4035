"""The leaders' dashboard over 1,000,000 dossiers.

The engine adds monthly tallies of finished dossiers (``DossierTally``, kept by triggers) to a live
count of the open and recently finished ones (decision 0010). Also measured: the same rule counted
wholly live (``split`` before every dossier), and rebuilding the tallies from scratch.

Targets:
- the whole dashboard (``engine.dashboard``: T1–T9, the QĐ 766 index, SIPAS, unit ranking, the monthly
  trend; one year, all units) ≤ 1 s on SQLite and on PostgreSQL;
- the on-time rate (``engine.on_time_counts``, the ORM aggregate of the 766 2.1 rule) within 2× of one
  hand-written SQL aggregate of the same rule over the same data, measured side by side.

Reuses the 1,000,000-dossier database of ``bench_worklist`` (var/bench-dossiers.sqlite3, or the
PostgreSQL database named by DATABASE_URL, e.g.
DATABASE_URL=postgres://cchc:cchc@127.0.0.1:5432/cchc_bench_dossiers python -m bench dashboard).
The year measured is the last full calendar year of the data.
"""

from __future__ import annotations

import statistics
import time

from bench.bench_worklist import load_average, populate, setup

ROUNDS = 5


def _time(fn, rounds: int = ROUNDS) -> list[float]:
    fn()  # warm-up (page cache, statistics)
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def _report(label: str, samples: list[float]) -> float:
    p50 = statistics.median(samples)
    print(f"{label:<58} p50 {p50:8.1f} ms   min {min(samples):8.1f} ms   ({len(samples)} runs)")
    return p50


def _side_by_side(first, second) -> tuple[list[float], list[float]]:
    """Timings of two functions interleaved round by round, so that both see the same machine load."""
    a, b = [], []
    for _ in range(ROUNDS):
        for fn, samples in ((first, a), (second, b)):
            t = time.perf_counter()
            fn()
            samples.append((time.perf_counter() - t) * 1000)
    return a, b


HAND_SQL = """
SELECT COUNT(*),
       SUM(CASE WHEN supplement_count <= 1 AND (
                (finished_at < %(cut)s AND finished_at <= due_at)
             OR ((finished_at IS NULL OR finished_at >= %(cut)s)
                 AND (due_at >= %(cut)s OR (finished_at IS NULL AND status = 'waiting_supplement'
                                            AND (paused_since IS NULL OR paused_since <= due_at)))))
           THEN 1 ELSE 0 END)
FROM dossiers_dossier
WHERE agency_id + 0 = %(agency)s AND received_at < %(cut)s AND due_at IS NOT NULL
  AND (finished_at IS NULL OR finished_at >= %(start)s) AND status <> 'refused'
"""


def _setup() -> None:
    """``bench_worklist.setup`` (settings + migrate); if another app's migration cannot apply to this
    scratch database, say so and go on with the indicators' own migrations."""
    from django.db.utils import DatabaseError

    try:
        setup()
    except DatabaseError as error:
        from django.core.management import call_command

        print(f"warning: full migrate failed on the scratch database ({error}); migrating indicators only")
        call_command("migrate", "indicators", verbosity=0)


def main() -> None:
    _setup()
    from django.db import connection
    from django.utils import timezone

    from cchc.dossiers.models import Dossier
    from cchc.indicators import engine
    from cchc.indicators.engine import Period

    seconds = populate()
    year = timezone.localdate().year - 1
    period = Period.year(year)
    total = Dossier.objects.count()
    print(
        f"database: {connection.vendor}, dossiers: {total:,} (set-up {seconds:.0f} s); period {period.label}"
    )

    def hand_written():
        start, cut = period.bounds()
        ops = connection.ops
        params = {
            "start": ops.adapt_datetimefield_value(start),
            "cut": ops.adapt_datetimefield_value(cut),
            "agency": engine.home_agency().pk,
        }
        with connection.cursor() as cursor:
            cursor.execute(HAND_SQL, params)
            return cursor.fetchone()

    orm = engine.on_time_counts(period)
    raw = hand_written()
    assert (orm["n"], orm["on_time"]) == (raw[0], raw[1]), (orm, raw)
    print(f"on-time {year}: {orm['on_time']:,}/{orm['n']:,} = {engine.pct(orm['on_time'], orm['n'])} %")

    hand_written()
    engine.on_time_counts(period)
    hand, ours = _side_by_side(hand_written, lambda: engine.on_time_counts(period))
    h = _report("hand-written SQL aggregate (on-time, one year)", hand)
    o = _report("engine.on_time_counts (ORM, same rule)", ours)
    print(f"ratio ORM / hand-written: {o / h:.2f}× (target ≤ 2×)")
    # The ORM's own cost, without the tallies: the same rule counted over every dossier of the year.
    import datetime as dt

    everything_live = dt.datetime(2000, 1, 1, tzinfo=timezone.get_current_timezone())

    def wholly_live():
        rows = engine.grouped_counts(on_time={"": period}, split=everything_live)
        return sum(r["n"] for r in rows), sum(r["on_time"] for r in rows)

    assert wholly_live() == (raw[0], raw[1])
    hand, live = _side_by_side(hand_written, wholly_live)
    h = _report("hand-written SQL aggregate (again)", hand)
    o = _report("engine.grouped_counts wholly live (no tallies)", live)
    print(f"ratio wholly-live ORM / hand-written: {o / h:.2f}× (target ≤ 2×)")
    _report("engine.on_time (+ previous year, for the note)", _time(lambda: engine.on_time(period)))
    d = _report(
        "engine.dashboard (all indicators, one year, all units)", _time(lambda: engine.dashboard(period))
    )
    print(f"dashboard target ≤ 1000 ms: {'met' if d <= 1000 else 'NOT met'}")
    this_year = Period.year(year + 1)
    _report(
        f"engine.dashboard, {this_year.label} (to date, live part larger)",
        _time(lambda: engine.dashboard(this_year)),
    )
    from cchc.org.models import Unit

    unit = Unit.objects.filter(pk__in=engine.version_units().values()).order_by("code").first()
    _report(
        f"engine.dashboard, one unit ({unit.code}), {period.label}",
        _time(lambda: engine.dashboard(period, unit)),
    )

    from cchc.dossiers import tallies

    t = time.perf_counter()
    rows = tallies.rebuild()
    print(
        f"tallies.rebuild(): {rows:,} tally rows from {total:,} dossiers in {time.perf_counter() - t:.1f} s"
    )
    print(f"load average: {load_average()}")
