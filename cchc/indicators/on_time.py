"""T5 / QĐ 766 2.1: the on-time rate of a period with last year's beside it, the dossiers behind its late
part, and the units ranked by it (the rule and the counts: ``cchc.indicators.counts``).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import QuerySet

from cchc.common.formats import format_number as _n  # Vietnamese: "1.234", "4,24"
from cchc.common.periods import Period
from cchc.dossiers import timeliness
from cchc.dossiers.models import Dossier
from cchc.indicators.counts import _late_condition, grouped_counts, on_time_counts
from cchc.indicators.goals import targets_for
from cchc.indicators.scope import dossiers, version_units
from cchc.indicators.values import Value, fmt_pct, pct, status_for
from cchc.org.models import Agency, Unit


def _previous_rate(
    period: Period, unit: Unit | None, now=None, agency: Agency | None = None
) -> Decimal | None:
    row = on_time_counts(period.previous_year(), unit, agency=agency, now=now)
    return pct(row["on_time"], row["n"])


def on_time(
    period: Period, unit: Unit | None = None, *, agency: Agency | None = None, now: dt.datetime | None = None
) -> Value:
    """T5 / 766 2.1: the on-time rate (see the module docstring), with last year's rate beside it."""
    row = on_time_counts(period, unit, agency=agency, now=now)
    rate = pct(row["on_time"], row["n"])
    previous = _previous_rate(period, unit, now, agency)
    return _on_time_value(period, rate, row, previous, agency)


def _on_time_value(period: Period, rate, row, previous, agency: Agency | None = None) -> Value:
    goals = targets_for(period.end.year, agency)
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
    agency: Agency | None = None,
    now: dt.datetime | None = None,
) -> QuerySet[Dossier]:
    """The dossiers behind the late part of ``on_time`` (same rule), soonest due first."""
    start, cut = period.bounds(now)
    qs = dossiers(agency, unit).filter(_late_condition(start, cut))
    if without_apology is True:
        qs = qs.filter(apologised_at__isnull=True)
    elif without_apology is False:
        qs = qs.filter(apologised_at__isnull=False)
    qs = qs.select_related("procedure_version__procedure", "holder_unit", "holder_agency").defer(
        "outcome_reason", "apology_reason", "tracking_secret_hash"
    )
    return timeliness.annotate(qs, now).order_by("due_at", "code")


def unit_ranking(
    period: Period, *, agency: Agency | None = None, now: dt.datetime | None = None
) -> list[dict]:
    """``agency``'s units in charge of dossiers, best on-time rate first (one grouped query, summed per
    unit)."""
    return _rank(grouped_counts(on_time={"": period}, agency=agency, now=now), version_units(agency), "")


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
