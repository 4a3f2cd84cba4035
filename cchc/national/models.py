"""The connector's tables: what goes to the national portal (``Message``, the durable outbox), how CCHC's
statuses read there (``StatusMapping``, data), what the portal has acknowledged of each dossier
(``DossierSync``), and the dossiers that came from it (``InboundDossier``).

Delivery (decision 0023): a dossier's messages are sent in the order they were queued, one dossier's
messages never by two workers at once; each carries a key unique per dossier and event, so a message
sent again after a timeout or a crash is recognised by the portal (and by the stand-in) as the same.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cchc.common.events import AppendOnlyEvent
from cchc.dossiers.models import Dossier, Status


class StatusMapping(models.Model):
    """CCHC's workflow status (and, more specifically, the operation that led to it) → the national
    status code (``TrangThaiHoSo`` / ``TrangThai``). Data with validity dates, editable by the IT office;
    the first match on the operation wins, then the status alone (as OpenCPS's sub-status mapping)."""

    status = models.CharField(_("trạng thái trong CCHC"), max_length=24, choices=Status.choices)
    action = models.CharField(
        _("thao tác (nếu riêng)"),
        max_length=40,
        blank=True,
        help_text=_("Để trống: áp dụng cho mọi thao tác dẫn tới trạng thái này."),
    )
    national_code = models.CharField(_("mã trạng thái trên Cổng DVCQG"), max_length=16)
    national_label = models.CharField(_("tên trạng thái trên Cổng DVCQG"), max_length=255)
    valid_from = models.DateField(_("hiệu lực từ"))
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("ánh xạ trạng thái hồ sơ")
        verbose_name_plural = _("ánh xạ trạng thái hồ sơ")
        ordering = ["status", "action", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["status", "action", "valid_from"], name="status_mapping_unique"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="status_mapping_valid_range",
            ),
        ]

    def __str__(self) -> str:
        action = f" / {self.action}" if self.action else ""
        return f"{self.get_status_display()}{action} → {self.national_code}"


class Message(models.Model):
    """One message to the national portal, queued in the transaction of the change it reports."""

    class Service(models.TextChoices):
        DOSSIER = "dossier", _("Đồng bộ hồ sơ (DongBoHoSoMC)")
        PROGRESS = "progress", _("Cập nhật tiến độ (CapNhatTienDoHoSoMC)")

    class State(models.TextChoices):
        PENDING = "pending", _("Chờ gửi")
        DELIVERED = "delivered", _("Đã gửi, Cổng đã nhận")
        DEAD = "dead", _("Gửi không thành công (chờ xử lý)")

    # Unique per dossier and event (and service): the portal recognises a message sent twice by it.
    key = models.CharField(_("khóa chống trùng"), max_length=120, unique=True)
    # Messages of one stream (a dossier) are delivered in ``id`` order, never two at once.
    stream = models.CharField(_("luồng"), max_length=60)
    dossier = models.ForeignKey(
        Dossier, verbose_name=_("hồ sơ"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    event_seq = models.PositiveIntegerField(_("sự kiện số"), null=True, blank=True)
    service = models.CharField(_("dịch vụ"), max_length=16, choices=Service.choices)
    payload = models.JSONField(_("nội dung"))
    state = models.CharField(_("tình trạng"), max_length=10, choices=State.choices, default=State.PENDING)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    attempts = models.PositiveIntegerField(_("số lần gửi"), default=0)
    # The lease of the worker that claimed it, or the backoff before the next attempt.
    next_attempt_at = models.DateTimeField(_("gửi lại lúc"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("Cổng nhận lúc"), null=True, blank=True)
    dead_at = models.DateTimeField(_("dừng gửi lúc"), null=True, blank=True)
    last_error = models.TextField(_("lỗi lần gửi gần nhất"), blank=True)
    # Since when the worker has been trying (a replay starts the count again): a transient failure
    # older than CCHC_DVCQG_GIVE_UP_HOURS moves the message to the dead letters. None: ``created_at``.
    retry_since = models.DateTimeField(_("bắt đầu thử gửi lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông điệp gửi Cổng DVCQG")
        verbose_name_plural = _("thông điệp gửi Cổng DVCQG")
        indexes = [
            # The worker's claim: pending messages, oldest first, by stream.
            models.Index(fields=["stream", "id"], name="national_msg_pending", condition=Q(state="pending")),
            models.Index(fields=["next_attempt_at"], name="national_msg_due", condition=Q(state="pending")),
            models.Index(fields=["dossier", "id"], name="national_msg_dossier"),
            models.Index(fields=["state", "created_at"], name="national_msg_state"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(state="delivered", delivered_at__isnull=False)
                | Q(state="dead", dead_at__isnull=False)
                | Q(state="pending"),
                name="national_msg_state_dates",
            ),
        ]

    def __str__(self) -> str:
        return self.key


class MessageEvent(AppendOnlyEvent):
    """The history of a message: each attempt's outcome, a move to the dead letters, a replay."""

    message = models.ForeignKey(Message, on_delete=models.PROTECT, related_name="events")

    class Meta:
        verbose_name = _("lịch sử thông điệp")
        verbose_name_plural = _("lịch sử thông điệp")
        indexes = [models.Index(fields=["message", "at"], name="national_msg_event")]


class DossierSync(models.Model):
    """What the national portal has acknowledged of one dossier (one row per dossier; the connector's)."""

    dossier = models.OneToOneField(Dossier, on_delete=models.PROTECT, related_name="+", primary_key=True)
    # The dossier's code on the portal (``MaHoSo``): CCHC's code, or the portal's own for one filed there.
    national_code = models.CharField(_("mã hồ sơ trên Cổng DVCQG"), max_length=60, unique=True)
    first_queued_at = models.DateTimeField(_("đưa vào hàng đợi lúc"))
    acked_at = models.DateTimeField(_("Cổng nhận hồ sơ lúc"), null=True, blank=True)
    last_acked_at = models.DateTimeField(_("Cổng nhận cập nhật gần nhất lúc"), null=True, blank=True)
    pending = models.PositiveIntegerField(_("thông điệp chờ gửi"), default=0)
    failed = models.BooleanField(_("có thông điệp gửi không thành công"), default=False)
    # The last time the daily reconciliation found the dossier on the portal with CCHC's status.
    confirmed_at = models.DateTimeField(_("đối soát khớp lúc"), null=True, blank=True)
    # The result reached the applicant's electronic data store (an account identified on the portal).
    store_linked_at = models.DateTimeField(_("kết nối kho dữ liệu cá nhân lúc"), null=True, blank=True)
    # The last reconciliation asked the portal and it did not know the dossier (cleared when it does):
    # an acknowledgement the portal lost does not count as synchronised (``selectors.synchronised``).
    portal_missing_at = models.DateTimeField(_("Cổng không có hồ sơ (đối soát) lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("tình trạng đồng bộ hồ sơ")
        verbose_name_plural = _("tình trạng đồng bộ hồ sơ")

    def __str__(self) -> str:
        return self.national_code


class InboundDossier(models.Model):
    """A dossier filed on the national portal, as it arrived (pull or push); one row per portal code."""

    class Via(models.TextChoices):
        PULL = "pull", _("Lấy định kỳ")
        PUSH = "push", _("Cổng đẩy sang")

    class State(models.TextChoices):
        CREATED = "created", _("Đã tạo hồ sơ")
        REJECTED = "rejected", _("Không nhận được (dữ liệu sai)")

    national_code = models.CharField(_("mã hồ sơ trên Cổng DVCQG"), max_length=60, unique=True)
    dossier = models.OneToOneField(
        Dossier, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("hồ sơ")
    )
    via = models.CharField(_("nhận qua"), max_length=8, choices=Via.choices)
    state = models.CharField(_("tình trạng"), max_length=10, choices=State.choices)
    error = models.TextField(_("lỗi"), blank=True)
    payload = models.JSONField(_("dữ liệu nhận được"))
    first_seen_at = models.DateTimeField(_("nhận lần đầu lúc"))
    last_seen_at = models.DateTimeField(_("nhận lần cuối lúc"))
    times_seen = models.PositiveIntegerField(_("số lần nhận"), default=1)

    class Meta:
        verbose_name = _("hồ sơ nhận từ Cổng DVCQG")
        verbose_name_plural = _("hồ sơ nhận từ Cổng DVCQG")
        constraints = [
            models.CheckConstraint(
                condition=Q(state="created", dossier__isnull=False) | Q(state="rejected"),
                name="inbound_created_has_dossier",
            ),
        ]

    def __str__(self) -> str:
        return self.national_code


# --- reconciliation ---------------------------------------------------------------------------------


class ReconcileRun(models.Model):
    """One daily reconciliation of a day's changes: what CCHC changed that day against what the portal
    acknowledged (``cchc.national.reconcile``). A run the portal broke off is ``incomplete``: its lines
    stand as checked, the dossiers it could not check are ``unchecked`` — never counted as synchronised."""

    class State(models.TextChoices):
        RUNNING = "running", _("Đang đối soát")
        COMPLETE = "complete", _("Hoàn tất")
        INCOMPLETE = "incomplete", _("Chưa hoàn tất (Cổng không trả lời)")

    day = models.DateField(_("ngày đối soát"))
    started_at = models.DateTimeField(_("bắt đầu lúc"))
    finished_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)
    state = models.CharField(_("tình trạng"), max_length=10, choices=State.choices, default=State.RUNNING)
    late_minutes = models.PositiveIntegerField(_("ngưỡng trễ (phút)"))
    total = models.PositiveIntegerField(_("số hồ sơ"), default=0)
    synchronised = models.PositiveIntegerField(_("đồng bộ kịp thời"), default=0)
    late = models.PositiveIntegerField(_("đồng bộ trễ"), default=0)
    failed = models.PositiveIntegerField(_("không đồng bộ được"), default=0)
    pending = models.PositiveIntegerField(_("đang chờ gửi"), default=0)
    unchecked = models.PositiveIntegerField(_("chưa kiểm tra được"), default=0)
    error = models.TextField(_("lỗi"), blank=True)

    class Meta:
        verbose_name = _("lần đối soát với Cổng DVCQG")
        verbose_name_plural = _("lần đối soát với Cổng DVCQG")
        ordering = ["-day", "-started_at"]
        indexes = [models.Index(fields=["day", "started_at"], name="national_reconcile_day")]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} ({self.get_state_display()})"


class ReconcileLine(models.Model):
    """One dossier's verdict in a run and why (the rule: ``cchc.national.reconcile``)."""

    class Verdict(models.TextChoices):
        SYNCHRONISED = "synchronised", _("Đồng bộ kịp thời")
        LATE = "late", _("Đồng bộ trễ")
        FAILED = "failed", _("Không đồng bộ được")
        PENDING = "pending", _("Đang chờ gửi")
        UNCHECKED = "unchecked", _("Chưa kiểm tra được")

    class Reason(models.TextChoices):
        OK = "ok", _("Cổng có hồ sơ với đúng trạng thái")
        DELIVERED_LATE = "delivered_late", _("Cổng có hồ sơ, nhưng nhận sau ngưỡng trễ")
        WAITING = "waiting", _("Còn thông điệp chờ gửi, chưa quá ngưỡng trễ")
        WAITING_LATE = "waiting_late", _("Còn thông điệp chờ gửi, đã quá ngưỡng trễ")
        NEVER_QUEUED = "never_queued", _("Chưa từng được đưa vào hàng đợi gửi Cổng")
        DEAD = "dead", _("Có thông điệp gửi không thành công")
        MISSING = "missing", _("Cổng không có hồ sơ")
        MISMATCH = "mismatch", _("Trạng thái trên Cổng khác trạng thái trong CCHC")
        NO_MAPPING = "no_mapping", _("Trạng thái trong CCHC chưa có mã trên Cổng")
        PORTAL_DOWN = "portal_down", _("Cổng không trả lời khi đối soát")

    run = models.ForeignKey(ReconcileRun, on_delete=models.CASCADE, related_name="lines")
    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="+", verbose_name=_("hồ sơ"))
    # The competent agency when the run checked it: the page groups by it.
    agency = models.ForeignKey(
        "org.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan")
    )
    verdict = models.CharField(_("kết luận"), max_length=12, choices=Verdict.choices)
    reason = models.CharField(_("lý do"), max_length=24, choices=Reason.choices)
    expected_code = models.CharField(_("mã trạng thái CCHC gửi"), max_length=16, blank=True)
    portal_code = models.CharField(_("mã trạng thái trên Cổng"), max_length=16, blank=True)
    # The longest wait of the day's messages between queued and acknowledged (or until the run).
    lag_seconds = models.PositiveIntegerField(_("độ trễ lớn nhất (giây)"), null=True, blank=True)

    class Meta:
        verbose_name = _("kết quả đối soát hồ sơ")
        verbose_name_plural = _("kết quả đối soát hồ sơ")
        constraints = [
            models.UniqueConstraint(fields=["run", "dossier"], name="national_reconcile_line_once")
        ]
        indexes = [models.Index(fields=["run", "agency", "verdict"], name="national_reconcile_verdict")]

    def __str__(self) -> str:
        return f"{self.run_id}/{self.dossier_id} {self.verdict}"
