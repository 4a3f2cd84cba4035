"""Refunds of paid dossiers that are refused or rejected; the daily reconciliation against the stand-in
platform's report (service, command, back-office page); the portal's offer to pay."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.utils import timezone

from cchc.dossiers import services as dossier_services
from cchc.dossiers.models import OnlinePayment
from cchc.dossiers.portal_access import SESSION_PROOFS
from cchc.payments import services
from cchc.payments.models import Payment, ReconciliationLine, ReconciliationRun, Refund
from tools.standins import paygate as standin

from .conftest import SECRET, pay_on_gateway, person, settle, wait_for

pytestmark = pytest.mark.django_db(transaction=True)


def _paid(dossier, live_server) -> Payment:
    payment, url = services.start_payment(
        actor=None, dossier=dossier, return_url=f"{live_server.url}/thanh-toan/{dossier.code}/ket-qua/"
    )
    pay_on_gateway(url)
    return settle(payment)


def test_a_paid_dossier_refused_at_intake_opens_a_refund_in_the_same_change(
    gate, world, fee_dossier, live_server
):
    payment = _paid(fee_dossier, live_server)
    assert payment.status == Payment.Status.PAID
    fee_dossier.refresh_from_db()
    dossier_services.refuse(
        actor=world.staff["counter"],
        dossier=fee_dossier,
        revision=fee_dossier.revision,
        reason="Không đủ điều kiện",
    )
    refund = Refund.objects.get(payment=payment)
    assert (refund.amount, refund.reason, refund.status) == (Decimal(50000), "refuse", Refund.Status.OPEN)
    assert refund.dossier_event_seq == fee_dossier.events.get(action="refuse").seq
    with pytest.raises(PermissionDenied):
        services.close_refund(actor=world.staff["counter"], refund=refund)
    assert services.close_refund(actor=world.staff["office"], refund=refund) is True
    assert services.close_refund(actor=world.staff["office"], refund=refund) is False
    refund.refresh_from_db()
    assert refund.status == Refund.Status.DONE
    assert list(payment.events.values_list("action", flat=True))[-2:] == ["refund_opened", "refund_closed"]


def test_an_unpaid_dossier_refused_opens_no_refund(gate, world, fee_dossier):
    dossier_services.refuse(
        actor=world.staff["counter"],
        dossier=fee_dossier,
        revision=fee_dossier.revision,
        reason="Không đủ điều kiện",
    )
    assert not Refund.objects.exists()


def test_reconciliation_sorts_matched_only_ours_only_theirs_and_amount_differs(
    gate, world, fee_dossier, live_server
):
    matched = _paid(fee_dossier, live_server)
    # The platform's alone: a transaction another system started with this merchant code, paid.
    body = {
        "loaiBanTin": "PAY",
        "phienBan": "1.0.0",
        "maDoiTac": "LDG-TEST",
        "maThamChieu": "NGOAI-CCHC-01",
        "soTien": 7000,
        "maTienTe": "VND",
        "thongTinGiaoDich": "Khác",
        "urlTraVe": f"{live_server.url}/",
        "thoiGianGD": timezone.localtime().strftime("%Y%m%d%H%M%S"),
    }
    body["maXacThuc"] = standin.checksum(SECRET, body, standin.REQUEST_FIELDS)
    url = gate.post("/api/giao-dich", body)["urlThanhToan"]
    pay_on_gateway(url)
    # Amount differs: the platform reports another amount (its callback is refused by CCHC).
    gate.control(tamper="amount")
    second, _secret = dossier_services.submit_online(procedure_version=world.version, applicant=person())
    differs, url = services.start_payment(actor=None, dossier=second, return_url=f"{live_server.url}/")
    pay_on_gateway(url)
    assert wait_for(lambda: len(gate.state()["callbacks"]) >= 4)
    gate.control(tamper=None)
    # Only ours: a payment CCHC holds as paid that the platform does not report.
    third, _secret = dossier_services.submit_online(procedure_version=world.version, applicant=person())
    ours = Payment.objects.create(
        dossier=third,
        reference="CHI-CCHC-01",
        amount=Decimal(50000),
        description="x",
        status=Payment.Status.PAID,
        requested_at=timezone.now(),
        paid_at=timezone.now(),
    )
    run = services.reconcile(actor=world.staff["office"], day=timezone.localdate())
    kinds = {line.reference: line.kind for line in run.lines.all()}
    assert kinds == {
        matched.reference: ReconciliationLine.Kind.MATCHED,
        "NGOAI-CCHC-01": ReconciliationLine.Kind.ONLY_THEIRS,
        differs.reference: ReconciliationLine.Kind.AMOUNT_DIFFERS,
        ours.reference: ReconciliationLine.Kind.ONLY_OURS,
    }
    assert (run.matched, run.only_ours, run.only_theirs, run.amount_differs, run.ok) == (1, 1, 1, 1, False)
    line = run.lines.get(kind=ReconciliationLine.Kind.AMOUNT_DIFFERS)
    assert (line.our_amount, line.their_amount) == (Decimal(50000), Decimal(51000))
    with pytest.raises(CommandError, match="chênh lệch"):
        call_command("payments-reconcile", "--day", timezone.localdate().isoformat())
    assert ReconciliationRun.objects.count() == 2


def test_reconciliation_is_for_the_office_and_records_a_platform_that_is_down(gate, world, client):
    with pytest.raises(PermissionDenied):
        services.reconcile(actor=world.staff["counter"], day=timezone.localdate())
    gate.control(fail="http")
    run = services.reconcile(actor=world.staff["office"], day=timezone.localdate() - dt.timedelta(days=1))
    assert run.error and not run.ok and not run.lines.exists()
    gate.control(fail=None)
    client.force_login(world.staff["counter"])
    assert client.get("/quan-tri/thanh-toan/doi-soat/").status_code == 403
    client.force_login(world.staff["office"])
    page = client.get("/quan-tri/thanh-toan/doi-soat/")
    assert page.status_code == 200 and "Không lấy được báo cáo" in page.content.decode()
    reply = client.post("/quan-tri/thanh-toan/doi-soat/", {"ngay": timezone.localdate().isoformat()})
    assert reply.status_code == 302
    page = client.get(reply["Location"])
    assert "Không có giao dịch thanh toán nào trong ngày" in page.content.decode()
    assert client.post("/quan-tri/thanh-toan/doi-soat/", {"ngay": "2099-01-01"}).status_code == 400


def test_the_tracking_page_offers_payment_only_where_the_version_pays_online(
    gate, world, fee_dossier, client
):
    session = client.session
    session[SESSION_PROOFS] = {fee_dossier.code: fee_dossier.secret}
    session.save()
    page = client.get(f"/tra-cuu/{fee_dossier.code}/").content.decode()
    assert "Thanh toán trực tuyến" in page and f"/thanh-toan/{fee_dossier.code}/" in page
    pay_page = client.get(f"/thanh-toan/{fee_dossier.code}/")
    assert "50.000" in pay_page.content.decode()
    # The browser may be sent to the platform's pages, and only there (CSP form-action covers redirects).
    form_action = next(d for d in pay_page["Content-Security-Policy"].split(";") if "form-action" in d)
    assert gate.url in form_action and form_action.split() == ["form-action", "'self'", gate.url]
    world.version.pays_online = False
    world.version.save(update_fields=["pays_online"])
    assert (
        f"/thanh-toan/{fee_dossier.code}/" not in client.get(f"/tra-cuu/{fee_dossier.code}/").content.decode()
    )
    # Without the proof, the payment pages send to tracking.
    client.session.flush()
    assert client.get(f"/thanh-toan/{fee_dossier.code}/").status_code == 302


def test_paid_online_is_never_set_by_the_return_url_alone(gate, fee_dossier, client, live_server):
    session = client.session
    session[SESSION_PROOFS] = {fee_dossier.code: fee_dossier.secret}
    session.save()
    forged = {
        "maLoi": "00",
        "maThamChieu": f"{fee_dossier.code}-01",
        "soTien": "50000",
        "maXacThuc": "x" * 64,
    }
    client.get(f"/thanh-toan/{fee_dossier.code}/ket-qua/", forged)
    fee_dossier.refresh_from_db()
    assert fee_dossier.paid_online == OnlinePayment.NO and not Payment.objects.exists()
