"""Report jobs: a request for a long report, built in the background (``cchc.reports.runner``).

A job is requested through ``cchc.reports.services.request_report`` (role and unit checks, the
period validated), then built by the worker command ``cchc reports`` — or, so that ``make run``
needs no second process, by a thread the request starts after commit (see ``cchc.reports.runner``).
Files are stored under ``MEDIA_ROOT/reports/`` (never at a public URL) and
delivered by ``views_staff.download`` after a permission check.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cchc.org.models import Unit


class Kind(models.TextChoices):
    DEPARTMENT = "department", _("Báo cáo kết quả thực hiện công tác CCHC (gửi Sở Nội vụ)")
    DELAY = "delay", _("Báo cáo hồ sơ trễ hạn theo đơn vị, cơ quan phối hợp (P-B13)")


class PeriodKind(models.TextChoices):
    QUARTER = "quarter", _("Quý")
    HALF = "half", _("6 tháng")
    YEAR = "year", _("Năm")
    MONTH = "month", _("Tháng")


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang lập")
    DONE = "done", _("Đã xong")
    FAILED = "failed", _("Lỗi")


class ReportJob(models.Model):
    kind = models.CharField(_("loại báo cáo"), max_length=12, choices=Kind.choices)
    period_kind = models.CharField(_("loại kỳ"), max_length=8, choices=PeriodKind.choices)
    year = models.PositiveSmallIntegerField(_("năm"))
    number = models.PositiveSmallIntegerField(
        _("số kỳ trong năm"), default=1, help_text=_("Quý 1–4, 6 tháng 1–2, tháng 1–12.")
    )
    period_start = models.DateField(_("từ ngày"))
    period_end = models.DateField(_("đến ngày"))
    period_label = models.CharField(_("kỳ báo cáo"), max_length=60)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Để trống: toàn Sở."),
    )
    parameters = models.JSONField(_("tham số"), default=dict, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người yêu cầu"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("trạng thái"), max_length=8, choices=JobStatus.choices, default=JobStatus.QUEUED, db_index=True
    )
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    message = models.TextField(_("thông báo"), blank=True)
    document = models.FileField(_("văn bản (DOCX)"), upload_to="reports/%Y/%m/", max_length=255, blank=True)
    workbook = models.FileField(_("số liệu (XLSX)"), upload_to="reports/%Y/%m/", max_length=255, blank=True)
    created_at = models.DateTimeField(_("yêu cầu lúc"), auto_now_add=True)
    started_at = models.DateTimeField(_("bắt đầu lập lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("yêu cầu lập báo cáo")
        verbose_name_plural = _("yêu cầu lập báo cáo")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"], name="reportjob_queue")]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="reportjob_progress_max_100"),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="reportjob_period"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["queued", "running", "done", "failed"]), name="reportjob_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | (Q(progress=100) & ~Q(document="")),
                name="reportjob_done_has_file",
            ),
            models.CheckConstraint(
                condition=~Q(status="failed") | (Q(document="") & Q(workbook="")),
                name="reportjob_failed_has_no_file",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.period_label}"

    @property
    def is_active(self) -> bool:
        return self.status in (JobStatus.QUEUED, JobStatus.RUNNING)
