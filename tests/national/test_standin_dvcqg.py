"""The DVCQG stand-in is honest about what it checks: session, fields, codes, sequence, idempotency keys."""

import json
import urllib.request

import pytest

from tests.standins import StandIn


def call(portal: StandIn, path: str, body: dict, headers: dict | None = None) -> dict:
    request = urllib.request.Request(
        portal.url + path,
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "dstcode": "VPCP", **(headers or {})},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as reply:
            return {"status": reply.status, **json.loads(reply.read())}
    except urllib.error.HTTPError as exc:
        return {"status": exc.code, **json.loads(exc.read())}


def dossier(code="000.00.15.H10-261204-0001", **over):
    record = {
        "MaHoSo": code,
        "MaTTHC": "1.001978",
        "TenTTHC": "Giải quyết hưởng trợ cấp thất nghiệp",
        "ChuHoSo": "Nguyễn Văn An",
        "LoaiDoiTuong": "1",
        "NgayTiepNhan": "20261204090000",
        "TrangThaiHoSo": "2",
        "MaDongBo": f"{code}:1:dossier",
    }
    record.update(over)
    return record


def progress(code, seq, status="4", at="20261204100000"):
    return {
        "MaHoSo": code,
        "NguoiXuLy": "Trần Thị Bình",
        "ThoiDiemXuLy": at,
        "NoiDungXuLy": "Chuyển xử lý",
        "TrangThai": status,
        "MaDongBo": f"{code}:{seq}:progress",
    }


@pytest.fixture(scope="module")
def portal():
    s = StandIn("dvcqg", agency_codes="000.00.15.H10").start()
    yield s
    s.stop()


@pytest.fixture
def session(portal):
    portal.reset()
    reply = call(portal, "/auth", {"username": "cchc", "secret": "cchc-standin"})
    assert reply["error_code"] == "0"
    return reply["session"]


def service(portal, session, name, **fields):
    return call(
        portal, "/integration", {"session": session, "madonvi": "000.00.15.H10", "service": name, **fields}
    )


def test_a_wrong_secret_or_session_or_agency_is_refused(portal, session):
    assert call(portal, "/auth", {"username": "cchc", "secret": "sai"})["error_code"] != "0"
    reply = call(
        portal, "/integration", {"session": "bịa", "madonvi": "000.00.15.H10", "service": "TraCuuHoSo"}
    )
    assert reply["error_code"] == "-1"
    reply = call(
        portal, "/integration", {"session": session, "madonvi": "000.00.99.H10", "service": "TraCuuHoSo"}
    )
    assert reply["error_code"] == "3"


def test_dossier_then_progress_in_sequence_and_keys_deduplicated(portal, session):
    code = "000.00.15.H10-261204-0001"
    # progress before the dossier exists: out of sequence, refused
    reply = service(portal, session, "CapNhatTienDoHoSoMC", data=[progress(code, 2)])
    assert reply["result"][0]["error_code"] == "1"
    assert (
        service(portal, session, "DongBoHoSoMC", isUpdating="False", data=[dossier(code)])["result"][0][
            "error_code"
        ]
        == "0"
    )
    # created twice: refused; the same key again: accepted once
    again = service(portal, session, "DongBoHoSoMC", isUpdating="False", data=[dossier(code, MaDongBo="k2")])
    assert again["result"][0]["error_code"] == "1"
    same = service(portal, session, "DongBoHoSoMC", isUpdating="False", data=[dossier(code)])
    assert same["result"][0]["error_code"] == "0"
    for _ in range(2):
        assert (
            service(portal, session, "CapNhatTienDoHoSoMC", data=[progress(code, 2)])["result"][0][
                "error_code"
            ]
            == "0"
        )
    state = portal.state()
    assert state["duplicates"] == 2
    assert [p["TrangThai"] for p in state["dossiers"][code]["progress"]] == ["4"]
    found = service(portal, session, "TraCuuHoSo", MaHoSo=code)["result"]
    assert found[0]["TrangThaiHoSo"] == "2"
    assert service(portal, session, "TraCuuHoSo", MaHoSo="không-có")["result"] == []


def test_missing_fields_bad_dates_and_unknown_codes_are_refused(portal, session):
    bad = [
        dossier("A", ChuHoSo=""),
        dossier("B", NgayTiepNhan="04/12/2026"),
        dossier("C", TrangThaiHoSo="42"),
        dossier("D", LoaiDoiTuong="3"),
    ]
    result = service(portal, session, "DongBoHoSoMC", isUpdating="False", data=bad)["result"]
    assert [r["error_code"] for r in result] == ["1", "1", "1", "1"]
    assert "ChuHoSo" in result[0]["message"] and "NgayTiepNhan" in result[1]["message"]
    assert portal.state()["dossiers"] == {}


def test_fail_and_state_survive_a_restart(session):
    s = StandIn("dvcqg").start()
    try:
        reply = call(s, "/auth", {"username": "cchc", "secret": "cchc-standin"})
        token = reply["session"]
        body = {"session": token, "madonvi": "X", "service": "DongBoHoSoMC", "isUpdating": "False"}
        assert call(s, "/integration", {**body, "data": [dossier("E")]})["result"][0]["error_code"] == "0"
        s.control(fail="http")
        assert call(s, "/integration", {**body, "data": [dossier("F")]})["status"] == 503
        s.stop()
        s.start()  # the switches are gone, what it received is not
        assert list(s.state()["dossiers"]) == ["E"]
        s.control(fail_next=1)
        assert call(s, "/auth", {"username": "cchc", "secret": "cchc-standin"})["status"] == 503
        assert call(s, "/auth", {"username": "cchc", "secret": "cchc-standin"})["error_code"] == "0"
    finally:
        s.stop()
