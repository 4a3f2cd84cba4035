"""The leaders' dashboard over 1,000,000 dossiers.

The engine adds monthly tallies of finished dossiers (``DossierTally``, kept by triggers) to a live
count of the open and recently finished ones (decision 0010). Also measured: the same rule counted
wholly live (``split`` before every dossier), and rebuilding the tallies from scratch.

Targets:
- the whole dashboard (``engine.dashboard``: T1–T9, the QĐ 766 index, SIPAS, unit ranking, the monthly
  trend; one year, all units) ≤ 1 s on SQLite and on PostgreSQL;
- the on-time rate (``engine.on_time_counts``, the ORM aggregate of the 766 2.1 rule) within 2× of one
  hand-written SQL aggregate of the same rule over the same data, measured side by side.

``BENCH_SHAPE=province`` measures a province-shaped database instead (``province_main``, below).

Reuses the 1,000,000-dossier database of ``bench_worklist`` (var/bench-dossiers.sqlite3, or the
PostgreSQL database named by DATABASE_URL, e.g.
DATABASE_URL=postgres://cchc:cchc@127.0.0.1:5432/cchc_bench_dossiers python -m bench dashboard).
The year measured is the last full calendar year of the data.
"""

from __future__ import annotations

import os
import statistics
import time

from bench.bench_worklist import BATCH, load_average, populate, setup

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
    if os.environ.get("BENCH_SHAPE") == "province":
        from bench import setup_django

        setup_django("bench-province.sqlite3")
        return province_main()
    _setup()
    from django.db import connection
    from django.utils import timezone

    from cchc.dossiers.models import Dossier
    from cchc.indicators import engine
    from cchc.indicators.engine import Period

    seconds = populate()
    from cchc.org.models import Agency

    home = Agency.home()
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
            "agency": home.pk,
        }
        with connection.cursor() as cursor:
            cursor.execute(HAND_SQL, params)
            return cursor.fetchone()

    orm = engine.on_time_counts(period, agency=home)
    raw = hand_written()
    assert (orm["n"], orm["on_time"]) == (raw[0], raw[1]), (orm, raw)
    print(f"on-time {year}: {orm['on_time']:,}/{orm['n']:,} = {engine.pct(orm['on_time'], orm['n'])} %")

    hand_written()
    engine.on_time_counts(period, agency=home)
    hand, ours = _side_by_side(hand_written, lambda: engine.on_time_counts(period, agency=home))
    h = _report("hand-written SQL aggregate (on-time, one year)", hand)
    o = _report("engine.on_time_counts (ORM, same rule)", ours)
    print(f"ratio ORM / hand-written: {o / h:.2f}× (target ≤ 2×)")
    # The ORM's own cost, without the tallies: the same rule counted over every dossier of the year.
    import datetime as dt

    everything_live = dt.datetime(2000, 1, 1, tzinfo=timezone.get_current_timezone())

    def wholly_live():
        rows = engine.grouped_counts(on_time={"": period}, agency=home, split=everything_live)
        return sum(r["n"] for r in rows), sum(r["on_time"] for r in rows)

    assert wholly_live() == (raw[0], raw[1])
    hand, live = _side_by_side(hand_written, wholly_live)
    h = _report("hand-written SQL aggregate (again)", hand)
    o = _report("engine.grouped_counts wholly live (no tallies)", live)
    print(f"ratio wholly-live ORM / hand-written: {o / h:.2f}× (target ≤ 2×)")
    _report(
        "engine.on_time (+ previous year, for the note)", _time(lambda: engine.on_time(period, agency=home))
    )
    d = _report(
        "engine.dashboard (all indicators, one year, all units)",
        _time(lambda: engine.dashboard(period, agency=home)),
    )
    print(f"dashboard target ≤ 1000 ms: {'met' if d <= 1000 else 'NOT met'}")
    this_year = Period.year(year + 1)
    _report(
        f"engine.dashboard, {this_year.label} (to date, live part larger)",
        _time(lambda: engine.dashboard(this_year, agency=home)),
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


# --- a province: every agency, a merger across 1/7/2025 ------------------------------------------------

N_DEPARTMENTS = int(os.environ.get("BENCH_DEPARTMENTS", 20))
N_COMMUNES = int(os.environ.get("BENCH_COMMUNES", 100))
N_PROVINCE_DOSSIERS = int(os.environ.get("BENCH_PROVINCE_DOSSIERS", 1_000_000))
MERGER = (2025, 7, 1)


def province_populate() -> float:
    """A province of its own (scratch database ``bench-province``): the province's people's committee,
    ``N_DEPARTMENTS`` departments (Sở LĐTBXH closed on 30/6/2025 into Sở Nội vụ, its field "Bảo trợ xã
    hội" to Sở Y tế), ``N_COMMUNES`` communes, ten procedure versions per department and three per
    commune, and ``N_PROVINCE_DOSSIERS`` dossiers over 1/1/2024 – today (60 % departments', 40 %
    communes'), bulk-inserted (the tallies' triggers see them). Returns the seconds it took."""
    import datetime as dt
    import random

    from django.db import transaction
    from django.utils import timezone

    from cchc.common.db import refresh_statistics
    from cchc.dossiers.models import Channel, Dossier, Status
    from cchc.org.models import Agency, Unit
    from cchc.procedures.models import Field, FieldTransfer, Procedure, ProcedureVersion, ProcessStep

    started = time.perf_counter()
    have = Dossier.objects.count()
    if have >= N_PROVINCE_DOSSIERS:
        return 0.0
    tz = timezone.get_current_timezone()
    merger = dt.date(*MERGER)
    if not Agency.objects.filter(code="000.00.00.H99").exists():
        province = Agency.objects.create(
            code="000.00.00.H99", name="UBND tỉnh (đo hiệu năng)", kind=Agency.Kind.PROVINCE, is_home=True
        )
        fields = [
            Field.objects.get_or_create(code=f"lv-{i}", defaults={"name": f"Lĩnh vực {i}"})[0]
            for i in range(20)
        ]
        depts = []
        for i in range(N_DEPARTMENTS):
            depts.append(
                Agency.objects.create(
                    code=f"000.00.{i + 1:02d}.H99",
                    name=f"Sở số {i + 1:02d}",
                    kind=Agency.Kind.DEPARTMENT,
                    parent=province,
                )
            )
        noi_vu, y_te = depts[0], depts[1]
        old = Agency.objects.create(
            code="000.00.99.H99",
            name="Sở Lao động – Thương binh và Xã hội (cũ)",
            kind=Agency.Kind.DEPARTMENT,
            parent=province,
            valid_to=merger - dt.timedelta(days=1),
            replaced_by=noi_vu,
        )
        FieldTransfer.objects.create(from_agency=old, field=fields[1], to_agency=y_te, valid_from=merger)
        communes = [
            Agency.objects.create(
                code=f"000.{10 + i // 100:02d}.{i % 100:02d}.H99",
                name=f"UBND xã số {i + 1:03d}",
                kind=Agency.Kind.COMMUNE,
                level=Agency.Level.COMMUNE,
                parent=province,
            )
            for i in range(N_COMMUNES)
        ]
        for k, agency in enumerate([*depts, old, *communes]):
            unit = Unit.objects.create(agency=agency, code="chuyen-mon", name="Phòng chuyên môn")
            for j in range(10 if agency.kind == Agency.Kind.DEPARTMENT else 3):
                field = fields[(k + j) % len(fields)] if agency != old else fields[j % 2]
                procedure = Procedure.objects.create(code=f"9.{k:03d}{j:03d}")
                version = ProcedureVersion.objects.create(
                    procedure=procedure,
                    number=1,
                    status=ProcedureVersion.Status.PUBLISHED,
                    name=f"Thủ tục {k}-{j}",
                    field=field,
                    agency=agency,
                    online_level=ProcedureVersion.OnlineLevel.FULL
                    if j % 2
                    else ProcedureVersion.OnlineLevel.NONE,
                    processing_time=10,
                    result_name="Quyết định",
                )
                ProcessStep.objects.create(
                    version=version,
                    order=1,
                    name="Thẩm định",
                    role=ProcessStep.Role.SPECIALIST,
                    unit=unit,
                    budget=2,
                )
    agencies = list(Agency.objects.exclude(kind=Agency.Kind.PROVINCE).order_by("pk"))
    versions: dict[int, list[int]] = {}
    for pk, agency_id in ProcedureVersion.objects.values_list("pk", "agency_id"):
        versions.setdefault(agency_id, []).append(pk)
    by_kind = {
        "dept_old": [a for a in agencies if a.valid_to],
        "dept": [a for a in agencies if a.kind == Agency.Kind.DEPARTMENT and not a.valid_to],
        "commune": [a for a in agencies if a.kind == Agency.Kind.COMMUNE],
    }
    successor = by_kind["dept_old"][0].replaced_by_id
    rng = random.Random(2026)
    first = dt.datetime(2024, 1, 1, 8, tzinfo=tz)
    span = (timezone.now() - first).total_seconds()
    cut = dt.datetime(*MERGER, tzinfo=tz)
    now = timezone.now()

    def row(i: int) -> Dossier:
        received = first + dt.timedelta(seconds=span * i / N_PROVINCE_DOSSIERS)
        if i % 5 < 3:
            agency = by_kind["dept"][i % len(by_kind["dept"])]
            if agency.pk == successor and received < cut:
                agency = by_kind["dept_old"][0]
        else:
            agency = by_kind["commune"][i % len(by_kind["commune"])]
        vs = versions[agency.pk]
        due = received + dt.timedelta(days=rng.choice([3, 7, 14, 21]))
        finished = received + dt.timedelta(days=rng.choice([1, 2, 3, 5, 8, 13, 20]))
        kw = {"status": Status.IN_PROCESS}
        if finished < now and rng.random() > 0.02:
            kw = {
                "status": Status.RETURNED,
                "finished_at": finished,
                "returned_at": finished,
                "outcome": "approved",
            }
        return Dossier(
            code=f"{agency.code}-{received:%y%m%d}-{i:07d}",
            agency=agency,
            procedure_version_id=vs[i % len(vs)],
            applicant_kind="person",
            applicant_name="Nguyễn Văn An",
            channel=rng.choice([Channel.COUNTER, Channel.ONLINE, Channel.ONLINE]),
            return_channel=Channel.COUNTER,
            submitted_at=received,
            received_at=received,
            due_at=due,
            digitised_components=rng.random() < 0.7,
            **kw,
        )

    for start in range(have, N_PROVINCE_DOSSIERS, BATCH):
        with transaction.atomic():
            Dossier.objects.bulk_create(
                [row(i) for i in range(start, min(start + BATCH, N_PROVINCE_DOSSIERS))]
            )
        if (start // BATCH) % 10 == 0:
            print(f"  … {start + BATCH:,} dossiers ({time.perf_counter() - started:.0f} s)", flush=True)
    refresh_statistics()
    return time.perf_counter() - started


def province_main() -> None:
    """Targets: the province-wide dashboard for one year ≤ 1 s on PostgreSQL; one agency's (with its
    lineage) ≤ 300 ms on both databases. Also: the monthly ranking of every agency."""
    from django.db import connection

    from cchc.dossiers.models import Dossier
    from cchc.indicators import engine
    from cchc.indicators.engine import Period
    from cchc.org.models import Agency

    seconds = province_populate()
    period = Period.year(2025)
    total = Dossier.objects.count()
    print(
        f"database: {connection.vendor}, dossiers: {total:,} (set-up {seconds:.0f} s); period {period.label}"
    )
    successor = Agency.objects.get(
        pk=Agency.objects.filter(valid_to__isnull=False, kind="department").first().replaced_by_id
    )
    commune = Agency.objects.filter(kind=Agency.Kind.COMMUNE).order_by("pk").first()
    # the agencies' figures add up to the province's (every dossier counted once)
    whole = engine.on_time_counts(period)
    ranking = engine.agency_ranking(period)
    assert sum(r.on_time_n for rows in ranking.values() for r in rows) == whole["n"], "lineage double counts"
    p = _report(
        "engine.dashboard, the whole province, 2025 (target ≤ 1 s on PG)",
        _time(lambda: engine.dashboard(period)),
    )
    a = _report(
        f"engine.dashboard, {successor.name} with its lineage, 2025 (≤ 300 ms)",
        _time(lambda: engine.dashboard(period, agency=successor)),
    )
    c = _report(
        f"engine.dashboard, {commune.name}, 2025 (≤ 300 ms)",
        _time(lambda: engine.dashboard(period, agency=commune)),
    )
    month = Period.month(2025, 7)
    _report(
        "engine.agency_ranking, every agency, 07/2025", _time(lambda: engine.agency_ranking(month), rounds=3)
    )
    print(
        f"province ≤ 1000 ms: {'met' if p <= 1000 else 'NOT met'}; "
        f"agency ≤ 300 ms: {'met' if max(a, c) <= 300 else 'NOT met'}"
    )
    print(f"load average: {load_average()}")
