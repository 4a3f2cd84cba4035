"""Data the indicators need that no other app holds.

- ``Rule766``: the points and thresholds of the QĐ 766 index, versioned by validity dates (the
  national formulas change; domain.md §6.2 marks several [U]). The engine reads the rules in force
  on the period's last day; what each code *measures* is code (``qd766._COMPUTE_766``), how much it
  *weighs* is data. A rule with ``computable=False`` is shown as N/A with its ``note``.
- ``ExternalResult``: the yearly PAR Index, PAPI and SIPAS scores and ranks the Office enters.
- ``SelfAssessment`` / ``Criterion`` / ``Evidence``: the PAR self-assessment sheet, each criterion
  linked to its evidence (a URL or a file stored outside public URLs).
- ``WarningNotice``: one row per unit head and day the early warning was sent (``cchc warn`` is
  idempotent per day).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cchc.org.models import Unit, ValidityMixin, ValidityQuerySet, validity_check


class Rule766(ValidityMixin):
    code = models.CharField(_("mã chỉ tiêu"), max_length=10, help_text=_("Ví dụ 2.1."))
    label = models.CharField(_("tên chỉ tiêu"), max_length=255)
    group_order = models.PositiveSmallIntegerField(_("thứ tự nhóm"))
    group_name = models.CharField(_("nhóm"), max_length=120)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    max_points = models.DecimalField(
        _("điểm tối đa"), max_digits=5, decimal_places=2, validators=[MinValueValidator(0)]
    )
    threshold = models.DecimalField(
        _("ngưỡng (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Đạt ngưỡng thì được điểm tối đa; để trống: điểm = tỷ lệ × điểm tối đa."),
    )
    computable = models.BooleanField(_("tính được từ dữ liệu của Sở"), default=True)
    note = models.CharField(_("ghi chú, lý do không tính"), max_length=500, blank=True)

    objects = ValidityQuerySet.as_manager()

    class Meta:
        verbose_name = _("quy tắc chấm điểm QĐ 766")
        verbose_name_plural = _("quy tắc chấm điểm QĐ 766")
        ordering = ["group_order", "order", "code", "-valid_from"]
        constraints = [
            validity_check("rule766_valid_range"),
            models.UniqueConstraint(fields=["code", "valid_from"], name="rule766_unique_code_from"),
            models.CheckConstraint(condition=Q(max_points__gte=0), name="rule766_points_not_negative"),
            models.CheckConstraint(
                condition=Q(threshold__isnull=True) | Q(threshold__gt=0, threshold__lte=100),
                name="rule766_threshold_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.label}"


class ExternalIndex(models.TextChoices):
    PAR = "par", _("Chỉ số cải cách hành chính (PAR Index)")
    PAPI = "papi", _("Chỉ số hiệu quả quản trị và hành chính công (PAPI)")
    SIPAS = "sipas", _("Chỉ số hài lòng về sự phục vụ hành chính (SIPAS)")


class ExternalResult(models.Model):
    index = models.CharField(_("chỉ số"), max_length=8, choices=ExternalIndex.choices)
    year = models.PositiveSmallIntegerField(_("năm"), validators=[MinValueValidator(2000)])
    score = models.DecimalField(_("điểm"), max_digits=7, decimal_places=3)
    max_score = models.DecimalField(_("thang điểm"), max_digits=7, decimal_places=3)
    rank = models.PositiveSmallIntegerField(_("xếp hạng"), null=True, blank=True)
    rank_of = models.PositiveSmallIntegerField(_("trên tổng số"), null=True, blank=True)
    source = models.CharField(_("nguồn"), max_length=255, blank=True)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    illustrative = models.BooleanField(_("số liệu minh họa"), default=False)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("kết quả chỉ số hằng năm")
        verbose_name_plural = _("kết quả chỉ số hằng năm")
        ordering = ["index", "year"]
        constraints = [
            models.UniqueConstraint(fields=["index", "year"], name="externalresult_unique_year"),
            models.CheckConstraint(
                condition=Q(max_score__gt=0) & Q(score__gte=0) & Q(score__lte=models.F("max_score")),
                name="externalresult_score_range",
            ),
            models.CheckConstraint(
                condition=Q(rank__isnull=True) | Q(rank_of__isnull=True) | Q(rank__lte=models.F("rank_of")),
                name="externalresult_rank_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_index_display()} {self.year}: {self.score}/{self.max_score}"

    @staticmethod
    def _vn(value) -> str:
        return f"{value.normalize():f}".replace(".", ",")

    @property
    def score_display(self) -> str:
        """Score over the scale, Vietnamese decimals, no trailing zeros (81,4/100)."""
        return f"{self._vn(self.score)}/{self._vn(self.max_score)}"


class SelfAssessment(models.Model):
    year = models.PositiveSmallIntegerField(_("năm đánh giá"), unique=True)
    title = models.CharField(_("tên bảng tự đánh giá"), max_length=255)
    note = models.TextField(_("ghi chú"), blank=True)
    illustrative = models.BooleanField(_("số liệu minh họa"), default=False)

    class Meta:
        verbose_name = _("bảng tự đánh giá Chỉ số CCHC")
        verbose_name_plural = _("bảng tự đánh giá Chỉ số CCHC")
        ordering = ["-year"]

    def __str__(self) -> str:
        return self.title


class Criterion(models.Model):
    assessment = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="criteria")
    code = models.CharField(_("mã tiêu chí"), max_length=20)
    title = models.CharField(_("tiêu chí"), max_length=500)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    max_points = models.DecimalField(_("điểm tối đa"), max_digits=6, decimal_places=2)
    self_score = models.DecimalField(
        _("điểm tự đánh giá"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    note = models.TextField(_("giải trình"), blank=True)

    class Meta:
        verbose_name = _("tiêu chí tự đánh giá")
        verbose_name_plural = _("tiêu chí tự đánh giá")
        ordering = ["assessment", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "code"], name="criterion_unique_code"),
            models.CheckConstraint(condition=Q(max_points__gte=0), name="criterion_points_not_negative"),
            models.CheckConstraint(
                condition=Q(self_score__isnull=True)
                | (Q(self_score__gte=0) & Q(self_score__lte=models.F("max_points"))),
                name="criterion_score_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Evidence(models.Model):
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="evidence")
    title = models.CharField(_("tên tài liệu kiểm chứng"), max_length=255)
    url = models.URLField(_("đường dẫn"), max_length=500, blank=True)
    file = models.FileField(upload_to="indicators/evidence/%Y/", max_length=255, blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    mime = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    added_at = models.DateTimeField(auto_now_add=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("tài liệu kiểm chứng")
        verbose_name_plural = _("tài liệu kiểm chứng")
        ordering = ["criterion", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(url="") | ~Q(file=""), name="evidence_has_link_or_file"),
        ]

    def __str__(self) -> str:
        return self.title


class WarningNotice(models.Model):
    """The early warning sent to one recipient of one unit on one day (idempotency of ``cchc warn``)."""

    day = models.DateField()
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    recipient = models.CharField(max_length=255)
    dossiers = models.PositiveIntegerField(default=0)
    tasks = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "unit", "recipient"], name="warningnotice_unique_day"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.unit_id} {self.recipient}"
