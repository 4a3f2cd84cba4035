"""Questions and feedback (Hỏi – Đáp; phản ánh, kiến nghị — PAKN) of citizens and organisations.

An ``Feedback`` row is one item sent through the portal. Its status moves along the table of
``cchc.feedback.workflow``; every change goes through ``cchc.feedback.services`` and appends a
``FeedbackEvent`` (history is never edited). What the public sees of a published item is the
*public* text the Office writes (``public_title``, ``public_question``, ``public_answer``), never
the original with the asker's name, phone or email.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cchc.common.events import AppendOnlyEvent
from cchc.common.stored_files import StoredUpload
from cchc.common.text import fold
from cchc.org.models import Unit
from cchc.procedures.models import Field, Procedure


class Kind(models.TextChoices):
    QUESTION = "question", _("Câu hỏi")
    FEEDBACK = "feedback", _("Phản ánh, kiến nghị")


class Status(models.TextChoices):
    RECEIVED = "received", _("Đã tiếp nhận")
    ASSIGNED = "assigned", _("Đã phân loại, giao đơn vị")
    DRAFTED = "drafted", _("Đã dự thảo trả lời")
    APPROVED = "approved", _("Lãnh đạo đơn vị đã duyệt")
    PUBLISHED = "published", _("Đã trả lời và công khai")
    ANSWERED = "answered", _("Đã trả lời (không công khai)")
    REJECTED = "rejected", _("Không xử lý")
    DUPLICATE = "duplicate", _("Trùng nội dung đã gửi")


OPEN_STATUSES = frozenset({Status.RECEIVED, Status.ASSIGNED, Status.DRAFTED, Status.APPROVED})
ANSWERED_STATUSES = frozenset({Status.PUBLISHED, Status.ANSWERED})
CLOSED_STATUSES = frozenset({Status.PUBLISHED, Status.ANSWERED, Status.REJECTED, Status.DUPLICATE})


class Subject(models.TextChoices):
    PROCEDURE = "procedure", _("Một thủ tục hành chính")
    DOSSIER = "dossier", _("Một hồ sơ đã nộp")
    GENERAL = "general", _("Hoạt động chung của Sở")


class Feedback(models.Model):
    code = models.CharField(_("mã tra cứu"), max_length=20, unique=True, editable=False)
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    subject = models.CharField(_("về"), max_length=10, choices=Subject.choices, default=Subject.GENERAL)
    procedure = models.ForeignKey(
        Procedure,
        verbose_name=_("thủ tục"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="feedback",
    )
    dossier = models.ForeignKey(
        "dossiers.Dossier",
        verbose_name=_("hồ sơ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="feedback",
    )
    # The asker (never shown on a public page).
    asker_name = models.CharField(_("họ tên, tên tổ chức"), max_length=255)
    phone = models.CharField(_("điện thoại"), max_length=11, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    # The asker's personal ID as the national sign-on verified it (only when asked signed in): how a
    # citizen finds their questions under "Hồ sơ của tôi"; never typed in a form.
    asker_personal_id = models.CharField(
        _("số định danh người hỏi (VNeID)"), max_length=12, blank=True, db_index=True
    )
    title = models.CharField(_("tiêu đề"), max_length=255)
    body = models.TextField(_("nội dung"))
    # Classification by the Office.
    field = models.ForeignKey(
        Field, verbose_name=_("lĩnh vực"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị trả lời"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="feedback",
    )
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, db_index=True)
    received_at = models.DateTimeField(_("tiếp nhận lúc"))
    due_on = models.DateField(_("hạn trả lời"))
    # The answer written by the unit, approved by its head, sent to the asker.
    answer = models.TextField(_("nội dung trả lời"), blank=True)
    answered_at = models.DateTimeField(_("trả lời lúc"), null=True, blank=True)
    working_days_taken = models.PositiveIntegerField(_("số ngày làm việc để trả lời"), null=True, blank=True)
    # Public text of "Hỏi – Đáp", edited by the Office (personal data removed).
    public_title = models.CharField(_("tiêu đề công khai"), max_length=255, blank=True)
    public_question = models.TextField(_("câu hỏi công khai"), blank=True)
    public_answer = models.TextField(_("trả lời công khai"), blank=True)
    published_at = models.DateTimeField(_("công khai lúc"), null=True, blank=True)
    search_text = models.TextField(editable=False, default="")
    # Closing without an answer.
    reason = models.TextField(_("lý do"), blank=True)
    duplicate_of = models.ForeignKey(
        "self", verbose_name=_("trùng với"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Readers' votes on the published answer (counters of the Vote rows, kept by services.vote).
    likes = models.PositiveIntegerField(default=0)
    dislikes = models.PositiveIntegerField(default=0)
    revision = models.PositiveIntegerField(default=1, editable=False)
    secret_hash = models.CharField(max_length=128, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("câu hỏi, phản ánh")
        verbose_name_plural = _("câu hỏi, phản ánh")
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["status", "received_at"], name="feedback_status_received"),
            models.Index(fields=["unit", "status"], name="feedback_unit_status"),
            models.Index(fields=["published_at"], name="feedback_published"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True) | Q(status__in=["published", "answered"]),
                name="feedback_answer_only_when_sent",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | (Q(published_at__isnull=False) & ~Q(public_answer="")),
                name="feedback_published_has_public_text",
            ),
            models.CheckConstraint(
                condition=~Q(subject="dossier") | Q(dossier__isnull=False),
                name="feedback_dossier_subject_has_dossier",
            ),
            models.CheckConstraint(
                condition=~Q(subject="procedure") | Q(procedure__isnull=False),
                name="feedback_procedure_subject_has_procedure",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    def save(self, *args, **kwargs):
        self.search_text = fold(f"{self.public_title} {self.public_question} {self.public_answer}")
        super().save(*args, **kwargs)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_late(self) -> bool:
        """Answered after the due date, or still open past it."""
        from django.utils import timezone

        if self.answered_at is not None:
            return timezone.localdate(self.answered_at) > self.due_on
        return self.is_open and timezone.localdate() > self.due_on


class Attachment(StoredUpload):
    """A file sent with a question; checked like dossier documents, served only to staff."""

    feedback = models.ForeignKey(Feedback, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(upload_to="feedback/%Y/%m/", max_length=255)


class FeedbackEvent(AppendOnlyEvent):
    """One action on an item. Appended in the same transaction as the change; never edited."""

    feedback = models.ForeignKey(Feedback, on_delete=models.PROTECT, related_name="events")
    seq = models.PositiveIntegerField()
    action = models.CharField(max_length=30)
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10)
    public = models.BooleanField(default=True, help_text=_("Hiện trên trang tra cứu của người gửi."))

    numbered_by = "feedback"

    class Meta:
        ordering = ["feedback", "seq"]
        constraints = [models.UniqueConstraint(fields=["feedback", "seq"], name="feedbackevent_unique_seq")]

    def __str__(self) -> str:
        return f"{self.feedback_id}#{self.seq} {self.action}"


class Vote(models.Model):
    """A reader's like (+1) or dislike (−1) of a published answer; one per browser session and item."""

    feedback = models.ForeignKey(Feedback, on_delete=models.PROTECT, related_name="votes")
    voter = models.CharField(max_length=64, help_text=_("Băm SHA-256 của phiên trình duyệt."))
    value = models.SmallIntegerField()
    at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["feedback", "voter"], name="feedbackvote_one_per_voter"),
            models.CheckConstraint(condition=Q(value__in=[1, -1]), name="feedbackvote_value"),
        ]

    def __str__(self) -> str:
        return f"{self.feedback_id} {self.value:+d}"
