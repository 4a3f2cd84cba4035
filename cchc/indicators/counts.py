"""The dossier counts every indicator is built from, per procedure version, in one grouped query:
the on-time counts of any periods, and the dossiers received or decided in a period.

**On-time rule (QĐ 766 2.1, T5; domain.md §5, §6.2).** For a period [S, E) with cut-off
``C = min(E, now)``:

- population: dossiers received before C and not finished before S (received or processed in the
  period);
- on time: not late at C by ``cchc.dossiers.timeliness.late_q`` — the verdict the dossier page, the
  worklist and the late list show: finished by C with ``finished_at ≤ due_at`` (the *original*
  appointment: an apology's new date changes nothing; ``due_at`` already includes supplement
  pauses), **or** open at C with ``due_at ≥ C`` (within time at the period's end) or waiting for the
  applicant's supplement asked before the due time (clock stopped);
- a dossier asked to supplement more than once (``supplement_count > 1``) is late whatever its dates;
- rate = on time / population × 100; an empty population gives ``None`` ("Chưa có dữ liệu"), never 0.

**Where the counts come from (decision 0010).** Every count is a sum over two disjoint parts: the
dossiers finished before a *split point* X (the first instant of the current month, or earlier when
a period does not start or end on a month boundary) are read from the monthly tallies
(``DossierTally``, kept by triggers; a finished dossier never changes class), and the rest — open
dossiers and those finished since X — are counted live with the rules above. With month-aligned
periods every condition on a finished dossier reduces to a comparison of its months, so both parts
apply the same rule; ``tests/indicators/test_tally_split.py`` holds them equal to a full live count.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from cchc.common.periods import Period
from cchc.dossiers import timeliness
from cchc.dossiers.models import Channel, DossierTally, Outcome, Status
from cchc.indicators.scope import dossiers, in_scope
from cchc.org.models import Agency, Unit
from cchc.procedures.models import ProcedureVersion

# Grouping by ``procedure_version_id + 0``: SQLite would otherwise walk the column's index to group
# and fetch every row at random (a year of dossiers: tens of seconds instead of one scan).
_GROUP_VERSION = F("procedure_version_id") + 0


def _population(start: dt.datetime, cut: dt.datetime) -> Q:
    """Received before the cut-off, with an appointment, not finished before the period; refused
    ones never (refused at intake: no appointment). A dossier stopped at the applicant's request is
    a finished one: late if stopped after its appointment (``timeliness`` says so on its page too);
    one waiting for a supplement is measured as ``timeliness`` says (paused = within time)."""
    return (
        Q(received_at__lt=cut, due_at__isnull=False)
        & (Q(finished_at__isnull=True) | Q(finished_at__gte=start))
        & ~Q(status=Status.REFUSED)
    )


def _on_time(cut: dt.datetime) -> Q:
    """Not late at the cut-off: the complement of ``timeliness.late_q``, the verdict every screen shows."""
    return ~timeliness.late_q(cut)


def _late_condition(start: dt.datetime, cut: dt.datetime) -> Q:
    return _population(start, cut) & timeliness.late_q(cut)


def _on_time_aggregates(period: Period, prefix: str = "", now: dt.datetime | None = None) -> dict:
    """Three counts (population, on time, late without apology); "late with apology" is the rest."""
    start, cut = period.bounds(now)
    pop = _population(start, cut)
    on_time = _on_time(cut)
    return {
        f"{prefix}n": Count("pk", filter=pop),
        f"{prefix}on_time": Count("pk", filter=pop & on_time),
        f"{prefix}late_no_apology": Count("pk", filter=pop & ~on_time & Q(apologised_at__isnull=True)),
    }


def _complete(row: dict, prefix: str = "") -> dict:
    n, ok, no = row[f"{prefix}n"], row[f"{prefix}on_time"], row[f"{prefix}late_no_apology"]
    return {"n": n, "on_time": ok, "late_no_apology": no, "late_apology": n - ok - no}


def _scan_filter(periods: list[Period], now: dt.datetime | None = None) -> Q:
    """The union of the periods' populations, so one scan serves them all."""
    starts, cuts = zip(*(p.bounds(now) for p in periods), strict=True)
    return _population(min(starts), max(cuts))


def _local_month_start(t: dt.datetime) -> dt.datetime:
    local = timezone.localtime(t)
    return local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def _is_month_start(t: dt.datetime) -> bool:
    return _local_month_start(t) == timezone.localtime(t)


def split_point(periods: list[Period], now: dt.datetime | None = None) -> dt.datetime:
    """X: dossiers finished before it are read from the tallies, the others live.

    The first instant of the current month, or of the month of any period bound that is not itself a
    month's first instant (then every tallied dossier lies wholly before that bound).
    """
    now = now or timezone.now()
    candidates = [_local_month_start(now)]
    for p in periods:
        for t in p.bounds(now):
            if not _is_month_start(t):
                candidates.append(_local_month_start(t))
    return min(candidates)


def _tallied(unit: Unit | None = None, agency: Agency | None = None) -> QuerySet[DossierTally]:
    return in_scope(DossierTally.objects.all(), unit, agency=agency)


def _sum(column: str, condition: Q):
    return Coalesce(Sum(column, filter=condition), 0)


def _tally_on_time_aggregates(period: Period, prefix: str = "", now: dt.datetime | None = None) -> dict:
    """``_on_time_aggregates`` over the tallies (dossiers finished before the split point).

    Finished in [S, C): in the population; on time as counted when it finished. Finished at or after
    a month-boundary cut-off C but received before it ("crossing"): open at C, so on time iff
    supplemented at most once and due on or after C. (For a cut-off inside a month no tallied dossier
    finishes after it: the split point is at or before its month's start.)
    """
    start, cut = period.bounds(now)
    s, c = timezone.localdate(start), timezone.localdate(cut)
    finished = Q(finished_month__gte=s, finished_month__lt=c)
    crossing = Q(finished_month__gte=c, received_month__lt=c)
    due_after = crossing & Q(due_month__gte=c)
    return {
        f"{prefix}n": _sum("pop", finished) + _sum("pop", crossing),
        f"{prefix}on_time": _sum("pop_on_time", finished) + _sum("pop_supp_ok", due_after),
        f"{prefix}late_no_apology": _sum("pop_late_no_apology", finished)
        + _sum("pop_no_apology", crossing)
        - _sum("pop_supp_ok_no_apology", due_after),
    }


def _tally_received_aggregates(period: Period, now=None) -> dict:
    """``_received_aggregates`` over the tallies."""
    start, cut = period.bounds(now)
    s, c = timezone.localdate(start), timezone.localdate(cut)
    rec = Q(received_month__gte=s, received_month__lt=c)
    finished = Q(finished_month__gte=s, finished_month__lt=c)
    out = {
        f"r_{name}": _sum(column, rec)
        for name, column in (
            ("n", "n"),
            ("online", "online"),
            ("online_e", "online_e"),
            ("paper", "paper"),
            ("paper_no_reason", "paper_no_reason"),
            ("fee", "fee"),
            ("paid", "paid"),
            ("digitised", "digitised"),
            ("reused", "reused"),
            ("vneid", "vneid"),
        )
    }
    out["f_n"] = _sum("approved", finished)
    out["f_e"] = _sum("approved_e", finished)
    return out


def _paper_received(period: Period, prefix: str, now=None) -> tuple[dict, dict, Q]:
    """(live aggregate, tally aggregate, live scan) of the paper dossiers received in ``period``."""
    start, cut = period.bounds(now)
    s, c = timezone.localdate(start), timezone.localdate(cut)
    rec = Q(received_at__gte=start, received_at__lt=cut)
    tally_rec = Q(received_month__gte=s, received_month__lt=c)
    live = {
        f"{prefix}r_n": Count("pk", filter=rec),
        f"{prefix}r_paper": Count("pk", filter=rec & Q(channel__in=[Channel.COUNTER, Channel.POST])),
    }
    tally = {f"{prefix}r_n": _sum("n", tally_rec), f"{prefix}r_paper": _sum("paper", tally_rec)}
    return live, tally, rec


def grouped_counts(
    *,
    on_time: dict[str, Period] | None = None,
    received: Period | None = None,
    paper: dict[str, Period] | None = None,
    unit: Unit | None = None,
    agency: Agency | None = None,
    now: dt.datetime | None = None,
    split: dt.datetime | None = None,
    by_agency: bool = False,
) -> list[dict]:
    """Per procedure version (``pv``): the on-time counts of each period in ``on_time`` (keys
    ``<prefix>n``, ``<prefix>on_time``, ``<prefix>late_no_apology``); with ``received``, the counts
    of ``_received_aggregates``; with ``paper``, the dossiers and the paper dossiers received in each
    of its periods (``<prefix>r_n``, ``<prefix>r_paper``, for the monthly trend of T4) — tallied part
    plus live part, summed.

    ``agency`` and ``unit`` choose whose dossiers (``cchc.indicators.scope``; both None: the
    province's). ``split`` overrides the split point (tests force everything live with a date before
    any data). With ``by_agency`` the rows are per (competent agency ``ag``, version ``pv``): the
    province's ranking assigns them to agencies with ``Lineage.covers``.
    """
    on_time = {prefix: p for prefix, p in (on_time or {}).items()}
    paper = paper or {}
    periods = list(on_time.values()) + ([received] if received else []) + list(paper.values())
    active = [p for p in periods if p.bounds(now)[0] < p.bounds(now)[1]]
    if not active:
        return []
    split = split or split_point(active, now)
    live_aggregates, tally_aggregates, scans = {}, {}, []
    for prefix, p in on_time.items():
        live_aggregates.update(_on_time_aggregates(p, prefix, now))
        tally_aggregates.update(_tally_on_time_aggregates(p, prefix, now))
    populations = [p for p in on_time.values() if p in active]
    if populations:
        scans.append(_scan_filter(populations, now))
    if received is not None:
        live_aggregates.update(_received_aggregates(received, now))
        tally_aggregates.update(_tally_received_aggregates(received, now))
        scans.append(_received_scan(received, now))
    for prefix, p in paper.items():
        live_part, tally_part, rec = _paper_received(p, prefix, now)
        live_aggregates.update(live_part)
        tally_aggregates.update(tally_part)
        if p in active:
            scans.append(rec)
    scan = scans[0]
    for more in scans[1:]:
        scan |= more
    live = (
        dossiers(agency, unit)
        .filter(Q(finished_at__isnull=True) | Q(finished_at__gte=split))
        .filter(scan)
        .values(pv=_GROUP_VERSION, **({"ag": F("agency_id") + 0} if by_agency else {}))
        .annotate(**live_aggregates)
        .order_by()
    )
    earliest = min(timezone.localdate(p.bounds(now)[0]) for p in active)
    tallied = (
        _tallied(unit, agency)
        .filter(finished_month__lt=timezone.localdate(split), finished_month__gte=earliest.replace(day=1))
        .values(pv=F("procedure_version_id"), **({"ag": F("agency_id")} if by_agency else {}))
        # "t_" keeps the aggregates' names apart from the tally's columns (n, pop…)
        .annotate(**{f"t_{k}": v for k, v in tally_aggregates.items()})
        .order_by()
    )
    keys = list(live_aggregates)
    per_version: dict[tuple, dict] = {}
    for row in tallied:
        acc = per_version.setdefault((row["pv"], row.get("ag")), dict.fromkeys(keys, 0))
        for k in keys:
            acc[k] += row[f"t_{k}"] or 0
    for row in live:
        acc = per_version.setdefault((row["pv"], row.get("ag")), dict.fromkeys(keys, 0))
        for k in keys:
            acc[k] += row[k] or 0
    if by_agency:
        return [{"pv": pv, "ag": ag, **counts} for (pv, ag), counts in per_version.items()]
    return [{"pv": pv, **counts} for (pv, _ag), counts in per_version.items()]


def on_time_counts(
    period: Period, unit: Unit | None = None, *, agency: Agency | None = None, now: dt.datetime | None = None
) -> dict:
    rows = grouped_counts(on_time={"": period}, unit=unit, agency=agency, now=now)
    keys = ("n", "on_time", "late_no_apology")
    return _complete({k: sum(r[k] for r in rows) for k in keys})


def _received_scan(period: Period, now=None) -> Q:
    start, cut = period.bounds(now)
    return Q(received_at__gte=start, received_at__lt=cut) | Q(
        finished_at__gte=start, finished_at__lt=cut, outcome=Outcome.APPROVED
    )


def _received_aggregates(period: Period, now=None) -> dict:
    """Counts per procedure version of the dossiers received (``r_*``) or decided (``f_*``) in the
    period; the version's attributes (online level, result form) are applied to the grouped rows."""
    start, cut = period.bounds(now)
    rec = Q(received_at__gte=start, received_at__lt=cut)
    finished = Q(finished_at__gte=start, finished_at__lt=cut, outcome=Outcome.APPROVED)
    e_result = ~Q(result_code="")
    fee = Q(fee_amount__gt=0)
    online = rec & Q(channel=Channel.ONLINE)
    return {
        "r_n": Count("pk", filter=rec),
        "r_online": Count("pk", filter=online),
        "r_online_e": Count("pk", filter=online & e_result),
        "r_paper": Count("pk", filter=rec & Q(channel__in=[Channel.COUNTER, Channel.POST])),
        "r_paper_no_reason": Count(
            "pk", filter=rec & Q(channel__in=[Channel.COUNTER, Channel.POST], paper_reason="")
        ),
        "r_fee": Count("pk", filter=rec & fee),
        "r_paid": Count("pk", filter=rec & fee & Q(paid_online__gt=0)),
        "r_digitised": Count(
            "pk", filter=rec & Q(digitised_components=True) & (e_result | ~Q(outcome=Outcome.APPROVED))
        ),
        "r_reused": Count("pk", filter=rec & Q(data_reused=True)),
        "r_vneid": Count("pk", filter=rec & Q(vneid_verified=True)),
        "f_n": Count("pk", filter=finished),
        "f_e": Count("pk", filter=finished & e_result),
    }


def version_attributes() -> dict[int, tuple[str, str]]:
    """procedure version id → (online level, result form): a small table read once."""
    return {
        pk: (level, form)
        for pk, level, form in ProcedureVersion.objects.values_list("pk", "online_level", "result_form")
    }


def received_totals(rows, attrs: dict[int, tuple[str, str]] | None = None) -> dict:
    """Sum the per-version counts of ``_received_aggregates`` into the figures T4 and QĐ 766 use
    (``attrs``: ``version_attributes()``, when the caller has read it already)."""
    attrs = version_attributes() if attrs is None else attrs
    out = dict.fromkeys(
        (
            "n",
            "online_ok",
            "paper",
            "paper_no_reason",
            "online_versions_n",
            "fee",
            "paid",
            "fee_versions",
            "paid_versions",
            "digitised",
            "reused",
            "vneid",
            "finished",
            "finished_e",
        ),
        0,
    )
    for row in rows:
        level, form = attrs.get(row["pv"], ("none", "paper"))
        out["n"] += row["r_n"]
        # An online dossier of a paper-result procedure counts only with an electronic result (3.3).
        out["online_ok"] += (
            row["r_online_e"] if form == ProcedureVersion.ResultForm.PAPER else row["r_online"]
        )
        if level != ProcedureVersion.OnlineLevel.NONE:
            out["online_versions_n"] += row["r_n"]
            out["paper"] += row["r_paper"]
            out["paper_no_reason"] += row["r_paper_no_reason"]
        out["fee"] += row["r_fee"]
        out["paid"] += row["r_paid"]
        out["fee_versions"] += 1 if row["r_fee"] else 0
        out["paid_versions"] += 1 if row["r_paid"] else 0
        out["digitised"] += row["r_digitised"]
        out["reused"] += row["r_reused"]
        out["vneid"] += row["r_vneid"]
        out["finished"] += row["f_n"]
        out["finished_e"] += row["f_e"]
    return out
