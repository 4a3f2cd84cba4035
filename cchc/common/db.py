"""Database housekeeping shared by the apps."""

from __future__ import annotations

from django.db import connection


def refresh_statistics() -> None:
    """Refresh the query planner's statistics after a bulk load (catalog import, demo data).

    SQLite keeps no statistics until ``ANALYZE`` runs; without them it guesses that an equality
    on an indexed column is selective and, for the catalog search, scans every published version
    instead of looking up the few rows the full-text index matched. PostgreSQL's autovacuum
    analyses by itself, but an explicit ``ANALYZE`` right after a bulk load does no harm.
    """
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
