"""Every indicator, for any period and unit, computed by the database: the public face of the
indicators, which the dashboard, the drill-down lists, the reports and the early warning import.

They all call these functions, so they show the same numbers. Counting is done by SQL aggregates
(``Count(filter=…)``, ``Case/When``, ``Exists``); Python only combines the aggregated numbers (sums
per unit, the scoring rule, the "what if" solver). The work is done in the app's modules, each one
step of the computation (each imports only the ones above it), and this module re-exports what
other apps use:

- ``cchc.common.periods`` — ``Period`` (year, half, quarter, month) and its bounds;
- ``values`` — percentages, ``Value``, the QĐ 766 dataclasses and scoring, the goal status;
- ``scope`` — the dossiers and versions of the province, of one agency with its lineage (predecessors,
  fields transferred) or of one unit (which unit a dossier belongs to);
- ``counts`` — the on-time rule and the received/decided counts per procedure version, from the
  monthly tallies plus the live dossiers (decision 0010);
- ``goals`` — the goals of the plan in force and a target's ``Value`` against its goal;
- ``on_time`` — T5 / QĐ 766 2.1, the late dossiers behind it, the unit ranking;
- ``qd766`` — the QĐ 766 index and the "what if" solver;
- ``targets`` — the plan targets T1–T9 and SIPAS;
- ``dashboard`` — the leaders' dashboard and the monthly trends;
- ``province`` — every agency ranked for a month, the province's QĐ 766, a service place's figures.
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
from cchc.indicators.province import GROUPS as RANKING_GROUPS
from cchc.indicators.province import (
    AgencyRow,
    agency_ranking,
    place_figures,
    province_index,
    ranked,
    ranking_workbook,
)
from cchc.indicators.qd766 import index_766, rules_766, what_if
from cchc.indicators.scope import (
    Lineage,
    agency_versions,
    dossiers,
    in_scope,
    lineage,
    unit_versions,
    version_units,
)
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
from cchc.org.selectors import service_places

__all__ = [
    "HUNDRED",
    "NO_DATA",
    "RANKING_GROUPS",
    "ROMAN",
    "WARN_MARGIN",
    "AgencyRow",
    "Group766",
    "Index766",
    "Indicator766",
    "Lineage",
    "Period",
    "PeriodError",
    "Value",
    "agency_ranking",
    "agency_versions",
    "dashboard",
    "dossiers",
    "fmt_pct",
    "grouped_counts",
    "in_scope",
    "index_766",
    "late_dossiers",
    "lineage",
    "on_time",
    "on_time_counts",
    "on_time_trend",
    "pct",
    "place_figures",
    "plan_targets",
    "province_index",
    "q2",
    "ranked",
    "ranking_workbook",
    "received_totals",
    "rules_766",
    "score_766",
    "service_places",
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
