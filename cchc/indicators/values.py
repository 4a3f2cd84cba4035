"""The values the indicators are reported as: rounding, percentages, the ``Value`` of a plan target, the
QĐ 766 index with its scoring rule, and the good/warn/bad status against a goal.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from cchc.common.formats import format_number as _n  # Vietnamese: "1.234", "4,24"

HUNDRED = Decimal(100)
NO_DATA = "Chưa có dữ liệu"
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
