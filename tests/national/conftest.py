"""The connector's tests: the dossiers' small department (``world``) and the connector switched on."""

import importlib

import pytest

from tests.dossiers.conftest import World, local, person, world  # noqa: F401 — fixtures and helpers


@pytest.fixture
def connector(settings, db):
    """The outbound connector on, sending to nothing yet (tests that send point it at a stand-in).

    The status mapping is seeded by a data migration, which a transactional test's flush empties: seeded
    again here when it is missing."""
    from django.apps import apps

    from cchc.national.models import StatusMapping

    if not StatusMapping.objects.exists():
        importlib.import_module("cchc.national.migrations.0002_seed_status_mapping").seed(apps, None)
    settings.CCHC_DVCQG_ENABLED = True
    settings.CCHC_DVCQG_URL = "http://127.0.0.1:9"
    settings.CCHC_DVCQG_TIMEOUT = 5
    settings.CCHC_DVCQG_CONNECT_TIMEOUT = 2
    return settings
