"""A database built by the pre-province ``cchc demo`` upgrades by migration with nothing lost.

The fixture ``pre_province_demo.json.gz`` is every table of such a database (commit e51a14e, the
last one before the province model), exported raw with the figures the OLD indicators code computed
from it. The test migrates the test database back to the migrations of that commit, loads the rows
through the historical models' fields, migrates forward to the latest state and checks that every
row is still there, every dossier keeps its code, agency, status and dates, the new columns are
filled as decision 0021 says, and the Department's on-time figures are the same.

Regenerate the fixture (about two minutes; the old code runs from a temporary copy)::

    rm -rf /tmp/old-demo && mkdir /tmp/old-demo && git archive e51a14e | tar -x -C /tmp/old-demo
    cd /tmp/old-demo && export CCHC_VAR_DIR=/tmp/old-demo/var PYTHONPATH=/tmp/old-demo
    PY=$OLDPWD/.venv/bin/python
    $PY -m cchc.manage migrate --no-input && $PY -m cchc.manage demo --dossiers 250
    $PY $OLDPWD/tests/migrations/export_pre_province.py \
        $OLDPWD/tests/migrations/pre_province_demo.json.gz "$(date -u +%Y-%m-%dT%H:%M:%S+00:00)"
"""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import json
from collections import Counter
from pathlib import Path

import pytest
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor

from cchc.common.periods import Period
from cchc.dossiers import tallies
from cchc.dossiers.models import Channel, Dossier
from cchc.indicators.counts import on_time_counts
from cchc.org.models import Agency, Unit
from cchc.procedures.models import Performer, ProcedureVersion

FIXTURE = Path(__file__).with_name("pre_province_demo.json.gz")
# Rows that data migrations after the fixture's commit add on purpose: the new versions of QĐ 766 1.4 and
# 4.4 from 1/7/2025 (indicators 0003_rules_14_44; their old versions are kept, closed).
ADDED_LATER = {"indicators_rule766": 2}
TALLY = "dossiers_dossiertally"  # kept by triggers: loaded after the dossiers, as the old database had it


@pytest.fixture(scope="module")
def old():
    with gzip.open(FIXTURE, "rt", encoding="utf-8") as fh:
        return json.load(fh)


def _value(field, raw):
    if raw is None:
        return None
    if isinstance(raw, dict) and "$b64" in raw:
        return base64.b64decode(raw["$b64"])
    if field.get_internal_type() == "JSONField":
        return raw
    return field.to_python(raw)


def _load(old_apps, tables: dict) -> None:
    """Empty the old schema's tables and insert the fixture's rows, converted by the historical fields."""
    models = {m._meta.db_table: m for m in old_apps.get_models(include_auto_created=True)}
    assert set(tables) <= set(models), set(tables) - set(models)
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.constraint_checks_disabled():
        with connection.cursor() as cursor:
            for sql in connection.ops.sql_flush(no_style(), list(models), allow_cascade=True):
                cursor.execute(sql)
            for table in [t for t in tables if t != TALLY] + [TALLY]:
                spec = tables[table]
                meta = models[table]._meta
                by_column = {f.attname: f for f in meta.concrete_fields}
                fields = [by_column[c] for c in spec["columns"]]
                if table == TALLY:  # whatever the triggers made of the dossiers: the old table wins
                    cursor.execute(f"DELETE FROM {quote(table)}")
                if not spec["rows"]:
                    continue
                columns = ", ".join(quote(c) for c in spec["columns"])
                marks = ", ".join(["%s"] * len(fields))
                cursor.executemany(
                    f"INSERT INTO {quote(table)} ({columns}) VALUES ({marks})",
                    [
                        [f.get_db_prep_save(_value(f, v), connection) for f, v in zip(fields, row, strict=True)]
                        for row in spec["rows"]
                    ],
                )
            for sql in connection.ops.sequence_reset_sql(no_style(), list(models.values())):
                cursor.execute(sql)


def _counts(tables) -> dict[str, int]:
    quote = connection.ops.quote_name
    out = {}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")
            out[table] = cursor.fetchone()[0]
    return out


@pytest.mark.django_db(transaction=True)
def test_pre_province_demo_upgrades_with_nothing_lost(old):
    targets = list(old["targets"].items())
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    try:
        executor.migrate(targets)
        executor.loader.build_graph()
        _load(executor.loader.project_state(targets).apps, old["tables"])
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(latest)
        tallies.ensure()  # what ``migrate``'s post_migrate does

    # Every row of every old table is still there.
    tables = old["tables"]
    expected = {t: len(spec["rows"]) + ADDED_LATER.get(t, 0) for t, spec in tables.items()}
    assert _counts(tables) == expected

    # Every dossier keeps its code, competent agency, status and dates.
    columns = tables["dossiers_dossier"]["columns"]
    kept = ("id", "code", "agency_id", "status", "channel", "return_channel")
    dates = ("submitted_at", "received_at", "due_at", "finished_at", "returned_at")
    rows = [dict(zip(columns, row, strict=True)) for row in tables["dossiers_dossier"]["rows"]]
    assert len(rows) >= 100
    now_rows = {d["id"]: d for d in Dossier.objects.values(*kept, *dates, "receipt_place_id", "return_place_id")}
    for row in rows:
        d = now_rows[row["id"]]
        assert [d[k] for k in kept] == [row[k] for k in kept]
        for name in dates:
            expected = row[name] and dt.datetime.fromisoformat(row[name])
            assert d[name] == expected, (row["code"], name)
        # Decision 0021: paper dossiers were received at their agency; results collected there returned there.
        paper = row["channel"] in (Channel.COUNTER, Channel.POST)
        assert d["receipt_place_id"] == (row["agency_id"] if paper else None), row["code"]
        at_counter = row["return_channel"] == Channel.COUNTER
        assert d["return_place_id"] == (row["agency_id"] if at_counter else None), row["code"]
    assert Counter(r["channel"] for r in rows)[Channel.ONLINE] > 0

    # One performer per version, its own agency; levels read from the kinds.
    versions = ProcedureVersion.objects.values_list("pk", "agency_id")
    assert sorted(Performer.objects.values_list("version_id", "agency_id")) == sorted(versions)
    level = {"commune": "commune", "district": "district", "central": "central"}
    for kind, agency_level in Agency.objects.values_list("kind", "level"):
        assert agency_level == level.get(kind, "province"), kind

    # The Department's figures: what the old code computed from the old database.
    now = dt.datetime.fromisoformat(old["now"])
    for key, expected in old["figures"].items():
        parts = key.split()
        period = Period.year(int(parts[1]))
        unit = Unit.objects.get(pk=int(parts[3])) if len(parts) > 2 else None
        got = json.loads(json.dumps(on_time_counts(period, unit, now=now), default=str))
        assert got == expected, key
