"""Every indicator, for any period and unit, computed by the database (the contract of issue 5).

The dashboard, the drill-down lists and the reports all call these functions, so they show the same
numbers. Counting is done by SQL aggregates (``Count(filter=…)``, ``Case/When``, ``Exists``); Python
only combines the aggregated numbers (sums per unit, the scoring rule, the "what if" solver).

**Which unit a dossier belongs to.** The unit in charge of a dossier is the unit of the *specialist*
step (``ProcessStep.Role.SPECIALIST``) of its procedure version's internal process — the division
that examines it, whichever unit holds it at the moment (the counter holds the returned ones).
"The whole Department" (``unit=None``) is every dossier received by the home agency.

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

import calendar as pycalendar
import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from cchc.common.formats import format_number as _n  # Vietnamese: "1.234", "4,24"
from cchc.dossiers import timeliness
from cchc.dossiers.models import Channel, Dossier, DossierTally, Outcome, Status
from cchc.org.models import Agency, Unit, valid_on_q
from cchc.procedures.models import FormTemplate, ProcedureVersion, ProcessStep

HUNDRED = Decimal(100)
NO_DATA = "Chưa có dữ liệu"
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
# A percentage this far below its goal is "warn" (amber) rather than "bad" (red).
WARN_MARGIN = Decimal(5)


def q2(value) -> Decimal | None:
    if value is None:
        return None
    return Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def pct(numerator, denominator) -> Decimal | None:
    """numerator / denominator × 100, 2 decimals; None when the denominator is 0 ("no data")."""
    if not denominator:
        return None
    return q2(Decimal(numerator) * HUNDRED / Decimal(denominator))


def fmt_pct(value: Decimal | None) -> str:
    return NO_DATA if value is None else f"{_n(value, 2)} %"


# --- periods ---------------------------------------------------------------------------------------


class PeriodError(ValueError):
    """An invalid period (the message is Vietnamese and meant for the user)."""


_KEY = re.compile(r"^(\d{4})(?:-(h[12]|q[1-4]|m(?:0?[1-9]|1[0-2])))?$")


@dataclass(frozen=True)
class Period:
    start: dt.date  # inclusive
    end: dt.date  # inclusive
    label: str

    @classmethod
    def year(cls, y: int) -> Period:
        return cls(dt.date(y, 1, 1), dt.date(y, 12, 31), f"Năm {y}")

    @classmethod
    def half(cls, y: int, h: int) -> Period:
        if h not in (1, 2):
            raise PeriodError("Nửa năm phải là 1 hoặc 2.")
        if h == 1:
            return cls(dt.date(y, 1, 1), dt.date(y, 6, 30), f"6 tháng đầu năm {y}")
        return cls(dt.date(y, 7, 1), dt.date(y, 12, 31), f"6 tháng cuối năm {y}")

    @classmethod
    def quarter(cls, y: int, q: int) -> Period:
        if q not in (1, 2, 3, 4):
            raise PeriodError("Quý phải từ 1 đến 4.")
        first = 3 * (q - 1) + 1
        last = first + 2
        return cls(
            dt.date(y, first, 1), dt.date(y, last, pycalendar.monthrange(y, last)[1]), f"Quý {ROMAN[q]}/{y}"
        )

    @classmethod
    def month(cls, y: int, m: int) -> Period:
        if not 1 <= m <= 12:
            raise PeriodError("Tháng phải từ 1 đến 12.")
        return cls(dt.date(y, m, 1), dt.date(y, m, pycalendar.monthrange(y, m)[1]), f"Tháng {m}/{y}")

    @classmethod
    def parse(cls, key: str | None, *, default: Period | None = None) -> Period:
        """``2026`` (year), ``2026-h1`` (half), ``2026-q3`` (quarter), ``2026-m03`` (month).

        Raises PeriodError with a Vietnamese message for anything else.
        """
        key = (key or "").strip().lower()
        if not key:
            return default or cls.year(timezone.localdate().year)
        match = _KEY.match(key[:12])
        if not match:
            raise PeriodError(
                "Kỳ báo cáo không hợp lệ: dùng dạng 2026 (năm), 2026-h1 (6 tháng), 2026-q3 (quý) "
                "hoặc 2026-m03 (tháng)."
            )
        y = int(match.group(1))
        if not 2000 <= y <= 2100:
            raise PeriodError("Năm của kỳ báo cáo phải từ 2000 đến 2100.")
        part = match.group(2)
        if not part:
            return cls.year(y)
        n = int(part[1:])
        return {"h": cls.half, "q": cls.quarter, "m": cls.month}[part[0]](y, n)

    @property
    def key(self) -> str:
        y = self.start.year
        months = (self.end.year - y) * 12 + self.end.month - self.start.month + 1
        if months == 12:
            return str(y)
        if months == 6:
            return f"{y}-h{1 if self.start.month == 1 else 2}"
        if months == 3:
            return f"{y}-q{(self.start.month - 1) // 3 + 1}"
        return f"{y}-m{self.start.month:02d}"

    def previous_year(self) -> Period:
        start = self.start.replace(year=self.start.year - 1)
        end_y = self.end.year - 1
        end = dt.date(end_y, self.end.month, pycalendar.monthrange(end_y, self.end.month)[1])
        return Period(start, end, self.label.replace(str(self.end.year), str(end_y)))

    def months(self) -> list[Period]:
        out = []
        y, m = self.start.year, self.start.month
        while dt.date(y, m, 1) <= self.end:
            out.append(Period.month(y, m))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out

    def bounds(self, now: dt.datetime | None = None) -> tuple[dt.datetime, dt.datetime]:
        """(S, C): the period's first instant and its cut-off min(end of last day, now)."""
        tz = timezone.get_current_timezone()
        start = dt.datetime.combine(self.start, dt.time.min, tzinfo=tz)
        end = dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
        now = now or timezone.now()
        return start, min(end, now)


# --- values ----------------------------------------------------------------------------------------


@dataclass
class Value:
    key: str
    label: str
    value: Decimal | None
    numerator: Decimal | int | None
    denominator: Decimal | int | None
    unit: str  # "%", "count", "points"
    goal: Decimal | None
    comparator: str  # ">=", ">", "<=", "=", "higher_than_previous", ""
    status: str  # "good" | "warn" | "bad" | "nodata" | "nogoal" (measured, no goal set)
    note: str = ""
    drill: str = ""

    @property
    def display(self) -> str:
        if self.value is None:
            return NO_DATA
        if self.unit == "%":
            return fmt_pct(self.value)
        return _n(self.value) if isinstance(self.value, (Decimal, int)) else str(self.value)


@dataclass
class Indicator766:
    code: str
    label: str
    max_points: Decimal
    threshold: Decimal | None
    numerator: int | None
    denominator: int | None
    rate: Decimal | None
    points: Decimal | None
    note: str = ""


@dataclass
class Group766:
    name: str
    max_points: Decimal
    indicators: list[Indicator766]
    points: Decimal | None


@dataclass
class Index766:
    groups: list[Group766]
    total: Decimal | None
    max_total: Decimal
    scored_max: Decimal = Decimal(0)  # the points of the indicators that could be scored

    def indicator(self, code: str) -> Indicator766 | None:
        return next((i for g in self.groups for i in g.indicators if i.code == code), None)


def score_766(rate: Decimal | None, max_points: Decimal, threshold: Decimal | None) -> Decimal | None:
    """Pmax if rate ≥ threshold, else rate × Pmax / threshold; no threshold = 100 %; None when N/A."""
    if rate is None:
        return None
    threshold = threshold or HUNDRED
    if rate >= threshold:
        return q2(max_points)
    return q2(max(rate, Decimal(0)) * max_points / threshold)


def status_for(value: Decimal | None, goal: Decimal | None, comparator: str, *, percent: bool = True) -> str:
    if value is None:
        return "nodata"
    if comparator == "higher_than_previous":
        return "warn"  # compared with last year by the caller that knows it (T5)
    if goal is None or not comparator:
        return "nogoal"  # measured, but the plan sets no goal: neither "achieved" nor "missed"
    ok = {
        ">=": value >= goal,
        ">": value > goal,
        "<=": value <= goal,
        "=": value == goal,
    }.get(comparator, True)
    if ok:
        return "good"
    if percent and comparator in (">=", ">") and value >= goal - WARN_MARGIN:
        return "warn"
    return "bad"


# --- scope -----------------------------------------------------------------------------------------


def home_agency() -> Agency | None:
    return Agency.home()


def unit_versions(unit: Unit) -> QuerySet:
    """Ids of the procedure versions whose specialist step is ``unit``'s (as an SQL subquery)."""
    return ProcessStep.objects.filter(role=ProcessStep.Role.SPECIALIST, unit=unit).values("version_id")


def version_units() -> dict[int, int]:
    """procedure version id → id of the unit in charge (small table: one row per version)."""
    rows = (
        ProcessStep.objects.filter(role=ProcessStep.Role.SPECIALIST, unit__isnull=False)
        .order_by("version_id", "order")
        .values_list("version_id", "unit_id")
    )
    out: dict[int, int] = {}
    for version_id, unit_id in rows:
        out.setdefault(version_id, unit_id)
    return out


def dossiers(unit: Unit | None = None) -> QuerySet[Dossier]:
    """The dossiers of the Department (or of one unit).

    The agency and version filters compare ``column + 0``: an aggregate over a year reads about a
    third of the table, which a sequential scan does far faster than the (agency, received_at) index
    followed by a random row fetch per dossier (SQLite picks the index otherwise: 120 s instead of
    1.7 s over 1,000,000 dossiers; see bench/bench_dashboard.py).
    """
    qs = Dossier.objects.all()
    agency = home_agency()
    if agency is not None:
        qs = qs.alias(agency_scan=F("agency_id") + 0).filter(agency_scan=agency.pk)
    if unit is not None:
        qs = qs.alias(version_scan=F("procedure_version_id") + 0).filter(version_scan__in=unit_versions(unit))
    return qs


# --- on time ---------------------------------------------------------------------------------------


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


def in_scope(qs: QuerySet, unit: Unit | None, *, version: str = "procedure_version") -> QuerySet:
    """Rows of the home agency and, with ``unit``, of that unit's procedure versions (``version``
    names the field that holds the version: ``"pk"`` for ProcedureVersion itself). ``dossiers()``
    keeps its own copy with a scan hint for the large aggregates."""
    agency = home_agency()
    if agency is not None:
        qs = qs.filter(agency=agency)
    if unit is not None:
        qs = qs.filter(**{f"{version}__in": unit_versions(unit)})
    return qs


def _tallied(unit: Unit | None = None) -> QuerySet[DossierTally]:
    return in_scope(DossierTally.objects.all(), unit)


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
    now: dt.datetime | None = None,
    split: dt.datetime | None = None,
) -> list[dict]:
    """Per procedure version (``pv``): the on-time counts of each period in ``on_time`` (keys
    ``<prefix>n``, ``<prefix>on_time``, ``<prefix>late_no_apology``); with ``received``, the counts
    of ``_received_aggregates``; with ``paper``, the dossiers and the paper dossiers received in each
    of its periods (``<prefix>r_n``, ``<prefix>r_paper``, for the monthly trend of T4) — tallied part
    plus live part, summed.

    ``split`` overrides the split point (tests force everything live with a date before any data).
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
        dossiers(unit)
        .filter(Q(finished_at__isnull=True) | Q(finished_at__gte=split))
        .filter(scan)
        .values(pv=_GROUP_VERSION)
        .annotate(**live_aggregates)
        .order_by()
    )
    earliest = min(timezone.localdate(p.bounds(now)[0]) for p in active)
    tallied = (
        _tallied(unit)
        .filter(finished_month__lt=timezone.localdate(split), finished_month__gte=earliest.replace(day=1))
        .values(pv=F("procedure_version_id"))
        # "t_" keeps the aggregates' names apart from the tally's columns (n, pop…)
        .annotate(**{f"t_{k}": v for k, v in tally_aggregates.items()})
        .order_by()
    )
    keys = list(live_aggregates)
    per_version: dict[int, dict] = {}
    for row in tallied:
        acc = per_version.setdefault(row["pv"], dict.fromkeys(keys, 0))
        for k in keys:
            acc[k] += row[f"t_{k}"] or 0
    for row in live:
        acc = per_version.setdefault(row["pv"], dict.fromkeys(keys, 0))
        for k in keys:
            acc[k] += row[k] or 0
    return [{"pv": pv, **counts} for pv, counts in per_version.items()]


def on_time_counts(period: Period, unit: Unit | None = None, *, now: dt.datetime | None = None) -> dict:
    rows = grouped_counts(on_time={"": period}, unit=unit, now=now)
    keys = ("n", "on_time", "late_no_apology")
    return _complete({k: sum(r[k] for r in rows) for k in keys})


def _previous_rate(period: Period, unit: Unit | None, now=None) -> Decimal | None:
    row = on_time_counts(period.previous_year(), unit, now=now)
    return pct(row["on_time"], row["n"])


def on_time(period: Period, unit: Unit | None = None, *, now: dt.datetime | None = None) -> Value:
    """T5 / 766 2.1: the on-time rate (see the module docstring), with last year's rate beside it."""
    row = on_time_counts(period, unit, now=now)
    rate = pct(row["on_time"], row["n"])
    previous = _previous_rate(period, unit, now)
    return _on_time_value(period, rate, row, previous)


def _on_time_value(period: Period, rate, row, previous) -> Value:
    goals = targets_for(period.end.year)
    goal_target = goals.get(("T5", ">="))
    goal = goal_target.value if goal_target else None
    wants_higher = ("T5", "higher_than_previous") in goals
    if rate is None:
        status = "nodata"
    elif goal is not None:
        status = status_for(rate, goal, ">=")
        if wants_higher and previous is not None and rate <= previous and status == "good":
            status = "warn"
    elif wants_higher and previous is not None:
        status = "good" if rate > previous else "warn"
    else:
        status = "nogoal"
    note = f"Cùng kỳ năm trước: {fmt_pct(previous)}"
    if row["n"]:
        note += (
            f"; quá hạn {_n(row['n'] - row['on_time'])} hồ sơ ({_n(row['late_no_apology'])} không có văn bản "
            "xin lỗi)"
        )
    return Value(
        key="T5",
        label="Tỷ lệ hồ sơ giải quyết đúng hạn",
        value=rate,
        numerator=row["on_time"],
        denominator=row["n"],
        unit="%",
        goal=goal,
        comparator=">=" if goal is not None else ("higher_than_previous" if wants_higher else ""),
        status=status,
        note=note,
        drill="late_dossiers",
    )


def late_dossiers(
    period: Period,
    unit: Unit | None = None,
    *,
    without_apology: bool | None = None,
    now: dt.datetime | None = None,
) -> QuerySet[Dossier]:
    """The dossiers behind the late part of ``on_time`` (same rule), soonest due first."""
    start, cut = period.bounds(now)
    qs = dossiers(unit).filter(_late_condition(start, cut))
    if without_apology is True:
        qs = qs.filter(apologised_at__isnull=True)
    elif without_apology is False:
        qs = qs.filter(apologised_at__isnull=False)
    qs = qs.select_related("procedure_version__procedure", "holder_unit", "holder_agency").defer(
        "outcome_reason", "apology_reason", "tracking_secret_hash"
    )
    return timeliness.annotate(qs, now).order_by("due_at", "code")


def unit_ranking(period: Period, *, now: dt.datetime | None = None) -> list[dict]:
    """Units in charge of dossiers, best on-time rate first (one grouped query, summed per unit)."""
    return _rank(grouped_counts(on_time={"": period}, now=now), version_units(), "")


def _rank(rows, mapping: dict[int, int], prefix: str) -> list[dict]:
    per_unit: dict[int, dict] = {}
    for row in rows:
        unit_id = mapping.get(row["pv"])
        if unit_id is None:
            continue
        acc = per_unit.setdefault(unit_id, {"received": 0, "on_time": 0, "late_apology": 0, "late_no": 0})
        acc["received"] += row[f"{prefix}n"]
        acc["on_time"] += row[f"{prefix}on_time"]
        acc["late_no"] += row[f"{prefix}late_no_apology"]
        acc["late_apology"] += row[f"{prefix}n"] - row[f"{prefix}on_time"] - row[f"{prefix}late_no_apology"]
    units = Unit.objects.in_bulk(list(per_unit))
    out = [
        {
            "unit": units[uid],
            "received": acc["received"],
            "on_time": acc["on_time"],
            "on_time_rate": pct(acc["on_time"], acc["received"]),
            "late": acc["late_apology"] + acc["late_no"],
            "late_without_apology": acc["late_no"],
        }
        for uid, acc in per_unit.items()
        if acc["received"]
    ]
    out.sort(key=lambda r: (-(r["on_time_rate"] or Decimal(-1)), r["unit"].name))
    rank, last = 0, None
    for i, r in enumerate(out, start=1):
        if r["on_time_rate"] != last:
            rank, last = i, r["on_time_rate"]
        r["rank"] = rank
    return out


# --- plan targets ----------------------------------------------------------------------------------

_COMPARATORS = {"gte": ">=", "gt": ">", "lte": "<=", "eq": "=", "above_previous": "higher_than_previous"}


def targets_for(year: int) -> dict[tuple[str, str], object]:
    """(code, comparator) → plans.Target of the current plan in force for ``year``."""
    from cchc.plans.models import Plan, Target

    plan = Plan.objects.filter(period_from__lte=year).order_by("-issued_on").first()
    if plan is None:
        plan = Plan.objects.order_by("-issued_on").first()
    if plan is None:
        return {}
    out = {}
    for t in Target.objects.filter(plan=plan).filter(Q(year__isnull=True) | Q(year__lte=year)):
        out[(t.code, _COMPARATORS.get(t.comparator, ""))] = t
    return out


def _target_value(
    key: str, label: str, value, num, den, unit: str, year: int, note: str = "", drill: str = ""
) -> Value:
    goals = targets_for(year)
    target = next((t for (code, _c), t in goals.items() if code == key), None)
    comparator = _COMPARATORS.get(target.comparator, "") if target else ""
    goal = target.value if target else None
    value = None if value is None else Decimal(value)
    if value is not None and unit == "%":
        value = q2(value)
    return Value(
        key=key,
        label=label,
        value=value,
        numerator=num,
        denominator=den,
        unit=unit,
        goal=goal,
        comparator=comparator,
        status=status_for(value, goal, comparator, percent=unit == "%"),
        note=note,
        drill=drill,
    )


def _home_versions(unit: Unit | None) -> QuerySet[ProcedureVersion]:
    """Published procedure versions of the home agency (or of ``unit``), whatever their validity."""
    return in_scope(
        ProcedureVersion.objects.filter(status=ProcedureVersion.Status.PUBLISHED), unit, version="pk"
    )


def _published_versions(period: Period, unit: Unit | None) -> QuerySet[ProcedureVersion]:
    """The versions in force at the period's end (``ProcedureVersion.objects.published``'s rule)."""
    return _home_versions(unit).filter(valid_on_q(period.end))


# A form counts for T1 with its template file and non-blank filling guidance (the procedures' rule).
_FORM_COMPLETE = FormTemplate.templated_q()


def _t1_row(period: Period, unit: Unit | None) -> dict:
    forms = FormTemplate.objects.filter(document__version__in=_published_versions(period, unit))
    return forms.aggregate(n=Count("pk"), ok=Count("pk", filter=_FORM_COMPLETE))


def t1_forms(period: Period, unit: Unit | None = None) -> Value:
    row = _t1_row(period, unit)
    return _target_value(
        "T1",
        "Biểu mẫu được mẫu hóa, có hướng dẫn kê khai",
        pct(row["ok"], row["n"]),
        row["ok"],
        row["n"],
        "%",
        period.end.year,
        note=f"{_n(row['ok'])}/{_n(row['n'])} mẫu có tệp mẫu và hướng dẫn kê khai",
    )


def _publications(period: Period, unit: Unit | None):
    """T2's population: items published in the period (withdrawn ones too: they were published)."""
    from cchc.disclosure.models import Publication
    from cchc.disclosure.models import Status as PubStatus

    qs = Publication.objects.filter(
        status__in=[PubStatus.PUBLISHED, PubStatus.WITHDRAWN],
        published_on__gte=period.start,
        published_on__lte=period.end,
    )
    return qs.filter(unit=unit) if unit is not None else qs


def t2_publication(period: Period, unit: Unit | None = None) -> Value:
    from cchc.disclosure.selectors import late_condition

    row = _publications(period, unit).aggregate(n=Count("pk"), late=Count("pk", filter=late_condition()))
    ok = row["n"] - row["late"]
    return _target_value(
        "T2",
        "Thông tin được công khai đầy đủ, kịp thời",
        pct(ok, row["n"]),
        ok,
        row["n"],
        "%",
        period.end.year,
        note=f"{_n(row['late'])} mục công khai chậm",
    )


def _t3_row(period: Period, unit: Unit | None) -> dict:
    qs = _published_versions(period, unit).annotate(
        has_process=Exists(ProcessStep.objects.filter(version=OuterRef("pk")))
    )
    return qs.aggregate(n=Count("pk"), ok=Count("pk", filter=Q(has_process=True)))


def t3_electronic(period: Period, unit: Unit | None = None) -> Value:
    row = _t3_row(period, unit)
    return _target_value(
        "T3",
        "Thủ tục có quy trình giải quyết điện tử",
        pct(row["ok"], row["n"]),
        row["ok"],
        row["n"],
        "%",
        period.end.year,
        note=f"{_n(row['ok'])}/{_n(row['n'])} thủ tục có quy trình nội bộ điện tử",
    )


def t4_paper(period: Period, unit: Unit | None = None, *, now=None, totals: dict | None = None) -> Value:
    """T4: dossiers received on paper (counter, post) for procedures offered online (goal: none)."""
    if totals is None:
        totals = _Ctx(period, unit, now).received()
    n, paper = totals["online_versions_n"], totals["paper"]
    return _target_value(
        "T4",
        "Hồ sơ giấy của thủ tục có dịch vụ công trực tuyến",
        paper if n else None,
        paper,
        n,
        "count",
        period.end.year,
        note=f"trên {_n(n)} hồ sơ của thủ tục trực tuyến; "
        f"{_n(totals['paper_no_reason'])} hồ sơ không ghi lý do",
        drill="paper_dossiers",
    )


def t6_training(period: Period, unit: Unit | None = None) -> Value:
    from cchc.plans.selectors import training_participation

    row = training_participation(period.end.year, unit)
    return _target_value(
        "T6",
        "Cán bộ tham gia đào tạo, bồi dưỡng theo kế hoạch",
        row["rate"],
        row["attended"],
        row["planned"],
        "%",
        period.end.year,
        note=f"cả năm {period.end.year}",
    )


def sipas(period: Period, unit: Unit | None = None) -> list[Value]:
    """SIPAS satisfaction, one value per method version with responses in the period."""
    from cchc.surveys.selectors import Filters, method_results

    results = method_results(Filters(period.start, period.end, unit.pk if unit else None))
    out = []
    for r in results:
        index = r.index
        target = r.method.target
        out.append(
            Value(
                key=f"sipas:{r.method.code}",
                label=f"Mức độ hài lòng (SIPAS) — {r.method.name}",
                value=q2(index),
                numerator=None,
                denominator=r.responses,
                unit="%",
                goal=target,
                comparator=">=",
                status=status_for(q2(index), target, ">="),
                note=f"{_n(r.responses)} phiếu; điểm trung bình {_n(q2(r.mean), 2) or '—'}/5",
            )
        )
    return out


def t7_satisfaction(period: Period, unit: Unit | None = None, sipas_values=None) -> Value:
    values = sipas(period, unit) if sipas_values is None else sipas_values
    last = values[-1] if values else None
    return _target_value(
        "T7",
        "Mức độ hài lòng của người dân, tổ chức (SIPAS)",
        last.value if last else None,
        None,
        last.denominator if last else 0,
        "%",
        period.end.year,
        note=(last.label.split("— ", 1)[-1] + f", {_n(last.denominator)} phiếu") if last else "",
    )


def t8_digital(period: Period, unit: Unit | None = None) -> Value:
    from cchc.plans.selectors import digital_tasks

    row = digital_tasks(period.end.year, unit)
    return _target_value(
        "T8",
        "Nhiệm vụ chuyển đổi số, một cửa hoàn thành",
        row["rate"],
        row["done"],
        row["total"],
        "%",
        period.end.year,
        note=f"nhiệm vụ năm {period.end.year}" + (" do đơn vị chủ trì" if unit is not None else ""),
        drill="tasks",
    )


def t9_initiatives(period: Period, unit: Unit | None = None) -> Value:
    from cchc.plans.selectors import applied_initiatives

    n = applied_initiatives(period.start, period.end, unit).count()
    return _target_value("T9", "Sáng kiến, giải pháp mới được áp dụng", n, n, None, "count", period.end.year)


def plan_targets(
    period: Period, unit: Unit | None = None, *, now=None, _on_time: Value | None = None
) -> list[Value]:
    """T1 … T9 in order."""
    return [
        t1_forms(period, unit),
        t2_publication(period, unit),
        t3_electronic(period, unit),
        t4_paper(period, unit, now=now),
        _on_time or on_time(period, unit, now=now),
        t6_training(period, unit),
        t7_satisfaction(period, unit),
        t8_digital(period, unit),
        t9_initiatives(period, unit),
    ]


# --- QĐ 766 ----------------------------------------------------------------------------------------


@dataclass
class _Ctx:
    period: Period
    unit: Unit | None
    now: dt.datetime | None
    cache: dict = field(default_factory=dict)

    def received(self) -> dict:
        if "received" not in self.cache:
            rows = grouped_counts(received=self.period, unit=self.unit, now=self.now)
            self.cache["received"] = received_totals(rows)
        return self.cache["received"]

    def on_time(self) -> dict:
        if "on_time" not in self.cache:
            self.cache["on_time"] = on_time_counts(self.period, self.unit, now=self.now)
        return self.cache["on_time"]


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


def received_totals(rows) -> dict:
    """Sum the per-version counts of ``_received_aggregates`` into the figures T4 and QĐ 766 use."""
    attrs = version_attributes()
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


def _r(num, den) -> tuple[int | None, int | None, Decimal | None]:
    return num, den, pct(num, den) if den else None


def _c13(ctx: _Ctx):
    """Published versions with every component (the rule of the portal's badge)."""
    row = _published_versions(ctx.period, ctx.unit).aggregate(
        n=Count("pk"), ok=Count("pk", filter=ProcedureVersion.components_766_q())
    )
    return _r(row["ok"], row["n"])


def _c21(ctx: _Ctx):
    row = ctx.on_time()
    return _r(row["on_time"], row["n"])


def _c31(ctx: _Ctx):
    row = _published_versions(ctx.period, ctx.unit).aggregate(
        n=Count("pk"), ok=Count("pk", filter=~Q(online_level="none"))
    )
    return _r(row["ok"], row["n"])


def _c33(ctx: _Ctx):
    row = ctx.received()
    return _r(row["online_ok"], row["n"])


def _c35b(ctx: _Ctx):
    row = ctx.received()
    return _r(row["paid_versions"], row["fee_versions"])


def _c36(ctx: _Ctx):
    row = ctx.received()
    return _r(row["paid"], row["fee"])


def _c41(ctx: _Ctx):
    row = ctx.received()
    return _r(row["finished_e"], row["finished"])


def _c42(ctx: _Ctx):
    row = ctx.received()
    return _r(row["digitised"], row["n"])


def _c43(ctx: _Ctx):
    row = ctx.received()
    return _r(row["reused"], row["n"])


def _c45b(ctx: _Ctx):
    row = ctx.received()
    return _r(row["vneid"], row["n"])


def _feedback(ctx: _Ctx):
    if "feedback" not in ctx.cache:
        from cchc.feedback.selectors import received_in_period

        qs = received_in_period(ctx.period.start, ctx.period.end)
        if ctx.unit is not None:
            qs = qs.filter(unit=ctx.unit)
        row = qs.aggregate(
            fb_n=Count("pk"),
            fb_ok=Count("pk", filter=Q(on_time=True)),
            fb_unhappy=Count("pk", filter=Q(on_time=False) | Q(dislikes__gt=F("likes"))),
        )
        ctx.cache["feedback"] = {"n": row["fb_n"], "on_time": row["fb_ok"], "unhappy": row["fb_unhappy"]}
    return ctx.cache["feedback"]


def _c52(ctx: _Ctx):
    row = _feedback(ctx)
    return _r(row["on_time"], row["n"])


def _c53(ctx: _Ctx):
    row = _feedback(ctx)
    return _r(row["n"] - row["unhappy"], row["n"])


def _c54(ctx: _Ctx):
    """100 % − (late rate + share of dossiers received in the period with a complaint or a dislike)."""
    from cchc.feedback.selectors import dossiers_with_complaint_or_dislike

    row = ctx.on_time()
    if not row["n"]:
        return None, None, None
    start, cut = ctx.period.bounds(ctx.now)
    from cchc.feedback.models import Feedback

    complained = (
        dossiers_with_complaint_or_dislike(ctx.period.start, ctx.period.end)
        .filter(pk__in=Feedback.objects.filter(dossier__isnull=False).values("dossier_id"))
        .filter(_population(start, cut))
    )
    complained = in_scope(complained, ctx.unit).count()
    late = row["n"] - row["on_time"]
    good = max(row["n"] - late - complained, 0)
    rate = max(
        Decimal(0), HUNDRED - Decimal(late) * HUNDRED / row["n"] - Decimal(complained) * HUNDRED / row["n"]
    )
    return good, row["n"], q2(rate)


_COMPUTE_766 = {
    "1.3": _c13,
    "2.1": _c21,
    "3.1": _c31,
    "3.3": _c33,
    "3.5b": _c35b,
    "3.6": _c36,
    "4.1": _c41,
    "4.2": _c42,
    "4.3": _c43,
    "4.5b": _c45b,
    "5.2": _c52,
    "5.3": _c53,
    "5.4": _c54,
}


def rules_766(day: dt.date):
    from cchc.indicators.models import Rule766

    return list(Rule766.objects.valid_on(day).order_by("group_order", "order", "code"))


def index_766(
    period: Period, unit: Unit | None = None, *, now: dt.datetime | None = None, _ctx=None
) -> Index766:
    """The QĐ 766 index from our own data, with the rules (points, thresholds) in force at the
    period's end."""
    ctx = _ctx or _Ctx(period, unit, now)
    groups: dict[int, Group766] = {}
    for rule in rules_766(period.end):
        group = groups.setdefault(rule.group_order, Group766(rule.group_name, Decimal(0), [], None))
        group.max_points += rule.max_points
        compute = _COMPUTE_766.get(rule.code) if rule.computable else None
        if compute is None:
            ind = Indicator766(
                rule.code,
                rule.label,
                rule.max_points,
                rule.threshold,
                None,
                None,
                None,
                None,
                note=rule.note or "Không tính được từ dữ liệu của hệ thống (N/A).",
            )
        else:
            num, den, rate = compute(ctx)
            ind = Indicator766(
                rule.code,
                rule.label,
                rule.max_points,
                rule.threshold,
                num,
                den,
                rate,
                score_766(rate, rule.max_points, rule.threshold),
                note=rule.note if rate is not None else "Mẫu số bằng 0 (N/A).",
            )
        group.indicators.append(ind)
    scored_max = Decimal(0)
    for group in groups.values():
        scored = [i for i in group.indicators if i.points is not None]
        group.points = q2(sum((i.points for i in scored), Decimal(0))) if scored else None
        scored_max += sum((i.max_points for i in scored), Decimal(0))
    ordered = [groups[k] for k in sorted(groups)]
    points = [g.points for g in ordered if g.points is not None]
    return Index766(
        groups=ordered,
        total=q2(sum(points, Decimal(0))) if points else None,
        max_total=q2(sum((g.max_points for g in ordered), Decimal(0))),
        scored_max=q2(scored_max),
    )


def what_if(index: Index766, code: str, gain: Decimal) -> dict | None:
    """How many more "good" dossiers (on time, online, paid online…) indicator ``code`` needs for its
    points to rise by ``gain`` — solved from the scoring rule on the aggregated numbers.

    Returns {"needed": n, "reachable": bool, "new_points": p, "max_gain": g} or None when N/A.
    """
    ind = index.indicator(code)
    if ind is None or ind.rate is None or not ind.denominator:
        return None
    threshold = ind.threshold or HUNDRED
    current = ind.points or Decimal(0)
    max_gain = q2(ind.max_points - current)
    target_points = current + gain
    if gain <= 0:
        return {"needed": 0, "reachable": True, "new_points": current, "max_gain": max_gain}
    if target_points > ind.max_points:
        target_points = ind.max_points
    # points = rate × Pmax / threshold  ⇒  rate = points × threshold / Pmax; rate = (num + x) / den × 100
    needed_rate = target_points * threshold / ind.max_points
    needed_num = needed_rate * ind.denominator / HUNDRED
    x = int((needed_num - ind.numerator).to_integral_value(rounding="ROUND_CEILING"))
    x = max(0, min(x, ind.denominator - ind.numerator))
    new_rate = pct(ind.numerator + x, ind.denominator)
    return {
        "needed": x,
        "reachable": current + gain <= ind.max_points,
        "new_points": score_766(new_rate, ind.max_points, ind.threshold),
        "max_gain": max_gain,
    }


# --- dashboard -------------------------------------------------------------------------------------


def on_time_trend(period: Period, unit: Unit | None = None, *, now=None) -> list[tuple[str, Decimal | None]]:
    """The on-time rate of each month of ``period`` (one grouped count, see ``grouped_counts``)."""
    months = [m for m in period.months() if m.bounds(now)[0] < m.bounds(now)[1]]
    if not months:
        return []
    rows = grouped_counts(on_time={f"m{i}_": m for i, m in enumerate(months)}, unit=unit, now=now)
    return _trend(months, rows)


def _trend(months: list[Period], rows: list[dict]) -> list[tuple[str, Decimal | None]]:
    return [
        (
            f"{m.start.month:02d}/{m.start.year}",
            pct(sum(r[f"m{i}_on_time"] for r in rows), sum(r[f"m{i}_n"] for r in rows)),
        )
        for i, m in enumerate(months)
    ]


def _month_label(m: Period) -> str:
    return f"{m.start.month:02d}/{m.start.year}"


def _by_month(qs: QuerySet, date_field: str, **aggregates) -> dict[dt.date, dict]:
    """``aggregates`` of ``qs`` grouped by the calendar month of ``date_field`` (one query)."""
    from django.db.models.functions import TruncMonth

    rows = qs.annotate(_m=TruncMonth(date_field)).values("_m").annotate(**aggregates).order_by()
    return {row.pop("_m"): row for row in rows if row["_m"] is not None}


def _catalog_trends(months: list[Period], unit: Unit | None) -> tuple[list, list]:
    """T1 and T3 at each month's end: one query each, a conditional count per month (the same
    population as ``_published_versions(month)``)."""
    versions = _home_versions(unit)
    forms = FormTemplate.objects.filter(document__version__in=versions)
    t1_agg, t3_agg = {}, {}
    for i, m in enumerate(months):
        valid = valid_on_q(m.end, "document__version__")
        t1_agg[f"n{i}"] = Count("pk", filter=valid)
        t1_agg[f"ok{i}"] = Count("pk", filter=valid & _FORM_COMPLETE)
        t3_agg[f"n{i}"] = Count("pk", filter=valid_on_q(m.end))
        t3_agg[f"ok{i}"] = Count("pk", filter=valid_on_q(m.end) & Q(has_process=True))
    t1 = forms.aggregate(**t1_agg) if months else {}
    t3 = (
        versions.annotate(has_process=Exists(ProcessStep.objects.filter(version=OuterRef("pk")))).aggregate(
            **t3_agg
        )
        if months
        else {}
    )
    return (
        [pct(t1[f"ok{i}"], t1[f"n{i}"]) for i in range(len(months))],
        [pct(t3[f"ok{i}"], t3[f"n{i}"]) for i in range(len(months))],
    )


def target_trends(
    period: Period, unit: Unit | None, months: list[Period], grouped: list[dict]
) -> dict[str, list[tuple[str, Decimal | None]]]:
    """The monthly trend of each plan target T1–T9 over ``months`` (the months of ``period`` so far).

    State targets (T1, T3) are read at each month's end; flow targets (T2, T4, T5, T7, T9) count the
    month itself; the yearly targets (T6 training, T8 digital tasks) are cumulative from 1 January.
    ``grouped`` are the rows of ``grouped_counts`` with ``m<i>_`` on-time and paper counts.
    """
    from cchc.disclosure.selectors import late_condition
    from cchc.plans.models import TaskStatus
    from cchc.plans.selectors import applied_initiatives, digital_task_queryset, training_attendance

    labels = [_month_label(m) for m in months]
    firsts = [m.start for m in months]
    trends: dict[str, list] = {}

    trends["T1"], trends["T3"] = _catalog_trends(months, unit)

    pubs = _by_month(
        _publications(period, unit), "published_on", n=Count("pk"), late=Count("pk", filter=late_condition())
    )
    trends["T2"] = [pct(pubs[f]["n"] - pubs[f]["late"], pubs[f]["n"]) if f in pubs else None for f in firsts]

    attrs = version_attributes()
    online = {pk for pk, (level, _form) in attrs.items() if level != ProcedureVersion.OnlineLevel.NONE}
    t4 = []
    rows = [r for r in grouped if r["pv"] in online]
    for i in range(len(months)):
        # as T4 itself: no dossier of an online procedure in the month → no data, not 0
        t4.append(
            Decimal(sum(r[f"m{i}_r_paper"] for r in rows)) if sum(r[f"m{i}_r_n"] for r in rows) else None
        )
    trends["T4"] = t4
    trends["T5"] = [v for _label, v in _trend(months, grouped)]

    year = period.end.year
    courses = _by_month(
        training_attendance(year, unit),
        "course__starts_on",
        planned=Count("pk"),
        attended=Count("pk", filter=Q(attended=True)),
    )
    tasks = digital_task_queryset(year, unit)
    total_tasks = tasks.count()
    done = _by_month(tasks.filter(status=TaskStatus.DONE), "done_on", n=Count("pk"))
    t6, t8 = [], []
    for f in firsts:
        planned = sum(r["planned"] for m, r in courses.items() if m <= f)
        attended = sum(r["attended"] for m, r in courses.items() if m <= f)
        t6.append(pct(attended, planned))
        done_by = sum(r["n"] for m, r in done.items() if m <= f)
        t8.append(pct(done_by, total_tasks))
    trends["T6"], trends["T8"] = t6, t8

    from cchc.surveys.selectors import Filters, monthly_method_results

    by_month = monthly_method_results(Filters(period.start, period.end, unit.pk if unit else None))
    # the last method version with responses in the month, as T7 itself
    trends["T7"] = [q2(by_month[f][-1].index) if by_month.get(f) else None for f in firsts]

    per_month = _by_month(applied_initiatives(period.start, period.end, unit), "applied_on", n=Count("pk"))
    trends["T9"] = [Decimal(per_month[f]["n"]) if f in per_month else Decimal(0) for f in firsts]

    return {key: list(zip(labels, values, strict=True)) for key, values in sorted(trends.items())}


def dashboard(period: Period, unit: Unit | None = None, *, now: dt.datetime | None = None) -> dict:
    """Everything the leaders' dashboard shows, for ``period`` and ``unit`` (None = the Department).

    The dossier figures come from **one** ``grouped_counts``: per procedure version, the on-time
    counts of the period, of the same period last year and of each month, and the counts of the
    dossiers received or decided in the period (monthly tallies plus the open and recently finished
    dossiers). The Department's (or the unit's) totals, the unit ranking, the trend, T4 and the
    dossier indicators of QĐ 766 are sums of those few rows.
    """
    previous = period.previous_year()
    months = [m for m in period.months() if m.bounds(now)[0] < m.bounds(now)[1]]
    grouped = grouped_counts(
        on_time={"": period, "p_": previous, **{f"m{i}_": m for i, m in enumerate(months)}},
        received=period,
        paper={f"m{i}_": m for i, m in enumerate(months)},
        unit=unit,
        now=now,
    )
    keys = ("n", "on_time", "late_no_apology")
    totals = _complete({k: sum(r[k] for r in grouped) for k in keys})
    prev = _complete({k: sum(r[f"p_{k}"] for r in grouped) for k in keys})
    received = received_totals(grouped)
    ranking = _rank(grouped, version_units(), "") if unit is None else []
    on_time_value = _on_time_value(
        period, pct(totals["on_time"], totals["n"]), totals, pct(prev["on_time"], prev["n"])
    )
    ctx = _Ctx(period, unit, now)
    ctx.cache["on_time"] = totals
    ctx.cache["received"] = received
    sipas_values = sipas(period, unit)
    targets = [
        t1_forms(period, unit),
        t2_publication(period, unit),
        t3_electronic(period, unit),
        t4_paper(period, unit, now=now, totals=received),
        on_time_value,
        t6_training(period, unit),
        t7_satisfaction(period, unit, sipas_values),
        t8_digital(period, unit),
        t9_initiatives(period, unit),
    ]
    return {
        "period": period,
        "unit": unit,
        "targets": targets,
        "index766": index_766(period, unit, now=now, _ctx=ctx),
        "sipas": sipas_values,
        "ranking": ranking,
        "trend": target_trends(period, unit, months, grouped),
        "late_counts": totals,
    }
