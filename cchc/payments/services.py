"""Every write of online payment: a request, a callback, a refund, a reconciliation.

Rules (decision 0023, "Payment"):

- a payment's amount is the dossier's fee when the payer asks; its reference is unique;
- ``paid_online`` is set only here, by a callback whose checksum, merchant, reference and amount
  verify — through ``cchc.dossiers.services.record_online_payment`` — never by the browser's return;
- a callback is handled under a row lock on its payment, so two deliveries at once have one effect; a
  repeat of the callback that already decided the payment answers OK and changes nothing (recorded as a
  replay); every callback, refused or not, is appended to ``PaymentEvent`` with its reason;
- a paid dossier that is refused or rejected gets a ``Refund`` in the same transaction
  (``dossier_changed``).
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.common.stored_files import removed_on_failure
from cchc.dossiers import selectors as dossier_selectors
from cchc.dossiers import services as dossier_services
from cchc.dossiers.models import Dossier, OnlinePayment, Status
from cchc.org import roles
from cchc.org.access import staff_of
from cchc.payments import gateway, receipts
from cchc.payments.models import Payment, PaymentEvent, ReconciliationLine, ReconciliationRun, Refund

Verdict = PaymentEvent.Verdict

# The answers CCHC gives the platform's callback ([S] codes, documented in README "### Payment").
ANSWERS = {
    "00": "Thành công",
    "01": "Sai mã xác thực",
    "02": "Dữ liệu không hợp lệ",
    "03": "Không tìm thấy giao dịch",
    "04": "Sai số tiền",
    "05": "Giao dịch đã có kết quả khác",
    "99": "Lỗi hệ thống",
}
# Dossier actions after which a payment already made must be given back.
REFUND_ACTIONS = frozenset({"refuse", "reject"})
_BODY_KEPT = 4000


class PaymentUnavailable(Exception):
    """The payment platform could not take the request: nothing was saved."""


def _now(at: dt.datetime | None) -> dt.datetime:
    return at or timezone.now()


def description_for(dossier: Dossier) -> str:
    return _("Phí, lệ phí hồ sơ %(code)s") % {"code": dossier.code}


def _new_reference(dossier: Dossier) -> str:
    n = Payment.objects.filter(dossier=dossier).count() + 1
    return f"{dossier.code}-{n:02d}"


def start_payment(
    *, actor, dossier: Dossier, return_url: str, at: dt.datetime | None = None
) -> tuple[Payment, str]:
    """The applicant asks to pay ``dossier``'s fee: a signed request to the platform, then the payment
    row. Returns the payment and the platform's page to send the browser to.

    The platform is asked first, outside any transaction: when it is down, nothing is saved
    (``PaymentUnavailable``). A pending payment of the same amount is asked again under its reference
    (the platform answers with the same page); one of another amount (the fee changed) is superseded.
    """
    at = _now(at)
    if not dossier_selectors.payable_online(dossier):
        raise ValidationError(_("Hồ sơ này không có khoản phí, lệ phí cần thanh toán trực tuyến."))
    amount = dossier.fee_amount
    pending = Payment.objects.filter(dossier=dossier, status=Payment.Status.PENDING).first()
    reference = pending.reference if pending and pending.amount == amount else _new_reference(dossier)
    description = description_for(dossier)
    try:
        created = gateway.create(
            reference=reference, amount=amount, description=description, return_url=return_url, at=at
        )
    except gateway.GatewayError as exc:
        if exc.code == gateway.ALREADY_PAID:  # paid at the platform, its callback not here yet
            raise ValidationError(
                _(
                    "Khoản này đã được thanh toán; đang chờ Nền tảng thanh toán gửi xác nhận. "
                    "Vui lòng xem lại sau."
                )
            ) from exc
        raise PaymentUnavailable(str(exc)) from exc
    try:
        with transaction.atomic():
            locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
            if locked.paid_online:
                raise ValidationError(_("Hồ sơ %(code)s đã được thanh toán.") % {"code": locked.code})
            payment = Payment.objects.select_for_update().filter(reference=reference).first()
            if payment is None:
                for old in Payment.objects.select_for_update().filter(
                    dossier=locked, status=Payment.Status.PENDING
                ):
                    old.status = Payment.Status.SUPERSEDED
                    old.finished_at = at
                    old.save(update_fields=["status", "finished_at"])
                    _event(old, "superseded", at=at, actor=actor, before=Payment.Status.PENDING)
                payment = Payment.objects.create(
                    dossier=locked,
                    reference=reference,
                    amount=amount,
                    description=description,
                    requested_at=at,
                )
            _event(payment, "requested", at=at, actor=actor, data={"url": created.pay_url})
    except IntegrityError as exc:  # another tab created the dossier's payment at the same moment
        raise ValidationError(
            _("Đang có một yêu cầu thanh toán khác cho hồ sơ này. Vui lòng tải lại trang.")
        ) from exc
    return payment, created.pay_url


def _event(
    payment: Payment | None,
    action: str,
    *,
    at: dt.datetime,
    actor=None,
    before: str | None = None,
    verdict: str = Verdict.ACCEPTED,
    reason: str = "",
    reference: str = "",
    data: dict | None = None,
    remote_addr: str = "",
    note: str = "",
) -> PaymentEvent:
    return PaymentEvent.objects.create(
        payment=payment,
        reference=(payment.reference if payment else reference)[:64],
        at=at,
        action=action,
        actor=actor,
        from_status=before if before is not None else (payment.status if payment else ""),
        to_status=payment.status if payment else "",
        verdict=verdict,
        reason=reason,
        data=data or {},
        remote_addr=remote_addr[:45],
        note=note,
    )


def _answer(code: str) -> dict:
    return {"maLoi": code, "moTaLoi": ANSWERS[code]}


def _amount(value) -> Decimal | None:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return amount if amount == amount.to_integral_value() else None


def handle_callback(*, raw: bytes, remote_addr: str = "", at: dt.datetime | None = None) -> dict:
    """The platform's server-to-server result of a payment. Returns the answer to give it.

    Checked in order, each refusal recorded with its reason: the body (JSON object), the checksum,
    the merchant code, the reference (a payment we know), the amount (the payment's). Then, under a row
    lock on the payment: a payment already decided the same way answers OK as a replay and changes
    nothing; decided another way, refused ("conflict"); pending, the result is applied.
    """
    at = _now(at)
    text = raw[:_BODY_KEPT].decode("utf-8", errors="replace")
    kept = {"body": text}
    try:
        values = json.loads(raw)
    except ValueError:
        values = None
    if not isinstance(values, dict):
        _event(
            None,
            "callback",
            at=at,
            verdict=Verdict.REFUSED,
            reason="malformed",
            data=kept,
            remote_addr=remote_addr,
        )
        return _answer("02")
    reference = str(values.get("maThamChieu", ""))[:64]

    def refuse(reason: str, code: str, payment: Payment | None = None) -> dict:
        _event(
            payment,
            "callback",
            at=at,
            verdict=Verdict.REFUSED,
            reason=reason,
            reference=reference,
            data=kept,
            remote_addr=remote_addr,
        )
        return _answer(code)

    if not gateway.verify(values, gateway.RESULT_FIELDS):
        known = Payment.objects.filter(reference=reference).first() if reference else None
        return refuse("bad_checksum", "01", known)
    if values.get("maDoiTac") != settings.CCHC_PAYGATE_MERCHANT:
        return refuse("wrong_merchant", "02")
    code = str(values.get("maLoi", ""))
    amount = _amount(values.get("soTien"))
    if not code or amount is None:
        return refuse("malformed", "02")
    with removed_on_failure() as written, transaction.atomic():
        payment = Payment.objects.select_for_update().filter(reference=reference).first()
        if payment is None:
            return refuse("unknown_reference", "03")
        if amount != payment.amount:
            return refuse("wrong_amount", "04", payment)
        transaction_id = str(values.get("maGiaoDich", ""))[:64]
        if payment.result_code:  # already decided by an earlier callback
            if payment.result_code == code and payment.gateway_transaction == transaction_id:
                _event(
                    payment,
                    "callback",
                    at=at,
                    verdict=Verdict.REPLAY,
                    reason="replay",
                    data=kept,
                    remote_addr=remote_addr,
                )
                return _answer("00")
            return refuse("conflict", "05", payment)
        before = payment.status
        payment.result_code = code
        payment.gateway_transaction = transaction_id
        payment.bank = str(values.get("maNganHang", ""))[:32]
        payment.finished_at = at
        if before == Payment.Status.SUPERSEDED:
            # A request the payer replaced was paid after all: recorded, and the money is given back.
            payment.save()
            _event(payment, "callback", at=at, before=before, reason="superseded", data=kept)
            if code == gateway.PAID:
                _open_refund(payment, reason="superseded", at=at)
            return _answer("00")
        if code == gateway.PAID:
            payment.status = Payment.Status.PAID
            payment.paid_at = at
        elif code == gateway.CANCELLED:
            payment.status = Payment.Status.CANCELLED
        else:
            payment.status = Payment.Status.FAILED
        payment.save()
        _event(payment, "callback", at=at, before=before, data=kept, remote_addr=remote_addr)
        if payment.status == Payment.Status.PAID:
            _paid(payment, at, written)
    return _answer("00")


def _paid(payment: Payment, at: dt.datetime, written: list[str]) -> None:
    """A verified payment: the dossier's ``paid_online``, the electronic receipt, and a refund at once
    when the dossier was refused, rejected or stopped while the payer was paying."""
    dossier = Dossier.objects.get(pk=payment.dossier_id)
    dossier = dossier_services.record_online_payment(
        actor=None,
        dossier=dossier,
        amount=payment.amount,
        via=OnlinePayment.NATIONAL_PORTAL,
        reference=payment.reference,
        at=at,
    )
    receipts.attach(payment, dossier, written=written)
    if dossier.status in (Status.REFUSED, Status.STOPPED) or dossier.outcome == "rejected":
        _open_refund(payment, reason="paid_after_" + dossier.status, at=at)


def _open_refund(payment: Payment, *, reason: str, at: dt.datetime, seq: int | None = None) -> Refund:
    refund, created = Refund.objects.get_or_create(
        payment=payment,
        defaults={
            "dossier_id": payment.dossier_id,
            "amount": payment.amount,
            "reason": reason[:40],
            "opened_at": at,
            "dossier_event_seq": seq,
        },
    )
    if created:
        _event(payment, "refund_opened", at=at, note=reason)
    return refund


def close_refund(*, actor, refund: Refund, at: dt.datetime | None = None) -> bool:
    """The finance staff gave the money back: the refund is closed (False if it already was)."""
    at = _now(at)
    staff_of(actor)
    if not may_run_reconciliation(actor):
        raise PermissionDenied(_("Chỉ Văn phòng và quản trị hệ thống được xác nhận hoàn trả phí."))
    with transaction.atomic():
        locked = Refund.objects.select_for_update().select_related("payment").get(pk=refund.pk)
        if locked.status == Refund.Status.DONE:
            return False
        locked.status = Refund.Status.DONE
        locked.save(update_fields=["status"])
        _event(locked.payment, "refund_closed", at=at, actor=actor)
    return True


def on_dossier_changed(sender, *, dossier: Dossier, event, **kwargs) -> None:
    """``dossier_changed`` receiver: a paid dossier refused at intake or rejected gets a refund record,
    in the change's own transaction."""
    if event.action not in REFUND_ACTIONS or not dossier.paid_online:
        return
    payment = Payment.objects.filter(dossier=dossier, status=Payment.Status.PAID).first()
    if payment is not None:
        _open_refund(payment, reason=event.action, at=event.at, seq=event.seq)


# --- reconciliation ------------------------------------------------------------------------------------


def _day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    return start, start + dt.timedelta(days=1)


# Who reads the reconciliation (the finance staff sit in the Office) and who runs it by hand.
VIEW_ROLES = frozenset({roles.OFFICE, roles.DIRECTOR, roles.SYSADMIN, roles.PROVINCE_OVERSIGHT})
RUN_ROLES = frozenset({roles.OFFICE, roles.SYSADMIN})


def may_view_reconciliation(user) -> bool:
    return bool(roles.user_roles(user) & VIEW_ROLES)


def may_run_reconciliation(user) -> bool:
    return bool(roles.user_roles(user) & RUN_ROLES)


def reconcile(*, actor, day: dt.date, at: dt.datetime | None = None) -> ReconciliationRun:
    """Compare the payments CCHC recorded as paid on ``day`` with the platform's daily report: each
    reference matched, only ours, only theirs, or with another amount. The run and its lines are saved
    (a platform that cannot be reached is a run with its error). ``actor`` None: the scheduled job."""
    at = _now(at)
    if actor is not None:
        staff_of(actor)
        if not may_run_reconciliation(actor):
            raise PermissionDenied(_("Chỉ Văn phòng và quản trị hệ thống được chạy đối soát thanh toán."))
    if day > timezone.localdate(at):
        raise ValidationError(_("Không đối soát được ngày chưa tới."))
    try:
        report = gateway.daily_report(day)
    except gateway.GatewayError as exc:
        return ReconciliationRun.objects.create(day=day, ran_at=at, actor=actor, error=str(exc)[:500])
    theirs = {row.reference: row for row in report if row.code == gateway.PAID}
    start, end = _day_bounds(day)
    ours = {
        p.reference: p
        for p in Payment.objects.filter(status=Payment.Status.PAID, paid_at__gte=start, paid_at__lt=end)
    }
    others = {p.reference: p for p in Payment.objects.filter(reference__in=set(theirs) - set(ours))}
    lines = []
    for reference in sorted(set(ours) | set(theirs)):
        mine, their = ours.get(reference) or others.get(reference), theirs.get(reference)
        if mine is not None and their is not None:
            if mine.amount != their.amount:
                kind = ReconciliationLine.Kind.AMOUNT_DIFFERS
            elif reference in ours:
                kind = ReconciliationLine.Kind.MATCHED
            else:
                kind = ReconciliationLine.Kind.ONLY_THEIRS  # we know the payment but never saw it paid
        elif mine is not None:
            kind = ReconciliationLine.Kind.ONLY_OURS
        else:
            kind = ReconciliationLine.Kind.ONLY_THEIRS
        lines.append(
            ReconciliationLine(
                kind=kind,
                reference=reference,
                payment=mine,
                our_amount=mine.amount if mine else None,
                their_amount=their.amount if their else None,
                our_status=mine.status if mine else "",
                gateway_transaction=their.transaction
                if their
                else (mine.gateway_transaction if mine else ""),
            )
        )
    counts = {kind: sum(1 for line in lines if line.kind == kind) for kind in ReconciliationLine.Kind.values}
    with transaction.atomic():
        run = ReconciliationRun.objects.create(
            day=day,
            ran_at=at,
            actor=actor,
            matched=counts["matched"],
            only_ours=counts["only_ours"],
            only_theirs=counts["only_theirs"],
            amount_differs=counts["amount_differs"],
            ok=len(lines) == counts["matched"],
        )
        for line in lines:
            line.run = run
        ReconciliationLine.objects.bulk_create(lines)
    return run
