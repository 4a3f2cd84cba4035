"""The procedure catalog (TTHC), versioned.

``Procedure`` is the stable identity (the national code). Its content lives in
``ProcedureVersion`` rows: amending a procedure publishes a new version, and a dossier keeps the
version it was received under. Documents, forms, fees, legal bases and the internal process
belong to a version.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cchc.common.language import Bilingual, working_time
from cchc.common.text import fold, has_text_q, is_blank, lines
from cchc.org.models import Agency, Unit, ValidityMixin, valid_on_q, validity_check
from cchc.workdays.rules import CountingRule

procedure_code_validator = RegexValidator(
    r"^[0-9]\.[0-9]{6}(\.[0-9A-Za-z]+)*$",
    _("Mã TTHC có dạng 1.001234 (theo Cơ sở dữ liệu quốc gia về TTHC)."),
)


class Field(Bilingual, models.Model):
    """Lĩnh vực: the sector a procedure belongs to."""

    code = models.SlugField(_("mã lĩnh vực"), max_length=40, unique=True)
    name = models.CharField(_("tên lĩnh vực"), max_length=200)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=100)

    class Meta:
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Procedure(models.Model):
    code = models.CharField(
        _("mã TTHC"),
        max_length=30,
        unique=True,
        validators=[procedure_code_validator],
        help_text=_("Mã trên Cơ sở dữ liệu quốc gia về TTHC, ví dụ 1.001978."),
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("thủ tục hành chính")
        verbose_name_plural = _("thủ tục hành chính")
        ordering = ["code"]

    def __str__(self) -> str:
        # Only the code: lists show many procedures and must not query their versions per row.
        return self.code


class ProcedureVersionQuerySet(models.QuerySet):
    def published(self, day: dt.date | None = None):
        day = day or timezone.localdate()
        return self.filter(status=ProcedureVersion.Status.PUBLISHED).filter(valid_on_q(day))


class ProcedureVersion(Bilingual, ValidityMixin):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        PUBLISHED = "published", _("Đang công bố")
        WITHDRAWN = "withdrawn", _("Đã bãi bỏ, thay thế")

    class Level(models.TextChoices):
        CENTRAL = "central", _("Cấp trung ương")
        PROVINCE = "province", _("Cấp tỉnh")
        DISTRICT = "district", _("Cấp huyện (trước 01/7/2025)")
        COMMUNE = "commune", _("Cấp xã")

    class OnlineLevel(models.TextChoices):
        NONE = "none", _("Không cung cấp trực tuyến")
        PARTIAL = "partial", _("Dịch vụ công trực tuyến một phần")
        FULL = "full", _("Dịch vụ công trực tuyến toàn trình")

    class TimeUnit(models.TextChoices):
        WORKING_DAYS = "working_days", _("ngày làm việc")
        WORKING_HOURS = "working_hours", _("giờ làm việc")

    class ResultForm(models.TextChoices):
        PAPER = "paper", _("Bản giấy")
        ELECTRONIC = "electronic", _("Bản điện tử")
        BOTH = "both", _("Bản giấy và bản điện tử")

    procedure = models.ForeignKey(
        Procedure, verbose_name=_("thủ tục"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("phiên bản"), default=1, validators=[MinValueValidator(1)])
    status = models.CharField(_("trạng thái"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    decision = models.CharField(
        _("quyết định công bố"),
        max_length=120,
        blank=True,
        help_text=_("Ví dụ: 1234/QĐ-UBND ngày 12/5/2024."),
    )
    name = models.CharField(_("tên thủ tục"), max_length=500)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=500, blank=True)
    field = models.ForeignKey(
        Field, verbose_name=_("lĩnh vực"), on_delete=models.PROTECT, related_name="versions"
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan thực hiện"),
        on_delete=models.PROTECT,
        related_name="procedure_versions",
    )
    level = models.CharField(_("cấp thực hiện"), max_length=10, choices=Level.choices, default=Level.PROVINCE)
    anywhere = models.BooleanField(
        _("tiếp nhận không phụ thuộc địa giới hành chính"),
        default=False,
        help_text=_(
            "Thủ tục trong danh mục tỉnh công bố: mọi Trung tâm Phục vụ hành chính công, chi nhánh "
            "trong tỉnh đều tiếp nhận và trả kết quả (NĐ 118/2025/NĐ-CP)."
        ),
    )
    for_citizens = models.BooleanField(_("đối tượng: công dân"), default=True)
    for_organisations = models.BooleanField(_("đối tượng: tổ chức, doanh nghiệp"), default=False)
    subjects_note = models.CharField(_("ghi chú đối tượng"), max_length=500, blank=True)
    steps = models.TextField(_("trình tự thực hiện"), blank=True, help_text=_("Mỗi bước một dòng."))
    conditions = models.TextField(_("yêu cầu, điều kiện"), blank=True)
    # English twins of what the public procedure page shows (optional; the English portal shows the
    # Vietnamese, marked, where one is empty — cchc.common.language).
    subjects_note_en = models.CharField(_("ghi chú đối tượng (tiếng Anh)"), max_length=500, blank=True)
    steps_en = models.TextField(
        _("trình tự thực hiện (tiếng Anh)"), blank=True, help_text=_("Mỗi bước một dòng.")
    )
    conditions_en = models.TextField(_("yêu cầu, điều kiện (tiếng Anh)"), blank=True)
    # Methods of submission.
    at_counter = models.BooleanField(_("nộp trực tiếp"), default=True)
    online_level = models.CharField(
        _("mức độ trực tuyến"), max_length=8, choices=OnlineLevel.choices, default=OnlineLevel.NONE
    )
    legacy_online_level = models.PositiveSmallIntegerField(
        _("mức độ DVCTT cũ (1–4)"),
        null=True,
        blank=True,
        choices=[(i, str(i)) for i in range(1, 5)],
        help_text=_("Mức độ theo cách phân loại trước năm 2022, giữ để đối chiếu."),
    )
    postal_submission = models.BooleanField(_("nhận hồ sơ qua BCCI"), default=False)
    postal_return = models.BooleanField(_("trả kết quả qua BCCI"), default=False)
    # QĐ 766 indicator 3.5: the procedure's fees can be paid online through the national platform.
    pays_online = models.BooleanField(
        _("Tích hợp thanh toán trực tuyến trên Cổng DVCQG"),
        default=False,
        help_text=_("Bật khi phí, lệ phí của thủ tục được thanh toán trực tuyến qua nền tảng thanh toán."),
    )
    # Time.
    processing_time = models.DecimalField(
        _("thời hạn giải quyết"),
        max_digits=6,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5"))],
    )
    time_unit = models.CharField(
        _("đơn vị thời gian"), max_length=14, choices=TimeUnit.choices, default=TimeUnit.WORKING_DAYS
    )
    cutoff_time = models.TimeField(
        _("giờ chốt nhận hồ sơ"),
        null=True,
        blank=True,
        help_text=_(
            "Nhận sau giờ này thì tính là nhận vào ngày làm việc tiếp theo (để trống: không áp dụng)."
        ),
    )
    time_note = models.CharField(_("ghi chú thời hạn"), max_length=500, blank=True)
    time_note_en = models.CharField(_("ghi chú thời hạn (tiếng Anh)"), max_length=500, blank=True)
    fee_note = models.CharField(_("ghi chú phí, lệ phí"), max_length=500, blank=True)
    fee_note_en = models.CharField(_("ghi chú phí, lệ phí (tiếng Anh)"), max_length=500, blank=True)
    # Result.
    result_name = models.CharField(_("kết quả thực hiện"), max_length=500)
    result_name_en = models.CharField(_("kết quả thực hiện (tiếng Anh)"), max_length=500, blank=True)
    result_form = models.CharField(
        _("hình thức kết quả"), max_length=12, choices=ResultForm.choices, default=ResultForm.PAPER
    )
    # Inter-agency.
    inter_agency = models.BooleanField(_("thủ tục liên thông"), default=False)
    partner_agencies = models.ManyToManyField(
        Agency, verbose_name=_("cơ quan phối hợp"), blank=True, related_name="partner_procedure_versions"
    )
    flow_diagram = models.FileField(
        _("sơ đồ quy trình"), upload_to="procedures/diagrams/", blank=True, max_length=255
    )
    data_note = models.CharField(
        _("ghi chú dữ liệu"),
        max_length=255,
        blank=True,
        help_text=_("Ví dụ: số liệu minh họa, chưa đối chiếu văn bản công bố."),
    )
    data_note_en = models.CharField(_("ghi chú dữ liệu (tiếng Anh)"), max_length=255, blank=True)
    # Accent-folded copies for search (cchc.common.text.fold); filled by save(). Indexed per
    # database: docs/decisions/0001-search-on-folded-columns.md.
    search_name = models.TextField(editable=False, default="")
    search_text = models.TextField(editable=False, default="")
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    objects = ProcedureVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("phiên bản thủ tục")
        verbose_name_plural = _("phiên bản thủ tục")
        ordering = ["procedure__code", "-number"]
        constraints = [
            validity_check("procedureversion_valid_range"),
            models.UniqueConstraint(fields=["procedure", "number"], name="procedureversion_unique_number"),
            models.CheckConstraint(condition=Q(processing_time__gt=0), name="procedureversion_time_positive"),
        ]
        indexes = [
            # Covering indexes: the catalog's filters and counts read them without touching the rows.
            models.Index(fields=["status", "valid_from", "valid_to"], name="procver_status_validity"),
            models.Index(fields=["status", "field", "valid_from", "valid_to"], name="procver_status_field"),
            models.Index(fields=["status", "name"], name="procver_status_name"),
        ]

    def __str__(self) -> str:
        return f"{self.procedure.code} v{self.number} — {self.name}"

    @property
    def code(self) -> str:
        return self.procedure.code

    def save(self, *args, **kwargs):
        self.refresh_search_columns()
        super().save(*args, **kwargs)

    def refresh_search_columns(self) -> None:
        """``search_name``: the names, for ranking; ``search_text``: everything searchable, names included.

        Both languages are folded into the same columns, so an English query finds a procedure on the
        English portal (and on the Vietnamese one) with the same indexes (decision 0001).
        """
        self.search_name = fold(f"{self.name} {self.name_en}")
        code = self.procedure.code if self.procedure_id else ""
        self.search_text = fold(
            " ".join(
                [
                    self.name,
                    self.name_en,
                    code,
                    self.steps,
                    self.steps_en,
                    self.result_name,
                    self.result_name_en,
                    self.conditions,
                    self.conditions_en,
                ]
            )
        )

    @property
    def counting_rule(self) -> CountingRule:
        if self.time_unit == self.TimeUnit.WORKING_HOURS:
            return CountingRule.working_hours()
        if self.cutoff_time:
            return CountingRule.with_cutoff(self.cutoff_time)
        return CountingRule.default()

    @property
    def is_online(self) -> bool:
        return self.online_level != self.OnlineLevel.NONE

    def step_list(self) -> list[str]:
        return lines(self.steps)

    @property
    def time_limit(self) -> str:
        """The legal time limit as citizens read it, in the page's language: "20 working days"."""
        return working_time(self.processing_time, self.time_unit)

    def time_note_restates_limit(self) -> bool:
        """Does the (page-language) time note already say the limit ("05 ngày làm việc kể từ …")?
        Then a page shows the note alone, which says the limit once and where it counts from."""
        note = fold(self.in_page_language("time_note"))
        number = self.processing_time.normalize() if self.processing_time is not None else None
        if not note or number is None:
            return False
        digits = f"{number:f}".replace(".", "[.,]")
        unit = r"(gio|hour)" if self.time_unit == self.TimeUnit.WORKING_HOURS else r"(ngay|day)"
        return re.search(rf"(?<![\d.,])0*{digits}\s+(?:\w+\s+)?{unit}", note) is not None

    def has_english(self) -> bool:
        """Whether the version has any English text of its own (the name at least)."""
        return bool(self.name_en.strip())

    def clean(self) -> None:
        super().clean()
        if not (self.for_citizens or self.for_organisations):
            raise ValidationError(
                _("Thủ tục phải có ít nhất một đối tượng thực hiện (công dân hoặc tổ chức).")
            )
        if self.time_unit == self.TimeUnit.WORKING_HOURS and self.cutoff_time:
            raise ValidationError(
                {"cutoff_time": _("Giờ chốt chỉ áp dụng khi thời hạn tính theo ngày làm việc.")}
            )

    def check_step_budgets(self, budgets: list[Decimal]) -> str | None:
        """The message to show when the internal process's budgets exceed the legal time, else None."""
        total = sum(budgets, Decimal(0))
        if self.processing_time is not None and total > self.processing_time:
            return _(
                "Tổng thời gian các bước của quy trình nội bộ (%(total)s) vượt thời hạn giải quyết "
                "theo quy định (%(legal)s %(unit)s)."
            ) % {
                "total": _fmt(total),
                "legal": _fmt(self.processing_time),
                "unit": self.get_time_unit_display(),
            }
        return None

    def missing_766_components(self) -> list[str]:
        """Components QĐ 766 indicator 1.3 requires that this version lacks (domain.md §6.2): the
        badge of the portal and the admin. ``components_766_q`` is the same rule for the index;
        ``tests/procedures/test_blank_text.py`` holds the two equal.

        Uses prefetched ``required_documents`` when present.
        """
        missing = []
        if is_blank(self.name):
            missing.append(str(_("tên thủ tục")))
        if is_blank(self.steps):
            missing.append(str(_("trình tự thực hiện")))
        if not (self.at_counter or self.is_online or self.postal_submission):
            missing.append(str(_("cách thức thực hiện")))
        if not self.required_documents.all():
            missing.append(str(_("thành phần hồ sơ")))
        if not (self.processing_time and self.processing_time > 0):
            missing.append(str(_("thời hạn giải quyết")))
        if not (self.for_citizens or self.for_organisations):
            missing.append(str(_("đối tượng thực hiện")))
        if not self.agency_id:
            missing.append(str(_("cơ quan thực hiện")))
        return missing

    @staticmethod
    def components_766_q() -> Q:
        """A version with every component of indicator 1.3, as a query condition (the rule of
        ``missing_766_components``; blank = ``cchc.common.text.is_blank``)."""
        return (
            has_text_q("name")
            & has_text_q("steps")
            & (
                Q(at_counter=True)
                | ~Q(online_level=ProcedureVersion.OnlineLevel.NONE)
                | Q(postal_submission=True)
            )
            & Q(Exists(RequiredDocument.objects.filter(version=OuterRef("pk"))))
            & Q(processing_time__gt=0)
            & (Q(for_citizens=True) | Q(for_organisations=True))
            & Q(agency__isnull=False)
        )


def _fmt(value: Decimal) -> str:
    return f"{value.normalize():f}"


class RequiredDocument(Bilingual, models.Model):
    class Kind(models.TextChoices):
        ORIGINAL = "original", _("Bản chính")
        CERTIFIED = "certified", _("Bản sao chứng thực")
        COPY = "copy", _("Bản sao")
        ORIGINAL_OR_COPY = "original_or_copy", _("Bản chính hoặc bản sao")

    version = models.ForeignKey(
        ProcedureVersion,
        verbose_name=_("phiên bản thủ tục"),
        on_delete=models.CASCADE,
        related_name="required_documents",
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=1)
    name = models.CharField(_("tên giấy tờ"), max_length=500)
    name_en = models.CharField(_("tên giấy tờ (tiếng Anh)"), max_length=500, blank=True)
    kind = models.CharField(_("loại bản"), max_length=20, choices=Kind.choices, default=Kind.ORIGINAL)
    count = models.PositiveSmallIntegerField(_("số lượng"), default=1, validators=[MinValueValidator(1)])
    optional = models.BooleanField(_("chỉ nộp khi có"), default=False)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    note_en = models.CharField(_("ghi chú (tiếng Anh)"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("thành phần hồ sơ")
        verbose_name_plural = _("thành phần hồ sơ")
        ordering = ["version", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "order"], name="requireddocument_unique_order"),
            models.CheckConstraint(condition=Q(count__gte=1), name="requireddocument_count_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class FormTemplate(Bilingual, models.Model):
    """A fillable form (mẫu đơn, tờ khai) with its filling guidance (T1, P-B3)."""

    document = models.OneToOneField(
        RequiredDocument, verbose_name=_("thành phần hồ sơ"), on_delete=models.CASCADE, related_name="form"
    )
    code = models.CharField(_("ký hiệu mẫu"), max_length=60, help_text=_("Ví dụ: Mẫu số 03."))
    title = models.CharField(_("tên mẫu"), max_length=500)
    title_en = models.CharField(_("tên mẫu (tiếng Anh)"), max_length=500, blank=True)
    file = models.FileField(_("tệp mẫu"), upload_to="procedures/forms/", max_length=255, blank=True)
    guidance = models.TextField(_("hướng dẫn kê khai"), blank=True)
    guidance_en = models.TextField(_("hướng dẫn kê khai (tiếng Anh)"), blank=True)
    source = models.CharField(_("văn bản ban hành mẫu"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("mẫu đơn, tờ khai")
        verbose_name_plural = _("mẫu đơn, tờ khai")

    def __str__(self) -> str:
        return f"{self.code} {self.title}".strip()

    @property
    def has_guidance(self) -> bool:
        """Filling guidance with some text (blank = ``cchc.common.text.is_blank``)."""
        return not is_blank(self.guidance)

    @property
    def is_templated(self) -> bool:
        """T1 and P-B3: a form counts as templated when its file and its filling guidance are both
        present. ``templated_q`` is the same rule for counts (T1, the transparency checklist)."""
        return bool(self.file) and self.has_guidance

    @staticmethod
    def templated_q() -> Q:
        """``is_templated`` as a query condition on forms (tests/procedures/test_blank_text.py holds
        the two equal)."""
        return ~Q(file="") & has_text_q("guidance")


class ProcessStep(Bilingual, models.Model):
    """One step of the internal (electronic) process: who does it and in how much time (P-B11)."""

    class Role(models.TextChoices):
        COUNTER = "counter", _("Tiếp nhận (Bộ phận Một cửa)")
        SPECIALIST = "specialist", _("Chuyên viên thẩm định")
        UNIT_HEAD = "unit_head", _("Lãnh đạo phòng xem xét")
        DIRECTOR = "director", _("Lãnh đạo Sở phê duyệt")
        CLERICAL = "clerical", _("Văn thư phát hành")
        PARTNER = "partner", _("Cơ quan phối hợp")
        RETURN = "return", _("Trả kết quả (Bộ phận Một cửa)")

    version = models.ForeignKey(
        ProcedureVersion,
        verbose_name=_("phiên bản thủ tục"),
        on_delete=models.CASCADE,
        related_name="process_steps",
    )
    performer = models.ForeignKey(
        "Performer",
        verbose_name=_("cơ quan thực hiện có quy trình riêng"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="process_steps",
        help_text=_("Để trống: quy trình của cơ quan chủ trì (cơ quan thực hiện của phiên bản)."),
    )
    order = models.PositiveSmallIntegerField(_("bước"), default=1)
    name = models.CharField(_("nội dung công việc"), max_length=500)
    name_en = models.CharField(_("nội dung công việc (tiếng Anh)"), max_length=500, blank=True)
    role = models.CharField(_("vai trò"), max_length=12, choices=Role.choices)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị thực hiện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="process_steps",
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan thực hiện (liên thông)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="process_steps",
    )
    budget = models.DecimalField(
        _("thời gian"),
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0))],
        help_text=_("Cùng đơn vị với thời hạn giải quyết của thủ tục."),
    )

    class Meta:
        verbose_name = _("bước quy trình nội bộ")
        verbose_name_plural = _("quy trình nội bộ")
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "order"],
                condition=Q(performer__isnull=True),
                name="processstep_unique_order",
            ),
            models.UniqueConstraint(
                fields=["performer", "order"],
                condition=Q(performer__isnull=False),
                name="processstep_unique_order_per_performer",
            ),
            models.CheckConstraint(condition=Q(budget__gte=0), name="processstep_budget_not_negative"),
            models.CheckConstraint(
                condition=Q(unit__isnull=False) | Q(agency__isnull=False), name="processstep_has_owner"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"

    @property
    def time_shown(self) -> str:
        """The step's time in the unit of its version's time limit: "0.5 working days"."""
        return working_time(self.budget, self.version.time_unit)

    @property
    def owner(self):
        """The unit or (inter-agency step) the agency that does the step."""
        return self.unit or self.agency

    def clean(self) -> None:
        super().clean()
        if not self.unit_id and not self.agency_id:
            raise ValidationError(_("Mỗi bước phải có đơn vị hoặc cơ quan thực hiện."))
        if self.performer_id:
            _check_performer_of_version(self)
            # Receiving and returning are done by a counter: the agency's own, or a service place's (a
            # commune's centre receives for its commune); every other step by the performer's own units.
            at_a_counter = (
                self.role in (self.Role.COUNTER, self.Role.RETURN)
                and self.unit_id
                and (self.unit.agency.kind == Agency.Kind.SERVICE_CENTRE)
            )
            if self.unit_id and self.unit.agency_id != self.performer.agency_id and not at_a_counter:
                raise ValidationError(
                    {
                        "unit": _(
                            "Quy trình riêng của %(agency)s chỉ gồm các đơn vị của %(agency)s; "
                            "“%(unit)s” thuộc cơ quan khác."
                        )
                        % {"agency": self.performer.agency.name, "unit": self.unit.name}
                    }
                )


def _check_performer_of_version(row) -> None:
    """A step or fee line of a performer belongs to that performer's version."""
    if row.version_id and row.performer.version_id != row.version_id:
        raise ValidationError(
            {"performer": _("Cơ quan thực hiện này không thuộc phiên bản thủ tục đang sửa.")}
        )


class Fee(Bilingual, models.Model):
    version = models.ForeignKey(
        ProcedureVersion, verbose_name=_("phiên bản thủ tục"), on_delete=models.CASCADE, related_name="fees"
    )
    performer = models.ForeignKey(
        "Performer",
        verbose_name=_("áp dụng cho cơ quan thực hiện"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="fees",
        help_text=_(
            "Để trống: mức thu chung. Cơ quan có mức thu riêng thì chỉ áp dụng các dòng của cơ quan đó."
        ),
    )
    name = models.CharField(_("tên phí, lệ phí"), max_length=255)
    name_en = models.CharField(_("tên phí, lệ phí (tiếng Anh)"), max_length=255, blank=True)
    amount = models.DecimalField(
        _("mức thu (đồng)"), max_digits=14, decimal_places=0, validators=[MinValueValidator(Decimal(0))]
    )
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    note_en = models.CharField(_("ghi chú (tiếng Anh)"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("phí, lệ phí")
        verbose_name_plural = _("phí, lệ phí")
        ordering = ["version", "id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gte=0), name="fee_amount_not_negative")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.performer_id:
            _check_performer_of_version(self)


class LegalBasis(Bilingual, models.Model):
    version = models.ForeignKey(
        ProcedureVersion,
        verbose_name=_("phiên bản thủ tục"),
        on_delete=models.CASCADE,
        related_name="legal_bases",
    )
    number = models.CharField(_("số, ký hiệu"), max_length=120)
    title = models.CharField(_("trích yếu"), max_length=500)
    title_en = models.CharField(_("trích yếu (tiếng Anh)"), max_length=500, blank=True)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=255)
    issuer_en = models.CharField(_("cơ quan ban hành (tiếng Anh)"), max_length=255, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)

    class Meta:
        verbose_name = _("căn cứ pháp lý")
        verbose_name_plural = _("căn cứ pháp lý")
        ordering = ["version", "issued_on", "id"]

    def __str__(self) -> str:
        return self.number


class Performer(models.Model):
    """One agency that performs a procedure version (cơ quan thực hiện): a department, or each commune
    for a commune-level procedure. Where its internal process, fees or online level differ from the
    version's, the performer has its own ``process_steps``, ``fees`` and ``online_level``
    (``cchc.procedures.selectors.process_steps`` and ``fees`` resolve what applies; decision 0021).

    The version's own ``agency`` is its lead agency and is always a performer too.
    """

    version = models.ForeignKey(
        ProcedureVersion,
        verbose_name=_("phiên bản thủ tục"),
        on_delete=models.CASCADE,
        related_name="performers",
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan thực hiện"), on_delete=models.PROTECT, related_name="performances"
    )
    online_level = models.CharField(
        _("mức độ trực tuyến riêng"),
        max_length=8,
        choices=ProcedureVersion.OnlineLevel.choices,
        blank=True,
        help_text=_("Để trống: như phiên bản thủ tục."),
    )
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("cơ quan thực hiện thủ tục")
        verbose_name_plural = _("cơ quan thực hiện thủ tục")
        ordering = ["version", "agency__name"]
        constraints = [models.UniqueConstraint(fields=["version", "agency"], name="performer_unique_agency")]
        indexes = [models.Index(fields=["agency", "version"], name="performer_agency_version")]

    def __str__(self) -> str:
        return f"{self.version_id} — {self.agency_id}"

    @property
    def effective_online_level(self) -> str:
        return self.online_level or self.version.online_level


class FieldTransfer(ValidityMixin):
    """A field of work (lĩnh vực) that moved from one agency to another on a date, when an agency's
    work was split (e.g. on 01/7/2025 most of Sở LĐTBXH's fields went to Sở Nội vụ, social protection
    and children to Sở Y tế). ``Agency.replaced_by`` names the main successor; these rows name the
    exceptions, so an indicator over a period that crosses the date follows each field to the agency
    that carries it (``cchc.indicators.scope``; decision 0021). ``valid_from`` is the day the
    successor took the field over."""

    from_agency = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan chuyển đi"),
        on_delete=models.PROTECT,
        related_name="fields_transferred",
    )
    field = models.ForeignKey(Field, verbose_name=_("lĩnh vực"), on_delete=models.PROTECT, related_name="+")
    to_agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan tiếp nhận"), on_delete=models.PROTECT, related_name="fields_received"
    )

    class Meta:
        verbose_name = _("chuyển giao lĩnh vực")
        verbose_name_plural = _("chuyển giao lĩnh vực")
        constraints = [
            models.UniqueConstraint(fields=["from_agency", "field"], name="fieldtransfer_unique_field"),
            validity_check("fieldtransfer_valid_range"),
        ]

    def __str__(self) -> str:
        return f"{self.field_id}: {self.from_agency_id} → {self.to_agency_id}"

    def clean(self) -> None:
        super().clean()
        if self.from_agency_id and self.from_agency_id == self.to_agency_id:
            raise ValidationError({"to_agency": _("Cơ quan tiếp nhận lĩnh vực phải khác cơ quan chuyển đi.")})
