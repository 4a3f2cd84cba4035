"""Building the reports on a year of dossiers (reports).

Target: the quarterly Department report (DOCX + XLSX) and the delay report of the whole Department
are built in the background within 60 s each on 100,000 dossiers a year (the delay report here
lists ~6,000 late steps, an extreme case); the delay counts (database aggregates) within 1 s.

Own database: SQLite var/bench-reports.sqlite3 (or DATABASE_URL of a scratch PostgreSQL database).
Dossiers and their control-slip rows are bulk-inserted (three steps each: a unit of the Department,
a partner agency, the counter's return), about 8 % of steps late.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import time

from bench import setup_django

N_DOSSIERS = int(os.environ.get("BENCH_REPORT_DOSSIERS", 100_000))
BATCH = 5_000
ROUNDS = 3


def populate() -> float:
    from django.core.management import call_command
    from django.db import transaction

    from cchc.common.db import refresh_statistics
    from cchc.dossiers.models import Channel, Dossier, Handover, Status
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
    partner = Agency.objects.exclude(pk=agency.pk).order_by("pk").first() or agency
    units = [u for u in Unit.objects.valid_on().filter(agency=agency) if u.kind == Unit.Kind.DIVISION]
    counter = Unit.objects.filter(agency=agency, kind=Unit.Kind.COUNTER).first()
    versions = list(ProcedureVersion.objects.published().filter(agency=agency))
    cal = calendar.get_calendar()
    rng = random.Random(2026)
    last = dt.date(2026, 9, 30)
    days = [d for d in (last - dt.timedelta(days=i) for i in range(365)) if cal.is_working_day(d)]
    per_day = -(-N_DOSSIERS // len(days))

    def dossier(i: int) -> Dossier:
        day = days[i // per_day]
        received = dt.datetime.combine(day, dt.time(8, 0), tzinfo=cal.tz) + dt.timedelta(minutes=i % 400)
        finished = received + dt.timedelta(days=rng.choice([2, 4, 6, 9, 13]))
        return Dossier(
            code=f"{agency.code}-{day:%y%m%d}-{i % per_day + 1:04d}",
            agency=agency,
            procedure_version=versions[i % len(versions)],
            applicant_kind="person",
            applicant_name="Nguyễn Văn An",
            id_number=f"0600{i:08d}",
            channel=Channel.COUNTER,
            return_channel=Channel.COUNTER,
            status=Status.RETURNED,
            submitted_at=received,
            received_at=received,
            due_at=received + dt.timedelta(days=10),
            finished_at=finished,
            returned_at=finished,
            outcome="approved",
        )

    def handovers(d: Dossier, i: int) -> list[Handover]:
        rows = []
        at = d.received_at
        for seq, (to_unit, to_agency) in enumerate(
            [(units[i % len(units)], None), (None, partner), (counter, None)], start=1
        ):
            due = at + dt.timedelta(days=2)
            late = rng.random() < 0.08
            done = due + dt.timedelta(hours=rng.choice([5, 20, 50])) if late else at + dt.timedelta(days=1)
            rows.append(
                Handover(
                    dossier_id=d.pk,
                    seq=seq,
                    to_unit=to_unit,
                    to_agency=to_agency,
                    handed_at=at,
                    step_due_at=due,
                    done_at=done,
                    result=Handover.Result.LATE if late else Handover.Result.EARLY,
                )
            )
            at = done
        return rows

    for start in range(have, N_DOSSIERS, BATCH):
        with transaction.atomic():
            batch = Dossier.objects.bulk_create(
                [dossier(i) for i in range(start, min(start + BATCH, N_DOSSIERS))]
            )
            if batch[0].pk is None:
                ids = dict(Dossier.objects.filter(code__in=[d.code for d in batch]).values_list("code", "pk"))
                for d in batch:
                    d.pk = ids[d.code]
            Handover.objects.bulk_create([h for n, d in enumerate(batch) for h in handovers(d, start + n)])
    refresh_statistics()
    return time.perf_counter() - started


def timed(fn, rounds: int = ROUNDS) -> tuple[float, object]:
    samples, result = [], None
    for _ in range(rounds):
        t = time.perf_counter()
        result = fn()
        samples.append(time.perf_counter() - t)
    return statistics.median(samples), result


def main() -> None:
    setup_django("bench-reports.sqlite3")
    from django.db import connection

    from cchc.dossiers.models import Dossier, Handover
    from cchc.reports import delay_report, delays, department, excel, periods, word

    seconds = populate()
    print(
        f"database: {connection.vendor}, dossiers: {Dossier.objects.count():,}, control-slip rows: "
        f"{Handover.objects.count():,} (set-up {seconds:.0f} s)"
    )
    rp = periods.parse("quarter", 2026, 3, today=dt.date(2026, 11, 26))
    s, stats = timed(lambda: delays.summary(delays.late_steps(rp.start, rp.end)), 5)
    print(f"delay counts, Q3 2026 ({stats['totals']['steps']:,} late steps): {s * 1000:8.1f} ms")
    s, report = timed(lambda: delay_report.build(rp))
    print(f"delay report content (list of every late step):   {s:8.2f} s")
    s, _ = timed(lambda: (word.render(report), excel.render(report)))
    print(f"delay report DOCX + XLSX:                         {s:8.2f} s")
    s, report = timed(lambda: department.build(rp))
    print(f"Department report content (engine + plans):       {s:8.2f} s")
    s, _ = timed(lambda: (word.render(report), excel.render(report)))
    print(f"Department report DOCX + XLSX:                    {s:8.2f} s")
