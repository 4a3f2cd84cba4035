"""The connector's tests: the dossiers' small department (``world``) and the connector switched on."""

import pytest

from tests.dossiers.conftest import World, local, person, world  # noqa: F401 — fixtures and helpers


@pytest.fixture
def connector(settings):
    """The outbound connector on, sending to nothing yet (tests that send point it at a stand-in)."""
    settings.CCHC_DVCQG_ENABLED = True
    settings.CCHC_DVCQG_URL = "http://127.0.0.1:9"
    settings.CCHC_DVCQG_TIMEOUT = 5
    settings.CCHC_DVCQG_CONNECT_TIMEOUT = 2
    return settings
