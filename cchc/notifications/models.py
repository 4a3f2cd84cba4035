"""The outbox: every e-mail and SMS, queued in the transaction of the change it reports."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Outbox(models.Model):
    """Notifications (mail, SMS) queued in the same transaction, sent by ``cchc outbox``."""

    class Kind(models.TextChoices):
        EMAIL = "email", _("Thư điện tử")
        SMS = "sms", _("Tin nhắn")

    kind = models.CharField(_("loại"), max_length=8, choices=Kind.choices)
    recipient = models.CharField(_("người nhận"), max_length=255)
    subject = models.CharField(_("tiêu đề"), max_length=255, blank=True)
    body = models.TextField(_("nội dung"))
    # The dossier a notice is about, if any (by name: this app imports nothing of the dossiers app).
    dossier = models.ForeignKey(
        "dossiers.Dossier",
        verbose_name=_("hồ sơ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    attempts = models.PositiveSmallIntegerField(_("số lần gửi"), default=0)
    next_attempt_at = models.DateTimeField(_("gửi lại lúc"), null=True, blank=True)
    sent_at = models.DateTimeField(_("đã gửi lúc"), null=True, blank=True)
    last_error = models.TextField(_("lỗi lần gửi gần nhất"), blank=True)

    class Meta:
        verbose_name = _("thông báo chờ gửi")
        verbose_name_plural = _("thông báo chờ gửi")
        indexes = [models.Index(fields=["sent_at", "next_attempt_at"], name="outbox_due")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient}"
