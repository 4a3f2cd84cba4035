"""Satisfaction survey (SIPAS, domain.md §6.3): methods as versioned data, responses, follow-ups.

Storage choice (performance, decision for the lead's record): a response keeps its scores in fixed
small-integer **slot columns** ``s01``…``s24`` on the ``Response`` row (NULL = not applicable or
skipped) and its extra answers (yes/no, expectations) in ``x01``…``x08``. Each criterion of a method
version is mapped to one slot. An index is then one aggregate query over the responses
(``Count(filter=Q(sNN__gte=4)) / Count("sNN")`` per slot) — no row per answer, so a million
responses stay a million rows, not sixteen million.

Results read a **daily summary** (``DailyTally``): one row per day × method version × unit ×
procedure × field × channel with, per slot, the counts the indices need (valid answers, answers
4–5, answers 1–2, sum of scores). It is maintained in the same transaction as each response
(``cchc.surveys.tallies.add_response``) and rebuilt from the responses in SQL
(``tallies.rebuild_tallies``) after bulk inserts. A year of a department is then some tens of
thousands of tally rows instead of hundreds of thousands of responses (the survey index answers in ≤ 1 s over
1,000,000 responses on SQLite and PostgreSQL).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from cchc.common.events import AppendOnlyEvent
from cchc.common.language import in_page_language
from cchc.common.text import lines
from cchc.org.models import Unit, ValidityMixin, ValidityQuerySet, validity_check

SCORE_SLOTS = 24
EXTRA_SLOTS = 8


def score_field(slot: int) -> str:
    return f"s{slot:02d}"


def extra_field(slot: int) -> str:
    return f"x{slot:02d}"


class Formula(models.TextChoices):
    SHARE_4_5 = "share_4_5", _("Tỷ lệ trả lời 4–5 điểm (hài lòng, rất hài lòng) / số trả lời hợp lệ")
    MEAN_X20 = "mean_x20", _("Điểm trung bình × 20")


class MethodVersion(ValidityMixin):
    """A survey method (e.g. QĐ 2640/QĐ-BNV 2017 or QĐ 1001/QĐ-BNV 2023), valid for a date range."""

    code = models.SlugField(_("mã phương pháp"), max_length=40, unique=True)
    name = models.CharField(_("tên phương pháp"), max_length=255)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=255, blank=True)
    basis = models.CharField(_("căn cứ"), max_length=255, blank=True)
    formula = models.CharField(
        _("cách tính chỉ số tiêu chí"), max_length=12, choices=Formula.choices, default=Formula.SHARE_4_5
    )
    target = models.DecimalField(
        _("chỉ tiêu (%)"),
        max_digits=5,
        decimal_places=2,
        default=85,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    margin = models.DecimalField(
        _("sai số cho phép e (cỡ mẫu Slovin)"),
        max_digits=4,
        decimal_places=3,
        default="0.05",
        validators=[MinValueValidator(0.001), MaxValueValidator(0.5)],
    )
    illustrative = models.BooleanField(
        _("nội dung minh họa"),
        default=False,
        help_text=_("Bộ câu hỏi tóm tắt, cần đối chiếu văn bản gốc trước khi dùng chính thức."),
    )

    objects = ValidityQuerySet.as_manager()

    class Meta:
        verbose_name = _("phương pháp khảo sát")
        verbose_name_plural = _("phương pháp khảo sát")
        ordering = ["-valid_from", "code"]
        constraints = [
            validity_check("surveys_method_valid_range"),
            models.CheckConstraint(condition=Q(target__gte=0, target__lte=100), name="surveys_method_target"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        return in_page_language(self.name, self.name_en)

    @classmethod
    def in_force(cls, day=None) -> MethodVersion | None:
        return cls.objects.valid_on(day).order_by("-valid_from", "-id").first()


class Element(models.Model):
    """An element (yếu tố) of a method: access, procedures, officials, results, feedback."""

    method = models.ForeignKey(MethodVersion, on_delete=models.CASCADE, related_name="elements")
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    name = models.CharField(_("tên yếu tố"), max_length=255)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("yếu tố")
        verbose_name_plural = _("yếu tố")
        ordering = ["method", "order"]
        constraints = [
            models.UniqueConstraint(fields=["method", "order"], name="surveys_element_order_unique")
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"

    @property
    def label(self) -> str:
        return in_page_language(self.name, self.name_en)


class Criterion(models.Model):
    """A criterion (tiêu chí) answered on the 5-point scale, stored in slot ``sNN`` of a response."""

    method = models.ForeignKey(MethodVersion, on_delete=models.CASCADE, related_name="criteria")
    element = models.ForeignKey(Element, on_delete=models.CASCADE, related_name="criteria")
    slot = models.PositiveSmallIntegerField(
        _("cột lưu (1–24)"), validators=[MinValueValidator(1), MaxValueValidator(SCORE_SLOTS)]
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    text = models.CharField(_("nội dung tiêu chí"), max_length=500)
    text_en = models.CharField(_("nội dung tiếng Anh"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("tiêu chí")
        verbose_name_plural = _("tiêu chí")
        ordering = ["method", "element__order", "order"]
        constraints = [
            models.UniqueConstraint(fields=["method", "slot"], name="surveys_criterion_slot_unique"),
            models.CheckConstraint(
                condition=Q(slot__gte=1, slot__lte=SCORE_SLOTS), name="surveys_criterion_slot_range"
            ),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def label(self) -> str:
        return in_page_language(self.text, self.text_en)

    @property
    def field_name(self) -> str:
        return score_field(self.slot)

    def clean(self) -> None:
        super().clean()
        if self.element_id and self.method_id and self.element.method_id != self.method_id:
            raise ValidationError({"element": _("Yếu tố phải thuộc cùng phương pháp khảo sát.")})


class Question(models.Model):
    """An extra question: yes/no (harassment, informal payment) or an expectation with options."""

    class Kind(models.TextChoices):
        YES_NO = "yes_no", _("Có / Không")
        CHOICE = "choice", _("Chọn một phương án (kỳ vọng)")

    method = models.ForeignKey(MethodVersion, on_delete=models.CASCADE, related_name="questions")
    slot = models.PositiveSmallIntegerField(
        _("cột lưu (1–8)"), validators=[MinValueValidator(1), MaxValueValidator(EXTRA_SLOTS)]
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    kind = models.CharField(_("loại câu hỏi"), max_length=8, choices=Kind.choices)
    text = models.CharField(_("nội dung câu hỏi"), max_length=500)
    text_en = models.CharField(_("nội dung tiếng Anh"), max_length=500, blank=True)
    options = models.TextField(
        _("các phương án"), blank=True, help_text=_("Mỗi dòng một phương án (câu hỏi chọn một).")
    )
    options_en = models.TextField(_("các phương án (tiếng Anh)"), blank=True)

    class Meta:
        verbose_name = _("câu hỏi bổ sung")
        verbose_name_plural = _("câu hỏi bổ sung")
        ordering = ["method", "order"]
        constraints = [
            models.UniqueConstraint(fields=["method", "slot"], name="surveys_question_slot_unique"),
            models.CheckConstraint(
                condition=Q(slot__gte=1, slot__lte=EXTRA_SLOTS), name="surveys_question_slot_range"
            ),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def field_name(self) -> str:
        return extra_field(self.slot)

    @property
    def label(self) -> str:
        return in_page_language(self.text, self.text_en)

    def option_list(self, *, shown: bool = False) -> list[str]:
        """The choices, one per line; ``shown``: in the page's language (the questionnaire)."""
        return lines(in_page_language(self.options, self.options_en) if shown else self.options)

    def clean(self) -> None:
        super().clean()
        if self.kind == self.Kind.CHOICE and not (2 <= len(self.option_list()) <= 9):
            raise ValidationError({"options": _("Câu hỏi chọn một cần từ 2 đến 9 phương án.")})


class ResponseChannel(models.TextChoices):
    LINK = "link", _("Đường dẫn, mã QR trên giấy hẹn")
    KIOSK = "kiosk", _("Máy tính bảng tại Bộ phận Một cửa")
    PUBLIC = "public", _("Khảo sát mở (không có hồ sơ)")


def _score_fields() -> dict[str, models.Field]:
    return {
        score_field(i): models.PositiveSmallIntegerField(
            null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
        )
        for i in range(1, SCORE_SLOTS + 1)
    }


def _extra_fields() -> dict[str, models.Field]:
    return {
        extra_field(i): models.PositiveSmallIntegerField(null=True, blank=True)
        for i in range(1, EXTRA_SLOTS + 1)
    }


class Response(models.Model):
    """One answered questionnaire. One per dossier (unique); public responses have no dossier.

    ``unit``, ``procedure`` and ``field`` are copied from the dossier when it is answered so results
    filter without joins; ``unit`` is the unit that handled the dossier (the Office for public ones).
    """

    method = models.ForeignKey(MethodVersion, on_delete=models.PROTECT, related_name="responses")
    channel = models.CharField(_("kênh"), max_length=8, choices=ResponseChannel.choices)
    dossier = models.OneToOneField(
        "dossiers.Dossier",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="survey_response",
    )
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    procedure = models.ForeignKey(
        "procedures.Procedure", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    field = models.ForeignKey(
        "procedures.Field", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("trả lời lúc"))
    anonymous = models.BooleanField(_("ẩn danh"), default=True)
    respondent_name = models.CharField(_("họ tên người trả lời"), max_length=255, blank=True)
    respondent_phone = models.CharField(_("điện thoại"), max_length=15, blank=True)
    comment = models.TextField(_("góp ý"), blank=True, max_length=2000)
    illustrative = models.BooleanField(default=False, help_text=_("Dữ liệu minh họa (demo)."))

    locals().update(_score_fields())
    locals().update(_extra_fields())

    class Meta:
        verbose_name = _("phiếu khảo sát")
        verbose_name_plural = _("phiếu khảo sát")
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["method", "submitted_at"], name="surveys_resp_method_time"),
            models.Index(fields=["unit", "submitted_at"], name="surveys_resp_unit_time"),
            models.Index(fields=["procedure", "submitted_at"], name="surveys_resp_proc_time"),
            models.Index(fields=["field", "submitted_at"], name="surveys_resp_field_time"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(channel="public") & Q(dossier__isnull=True))
                | (~Q(channel="public") & Q(dossier__isnull=False)),
                name="surveys_response_dossier_iff_not_public",
            ),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{score_field(i)}__isnull": True})
                    | Q(**{f"{score_field(i)}__gte": 1, f"{score_field(i)}__lte": 5}),
                    name=f"surveys_response_{score_field(i)}_1_5",
                )
                for i in range(1, SCORE_SLOTS + 1)
            ],
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.submitted_at:%Y-%m-%d}"

    def score(self, slot: int) -> int | None:
        return getattr(self, score_field(slot))


TALLY_KEY = ("day", "method", "unit", "procedure", "field", "channel")
TALLY_MEASURES = ("n", "ok", "low", "sum")  # valid answers, answers 4–5, answers 1–2, sum of scores


def tally_field(slot: int, measure: str) -> str:
    return f"{score_field(slot)}_{measure}"


def _tally_fields() -> dict[str, models.Field]:
    return {
        tally_field(i, m): models.PositiveIntegerField(default=0)
        for i in range(1, SCORE_SLOTS + 1)
        for m in TALLY_MEASURES
    }


class DailyTally(models.Model):
    """Daily summary of the responses of one key (day in the local time zone, method version, unit,
    procedure, field, channel): what every index, count and breakdown of the results needs.

    Never edited by hand: ``tallies.add_response`` adds a response in its own transaction (an
    atomic ``UPDATE … SET n = n + 1``, insert when the key is new, retry on a concurrent insert);
    ``tallies.rebuild_tallies`` recomputes a date range from the responses in one
    ``INSERT … SELECT … GROUP BY``. The unique key treats a missing unit/procedure/field as 0.
    """

    day = models.DateField()
    method = models.ForeignKey(MethodVersion, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    procedure = models.ForeignKey(
        "procedures.Procedure", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    field = models.ForeignKey(
        "procedures.Field", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    channel = models.CharField(max_length=8, choices=ResponseChannel.choices)
    n = models.PositiveIntegerField(default=0)  # responses

    locals().update(_tally_fields())

    class Meta:
        verbose_name = _("tổng hợp khảo sát theo ngày")
        verbose_name_plural = _("tổng hợp khảo sát theo ngày")
        indexes = [
            models.Index(fields=["method", "day"], name="surveys_tally_method_day"),
            models.Index(fields=["unit", "day"], name="surveys_tally_unit_day"),
        ]
        constraints = [
            models.UniqueConstraint(
                "day",
                "method",
                Coalesce("unit", Value(0), output_field=models.IntegerField()),
                Coalesce("procedure", Value(0), output_field=models.IntegerField()),
                Coalesce("field", Value(0), output_field=models.IntegerField()),
                "channel",
                name="surveys_tally_key_unique",
            ),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{tally_field(i, 'n')}__lte": models.F("n")})
                    & Q(**{f"{tally_field(i, 'ok')}__lte": models.F(tally_field(i, "n"))})
                    & Q(**{f"{tally_field(i, 'low')}__lte": models.F(tally_field(i, "n"))})
                    & Q(**{f"{tally_field(i, 'sum')}__lte": 5 * models.F(tally_field(i, "n"))}),
                    name=f"surveys_tally_{score_field(i)}_consistent",
                )
                for i in range(1, SCORE_SLOTS + 1)
            ],
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.channel} ({self.n})"


class FollowUp(models.Model):
    """A response with an answer of 1 or 2: the head of the responsible unit looks into it."""

    class State(models.TextChoices):
        OPEN = "open", _("Chưa xử lý")
        CLOSED = "closed", _("Đã xử lý")

    response = models.OneToOneField(Response, on_delete=models.PROTECT, related_name="follow_up")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    low_criteria = models.TextField(_("tiêu chí bị đánh giá thấp"))
    state = models.CharField(_("tình trạng"), max_length=6, choices=State.choices, default=State.OPEN)
    opened_at = models.DateTimeField(_("mở lúc"))
    closed_at = models.DateTimeField(_("đóng lúc"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("kết quả xử lý"), blank=True)

    class Meta:
        verbose_name = _("việc cần xử lý sau khảo sát")
        verbose_name_plural = _("việc cần xử lý sau khảo sát")
        ordering = ["state", "opened_at", "id"]
        indexes = [models.Index(fields=["unit", "state", "opened_at"], name="surveys_followup_unit")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(state="open") & Q(closed_at__isnull=True))
                | (Q(state="closed") & Q(closed_at__isnull=False) & ~Q(note="")),
                name="surveys_followup_closed_has_note",
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} – {self.get_state_display()}"


class SurveyEvent(AppendOnlyEvent):
    """Appended history of the survey app: responses received, follow-ups opened and closed, kiosks."""

    action = models.CharField(max_length=30)
    response = models.ForeignKey(Response, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    follow_up = models.ForeignKey(
        FollowUp, null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    kiosk = models.ForeignKey(
        "KioskDevice", null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    from_status = models.CharField(max_length=6, blank=True)
    to_status = models.CharField(max_length=6, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"


class KioskDevice(models.Model):
    """A counter tablet allowed to show the kiosk survey: its cookie holds a signed id of this row."""

    class State(models.TextChoices):
        OPEN = "open"
        CLOSED = "closed"

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    label = models.CharField(_("tên thiết bị"), max_length=100)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("máy khảo sát tại quầy")
        verbose_name_plural = _("máy khảo sát tại quầy")
        ordering = ["-opened_at"]

    def __str__(self) -> str:
        return self.label

    @property
    def state(self) -> str:
        """Open until it is closed: the kiosk workflow's status, read from ``closed_at``."""
        return self.State.OPEN if self.closed_at is None else self.State.CLOSED
