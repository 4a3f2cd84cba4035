"""Online payment of a dossier's fees through the national payment platform (decision 0023, "Payment").

``Payment`` is one attempt to pay a dossier's fee (the amount is the dossier's fee when the payer asked);
its result is set only by a verified server-to-server callback. ``PaymentEvent`` is the append-only log
of everything the platform and the payer did to it — every callback, verified or refused and why, also
when its reference is unknown. ``Refund`` is opened when a paid dossier is refused or rejected.
``ReconciliationRun`` and its lines compare one day's payments with the platform's daily report.
All writes go through ``cchc.payments.services``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cchc.common.events import AppendOnlyEvent
from cchc.dossiers.models import Dossier


class Payment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Đang chờ xác nhận")
        PAID = "paid", _("Đã thanh toán")
        CANCELLED = "cancelled", _("Người nộp đã hủy")
        FAILED = "failed", _("Không thành công")
        SUPERSEDED = "superseded", _("Thay bằng yêu cầu mới")

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="payments")
    reference = models.CharField(_("mã tham chiếu"), max_length=48, unique=True)
    amount = models.DecimalField(_("số tiền (đồng)"), max_digits=14, decimal_places=0)
    description = models.CharField(_("nội dung"), max_length=255)
    status = models.CharField(_("trạng thái"), max_length=12, choices=Status.choices, default=Status.PENDING)
    gateway_transaction = models.CharField(_("mã giao dịch của nền tảng"), max_length=64, blank=True)
    bank = models.CharField(_("ngân hàng"), max_length=32, blank=True)
    result_code = models.CharField(_("mã kết quả"), max_length=8, blank=True)
    requested_at = models.DateTimeField(_("yêu cầu lúc"))
    finished_at = models.DateTimeField(_("có kết quả lúc"), null=True, blank=True)
    paid_at = models.DateTimeField(_("thanh toán lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thanh toán trực tuyến")
        verbose_name_plural = _("thanh toán trực tuyến")
        ordering = ["-requested_at", "-id"]
        constraints = [
            # One payment in flight or done per dossier: two clicks or two tabs never pay twice.
            models.UniqueConstraint(
                fields=["dossier"],
                condition=Q(status__in=["pending", "paid"]),
                name="payment_one_open_per_dossier",
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
        ]
        indexes = [models.Index(fields=["paid_at"], name="payment_paid_at")]

    def __str__(self) -> str:
        return f"{self.reference} {self.amount} ({self.status})"


class PaymentEvent(AppendOnlyEvent):
    """One thing that happened to a payment, or one callback that named no payment we know."""

    class Verdict(models.TextChoices):
        ACCEPTED = "accepted", _("Đã ghi nhận")
        REPLAY = "replay", _("Lặp lại (không thay đổi gì)")
        REFUSED = "refused", _("Từ chối")

    payment = models.ForeignKey(
        Payment, null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    reference = models.CharField(max_length=64, blank=True)
    verdict = models.CharField(max_length=10, choices=Verdict.choices, default=Verdict.ACCEPTED)
    reason = models.CharField(max_length=32, blank=True)
    remote_addr = models.CharField(max_length=45, blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["reference", "at"], name="paymentevent_reference")]

    def __str__(self) -> str:
        return f"{self.reference} {self.action} {self.verdict} {self.reason}"


class Refund(models.Model):
    """Money to give back: opened when a paid dossier is refused at intake or rejected (or paid after)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Chờ hoàn trả")
        DONE = "done", _("Đã hoàn trả")

    payment = models.OneToOneField(Payment, on_delete=models.PROTECT, related_name="refund")
    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="refunds")
    amount = models.DecimalField(_("số tiền (đồng)"), max_digits=14, decimal_places=0)
    reason = models.CharField(_("lý do"), max_length=40)
    status = models.CharField(_("trạng thái"), max_length=8, choices=Status.choices, default=Status.OPEN)
    opened_at = models.DateTimeField(_("mở lúc"))
    dossier_event_seq = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("hoàn trả phí")
        verbose_name_plural = _("hoàn trả phí")
        ordering = ["-opened_at", "-id"]

    def __str__(self) -> str:
        return f"{self.payment.reference} {self.amount} ({self.status})"


class ReconciliationRun(models.Model):
    """One comparison of a day's payments with the platform's daily report."""

    day = models.DateField(_("ngày đối soát"))
    ran_at = models.DateTimeField(_("chạy lúc"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    ok = models.BooleanField(_("khớp hoàn toàn"), default=False)
    error = models.CharField(_("lỗi"), max_length=500, blank=True)
    matched = models.PositiveIntegerField(default=0)
    only_ours = models.PositiveIntegerField(default=0)
    only_theirs = models.PositiveIntegerField(default=0)
    amount_differs = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("lần đối soát thanh toán")
        verbose_name_plural = _("các lần đối soát thanh toán")
        ordering = ["-day", "-ran_at", "-id"]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} {self.ran_at:%H:%M}"


class ReconciliationLine(models.Model):
    class Kind(models.TextChoices):
        MATCHED = "matched", _("Khớp")
        ONLY_OURS = "only_ours", _("Chỉ có trong CCHC")
        ONLY_THEIRS = "only_theirs", _("Chỉ có ở nền tảng thanh toán")
        AMOUNT_DIFFERS = "amount_differs", _("Lệch số tiền")

    run = models.ForeignKey(ReconciliationRun, on_delete=models.CASCADE, related_name="lines")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    reference = models.CharField(max_length=64)
    payment = models.ForeignKey(Payment, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    our_amount = models.DecimalField(max_digits=14, decimal_places=0, null=True, blank=True)
    their_amount = models.DecimalField(max_digits=14, decimal_places=0, null=True, blank=True)
    our_status = models.CharField(max_length=12, blank=True)
    gateway_transaction = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["run", "kind", "reference"]

    def __str__(self) -> str:
        return f"{self.reference}: {self.kind}"
