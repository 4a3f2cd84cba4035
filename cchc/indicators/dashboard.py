"""The leaders' dashboard: every indicator of a period from one grouped count, and the monthly trends
of the on-time rate and of the plan targets T1–T9.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import TruncMonth

from cchc.common.periods import Period
from cchc.disclosure.selectors import late_condition
from cchc.indicators.counts import _complete, grouped_counts, received_totals, version_attributes
from cchc.indicators.on_time import _on_time_value, _rank
from cchc.indicators.qd766 import _Ctx, index_766
from cchc.indicators.scope import _home_versions, version_units
from cchc.indicators.targets import (
    _FORM_COMPLETE,
    _publications,
    _survey_filters,
    sipas,
    t1_forms,
    t2_publication,
    t3_electronic,
    t4_paper,
    t6_training,
    t7_satisfaction,
    t8_digital,
    t9_initiatives,
)
from cchc.indicators.values import pct, q2
from cchc.org.models import Agency, Unit, valid_on_q
from cchc.plans.models import TaskStatus
from cchc.plans.selectors import applied_initiatives, digital_task_queryset, training_attendance
from cchc.procedures.models import FormTemplate, ProcedureVersion, ProcessStep
from cchc.surveys.selectors import monthly_method_results


def on_time_trend(
    period: Period, unit: Unit | None = None, *, agency: Agency | None = None, now=None
) -> list[tuple[str, Decimal | None]]:
    """The on-time rate of each month of ``period`` (one grouped count, see ``grouped_counts``)."""
    months = [m for m in period.months() if m.bounds(now)[0] < m.bounds(now)[1]]
    if not months:
        return []
    rows = grouped_counts(
        on_time={f"m{i}_": m for i, m in enumerate(months)}, unit=unit, agency=agency, now=now
    )
    return _trend(months, rows)


def _trend(months: list[Period], rows: list[dict]) -> list[tuple[str, Decimal | None]]:
    return [
        (
            _month_label(m),
            pct(sum(r[f"m{i}_on_time"] for r in rows), sum(r[f"m{i}_n"] for r in rows)),
        )
        for i, m in enumerate(months)
    ]


def _month_label(m: Period) -> str:
    return f"{m.start.month:02d}/{m.start.year}"


def _by_month(qs: QuerySet, date_field: str, **aggregates) -> dict[dt.date, dict]:
    """``aggregates`` of ``qs`` grouped by the calendar month of ``date_field`` (one query)."""
    rows = qs.annotate(_m=TruncMonth(date_field)).values("_m").annotate(**aggregates).order_by()
    return {row.pop("_m"): row for row in rows if row["_m"] is not None}


def _catalog_trends(
    months: list[Period], unit: Unit | None, agency: Agency | None = None
) -> tuple[list, list]:
    """T1 and T3 at each month's end: one query each, a conditional count per month (the same
    population as ``_published_versions(month)``)."""
    versions = _home_versions(unit, agency)
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
    period: Period, unit: Unit | None, months: list[Period], grouped: list[dict], agency: Agency | None = None
) -> dict[str, list[tuple[str, Decimal | None]]]:
    """The monthly trend of each plan target T1–T9 over ``months`` (the months of ``period`` so far).

    State targets (T1, T3) are read at each month's end; flow targets (T2, T4, T5, T7, T9) count the
    month itself; the yearly targets (T6 training, T8 digital tasks) are cumulative from 1 January.
    ``grouped`` are the rows of ``grouped_counts`` with ``m<i>_`` on-time and paper counts.
    """
    labels = [_month_label(m) for m in months]
    firsts = [m.start for m in months]
    trends: dict[str, list] = {}

    trends["T1"], trends["T3"] = _catalog_trends(months, unit, agency)

    pubs = _by_month(
        _publications(period, unit, agency),
        "published_on",
        n=Count("pk"),
        late=Count("pk", filter=late_condition()),
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
        training_attendance(year, unit, agency=agency),
        "course__starts_on",
        planned=Count("pk"),
        attended=Count("pk", filter=Q(attended=True)),
    )
    tasks = digital_task_queryset(year, unit, agency=agency)
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

    by_month = monthly_method_results(_survey_filters(period, unit, agency))
    # the last method version with responses in the month, as T7 itself
    trends["T7"] = [q2(by_month[f][-1].index) if by_month.get(f) else None for f in firsts]

    per_month = _by_month(
        applied_initiatives(period.start, period.end, unit, agency=agency), "applied_on", n=Count("pk")
    )
    trends["T9"] = [Decimal(per_month[f]["n"]) if f in per_month else Decimal(0) for f in firsts]

    return {key: list(zip(labels, values, strict=True)) for key, values in sorted(trends.items())}


def dashboard(
    period: Period, unit: Unit | None = None, *, agency: Agency | None = None, now: dt.datetime | None = None
) -> dict:
    """Everything the leaders' dashboard shows, for ``period`` and ``unit``, or ``agency`` (with its
    lineage, ``cchc.indicators.scope``), or the whole province (both None).

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
        agency=agency,
        now=now,
    )
    keys = ("n", "on_time", "late_no_apology")
    totals = _complete({k: sum(r[k] for r in grouped) for k in keys})
    prev = _complete({k: sum(r[f"p_{k}"] for r in grouped) for k in keys})
    received = received_totals(grouped)
    ranking = _rank(grouped, version_units(agency), "") if unit is None else []
    on_time_value = _on_time_value(
        period, pct(totals["on_time"], totals["n"]), totals, pct(prev["on_time"], prev["n"]), agency
    )
    ctx = _Ctx(period, unit, now, agency=agency)
    ctx.cache["on_time"] = totals
    ctx.cache["received"] = received
    a = {"agency": agency}
    sipas_values = sipas(period, unit, **a)
    targets = [
        t1_forms(period, unit, **a),
        t2_publication(period, unit, **a),
        t3_electronic(period, unit, **a),
        t4_paper(period, unit, now=now, totals=received, **a),
        on_time_value,
        t6_training(period, unit, **a),
        t7_satisfaction(period, unit, sipas_values, **a),
        t8_digital(period, unit, **a),
        t9_initiatives(period, unit, **a),
    ]
    return {
        "period": period,
        "unit": unit,
        "agency": agency,
        "targets": targets,
        "index766": index_766(period, unit, now=now, _ctx=ctx),
        "sipas": sipas_values,
        "ranking": ranking,
        "trend": target_trends(period, unit, months, grouped, agency),
        "late_counts": totals,
    }
