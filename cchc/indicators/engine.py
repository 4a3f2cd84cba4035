"""Every indicator, for any period and unit, computed by the database: the public face of the
indicators, which the dashboard, the drill-down lists, the reports and the early warning import.

They all call these functions, so they show the same numbers. Counting is done by SQL aggregates
(``Count(filter=…)``, ``Case/When``, ``Exists``); Python only combines the aggregated numbers (sums
per unit, the scoring rule, the "what if" solver). The work is done in the app's modules, each one
step of the computation (each imports only the ones above it), and this module re-exports what
other apps use:

- ``cchc.common.periods`` — ``Period`` (year, half, quarter, month) and its bounds;
- ``values`` — percentages, ``Value``, the QĐ 766 dataclasses and scoring, the goal status;
- ``scope`` — the home agency's dossiers and versions, of the Department or of one unit (which unit a
  dossier belongs to);
- ``counts`` — the on-time rule and the received/decided counts per procedure version, from the
  monthly tallies plus the live dossiers (decision 0010);
- ``goals`` — the goals of the plan in force and a target's ``Value`` against its goal;
- ``on_time`` — T5 / QĐ 766 2.1, the late dossiers behind it, the unit ranking;
- ``qd766`` — the QĐ 766 index and the "what if" solver;
- ``targets`` — the plan targets T1–T9 and SIPAS;
- ``dashboard`` — the leaders' dashboard and the monthly trends.
"""

from cchc.common.periods import ROMAN, Period, PeriodError
from cchc.indicators.counts import (
    grouped_counts,
    on_time_counts,
    received_totals,
    split_point,
    version_attributes,
)
from cchc.indicators.dashboard import dashboard, on_time_trend, target_trends
from cchc.indicators.goals import targets_for
from cchc.indicators.on_time import late_dossiers, on_time, unit_ranking
from cchc.indicators.qd766 import index_766, rules_766, what_if
from cchc.indicators.scope import dossiers, home_agency, in_scope, unit_versions, version_units
from cchc.indicators.targets import (
    plan_targets,
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
from cchc.indicators.values import (
    HUNDRED,
    NO_DATA,
    WARN_MARGIN,
    Group766,
    Index766,
    Indicator766,
    Value,
    fmt_pct,
    pct,
    q2,
    score_766,
    status_for,
)

__all__ = [
    "HUNDRED",
    "NO_DATA",
    "ROMAN",
    "WARN_MARGIN",
    "Group766",
    "Index766",
    "Indicator766",
    "Period",
    "PeriodError",
    "Value",
    "dashboard",
    "dossiers",
    "fmt_pct",
    "grouped_counts",
    "home_agency",
    "in_scope",
    "index_766",
    "late_dossiers",
    "on_time",
    "on_time_counts",
    "on_time_trend",
    "pct",
    "plan_targets",
    "q2",
    "received_totals",
    "rules_766",
    "score_766",
    "sipas",
    "split_point",
    "status_for",
    "t1_forms",
    "t2_publication",
    "t3_electronic",
    "t4_paper",
    "t6_training",
    "t7_satisfaction",
    "t8_digital",
    "t9_initiatives",
    "target_trends",
    "targets_for",
    "unit_ranking",
    "unit_versions",
    "version_attributes",
    "version_units",
    "what_if",
]
