"""Trigram GIN index of the folded search text on PostgreSQL (SQLite: FTS5, migration 0003)."""

from django.db import migrations

from cchc.common.migrations import sql_for

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS procver_search_text_trgm ON procedures_procedureversion "
    "USING gin (search_text gin_trgm_ops)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS procver_search_text_trgm",
]


class Migration(migrations.Migration):
    dependencies = [("procedures", "0001_initial")]
    operations = [sql_for("postgresql", FORWARD, BACKWARD)]
