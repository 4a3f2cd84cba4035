"""The test database behaves like production's: on SQLite a file in WAL mode, never the shared-cache
in-memory database, where a second connection (a report job's background thread under the live
server) fails at once with "database table is locked" instead of waiting its turn."""

from __future__ import annotations

import pytest
from django.db import connection


@pytest.mark.django_db
def test_sqlite_tests_run_on_a_wal_file():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    assert not connection.is_in_memory_db()
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
