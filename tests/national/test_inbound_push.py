"""The national portal pushes dossiers to ``POST /api/dvcqg/ho-so``: the stand-in DVCQG (a process) signs
and sends them to CCHC running as a live server. Signed, size-limited, rate-limited, idempotent."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging

import pytest
import requests

from cchc.dossiers.models import Dossier
from cchc.national import calls
from cchc.national.models import InboundDossier
from tests.national.conftest import AGENCY, filed
from tests.standins import StandIn

pytestmark = pytest.mark.django_db(transaction=True)
SECRET = "khoa-day-ho-so"
PATH = "/api/dvcqg/ho-so"


@pytest.fixture(scope="module")
def pusher(live_server):
    s = StandIn("dvcqg", agency_codes=AGENCY, push_url=live_server.url + PATH, push_secret=SECRET).start()
    yield s
    s.stop()


@pytest.fixture
def pushing(settings, pusher):
    pusher.reset()
    calls.forget_session()
    settings.CCHC_DVCQG_URL = pusher.url
    settings.CCHC_DVCQG_FILE_URL_PREFIXES = [pusher.url]
    settings.CCHC_DVCQG_PUSH_SECRET = SECRET
    return pusher


def push(portal) -> list[int]:
    return [r["status"] for r in portal.post("/_push", {})["result"]]


def signed_post(url: str, body: bytes, secret: str = SECRET) -> requests.Response:
    signature = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return requests.post(
        url + PATH, data=body, headers={"X-DVCQG-Signature": signature, "Content-Type": "application/json"}
    )


def test_a_pushed_dossier_delivered_three_times_is_one_dossier(world, pushing):
    record = filed(pushing)
    pushing.control(duplicate=3)
    assert push(pushing) == [200, 200, 200]
    row = InboundDossier.objects.get(national_code=record["MaHoSo"])
    assert row.via == InboundDossier.Via.PUSH and row.state == InboundDossier.State.CREATED
    assert row.times_seen == 3 and Dossier.objects.count() == 1
    assert row.dossier.documents.count() == 1


def test_pushed_newest_first_each_arrives_once(world, pushing):
    codes = [filed(pushing, NgayTiepNhan=f"2026050409{m:02d}00")["MaHoSo"] for m in range(3)]
    pushing.control(reorder=True)
    assert push(pushing) == [200, 200, 200]
    assert sorted(InboundDossier.objects.values_list("national_code", flat=True)) == sorted(codes)
    assert (
        list(Dossier.objects.order_by("submitted_at").values_list("applicant_name", flat=True))
        == ["Trần Thị Bình"] * 3
    )


def test_a_bad_signature_is_refused_and_nothing_saved(world, pushing, settings, caplog):
    filed(pushing)
    settings.CCHC_DVCQG_PUSH_SECRET = "mot-khoa-khac"
    with caplog.at_level(logging.WARNING, logger="cchc.national.inbound"):
        assert push(pushing) == [401]
    assert "X-DVCQG-Signature" in caplog.text
    assert not InboundDossier.objects.exists() and not Dossier.objects.exists()


def test_an_oversized_body_is_refused_before_it_is_read(world, pushing, settings, live_server):
    filed(pushing)
    settings.CCHC_DVCQG_PUSH_MAX_BYTES = 300
    assert push(pushing) == [413]
    body = json.dumps({"data": [{"MaHoSo": "X" * 500}]}).encode()
    reply = signed_post(live_server.url, body)
    assert reply.status_code == 413 and reply.json()["error_code"] == "4"
    assert not InboundDossier.objects.exists() and not Dossier.objects.exists()


@pytest.mark.parametrize(
    "body, status",
    [
        (b"{not json", 400),
        (b'{"service": "DongBoHoSoMoi", "data": "ho so"}', 400),
        (b'{"service": "DongBoHoSoMoi", "data": []}', 400),
        (b'{"data": [{"MaHoSo": "G22.1", "MaTTHC": "1.001978"}]}', 200),
        (b'{"data": [["not", "a", "record"]]}', 200),
    ],
)
def test_a_malformed_payload_is_refused_in_the_portals_shape(
    world, pushing, live_server, body, status, caplog
):
    with caplog.at_level(logging.WARNING, logger="cchc.national.inbound"):
        reply = signed_post(live_server.url, body)
    assert reply.status_code == status
    answer = reply.json()
    assert answer["error_code"] != "0" and answer["message"]
    assert caplog.text  # logged
    assert not Dossier.objects.exists()
    if status == 200:  # a record refused: its reason in the answer (and a REJECTED row when it has a code)
        assert answer["result"][0]["error_code"] == "1"
        assert list(InboundDossier.objects.values_list("state", flat=True)) in ([], ["rejected"])


def test_only_post(pushing, live_server):
    reply = requests.get(live_server.url + PATH)
    assert reply.status_code == 405 and reply.json()["error_code"] == "2"


@pytest.mark.ratelimit
def test_the_push_endpoint_is_rate_limited(pushing, settings, live_server):
    settings.CCHC_DVCQG_PUSH_RATE = "2/m"
    statuses = [signed_post(live_server.url, b'{"data": []}').status_code for _ in range(3)]
    assert statuses == [400, 400, 429]


def test_a_document_that_cannot_be_fetched_now_asks_the_portal_to_push_again(
    world, pushing, settings, live_server
):
    settings.CCHC_DVCQG_FILE_URL_PREFIXES = [pushing.url, "http://127.0.0.1:9"]  # nothing listens on 9
    record = {
        "MaHoSo": "G22.260504.000777",
        "MaTTHC": "1.001978",
        "ChuHoSo": "Trần Thị Bình",
        "LoaiDoiTuong": "1",
        "MaDoiTuong": "060090001234",
        "SoDienThoai": "0912345678",
        "NgayTiepNhan": "20260504090000",
        "TaiLieuNop": [{"TenTepDinhKem": "a.pdf", "DuongDanTaiTepTin": "http://127.0.0.1:9/files/a"}],
    }
    reply = signed_post(live_server.url, json.dumps({"data": [record]}).encode())
    assert reply.status_code == 503 and reply.json()["error_code"] == "99"
    assert reply.json()["result"][0]["MaHoSo"] == record["MaHoSo"]
    assert not InboundDossier.objects.exists() and not Dossier.objects.exists()  # not a refusal: retried
