"""SQLite's full-text index of the catalog is kept by triggers on the versions' table; a migration that
rebuilds that table (SQLite's way of altering it) drops them, so the last migration must leave them there."""

import pytest
from django.db import connection

from tests.factories import ProcedureVersionFactory


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL uses trigram indexes, no triggers")
def test_full_text_triggers_survive_the_migrations():
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'procver_search_%'")
        names = {row[0] for row in cursor.fetchall()}
    assert names == {"procver_search_ai", "procver_search_ad", "procver_search_au"}
    version = ProcedureVersionFactory(name="Cấp giấy phép khai thác thủy sản")
    with connection.cursor() as cursor:
        cursor.execute("SELECT rowid FROM procver_search WHERE procver_search MATCH %s", ['"khai thac"'])
        assert [row[0] for row in cursor.fetchall()] == [version.pk]
