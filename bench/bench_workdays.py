"""Benchmark of ``cchc.workdays.calendar.add_working_days`` (domain.md §5; target ≤ 5 µs per call).

Each timed loop runs REPEATS times and the best is reported (the machine may be shared).
Runs on its own database (``var/bench-workdays.sqlite3``, migrated by ``setup_django``) for the
override table, like every benchmark. Inputs are precomputed
outside the timed loop: receipt moments spread over 2016–2044 at varied times of day (aware, in
the local zone), n from 0 to 30 days, one call in ten with the 15:00 cut-off rule and one in ten
counting 1–16 working hours.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import random
import time

from bench import setup_django

N_CALLS = 1_000_000
REPEATS = 3


def main() -> None:
    setup_django("bench-workdays.sqlite3")
    from django.conf import settings

    from cchc.workdays import calendar
    from cchc.workdays.rules import DEFAULT_RULE, HOURS_RULE, CountingRule

    calendar._package_calendar.cache_clear()
    calendar.invalidate()
    t0 = time.perf_counter()
    calendar.get_calendar()
    cold = time.perf_counter() - t0
    calendar.invalidate()
    t0 = time.perf_counter()
    cal = calendar.get_calendar()
    warm = time.perf_counter() - t0

    rng = random.Random(20260213)
    tz = cal.tz
    start = dt.datetime(2016, 1, 1, tzinfo=tz)
    span_minutes = (dt.datetime(2044, 12, 1, tzinfo=tz) - start) // dt.timedelta(minutes=1)
    cutoff = CountingRule.with_cutoff(dt.time(15, 0))
    inputs = []
    for _ in range(N_CALLS):
        received = start + dt.timedelta(minutes=rng.randrange(span_minutes))
        roll = rng.random()
        if roll < 0.8:
            inputs.append((received, rng.randrange(31), DEFAULT_RULE))
        elif roll < 0.9:
            inputs.append((received, rng.randrange(31), cutoff))
        else:
            inputs.append((received, rng.randrange(1, 17), HOURS_RULE))

    add = calendar.add_working_days
    days_only = [(r, n) for r, n, rule in inputs if rule is DEFAULT_RULE]
    mixed_runs, days_runs = [], []
    for _ in range(REPEATS):  # best of REPEATS, as timeit does: the machine may be shared
        t0 = time.perf_counter()
        for received, n, rule in inputs:
            add(received, n, rule)
        mixed_runs.append((time.perf_counter() - t0) / N_CALLS * 1e6)
        t0 = time.perf_counter()
        for received, n in days_only:
            add(received, n)
        days_runs.append((time.perf_counter() - t0) / len(days_only) * 1e6)

    print(f"workdays: Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} CPUs")
    print(
        f"workdays: calendar {cal.first_year}–{cal.last_year}, {len(cal._days)} working days, "
        f"office hours {settings.CCHC_OFFICE_HOURS}"
    )
    print(f"workdays: calendar build {cold * 1000:.1f} ms cold (holidays package), {warm * 1000:.1f} ms warm")
    for label, runs, count in (
        ("mixed rules", mixed_runs, N_CALLS),
        ("DAYS rule only", days_runs, len(days_only)),
    ):
        all_runs = ", ".join(f"{r:.2f}" for r in runs)
        print(
            f"workdays: add_working_days {label}: {min(runs):.2f} µs/call, best of {REPEATS} "
            f"({all_runs}) × {count:,} calls"
        )
    if hasattr(os, "getloadavg"):
        print("workdays: load average {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))


if __name__ == "__main__":
    main()
