"""The staff and public pages at the scale of a whole province: 5,000,000 dossiers of 227 agencies.

The database is the one ``bench/province.py`` builds (``python -m bench.province``; built here if
missing): SQLite ``var/bench-province.sqlite3`` or the PostgreSQL database named by DATABASE_URL
(``cchc_province``). Targets (p50, server time through the Django test client with DEBUG off, or the
selector alone where said):

- a unit's worklist (``/quan-tri/ho-so/``, ``cchc.dossiers.worklists``) ≤ 30 ms — the division holding
  the most open dossiers in the province;
- a service centre's counter queue ≤ 30 ms — the queues of one **place**: results waiting at its
  counter (``return_place``), dossiers it received waiting for a supplement (``receipt_place``), online
  submissions for the agencies it serves. Measured with ``worklists.counter_queue`` when it takes a
  ``place`` (the per-place queue of the intake work); until then with the same query (``worklists.rows``
  + ``timeliness.annotate``, same order) filtered by place here — see ``_place_queue``;
- public tracking ≤ 10 ms: ``selectors.find_for_tracking`` and the look-up page (POST ``/tra-cuu/``)
  with the status page it leads to;
- one agency's dashboard ≤ 300 ms and the province-wide dashboard for a year ≤ 1 s (PostgreSQL):
  ``engine.dashboard``. If it takes an ``agency`` argument (indicators per agency) it is called with the
  department and with ``None`` (the province); with today's code, whose scope is "the home agency", the
  home flag is moved to the department (and taken off every agency for the province) inside a
  transaction that is rolled back.

``BENCH_PARTITION=1`` also times a year's aggregate over the whole dossier table against the same
aggregate over a copy holding only that year (what a partition by year would leave the planner to read;
decision 0022).
"""

from __future__ import annotations

import inspect
import os
import random
import statistics
import time

from bench import setup_django
from bench.bench_worklist import count_queries, load_average

ROUNDS = int(os.environ.get("BENCH_ROUNDS", 50))
DASHBOARD_ROUNDS = int(os.environ.get("BENCH_DASHBOARD_ROUNDS", 5))
YEAR = 2025


def _times(fn, rounds: int) -> list[float]:
    fn()
    out = []
    for _ in range(rounds):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def _report(label: str, samples: list[float], target: float | None = None) -> float:
    samples = sorted(samples)
    p50 = statistics.median(samples)
    p95 = samples[max(0, int(len(samples) * 0.95) - 1)]
    verdict = ""
    if target is not None:
        verdict = f"  target ≤ {target:g} ms: {'met' if p50 <= target else 'NOT met'}"
    print(
        f"{label:<70} p50 {p50:8.1f} ms  p95 {p95:8.1f} ms  min {samples[0]:8.1f} ms"
        f"  ({len(samples)}){verdict}",
        flush=True,
    )
    return p50


def _place_queue(place, queue: str):
    """The counter queue of one service place with today's query (``worklists.counter_queue``'s
    columns, annotation and order), the competent-agency filter replaced by the place's."""
    from django.db.models import Q

    from cchc.dossiers import timeliness, worklists
    from cchc.dossiers.models import Status

    if next(iter(inspect.signature(worklists.counter_queue).parameters)) == "place":
        return worklists.counter_queue(place, queue)
    where = {
        worklists.QUEUE_SUBMITTED: Q(status=Status.SUBMITTED, agency__in=place.serves.all()),
        worklists.QUEUE_RESULTS: Q(status=Status.RESULT_READY, return_place=place),
        worklists.QUEUE_SUPPLEMENT: Q(status=Status.WAITING_SUPPLEMENT, receipt_place=place),
    }[queue]
    qs = timeliness.annotate(worklists.rows().filter(where))
    order = ("submitted_at", "code") if queue == worklists.QUEUE_SUBMITTED else ("due_at", "code")
    return qs.order_by(*order)


def worklist_and_counter() -> None:
    from django.contrib.auth import get_user_model
    from django.db.models import Count
    from django.test import Client

    from bench.province import _agency_code
    from cchc.dossiers import worklists
    from cchc.dossiers.models import Dossier
    from cchc.org.models import Agency, Staff

    busiest = (
        Dossier.objects.filter(status__in=["received", "in_process"], holder_unit__kind="division")
        .values("holder_unit")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    staff = (
        Staff.objects.select_related("unit__agency", "user")
        .filter(unit_id=busiest["holder_unit"], user__groups__name="Chuyên viên xử lý")
        .first()
    )
    unit = staff.unit
    counts = worklists.tab_counts(unit)
    print(
        f"worklist of {unit} ({unit.agency}): {counts[worklists.TAB_PROCESS]:,} to process, "
        f"{counts[worklists.TAB_OVERDUE]:,} overdue",
        flush=True,
    )
    client = Client()
    client.force_login(staff.user)

    def get(url, params):
        response = client.get(url, params, secure=True)
        assert response.status_code == 200, (url, response.status_code)

    for label, params in (
        ("worklist page, first page", {"tab": worklists.TAB_PROCESS}),
        ("worklist page, overdue tab", {"tab": worklists.TAB_OVERDUE}),
    ):
        with count_queries() as ctx:
            get("/quan-tri/ho-so/", params)
        _report(
            f"GET /quan-tri/ho-so/ {label} ({ctx.n} queries)",
            _times(lambda p=params: get("/quan-tri/ho-so/", p), ROUNDS),
            30,
        )

    # Counter queues of the provincial centre (serving every department) and of a commune's centre.
    centre = Agency.objects.get(code=_agency_code(0, 0, 99))
    commune_centre = (
        Agency.objects.filter(kind=Agency.Kind.SERVICE_CENTRE, level=Agency.Level.COMMUNE)
        .order_by("code")
        .first()
    )
    for place in (centre, commune_centre):
        sizes = {q: _place_queue(place, q).count() for q in worklists.QUEUES}

        def queue_page(place=place):
            counts = {q: _place_queue(place, q).count() for q in worklists.QUEUES}
            rows = list(_place_queue(place, worklists.QUEUE_RESULTS)[:25])
            return counts, rows

        with count_queries() as ctx:
            queue_page()
        print(f"counter queues of {place}: {sizes}", flush=True)
        _report(
            f"counter queue by place: 3 counts + 25 rows ({ctx.n} queries)",
            _times(queue_page, ROUNDS),
            30,
        )
    officer = get_user_model().objects.get(username="tt.motcua1")
    client.force_login(officer)
    with count_queries() as ctx:
        get("/quan-tri/mot-cua/", {"hang": worklists.QUEUE_RESULTS})
    _report(
        f"GET /quan-tri/mot-cua/ (today's page: competent agency = the centre; {ctx.n} queries)",
        _times(lambda: get("/quan-tri/mot-cua/", {"hang": worklists.QUEUE_RESULTS}), ROUNDS),
        30,
    )


def tracking() -> None:
    from django.test import Client

    from cchc.dossiers import selectors
    from cchc.dossiers.models import Dossier

    last = Dossier.objects.order_by("-pk").values_list("pk", flat=True).first()
    rng = random.Random(2026)
    picks = []
    while len(picks) < ROUNDS:
        row = Dossier.objects.filter(pk=rng.randint(1, last)).values_list("code", "phone").first()
        if row:
            picks.append(row)
    it = iter(picks * 3)

    def find():
        code, phone = next(it)
        assert selectors.find_for_tracking(code, phone[-4:]) is not None

    _report("selectors.find_for_tracking", _times(find, ROUNDS), 10)
    client = Client()
    looked, shown = [], []
    for code, phone in picks[:5] + picks:
        t = time.perf_counter()
        response = client.post("/tra-cuu/", {"code": code, "last4": phone[-4:]}, secure=True)
        assert response.status_code == 302, response.status_code
        m = time.perf_counter()
        page = client.get(response["Location"], secure=True)
        assert page.status_code == 200, page.status_code
        looked.append((m - t) * 1000)
        shown.append((time.perf_counter() - m) * 1000)
    _report("POST /tra-cuu/ look-up", looked[5:], 10)
    _report("GET status page after the look-up", shown[5:])


def dashboards() -> None:
    from django.db import connection, transaction

    from cchc.indicators import engine
    from cchc.indicators.engine import Period
    from cchc.org.models import Agency

    period = Period.year(YEAR)
    department = Agency.objects.get(code="000.01.00.H68")  # the largest: Sở Tư pháp
    per_agency = "agency" in inspect.signature(engine.dashboard).parameters
    with transaction.atomic():
        if per_agency:
            one = _times(lambda: engine.dashboard(period, agency=department), DASHBOARD_ROUNDS)
            province = _times(lambda: engine.dashboard(period, agency=None), DASHBOARD_ROUNDS)
            how = "engine.dashboard(period, agency=…)"
        else:
            home = Agency.objects.filter(is_home=True).values_list("pk", flat=True).first()
            Agency.objects.update(is_home=False)
            Agency.objects.filter(pk=department.pk).update(is_home=True)
            one = _times(lambda: engine.dashboard(period), DASHBOARD_ROUNDS)
            Agency.objects.update(is_home=False)
            province = _times(lambda: engine.dashboard(period), DASHBOARD_ROUNDS)
            how = "engine.dashboard(period), home agency moved (today's scope)"
            if home:
                Agency.objects.filter(pk=home).update(is_home=True)
        transaction.set_rollback(True)
    print(f"dashboards via {how}", flush=True)
    _report(f"dashboard of one agency ({department.short_name}), {YEAR}", one, 300)
    _report(
        f"dashboard of the whole province, {YEAR} ({connection.vendor})",
        province,
        1000 if connection.vendor == "postgresql" else None,
    )


YEAR_SQL = """
SELECT COUNT(*), SUM(CASE WHEN finished_at IS NOT NULL AND finished_at <= due_at THEN 1 ELSE 0 END),
       SUM(CASE WHEN channel = 2 THEN 1 ELSE 0 END)
FROM {table} WHERE received_at >= %s AND received_at < %s
"""


def partition_effect() -> None:
    """A year's aggregate over the whole table vs over a copy holding only that year (what a yearly
    partition would give the planner after pruning)."""
    import datetime as dt

    from django.db import connection

    from cchc.workdays.calendar import get_calendar

    tz = get_calendar().tz
    start, end = dt.datetime(YEAR, 1, 1, tzinfo=tz), dt.datetime(YEAR + 1, 1, 1, tzinfo=tz)
    params = [connection.ops.adapt_datetimefield_value(start), connection.ops.adapt_datetimefield_value(end)]
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_dossier_year")
        t = time.perf_counter()
        cursor.execute(
            "CREATE TABLE bench_dossier_year AS SELECT * FROM dossiers_dossier WHERE received_at >= %s "
            "AND received_at < %s",
            params,
        )
        cursor.execute("ANALYZE bench_dossier_year")
        print(f"copy of {YEAR}'s dossiers made in {time.perf_counter() - t:.0f} s", flush=True)

        def run(table):
            cursor.execute(YEAR_SQL.format(table=table), params)
            return cursor.fetchone()

        whole, part = run("dossiers_dossier"), run("bench_dossier_year")
        assert tuple(whole) == tuple(part), (whole, part)
        print(f"{YEAR}: {whole[0]:,} dossiers", flush=True)
        a = _times(lambda: run("dossiers_dossier"), DASHBOARD_ROUNDS)
        b = _times(lambda: run("bench_dossier_year"), DASHBOARD_ROUNDS)
        _report(f"year aggregate, whole table ({connection.vendor})", a)
        _report(f"year aggregate, one year's rows only ({connection.vendor})", b)
        cursor.execute("DROP TABLE bench_dossier_year")


def main() -> None:
    setup_django("bench-province.sqlite3")
    import logging

    logging.disable(logging.INFO)  # a log line per request and per sign-in otherwise
    from django.db import connection

    from bench import province
    from cchc.dossiers.models import Dossier

    t = time.perf_counter()
    scale = province.Scale(dossiers=int(os.environ.get("BENCH_PROVINCE_DOSSIERS", province.Scale.dossiers)))
    province.build(scale, log=lambda s: print(s, flush=True))
    built = time.perf_counter() - t
    print(
        f"database: {connection.vendor} {connection.settings_dict['NAME']}, dossiers: "
        f"{Dossier.objects.count():,} (build check {built:.0f} s); load average {load_average()}",
        flush=True,
    )
    worklist_and_counter()
    tracking()
    dashboards()
    if os.environ.get("BENCH_PARTITION"):
        partition_effect()
    print(f"load average: {load_average()}")
