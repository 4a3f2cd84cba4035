"""Survey indices over 1,000,000 responses.

Target: the overall, element and criterion index of one year and one unit in ≤ 1 s, computed by the
database. The results read the daily summary (``DailyTally``); after the bulk set-up the tallies are
rebuilt from the responses in SQL (``tallies.rebuild_tallies``, timed and reported), then each case
is timed (p50).

Runs against its own database so it never touches real data:
- SQLite: var/bench-surveys.sqlite3 (default);
- PostgreSQL: set DATABASE_URL to a scratch database, e.g.
  su postgres -c "createdb -O cchc cchc_bench_surveys"
  DATABASE_URL=postgres://cchc:cchc@127.0.0.1:5432/cchc_bench_surveys python -m bench surveys

Set-up is resumable (batches of 10,000 dossiers + responses in one transaction each) and
bulk-inserted: one returned dossier per response (the database allows one response per dossier),
over three years, ten handling units, realistic score spread with "not applicable" answers.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import time

from bench import setup_django

N = int(os.environ.get("BENCH_SURVEY_RESPONSES", 1_000_000))
BATCH = 10_000
ROUNDS = int(os.environ.get("BENCH_SURVEY_ROUNDS", 7))
YEAR = 2025


def setup() -> None:
    setup_django("bench-surveys.sqlite3")


def populate() -> float:
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from cchc.common.db import refresh_statistics
    from cchc.dossiers.models import Channel, Dossier, Status
    from cchc.org.models import Agency, Unit
    from cchc.procedures.models import ProcedureVersion
    from cchc.surveys.models import Criterion, MethodVersion, Response, score_field

    started = time.perf_counter()
    have = Response.objects.count()
    if have >= N:
        return 0.0
    if not Agency.objects.filter(is_home=True).exists():
        call_command("demo", dossiers=0, verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    agency = Agency.home()
    units = list(
        Unit.objects.valid_on()
        .filter(agency=agency)
        .exclude(kind__in=[Unit.Kind.COUNTER, Unit.Kind.LEADERSHIP])
        .order_by("code")
    )
    versions = list(
        ProcedureVersion.objects.published()
        .filter(agency=agency)
        .values_list("pk", "procedure_id", "field_id")
    )
    method = MethodVersion.objects.get(code="sipas-2023")
    slots = list(Criterion.objects.filter(method=method).values_list("slot", flat=True))
    tz = timezone.get_current_timezone()
    first = dt.date(YEAR - 1, 1, 1)
    days = [first + dt.timedelta(days=i) for i in range(3 * 365)]
    per_day = -(-N // len(days))

    vendor = connection.vendor
    score_columns = [score_field(slot) for slot in slots]
    version_whens = " ".join(f"WHEN {k} THEN {{}}" for k in range(len(versions)))
    version_case = f"CASE (seq.i %% {len(versions)}) {version_whens} END"
    first_at = dt.datetime.combine(first, dt.time(8, 0), tzinfo=tz)
    if vendor == "sqlite":
        series = "WITH RECURSIVE seq(i) AS (SELECT %s UNION ALL SELECT i + 1 FROM seq WHERE i < %s) "
        from_series = "seq"
        start_at = first_at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S")

        def at_expr(days_back: int, hours: int = 0) -> str:
            return (
                f"datetime('{start_at}', '+' || (seq.i / {per_day}) || ' days',"
                f" '+' || ((seq.i * 7919) %% 540) || ' minutes', '{-days_back:+d} days', '{hours:+d} hours')"
            )
    else:
        series = ""
        from_series = "generate_series(%s::bigint, %s::bigint) AS seq(i)"
        start_at = first_at.isoformat()

        def at_expr(days_back: int, hours: int = 0) -> str:
            return (
                f"('{start_at}'::timestamptz + (seq.i / {per_day}) * interval '1 day'"
                f" + ((seq.i * 7919) %% 540) * interval '1 minute' - interval '{days_back} days'"
                f" + interval '{hours} hours')"
            )

    dossier_fields = [f for f in Dossier._meta.concrete_fields if not f.primary_key]
    template = Dossier(
        code="",
        agency=agency,
        procedure_version_id=versions[0][0],
        applicant_kind="person",
        applicant_name="Nguyễn Văn An",
        channel=Channel.COUNTER,
        return_channel=Channel.COUNTER,
        status=Status.RETURNED,
        outcome="approved",
    )
    generated = {
        "code": "'BENCH-' || seq.i",
        "procedure_version_id": version_case.format(*[v[0] for v in versions]),
        "received_at": at_expr(7),
        "due_at": at_expr(0),
        "finished_at": at_expr(0),
        "returned_at": at_expr(0),
    }
    d_columns, d_exprs, d_params = [], [], []
    for f in dossier_fields:
        d_columns.append(connection.ops.quote_name(f.column))
        if f.name in generated or f.attname in generated:
            d_exprs.append(generated.get(f.attname, generated.get(f.name)))
        else:
            d_exprs.append("%s")
            d_params.append(f.get_db_prep_save(f.pre_save(template, add=True), connection))
    dossier_sql = (
        f"INSERT INTO {Dossier._meta.db_table} ({', '.join(d_columns)}) "
        f"{series}SELECT {', '.join(d_exprs)} FROM {from_series}"
    )

    def h(k: int, salt: int) -> str:
        return f"(((seq.i * 2654435761) + {k * 40503 + salt * 977}) %% 1000003)"

    def score(k: int) -> str:
        p = f"(760 + 120 * seq.i / {N})"
        return (
            f"CASE WHEN {h(k, 1)} %% 100 < 8 THEN NULL WHEN {h(k, 2)} %% 1000 < {p} THEN 4 + {h(k, 3)} %% 2"
            f" ELSE CASE {h(k, 3)} %% 5 WHEN 0 THEN 1 WHEN 1 THEN 2 ELSE 3 END END"
        )

    unit_whens = " ".join(f"WHEN {k} THEN {u.pk}" for k, u in enumerate(units))
    unit_case = f"CASE (seq.i %% {len(units)}) {unit_whens} END"
    r_columns = [
        "method_id",
        "channel",
        "dossier_id",
        "unit_id",
        "procedure_id",
        "field_id",
        "submitted_at",
        "anonymous",
        "respondent_name",
        "respondent_phone",
        "comment",
        "illustrative",
        *score_columns,
    ]
    r_exprs = [
        str(method.pk),
        "CASE WHEN seq.i %% 3 = 0 THEN 'kiosk' ELSE 'link' END",
        "d.id",
        unit_case,
        version_case.format(*[v[1] for v in versions]),
        version_case.format(*[v[2] for v in versions]),
        at_expr(0, 2),
        "TRUE" if vendor != "sqlite" else "1",
        "''",
        "''",
        "''",
        "FALSE" if vendor != "sqlite" else "0",
        *[score(k) for k in slots],
    ]
    response_sql = (
        f"INSERT INTO {Response._meta.db_table} ({', '.join(r_columns)}) "
        f"{series}SELECT {', '.join(r_exprs)} FROM {from_series}"
        f" JOIN {Dossier._meta.db_table} d ON d.code = 'BENCH-' || seq.i"
    )
    for start in range(have, N, BATCH):
        stop = min(start + BATCH, N)
        with transaction.atomic(), connection.cursor() as cursor:
            if vendor == "sqlite":
                cursor.execute(dossier_sql, [start, stop - 1, *d_params])
                cursor.execute(response_sql, [start, stop - 1])
            else:
                cursor.execute(dossier_sql, [*d_params, start, stop - 1])
                cursor.execute(response_sql, [start, stop - 1])
        if (start // BATCH) % 10 == 0:
            print(f"  … {stop:,} responses ({time.perf_counter() - started:.0f} s)", flush=True)
    refresh_statistics()
    return time.perf_counter() - started


def timed(fn, rounds: int = ROUNDS) -> tuple[float, object]:
    samples, value = [], None
    for _ in range(rounds):
        t = time.perf_counter()
        value = fn()
        samples.append((time.perf_counter() - t) * 1000)
    return statistics.median(samples), value


def main() -> None:
    setup()
    from django.db import connection

    from cchc.org.models import Unit
    from cchc.surveys import selectors
    from cchc.surveys.models import Response
    from cchc.surveys.tallies import rebuild_tallies

    seconds = populate()
    t = time.perf_counter()
    written = rebuild_tallies()  # all days: after a bulk insert the summary must be recomputed
    rebuild = time.perf_counter() - t
    from cchc.common.db import refresh_statistics

    refresh_statistics()
    print(f"rebuild_tallies(): {written:,} daily tally rows in {rebuild:.1f} s")
    unit = Unit.objects.get(
        pk=Response.objects.filter(unit__isnull=False).values_list("unit", flat=True)[:1][0]
    )
    year = selectors.Filters(dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31))
    unit_year = selectors.Filters(dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31), unit_id=unit.pk)
    print(
        f"database: {connection.vendor}, responses: {Response.objects.count():,}"
        f" (bulk set-up {seconds:.0f} s); unit {unit}:"
        f" {selectors.responses(unit_year).count():,} responses in {YEAR}"
        f" ({selectors.tallies(unit_year).count():,} tally rows; whole Department"
        f" {selectors.tallies(year).count():,} tally rows)"
    )
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    cases = [
        (f"overall/element/criterion index, {YEAR}, one unit", lambda: selectors.method_results(unit_year)),
        (
            f"overall/element/criterion index, {YEAR}, whole Department",
            lambda: selectors.method_results(year),
        ),
        (f"breakdown by unit, {YEAR}", lambda: selectors.breakdown(year, _method(), "unit")),
        (f"breakdown by month, {YEAR}, one unit", lambda: selectors.breakdown(unit_year, _method(), "month")),
    ]
    for label, fn in cases:
        fn()  # warm the cache
        p50, value = timed(fn)
        index = value[0].index if value and hasattr(value[0], "index") else None
        shown = f"{selectors.rounded(index)} %" if index is not None else f"{len(value)} rows"
        print(f"{label:<58} p50 {p50:8.1f} ms   ({ROUNDS} runs; {shown})")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


def _method():
    from cchc.surveys.models import MethodVersion

    return MethodVersion.objects.get(code="sipas-2023")
