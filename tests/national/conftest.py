"""The connector's tests: the DVCQG stand-in as a real process, the department of tests/dossiers (``world``)
and the outbound connector switched on (``connector``)."""

from __future__ import annotations

import base64
import importlib

import pytest

from cchc.national import calls
from tests.dossiers.conftest import World, local, person, world  # noqa: F401 — fixtures and helpers
from tests.factories import PDF_BYTES
from tests.standins import StandIn

AGENCY = "000.00.15.H10"


@pytest.fixture(scope="module")
def portal():
    s = StandIn("dvcqg", agency_codes=AGENCY).start()
    yield s
    s.stop()


@pytest.fixture
def connected(settings, portal):
    """CCHC configured to speak to the stand-in, which starts empty."""
    portal.reset()
    calls.forget_session()
    settings.CCHC_DVCQG_URL = portal.url
    settings.CCHC_DVCQG_FILE_URL_PREFIXES = [portal.url]
    settings.CCHC_DVCQG_PULL_AGENCIES = [AGENCY]
    return portal


def filed(portal: StandIn, code: str | None = None, *, documents=None, **over) -> dict:
    """A citizen files a dossier on the stand-in portal (signed in with VNeID); the record it offers."""
    record = {
        "madonvi": AGENCY,
        "MaTTHC": "1.001978",
        "TenTTHC": "Giải quyết hưởng trợ cấp thất nghiệp",
        "ChuHoSo": "Trần Thị Bình",
        "LoaiDoiTuong": "1",
        "MaDoiTuong": "060090001234",
        "SoDienThoai": "0912345678",
        "Email": "binh@example.com",
        "DiaChiChuHoSo": "Phan Thiết, Lâm Đồng",
        "SoDinhDanhTaiKhoan": "060090001234",
        "MucDoDinhDanh": "2",
        "NgayTiepNhan": "20260504090000",
        "documents": [
            {"TenTepDinhKem": "to-khai.pdf", "MaThanhPhanHoSo": "1", "content_base64": pdf_base64()}
        ]
        if documents is None
        else documents,
    }
    if code:
        record["MaHoSo"] = code
    record.update(over)
    return portal.post("/_file", record)["result"][0]


def pdf_base64(data: bytes = PDF_BYTES) -> str:
    return base64.b64encode(data).decode()


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
