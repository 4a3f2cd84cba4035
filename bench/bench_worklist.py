"""A unit's worklist page with 1,000,000 dossiers in the database.

Target: ``/quan-tri/ho-so/?tab=xu-ly`` ≤ 30 ms server time at p50, with a number of queries that does
not grow with the page size.

Runs against its own database so it never touches real data:
- SQLite: var/bench-dossiers.sqlite3 (default);
- PostgreSQL: set DATABASE_URL to a scratch database, e.g.
  DATABASE_URL=postgres://cchc:cchc@127.0.0.1:5432/cchc_bench_dossiers python -m bench worklist

The 1,000,000 dossiers (and one event each, for the tracking benchmark ``bench_tracking``) are
**bulk-inserted** with realistic values, not walked through ``cchc.dossiers.services``: the
throughput of intake through the services is measured separately by ``bench_intake``; here only the
read side matters. One agency (the demo's), its ten units holding them: mostly returned, a few
thousand open per unit, received over three years.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import time

from bench import setup_django

N_DOSSIERS = int(os.environ.get("BENCH_DOSSIERS", 1_000_000))
BATCH = 10_000
OPEN_PER_UNIT = 2_500
SPECIALIST = "cv.vieclam"  # Phòng Lao động – Việc làm – BHXH
ROUNDS = 100


def setup() -> None:
    setup_django("bench-dossiers.sqlite3")


def populate() -> float:
    """Make sure the database holds N_DOSSIERS dossiers; returns the seconds it took."""
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from cchc.common.db import refresh_statistics
    from cchc.dossiers.models import Channel, Dossier, DossierEvent, Status
    from cchc.org.models import Agency, Unit
    from cchc.procedures.models import ProcedureVersion
    from cchc.workdays import calendar

    started = time.perf_counter()
    have = Dossier.objects.count()
    if have >= N_DOSSIERS:
        return 0.0
    if not Agency.objects.filter(is_home=True).exists():
        call_command("demo", dossiers=0, verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    agency = Agency.home()
    units = list(Unit.objects.valid_on().filter(agency=agency).order_by("code"))
    counter = next(u for u in units if u.kind == Unit.Kind.COUNTER)
    versions = list(ProcedureVersion.objects.published().filter(agency=agency))
    cal = calendar.get_calendar()
    rng = random.Random(2026)
    now = timezone.now()
    first_day = timezone.localdate(now) - dt.timedelta(days=3 * 365)
    days = [first_day + dt.timedelta(days=i) for i in range(3 * 365)]
    days = [d for d in days if cal.is_working_day(d)]
    per_day = -(-N_DOSSIERS // len(days))
    open_total = OPEN_PER_UNIT * len(units)
    open_statuses = [Status.IN_PROCESS] * 6 + [
        Status.RECEIVED,
        Status.WAITING_SUPPLEMENT,
        Status.INTER_AGENCY,
    ]
    family = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Võ", "Đặng", "Bùi"]
    given = ["Văn An", "Thị Bình", "Minh Châu", "Hữu Dũng", "Thị Hà", "Quốc Hùng", "Ngọc Lan", "Thanh Long"]
    day_minutes = cal.day_minutes

    def row(i: int) -> Dossier:
        day = days[min(i // per_day, len(days) - 1)]
        number = i % per_day + 1
        midnight = dt.datetime.combine(day, dt.time(0, 0), tzinfo=cal.tz)
        received = cal.add_working_minutes(midnight, 1 + (i * 7919) % (day_minutes - 2))
        version = versions[i % len(versions)]
        due = received + dt.timedelta(days=rng.choice([3, 7, 14, 21]))
        # The newest dossiers are the open ones: a few thousand per unit.
        is_open = i >= N_DOSSIERS - open_total
        kw = {}
        if is_open:
            status = rng.choice(open_statuses)
            unit = units[i % len(units)]
            kw = {"holder_unit": unit} if status != Status.INTER_AGENCY else {"holder_agency": agency}
            if status == Status.WAITING_SUPPLEMENT:
                kw["paused_since"] = received + dt.timedelta(days=2)
        else:
            status = Status.RETURNED
            finished = received + dt.timedelta(days=rng.choice([1, 2, 3, 5, 8, 13, 20]))
            kw = {
                "holder_unit": counter,
                "finished_at": finished,
                "returned_at": finished,
                "outcome": "approved",
            }
        return Dossier(
            code=f"{agency.code}-{day:%y%m%d}-{number:04d}",
            agency=agency,
            procedure_version=version,
            applicant_kind="person",
            applicant_name=f"{rng.choice(family)} {rng.choice(given)}",
            id_number=f"0600{rng.randrange(80, 100)}{rng.randrange(10**6):06d}",
            phone=f"09{rng.randrange(10**8):08d}",
            channel=rng.choice([Channel.COUNTER, Channel.ONLINE, Channel.ONLINE]),
            return_channel=Channel.COUNTER,
            status=status,
            submitted_at=received,
            received_at=received,
            due_at=due,
            **kw,
        )

    for start in range(have, N_DOSSIERS, BATCH):
        with transaction.atomic():
            batch = Dossier.objects.bulk_create(
                [row(i) for i in range(start, min(start + BATCH, N_DOSSIERS))]
            )
            if batch[0].pk is None:  # a backend that does not return ids from bulk inserts
                codes = [d.code for d in batch]
                ids = dict(Dossier.objects.filter(code__in=codes).values_list("code", "pk"))
                for d in batch:
                    d.pk = ids[d.code]
            DossierEvent.objects.bulk_create(
                [
                    DossierEvent(
                        dossier_id=d.pk,
                        seq=1,
                        at=d.received_at,
                        action="receive",
                        actor_label="Bộ phận Một cửa",
                        to_status=d.status,
                    )
                    for d in batch
                ]
            )
        if (start // BATCH) % 10 == 0:
            print(f"  … {start + len(batch):,} dossiers ({time.perf_counter() - started:.0f} s)", flush=True)
    refresh_statistics()
    return time.perf_counter() - started


class count_queries:
    """Counts the SQL statements run inside the block (works with DEBUG off, across reconnects)."""

    def __enter__(self):
        from django.db import connection

        self.n = 0
        self._cm = connection.execute_wrapper(self._count)
        self._cm.__enter__()
        return self

    def _count(self, execute, sql, params, many, context):
        self.n += 1
        return execute(sql, params, many, context)

    def __exit__(self, *exc):
        self._cm.__exit__(*exc)


def report(label: str, samples: list[float]) -> tuple[float, float]:
    samples = sorted(samples)
    p50 = statistics.median(samples)
    p95 = samples[int(len(samples) * 0.95) - 1]
    print(f"{label:<44} p50 {p50:7.2f} ms   p95 {p95:7.2f} ms   ({len(samples)} requests)")
    return p50, p95


def load_average() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


def main() -> None:
    setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    from cchc.dossiers import worklists
    from cchc.dossiers.models import Dossier

    seconds = populate()
    user = get_user_model().objects.select_related("staff__unit").get(username=SPECIALIST)
    unit = user.staff.unit
    rows_in_tab = worklists.unit_tab(unit, worklists.TAB_PROCESS).count()
    print(
        f"database: {connection.vendor}, dossiers: {Dossier.objects.count():,}"
        f" (bulk set-up {seconds:.0f} s); {unit} holds {rows_in_tab:,} in tab {worklists.TAB_PROCESS}"
    )
    client = Client()
    client.force_login(user)
    url = "/quan-tri/ho-so/"

    def get(params):
        response = client.get(url, params, secure=True)
        assert response.status_code == 200, response.status_code
        return response

    for _ in range(5):
        get({"tab": worklists.TAB_PROCESS})
    for label, params in (
        ("first page", {"tab": worklists.TAB_PROCESS}),
        ("page 40", {"tab": worklists.TAB_PROCESS, "trang": 40}),
        ("overdue tab", {"tab": worklists.TAB_OVERDUE}),
    ):
        with count_queries() as ctx:
            get(params)
        samples = []
        for _ in range(ROUNDS):
            start = time.perf_counter()
            get(params)
            samples.append((time.perf_counter() - start) * 1000)
        report(f"GET {url} {label} ({ctx.n} queries)", samples)
    print(f"load average: {load_average()}")
