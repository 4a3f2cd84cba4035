"""The 90 % table and a unit's task list with many plan tasks in the database.

Target: the 90 % table (units, heads and officials of one year, computed in the database with
aggregates and a window rank) ≤ 100 ms server time at p50 with 100,000 tasks; the unit's task list
(overdue first) ≤ 100 ms.

Own database: SQLite var/bench-plans.sqlite3, or DATABASE_URL naming a scratch PostgreSQL database.
The tasks are bulk-inserted (the services are exercised by the tests), spread over the demo units,
six years and the demo officials; about 85 % done (a tenth of them late), the rest open.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import time

from bench import setup_django

N_TASKS = int(os.environ.get("BENCH_PLAN_TASKS", 100_000))
ROUNDS = 50
YEAR = 2025


def populate() -> float:
    from django.core.management import call_command
    from django.utils import timezone

    from cchc.common.db import refresh_statistics
    from cchc.org.models import Agency, Staff, Unit
    from cchc.plans.models import Plan, Task

    started = time.perf_counter()
    if not Agency.objects.filter(is_home=True).exists():
        call_command("demo", dossiers=0, verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    have = Task.objects.count()
    if have >= N_TASKS:
        return 0.0
    plan = Plan.objects.get()
    reqs = list(plan.requirements.all())
    units = list(Unit.objects.valid_on().filter(agency__is_home=True).exclude(kind="leadership"))
    officials = list(Staff.objects.filter(unit__in=units))
    office = Staff.objects.get(user__username="vanphong").user
    rng = random.Random(2026)
    now = timezone.now()
    batch = []
    for i in range(have, N_TASKS):
        year = 2021 + i % 6
        deadline = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(360))
        roll = rng.random()
        done = roll < 0.85
        assignee = rng.choice(officials) if rng.random() < 0.3 else None
        batch.append(
            Task(
                plan=plan,
                requirement=rng.choice(reqs),
                title=f"Nhiệm vụ thử tải số {i}",
                lead_unit_id=assignee.unit_id if assignee else rng.choice(units).pk,
                assignee=assignee,
                start=dt.date(year, 1, 1),
                deadline=deadline,
                year=year,
                status="done" if done else "in_progress",
                progress=100 if done else 50,
                done_on=(deadline + dt.timedelta(days=10 if roll < 0.085 else -3)) if done else None,
                created_by=office,
                created_at=now,
            )
        )
        if len(batch) == 10_000:
            Task.objects.bulk_create(batch)
            batch = []
    Task.objects.bulk_create(batch)
    refresh_statistics()
    return time.perf_counter() - started


def _p50(fn) -> tuple[float, float]:
    times = []
    for _ in range(ROUNDS):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def main() -> None:
    setup_django("bench-plans.sqlite3")
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    from cchc.plans import selectors
    from cchc.plans.models import Task

    seconds = populate()
    print(
        f"database: {connection.vendor}, plan tasks: {Task.objects.count():,} (bulk set-up {seconds:.0f} s)"
    )

    def table():
        list(selectors.task_completion(YEAR))
        list(selectors.head_completion(YEAR))
        list(selectors.official_completion(YEAR))

    p50, p95 = _p50(table)
    print(f"90 % table selectors, year {YEAR}: p50 {p50:.1f} ms, p95 {p95:.1f} ms")
    user_model = get_user_model()
    client = Client()
    client.force_login(user_model.objects.get(username="vanphong"))
    url = f"/quan-tri/ke-hoach/ty-le-hoan-thanh/?nam={YEAR}"
    assert client.get(url).status_code == 200
    p50, p95 = _p50(lambda: client.get(url))
    print(f"GET {url}: p50 {p50:.1f} ms, p95 {p95:.1f} ms (target ≤ 100 ms)")
    client.force_login(user_model.objects.get(username="tp.vieclam"))
    url = f"/quan-tri/ke-hoach/nhiem-vu/?xem=don-vi&nam={YEAR}"
    assert client.get(url).status_code == 200
    p50, p95 = _p50(lambda: client.get(url))
    print(f"GET {url}: p50 {p50:.1f} ms, p95 {p95:.1f} ms (target ≤ 100 ms)")
