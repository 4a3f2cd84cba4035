"""The goals of the plan in force for a year (``plans.Target``) and the ``Value`` of a plan target
measured against its goal.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Q

from cchc.indicators.values import Value, q2, status_for
from cchc.org.models import Agency
from cchc.plans.models import Target
from cchc.plans.selectors import plans_of

_COMPARATORS = {"gte": ">=", "gt": ">", "lte": "<=", "eq": "=", "above_previous": "higher_than_previous"}


def targets_for(year: int, agency: Agency | None = None) -> dict[tuple[str, str], object]:
    """(code, comparator) → plans.Target of ``agency``'s current plan in force for ``year``."""
    plans = plans_of(agency)
    plan = plans.filter(period_from__lte=year).order_by("-issued_on").first()
    if plan is None:
        plan = plans.order_by("-issued_on").first()
    if plan is None:
        return {}
    out = {}
    for t in Target.objects.filter(plan=plan).filter(Q(year__isnull=True) | Q(year__lte=year)):
        out[(t.code, _COMPARATORS.get(t.comparator, ""))] = t
    return out


def _target_value(
    key: str,
    label: str,
    value,
    num,
    den,
    unit: str,
    year: int,
    note: str = "",
    drill: str = "",
    agency: Agency | None = None,
) -> Value:
    goals = targets_for(year, agency)
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
