"""Dashboards read from the read replica when one is configured; writes never go there (decision 0022).

There is no second PostgreSQL server in the tests: the alias ``replica`` is a second connection to the
same test database (what ``DATABASES["replica"]["TEST"] = {"MIRROR": "default"}`` does when the replica
is configured by ``CCHC_REPLICA_DATABASE_URL``). So these tests show *which connection* each query takes,
not replication itself.
"""

from __future__ import annotations

import copy

import pytest
from django.conf import settings as django_settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.utils import load_backend
from django.urls import reverse

from cchc.common.replica import REPLICA, ReplicaRouter, reading_from_replica, replica_reads
from cchc.dossiers.models import Dossier
from cchc.org.models import Agency

from .conftest import at

URL = reverse("backoffice:indicators_staff:dashboard")
ROUTER = "cchc.common.replica.ReplicaRouter"
MIDDLEWARE = "cchc.common.replica.ReplicaMiddleware"


@pytest.fixture
def replica():
    """The alias ``replica``: a second connection to the test database."""
    settings_dict = copy.deepcopy(connections[DEFAULT_DB_ALIAS].settings_dict)
    connection = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, REPLICA)
    connections[REPLICA] = connection
    try:
        yield connection
    finally:
        connection.close()
        del connections[REPLICA]


def test_off_by_default():
    """Without CCHC_REPLICA_DATABASE_URL (the tests' settings) there is no alias, router or middleware."""
    assert REPLICA not in django_settings.DATABASES
    assert ROUTER not in django_settings.DATABASE_ROUTERS
    assert MIDDLEWARE not in django_settings.MIDDLEWARE


def test_reads_go_to_the_replica_only_inside_the_block_and_writes_never(replica):
    router = ReplicaRouter()
    assert router.db_for_read(Dossier) == DEFAULT_DB_ALIAS
    with replica_reads():
        assert router.db_for_read(Dossier) == REPLICA
        assert router.db_for_write(Dossier) == DEFAULT_DB_ALIAS
    assert router.db_for_read(Dossier) == DEFAULT_DB_ALIAS
    assert router.allow_migrate(DEFAULT_DB_ALIAS, "dossiers")
    assert not router.allow_migrate(REPLICA, "dossiers")


class _Log:
    """Every statement per connection, and whether the dashboard's block was active when it ran."""

    def __init__(self):
        self.rows: list[tuple[str, str, bool]] = []

    def wrapper(self, alias):
        def record(execute, sql, params, many, context):
            self.rows.append((alias, sql, reading_from_replica() or alias == REPLICA))
            return execute(sql, params, many, context)

        return record

    def of(self, alias):
        return [(sql, inside) for a, sql, inside in self.rows if a == alias]


def _is_read(sql: str) -> bool:
    return sql.lstrip().upper().startswith(("SELECT", "WITH"))


@pytest.mark.django_db(transaction=True)
def test_dashboard_reads_on_the_replica_writes_on_the_primary(client, people, world, replica, settings):
    world.dossier(world.va, received=at(2025, 3, 5), due=at(2025, 3, 20, 17), finished=at(2025, 3, 10))
    world.dossier(world.va, received=at(2025, 3, 5), due=at(2025, 3, 20, 17), finished=at(2025, 3, 25))
    settings.DATABASE_ROUTERS = [ROUTER]
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, MIDDLEWARE]
    client.force_login(people["director"])
    log = _Log()
    with (
        connections[DEFAULT_DB_ALIAS].execute_wrapper(log.wrapper(DEFAULT_DB_ALIAS)),
        replica.execute_wrapper(log.wrapper(REPLICA)),
    ):
        response = client.get(URL, {"ky": "2025"})
        # A write made inside the block (here: an object read from the replica, saved) goes to the primary.
        with replica_reads():
            agency = Agency.objects.get(pk=world.agency.pk)
            assert agency._state.db == REPLICA
            agency.phone = "0252 3822 456"
            agency.save(update_fields=["phone"])
    assert response.status_code == 200
    assert "50,00 %" in response.content.decode()  # 1 of 2 on time: the counts came from the replica
    on_replica = [sql for sql, _inside in log.of(REPLICA)]
    assert any("dossiers_dossier" in sql for sql in on_replica)
    assert all(_is_read(sql) for sql in on_replica), [s for s in on_replica if not _is_read(s)]
    # While the dashboard's block was active, the primary saw no read — only writes.
    primary_inside = [sql for sql, inside in log.of(DEFAULT_DB_ALIAS) if inside]
    assert not [sql for sql in primary_inside if _is_read(sql)], primary_inside
    assert any(sql.lstrip().upper().startswith("UPDATE") and "org_agency" in sql for sql in primary_inside)
    assert Agency.objects.using(DEFAULT_DB_ALIAS).get(pk=world.agency.pk).phone == "0252 3822 456"


@pytest.mark.django_db(transaction=True)
def test_other_pages_read_the_primary(client, people, replica, settings):
    settings.DATABASE_ROUTERS = [ROUTER]
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, MIDDLEWARE]
    client.force_login(people["director"])
    log = _Log()
    with replica.execute_wrapper(log.wrapper(REPLICA)):
        response = client.get(reverse("backoffice:worklist"))
    assert response.status_code == 200
    assert log.of(REPLICA) == []
