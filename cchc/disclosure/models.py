"""Public disclosure (công khai, plan P-B6–P-B9, P-B21): publications, their history, the communes.

A :class:`Publication` is one thing the Department publishes on its website: a legal document
(P-B7), a recruitment plan (P-B8), a work programme or plan and its results report (P-B9), survey
results (P-B6), a commune's poor-household review (P-B21), or another notice.

Life cycle (``cchc.disclosure.workflow``): ``draft`` → ``published`` → ``withdrawn``. Only
published rows and their files are public. **Withdrawal hides**: a withdrawn publication leaves the
public lists and the feed; its public address answers "đã gỡ bỏ" (HTTP 410) with the date and the
reason, and its file is no longer served publicly. The row, its file and its history stay (the
Office may withdraw because of an error or personal data in a list, so showing the old content would
be wrong; keeping the row keeps the record and the lateness statistics).

Lateness: ``late_days`` is the number of working days from the day of issue to the day of
publication (``cchc.workdays.calendar.working_days_between``), stored when the publication is
published, because the holiday calendar is not in SQL. A publication is *late* when ``late_days``
exceeds the limit of its kind (``cchc.disclosure.selectors.late_limit``; setting
``CCHC_DISCLOSURE_LATE_WORKING_DAYS``, default 2, overridable per kind).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from cchc.common.events import AppendOnlyEvent
from cchc.common.text import fold
from cchc.org.models import Unit, ValidityMixin, ValidityQuerySet, validity_check


class Kind(models.TextChoices):
    LEGAL = "legal", _("Văn bản quy phạm pháp luật, chính sách")
    RECRUITMENT = "recruitment", _("Kế hoạch tuyển dụng")
    PLAN = "plan", _("Chương trình, kế hoạch công tác")
    PLAN_REPORT = "plan_report", _("Kết quả thực hiện kế hoạch")
    SURVEY = "survey", _("Kết quả khảo sát sự hài lòng")
    POOR_HOUSEHOLD = "poor_household", _("Kết quả rà soát hộ nghèo, hộ cận nghèo")
    NOTICE = "notice", _("Thông báo khác")


# Public URL slug of each kind (portal /cong-khai/<slug>/).
KIND_SLUGS: dict[str, str] = {
    Kind.LEGAL: "van-ban",
    Kind.RECRUITMENT: "tuyen-dung",
    Kind.PLAN: "ke-hoach",
    Kind.PLAN_REPORT: "ket-qua-thuc-hien",
    Kind.SURVEY: "ket-qua-khao-sat",
    Kind.POOR_HOUSEHOLD: "ra-soat-ho-ngheo",
    Kind.NOTICE: "thong-bao",
}
SLUG_KINDS: dict[str, str] = {slug: kind for kind, slug in KIND_SLUGS.items()}


class Status(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    PUBLISHED = "published", _("Đã công khai")
    WITHDRAWN = "withdrawn", _("Đã gỡ bỏ")


class Commune(ValidityMixin):
    """A commune-level locality whose poor-household review the Department follows (P-B21).

    Kept here (not in ``org``) because only this list is needed; communes merge (01/7/2025), so a
    row has validity dates and the checklist uses the communes valid on the day.
    """

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên xã, phường"), max_length=120)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    objects = ValidityQuerySet.as_manager()

    class Meta:
        verbose_name = _("xã, phường")
        verbose_name_plural = _("xã, phường")
        ordering = ["order", "name"]
        constraints = [validity_check("commune_valid_range")]

    def __str__(self) -> str:
        return self.name


class Publication(models.Model):
    kind = models.CharField(_("loại thông tin"), max_length=20, choices=Kind.choices)
    status = models.CharField(_("trạng thái"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị chủ trì"), on_delete=models.PROTECT, related_name="publications"
    )
    title = models.CharField(_("tiêu đề, trích yếu"), max_length=500)
    summary = models.TextField(_("tóm tắt"), blank=True)
    number = models.CharField(
        _("số, ký hiệu"), max_length=80, blank=True, help_text=_("Ví dụ: 15/2023/TT-BLĐTBXH.")
    )
    issuer = models.CharField(_("cơ quan ban hành"), max_length=255, blank=True)
    issued_on = models.DateField(_("ngày ban hành"))
    effective_on = models.DateField(_("ngày có hiệu lực"), null=True, blank=True)
    # Recruitment (P-B8): the plan is shown as open until the end of the round.
    round_ends_on = models.DateField(_("ngày kết thúc đợt tuyển dụng"), null=True, blank=True)
    # Plans, results, surveys and poor-household reviews are about a year.
    year = models.PositiveSmallIntegerField(_("năm"), null=True, blank=True)
    commune = models.ForeignKey(
        Commune,
        verbose_name=_("xã, phường"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="publications",
    )
    poor_households = models.PositiveIntegerField(_("số hộ nghèo"), null=True, blank=True)
    near_poor_households = models.PositiveIntegerField(_("số hộ cận nghèo"), null=True, blank=True)
    # The file (checked by cchc.common.uploads.inspect_upload; stored outside public URLs).
    file = models.FileField(_("tệp"), upload_to="disclosure/%Y/%m/", max_length=255, blank=True)
    file_name = models.CharField(_("tên tệp gốc"), max_length=255, blank=True)
    file_mime = models.CharField(max_length=100, blank=True)
    file_size = models.PositiveIntegerField(null=True, blank=True)
    file_sha256 = models.CharField(max_length=64, blank=True)
    # Publication.
    published_on = models.DateField(_("ngày công khai"), null=True, blank=True)
    published_at = models.DateTimeField(_("thời điểm công khai"), null=True, blank=True)
    late_days = models.IntegerField(
        _("số ngày làm việc từ ban hành đến công khai"),
        null=True,
        blank=True,
        help_text=_("Tính khi công khai theo lịch ngày làm việc."),
    )
    withdrawn_at = models.DateTimeField(_("thời điểm gỡ bỏ"), null=True, blank=True)
    withdrawal_reason = models.CharField(_("lý do gỡ bỏ"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    search_text = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("thông tin công khai")
        verbose_name_plural = _("thông tin công khai")
        ordering = ["-published_on", "-issued_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_on__isnull=True) | Q(effective_on__gte=F("issued_on")),
                name="publication_effective_after_issue",
            ),
            models.CheckConstraint(
                condition=Q(published_on__isnull=True) | Q(published_on__gte=F("issued_on")),
                name="publication_published_after_issue",
            ),
            models.CheckConstraint(
                condition=Q(round_ends_on__isnull=True) | Q(round_ends_on__gte=F("issued_on")),
                name="publication_round_after_issue",
            ),
            models.CheckConstraint(
                condition=Q(status="draft")
                | (
                    Q(published_on__isnull=False) & Q(published_at__isnull=False) & Q(late_days__isnull=False)
                ),
                name="publication_published_has_dates",
            ),
            models.CheckConstraint(
                condition=~Q(status="withdrawn") | Q(withdrawn_at__isnull=False),
                name="publication_withdrawn_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(kind="poor_household") | (Q(commune__isnull=False) & Q(year__isnull=False)),
                name="publication_poor_household_commune_year",
            ),
            models.UniqueConstraint(
                fields=["commune", "year"],
                condition=Q(kind="poor_household", status="published"),
                name="publication_one_review_per_commune_year",
            ),
        ]
        indexes = [
            models.Index(
                fields=["status", "published_on", "published_at"], name="publication_status_published"
            ),
            models.Index(
                fields=["status", "kind", "published_on", "published_at"], name="publication_kind_published"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()

    def save(self, *args, **kwargs):
        self.refresh_search_text()
        super().save(*args, **kwargs)

    def refresh_search_text(self) -> None:
        commune = self.commune.name if self.commune_id and self.commune else ""
        self.search_text = fold(f"{self.title} {self.number} {self.issuer} {self.summary} {commune}")

    @property
    def slug(self) -> str:
        return KIND_SLUGS[self.kind]

    def is_open_on(self, day) -> bool:
        """A recruitment plan is open from publication until the end of the round (inclusive)."""
        return (
            self.kind == Kind.RECRUITMENT
            and self.status == Status.PUBLISHED
            and self.round_ends_on is not None
            and day <= self.round_ends_on
        )


class PublicationEvent(AppendOnlyEvent):
    """One action on a publication; appended in the same transaction as the change, never edited."""

    class Action(models.TextChoices):
        CREATE = "create", _("Tạo dự thảo")
        UPDATE = "update", _("Sửa dự thảo")
        PUBLISH = "publish", _("Công khai")
        WITHDRAW = "withdraw", _("Gỡ bỏ")

    publication = models.ForeignKey(Publication, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(max_length=12, choices=Action.choices)
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12)

    class Meta:
        ordering = ["publication", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.publication_id} {self.action}"
