"""Government announcements the ``holidays`` package does not know yet.

One row per date: either an extra day off, or a make-up working day (or a holiday the package
lists that has been switched off, e.g. 24/11 before the Labour Code amendment). A date cannot be
both off and worked: the date is unique.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class CalendarOverride(models.Model):
    class Kind(models.TextChoices):
        DAY_OFF = "off", _("Ngày nghỉ")
        WORKING_DAY = "work", _("Ngày làm việc")

    date = models.DateField(
        _("ngày"), unique=True, error_messages={"unique": _("Ngày này đã có điều chỉnh; hãy sửa dòng đã có.")}
    )
    kind = models.CharField(_("loại"), max_length=4, choices=Kind.choices)
    name = models.CharField(_("tên, lý do"), max_length=200)
    announcement = models.CharField(
        _("văn bản thông báo"), max_length=200, blank=True, help_text=_("Ví dụ: Thông báo 6150/TB-BLĐTBXH.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhập"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("điều chỉnh lịch làm việc")
        verbose_name_plural = _("điều chỉnh lịch làm việc")
        ordering = ["-date"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=["off", "work"]), name="calendaroverride_kind")
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} — {self.get_kind_display()}: {self.name}"
