"""Helpers for migrations that only apply to one database engine."""

from __future__ import annotations

from django.db import migrations


def sql_for(vendor: str, forward: list[str], backward: list[str]) -> migrations.RunPython:
    """Run raw SQL statements only on ``vendor`` ("postgresql" or "sqlite"); a no-op elsewhere."""

    def run(statements: list[str]):
        def apply(apps, schema_editor):
            if schema_editor.connection.vendor == vendor:
                for sql in statements:
                    schema_editor.execute(sql)

        return apply

    return migrations.RunPython(run(forward), run(backward))
