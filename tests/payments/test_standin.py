"""The stand-in payment platform is honest about what it checks (werkzeug's test client, no process)."""

from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

from werkzeug.test import Client

from tools.standins import paygate

SECRET = "bi-mat"


def _client():
    return Client(paygate.make_app(secret=SECRET, merchant_code="M1", base_url="http://gate"))


def _request(**changes) -> dict:
    body = {
        "loaiBanTin": "PAY",
        "phienBan": "1.0.0",
        "maDoiTac": "M1",
        "maThamChieu": "HS-01",
        "soTien": 50000,
        "maTienTe": "VND",
        "thongTinGiaoDich": "Phí hồ sơ",
        "urlTraVe": "http://cchc/ket-qua/",
        "thoiGianGD": dt.datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).strftime("%Y%m%d%H%M%S"),
    }
    body.update(changes)
    body["maXacThuc"] = paygate.checksum(SECRET, body, paygate.REQUEST_FIELDS)
    return body


def _create(client, body) -> dict:
    return client.post("/api/giao-dich", json=body).get_json()


def test_a_signed_request_gets_a_signed_payment_page():
    client = _client()
    answer = _create(client, _request())
    assert answer["maLoi"] == "00" and answer["urlThanhToan"].startswith("http://gate/thanh-toan/")
    assert answer["maXacThuc"] == paygate.checksum(SECRET, answer, paygate.CREATED_FIELDS)
    page = client.get(answer["urlThanhToan"].removeprefix("http://gate"))
    text = page.get_data(as_text=True)
    assert "Xác nhận thanh toán" in text and "50.000 đồng" in text
    # The same reference and amount again: the same transaction.
    assert _create(client, _request())["urlThanhToan"] == answer["urlThanhToan"]


def test_bad_requests_are_refused_with_their_code():
    client = _client()
    tampered = _request()
    tampered["soTien"] = 1000  # changed after signing
    assert _create(client, tampered)["maLoi"] == "01"
    missing = _request()
    del missing["urlTraVe"]
    assert _create(client, missing)["maLoi"] == "02"
    assert _create(client, _request(maDoiTac="M2"))["maLoi"] == "03"
    assert _create(client, _request(soTien=0))["maLoi"] == "04"
    assert _create(client, _request(thoiGianGD="20200101000000"))["maLoi"] == "05"
    assert _create(client, _request(maTienTe="USD"))["maLoi"] == "06"
    assert _create(client, _request())["maLoi"] == "00"
    assert _create(client, _request(soTien=60000))["maLoi"] == "07"  # the reference with another amount
    state = client.get("/_state").get_json()
    assert [r["maLoi"] for r in state["refused"]] == ["01", "02", "03", "04", "05", "06", "07"]


def test_payment_redirects_back_signed_and_the_report_lists_it():
    client = _client()
    url = _create(client, _request())["urlThanhToan"].removeprefix("http://gate")
    reply = client.post(url, data={"action": "pay", "bank": "BIDV"})
    assert reply.status_code == 303
    location = reply.headers["Location"]
    assert location.startswith("http://cchc/ket-qua/?")
    from urllib.parse import parse_qsl, urlsplit

    values = dict(parse_qsl(urlsplit(location).query))
    assert values["maLoi"] == "00" and values["maNganHang"] == "BIDV"
    assert values["maXacThuc"] == paygate.checksum(SECRET, values, paygate.RESULT_FIELDS)
    assert _create(client, _request())["maLoi"] == "08"  # paid: not again
    day = values["thoiGianGD"][:8]
    query = {"maDoiTac": "M1", "ngay": day}
    query["maXacThuc"] = paygate.checksum(SECRET, query, paygate.REPORT_FIELDS)
    report = client.get("/api/doi-soat", query_string=query).get_json()
    rows = [(t["maThamChieu"], t["soTien"], t["maLoi"]) for t in report["giaoDich"]]
    assert rows == [("HS-01", 50000, "00")]
    query["maXacThuc"] = "0" * 64
    assert client.get("/api/doi-soat", query_string=query).get_json()["maLoi"] == "01"


def test_switches_fail_the_api():
    client = _client()
    client.post("/_control", data=json.dumps({"fail": "http"}))
    assert client.post("/api/giao-dich", json=_request()).status_code == 503
    client.post("/_control", data=json.dumps({"fail": None, "fail_next": 1}))
    assert client.post("/api/giao-dich", json=_request()).status_code == 503
    assert _create(client, _request())["maLoi"] == "00"
