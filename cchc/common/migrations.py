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


# One function for every append-only table: the trigger names the table and the refused operation.
# (``%%``: the statements go through the driver's parameter interpolation.)
_APPEND_ONLY_FUNCTION = """
    CREATE OR REPLACE FUNCTION cchc_append_only() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION '%% is append-only: %% refused', TG_TABLE_NAME, TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END;
    $$ LANGUAGE plpgsql
"""


def append_only(table: str) -> migrations.RunPython:
    """PostgreSQL refuses UPDATE and DELETE on ``table`` (an event table: history is appended, never
    edited). TRUNCATE, which the test runner uses to empty tables, fires no row trigger."""
    trigger = f"{table}_append_only"
    return sql_for(
        "postgresql",
        [
            _APPEND_ONLY_FUNCTION,
            f"CREATE OR REPLACE TRIGGER {trigger} BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION cchc_append_only()",
        ],
        [f"DROP TRIGGER IF EXISTS {trigger} ON {table}"],
    )
