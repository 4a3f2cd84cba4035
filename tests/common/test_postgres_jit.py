"""PostgreSQL's JIT is off for the application's connections unless CCHC_PG_JIT=1: compiling the
dashboards' wide conditional aggregates cost more than running them (docs/benchmarks.md, "Province scale")."""

from __future__ import annotations

import pytest
from django.db import connection


@pytest.mark.django_db
def test_jit_is_off_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
