"""Export a database built by the pre-province ``cchc demo`` (commit e51a14e) as a raw fixture.

Run with the OLD code on the path (it imports only what that commit has): every table of every model
(auto-created many-to-many tables included) as columns and rows, the migration each app was at, and
the figures the old indicators code computed from that database, so that
``tests/migrations/test_upgrade_pre_province.py`` can load the rows into the old schema, migrate
forward and compare. See that test's docstring for the regeneration command.
"""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import json
import os
import sys

import django


def _json(value):
    if isinstance(value, bytes | memoryview):
        return {"$b64": base64.b64encode(bytes(value)).decode()}
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if hasattr(value, "as_tuple"):  # Decimal
        return str(value)
    if hasattr(value, "hex") and hasattr(value, "version"):  # UUID
        return str(value)
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    return value


def main(out: str, now_iso: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.settings")
    django.setup()
    from django.apps import apps
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    from cchc.common.periods import Period
    from cchc.indicators.counts import on_time_counts
    from cchc.org.models import Unit

    now = dt.datetime.fromisoformat(now_iso)
    loader = MigrationLoader(connection)
    targets = {}
    for app_label, name in loader.applied_migrations:
        if app_label in loader.migrated_apps:
            node = (app_label, name)
            # The leaf of each app: the applied migration no other applied one of the app depends on.
            children = loader.graph.node_map[node].children
            if not any(c.key[0] == app_label and c.key in loader.applied_migrations for c in children):
                targets[app_label] = name
    tables = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if not meta.managed or meta.proxy or meta.db_table in tables:
            continue
        columns = [f.attname for f in meta.concrete_fields if not getattr(f, "generated", False)]
        rows = model._base_manager.order_by("pk").values_list(*columns)
        tables[meta.db_table] = {
            "model": f"{meta.app_label}.{meta.model_name}",
            "columns": columns,
            "rows": [[_json(v) for v in row] for row in rows],
        }
    figures = {}
    for year in (now.year - 1, now.year):
        figures[f"on_time {year}"] = on_time_counts(Period.year(year), now=now)
        for unit in Unit.objects.order_by("pk"):
            counts = on_time_counts(Period.year(year), unit, now=now)
            if counts["n"]:
                figures[f"on_time {year} unit {unit.pk}"] = counts
    data = {
        "commit": "e51a14e",
        "now": now_iso,
        "targets": targets,
        "tables": tables,
        "figures": json.loads(json.dumps(figures, default=_json)),
    }
    with gzip.open(out, "wt", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, separators=(",", ":"))
    total = sum(len(t["rows"]) for t in tables.values())
    print(f"{out}: {len(tables)} tables, {total} rows; figures {figures[f'on_time {now.year}']}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
