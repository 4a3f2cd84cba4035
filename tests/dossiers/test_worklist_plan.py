"""The worklist's due-soon and overdue tabs read the unit's rows through the covering index even when
SQLite's statistics mislead it: at province scale they take a NULL ``finished_at`` for a rare value (3 rows)
where tens of thousands of dossiers are open, and the plain ``finished_at IS NULL`` sent SQLite through the
``finished_at`` index over every open dossier of the province (482 ms instead of 0.3 ms;
docs/benchmarks.md)."""

from __future__ import annotations

import pytest
from django.db import connection

from cchc.dossiers import worklists
from cchc.org.models import Unit
from tests.factories import AgencyFactory, UnitFactory

# sqlite_stat1 of the dossier table of bench/province.py's 5,000,000-dossier database (after ANALYZE).
PROVINCE_STATS = [
    ("dossier_finished", "5000000 3"),
    ("dossier_worklist_cover", "5000000 12920 3157 2 1 1 1 1"),
    ("dossier_status_due", "5000000 555556 3"),
    ("dossiers_dossier_status_4bd5c056", "5000000 555556"),
    ("dossiers_dossier_holder_unit_id_dfd30332", "5000000 12920"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("tab", [worklists.TAB_OVERDUE, worklists.TAB_DUE_SOON, worklists.TAB_PROCESS])
def test_tabs_use_the_covering_index_with_province_statistics(tab):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's planner and statistics")
    unit = UnitFactory(agency=AgencyFactory(), kind=Unit.Kind.DIVISION)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute("DELETE FROM sqlite_stat1 WHERE tbl = 'dossiers_dossier'")
        for index, stat in PROVINCE_STATS:
            cursor.execute("INSERT INTO sqlite_stat1 VALUES ('dossiers_dossier', %s, %s)", [index, stat])
        cursor.execute("ANALYZE sqlite_master")  # the planner reloads the statistics
        sql, params = worklists.unit_tab(unit, tab).values_list("pk", flat=True)[:25].query.sql_with_params()
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())
    assert "dossier_worklist_cover" in plan, plan
