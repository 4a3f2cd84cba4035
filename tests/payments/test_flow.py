"""Paying a dossier's fee through the stand-in platform, over real HTTP both ways, and its faults:
a wrong checksum, a wrong amount, a replay, an unknown reference, the platform down, a cancel, the
browser's return before the callback, two callbacks at once."""

from __future__ import annotations

import threading

import pytest
import requests
from django.db import connection

from cchc.dossiers.models import DossierDocument, DossierEvent, OnlinePayment, Status
from cchc.dossiers.portal_access import SESSION_PROOFS
from cchc.payments import services
from cchc.payments.models import Payment, PaymentEvent
from tools.standins import paygate as standin

from .conftest import FEE, MERCHANT, SECRET, pay_on_gateway, settle, wait_for

pytestmark = pytest.mark.django_db(transaction=True)


def _start(dossier, live_server):
    return services.start_payment(
        actor=None, dossier=dossier, return_url=f"{live_server.url}/thanh-toan/{dossier.code}/ket-qua/"
    )


def _paid_events(dossier) -> int:
    return DossierEvent.objects.filter(dossier=dossier, action="paid_online").count()


def _verdicts(payment=None, reference=None) -> list[tuple[str, str]]:
    qs = PaymentEvent.objects.filter(action="callback")
    qs = qs.filter(payment=payment) if payment is not None else qs.filter(reference=reference)
    return list(qs.order_by("id").values_list("verdict", "reason"))


def test_a_verified_callback_pays_the_dossier_and_attaches_the_receipt(gate, fee_dossier, live_server):
    payment, url = _start(fee_dossier, live_server)
    assert payment.amount == FEE and payment.status == Payment.Status.PENDING
    reply = pay_on_gateway(url)
    assert reply.status_code == 303 and reply.headers["Location"].startswith(live_server.url)
    payment = settle(payment)
    assert payment.status == Payment.Status.PAID and payment.gateway_transaction
    fee_dossier.refresh_from_db()
    assert fee_dossier.paid_online == OnlinePayment.NATIONAL_PORTAL
    assert fee_dossier.status == Status.SUBMITTED  # paying changes no status
    event = DossierEvent.objects.get(dossier=fee_dossier, action="paid_online")
    assert event.to_status == event.from_status == Status.SUBMITTED
    assert event.data["reference"] == payment.reference and event.data["amount"] == "50000"
    receipt = DossierDocument.objects.get(dossier=fee_dossier, kind=DossierDocument.Kind.RECEIPT)
    assert receipt.mime == "application/pdf" and receipt.file.open("rb").read(5) == b"%PDF-"
    assert _verdicts(payment) == [("accepted", "")]
    calls = gate.state()["callbacks"]
    assert [c["ok"] for c in calls] == [True]


def test_the_return_page_shows_waiting_until_the_callback_and_sets_nothing(
    gate, fee_dossier, live_server, client
):
    gate.control(callback="drop")
    payment, url = _start(fee_dossier, live_server)
    location = pay_on_gateway(url).headers["Location"]
    session = client.session
    session[SESSION_PROOFS] = {fee_dossier.code: fee_dossier.secret}
    session.save()
    page = client.get(location.removeprefix(live_server.url))  # the signed "paid" result in the query
    assert page.status_code == 200
    assert "Đang chờ xác nhận từ Nền tảng thanh toán" in page.content.decode()
    payment.refresh_from_db()
    fee_dossier.refresh_from_db()
    assert payment.status == Payment.Status.PENDING and fee_dossier.paid_online == OnlinePayment.NO
    # The platform's callback arrives later: now the page says paid.
    gate.post("/test/replay-callback", {})
    assert settle(payment).status == Payment.Status.PAID
    page = client.get(location.removeprefix(live_server.url))
    assert "đã được thanh toán" in page.content.decode()


@pytest.mark.parametrize(("tamper", "reason"), [("checksum", "bad_checksum"), ("amount", "wrong_amount")])
def test_a_forged_callback_is_refused_and_recorded(gate, fee_dossier, live_server, tamper, reason):
    gate.control(tamper=tamper)
    payment, url = _start(fee_dossier, live_server)
    pay_on_gateway(url)
    # The platform retries a refused callback (1 retry here): every attempt refused and recorded.
    assert wait_for(lambda: len(gate.state()["callbacks"]) == 2)
    payment.refresh_from_db()
    fee_dossier.refresh_from_db()
    assert payment.status == Payment.Status.PENDING
    assert fee_dossier.paid_online == OnlinePayment.NO and _paid_events(fee_dossier) == 0
    assert _verdicts(payment) == [("refused", reason), ("refused", reason)]
    assert all(not c["ok"] for c in gate.state()["callbacks"])


def test_a_replayed_callback_answers_ok_and_changes_nothing(gate, fee_dossier, live_server):
    payment, url = _start(fee_dossier, live_server)
    pay_on_gateway(url)
    assert settle(payment).status == Payment.Status.PAID
    assert gate.post("/test/replay-callback", {}) == {"ok": True}
    assert gate.post("/test/replay-callback", {}) == {"ok": True}
    assert _verdicts(payment) == [("accepted", ""), ("replay", "replay"), ("replay", "replay")]
    assert _paid_events(fee_dossier) == 1
    assert DossierDocument.objects.filter(dossier=fee_dossier, kind=DossierDocument.Kind.RECEIPT).count() == 1


def test_a_callback_for_an_unknown_reference_is_refused_and_recorded(gate, live_server, db):
    body = {
        "loaiBanTin": "IPN",
        "maLoi": "00",
        "maDoiTac": MERCHANT,
        "maThamChieu": "KHONG-CO-01",
        "soTien": 1000,
        "maTienTe": "VND",
        "maGiaoDich": "PG1",
        "maNganHang": "VCB",
        "thoiGianGD": "20260504090000",
    }
    body["maXacThuc"] = standin.checksum(SECRET, body, standin.RESULT_FIELDS)
    answer = requests.post(f"{live_server.url}/thanh-toan/ipn/", json=body, timeout=10).json()
    assert answer["maLoi"] == "03"
    assert _verdicts(reference="KHONG-CO-01") == [("refused", "unknown_reference")]
    assert not Payment.objects.exists()


def test_the_callback_endpoint_limits_size_and_needs_no_csrf(gate, live_server, db):
    url = f"{live_server.url}/thanh-toan/ipn/"
    assert requests.post(url, data=b"{" + b" " * 20000 + b"}", timeout=10).status_code == 413
    assert requests.get(url, timeout=10).status_code == 405
    malformed = requests.post(url, data=b"not json", timeout=10)
    assert malformed.status_code == 200 and malformed.json()["maLoi"] == "02"
    assert _verdicts(reference="") == [("refused", "malformed")]


def test_a_cancelled_payment_pays_nothing_and_may_be_tried_again(gate, fee_dossier, live_server):
    payment, url = _start(fee_dossier, live_server)
    pay_on_gateway(url, action="cancel")
    assert settle(payment).status == Payment.Status.CANCELLED
    fee_dossier.refresh_from_db()
    assert fee_dossier.paid_online == OnlinePayment.NO
    again, url = _start(fee_dossier, live_server)
    assert again.reference != payment.reference and again.reference.endswith("-02")
    pay_on_gateway(url)
    assert settle(again).status == Payment.Status.PAID


def test_the_platform_down_when_the_citizen_clicks_pay_leaves_a_clear_page_and_nothing_saved(
    gate, fee_dossier, client
):
    session = client.session
    session[SESSION_PROOFS] = {fee_dossier.code: fee_dossier.secret}
    session.save()
    gate.control(fail="http")
    page = client.post(f"/thanh-toan/{fee_dossier.code}/")
    assert page.status_code == 503
    assert "Chưa kết nối được Nền tảng thanh toán" in page.content.decode()
    assert not Payment.objects.exists() and not PaymentEvent.objects.exists()
    gate.stop()  # the platform not even listening
    try:
        page = client.post(f"/thanh-toan/{fee_dossier.code}/")
        assert page.status_code == 503 and not Payment.objects.exists()
    finally:
        gate.start()
    gate.control(fail=None)
    page = client.post(f"/thanh-toan/{fee_dossier.code}/")
    assert page.status_code == 302 and page["Location"].startswith(gate.url + "/thanh-toan/")
    assert Payment.objects.get().status == Payment.Status.PENDING


def test_two_callbacks_at_once_have_one_effect(gate, fee_dossier, live_server):
    if connection.vendor == "sqlite":
        pytest.skip("row locks: PostgreSQL (SQLite serialises the writers itself)")
    gate.control(callback="drop")
    payment, url = _start(fee_dossier, live_server)
    pay_on_gateway(url)
    answers = []
    barrier = threading.Barrier(4)

    def replay():
        barrier.wait()
        answers.append(gate.post("/test/replay-callback", {})["ok"])

    threads = [threading.Thread(target=replay) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert answers == [True] * 4
    assert sorted(v for v, _ in _verdicts(payment)) == ["accepted", "replay", "replay", "replay"]
    assert _paid_events(fee_dossier) == 1
    assert DossierDocument.objects.filter(dossier=fee_dossier, kind=DossierDocument.Kind.RECEIPT).count() == 1


def test_paying_again_while_the_callback_is_awaited_says_so_and_saves_nothing(
    gate, fee_dossier, live_server, client
):
    gate.control(callback="drop")
    payment, url = _start(fee_dossier, live_server)
    pay_on_gateway(url)
    session = client.session
    session[SESSION_PROOFS] = {fee_dossier.code: fee_dossier.secret}
    session.save()
    page = client.post(f"/thanh-toan/{fee_dossier.code}/")
    assert page.status_code == 400 and "đang chờ Nền tảng thanh toán gửi xác nhận" in page.content.decode()
    assert list(Payment.objects.values_list("reference", "status")) == [(payment.reference, "pending")]
