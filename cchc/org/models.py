"""Organisations: agencies, their units (versioned by validity dates) and staff.

Units are created, renamed and merged over time (plan.md "Since 2021"), so a unit is never
edited into another one: the old row gets ``valid_to`` and ``replaced_by``, a new row starts.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cchc.common.language import Bilingual

# QCVN 102:2016/BTTTT unit identifier, e.g. 000.17.22.H56 or H15.50.05.13 (four dot-separated groups).
unit_code_validator = RegexValidator(
    r"^[0-9A-Z]{3}\.[0-9A-Z]{2}\.[0-9A-Z]{2}\.[0-9A-Z]{3}$",
    _("Mã định danh phải theo QCVN 102:2016/BTTTT, dạng 000.17.22.H56."),
)
phone_validator = RegexValidator(
    r"^(0|\+84)[0-9]{9,10}$|^(0|\+84)[0-9]{2,3}[ .][0-9]{3,4}[ .][0-9]{3,4}$",
    _("Số điện thoại không hợp lệ (ví dụ 0252 3822 456 hoặc 0912345678)."),
)


def valid_on_q(day: dt.date, prefix: str = "") -> Q:
    """The validity test of ``ValidityMixin`` rows on ``day`` (open ends allowed), through ``prefix``
    (e.g. ``"document__version__"``) — the one rule every "in force on" query uses."""
    return (Q(**{f"{prefix}valid_from__lte": day}) | Q(**{f"{prefix}valid_from__isnull": True})) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": day})
    )


class ValidityQuerySet(models.QuerySet):
    def valid_on(self, day: dt.date | None = None):
        return self.filter(valid_on_q(day or timezone.localdate()))


class ValidityMixin(models.Model):
    valid_from = models.DateField(_("hiệu lực từ ngày"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến ngày"), null=True, blank=True)

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực.")})

    def is_valid_on(self, day: dt.date | None = None) -> bool:
        day = day or timezone.localdate()
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


def validity_check(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(valid_from__isnull=True)
        | Q(valid_to__isnull=True)
        | Q(valid_to__gte=models.F("valid_from")),
        name=name,
    )


class Agency(Bilingual, ValidityMixin):
    class Kind(models.TextChoices):
        DEPARTMENT = "department", _("Sở, ban, ngành cấp tỉnh")
        PROVINCE = "province", _("UBND tỉnh")
        COMMUNE = "commune", _("UBND cấp xã")
        DISTRICT = "district", _("UBND cấp huyện (trước 01/7/2025)")
        CENTRAL = "central", _("Cơ quan trung ương")
        SERVICE_CENTRE = "service_centre", _("Trung tâm Phục vụ hành chính công")
        OTHER = "other", _("Cơ quan, tổ chức khác")

    class Level(models.TextChoices):
        CENTRAL = "central", _("Trung ương")
        PROVINCE = "province", _("Cấp tỉnh")
        DISTRICT = "district", _("Cấp huyện (trước 01/7/2025)")
        COMMUNE = "commune", _("Cấp xã")

    code = models.CharField(
        _("mã định danh (QCVN 102:2016)"), max_length=13, unique=True, validators=[unit_code_validator]
    )
    name = models.CharField(_("tên cơ quan"), max_length=255)
    name_en = models.CharField(
        _("tên tiếng Anh"),
        max_length=255,
        blank=True,
        help_text=_("Hiển thị trên cổng tiếng Anh; để trống thì hiện tên tiếng Việt."),
    )
    short_name = models.CharField(_("tên viết tắt"), max_length=50, blank=True)
    document_symbol = models.CharField(
        _("chữ viết tắt trên văn bản"),
        max_length=20,
        blank=True,
        validators=[
            RegexValidator(
                r"^[A-ZĐ0-9]+$",
                _("Chỉ gồm chữ in hoa (có thể có Đ) và chữ số, không dấu cách, ví dụ SLĐTBXH."),
            )
        ],
        help_text=_(
            "Chữ viết tắt tên cơ quan trong số, ký hiệu văn bản (NĐ 30/2020/NĐ-CP), ví dụ SLĐTBXH trong "
            "«Số: 15/BC-SLĐTBXH»."
        ),
    )
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("cơ quan cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    is_home = models.BooleanField(
        _("cơ quan vận hành hệ thống"),
        default=False,
        help_text=_(
            "Cơ quan đứng tên hệ thống (chỉ một): UBND tỉnh khi cả tỉnh dùng chung; một Sở khi chỉ Sở dùng."
        ),
    )
    level = models.CharField(
        _("cấp"),
        max_length=10,
        choices=Level.choices,
        default=Level.PROVINCE,
        help_text=_("Cấp chính quyền của cơ quan (từ 01/7/2025: cấp tỉnh và cấp xã)."),
    )
    admin_unit_code = models.CharField(
        _("mã đơn vị hành chính"),
        max_length=5,
        blank=True,
        validators=[
            RegexValidator(
                r"^[0-9]{2}$|^[0-9]{5}$", _("Mã đơn vị hành chính gồm 2 chữ số (tỉnh) hoặc 5 chữ số (xã).")
            )
        ],
        help_text=_("Mã ĐVHC của tỉnh (2 số) hoặc của xã, phường, đặc khu (5 số) mà cơ quan phụ trách."),
    )
    serves = models.ManyToManyField(
        "self",
        verbose_name=_("tiếp nhận hồ sơ cho các cơ quan"),
        symmetrical=False,
        blank=True,
        related_name="served_by",
        help_text=_(
            "Với Trung tâm Phục vụ hành chính công và chi nhánh: các cơ quan mà trung tâm tiếp nhận, "
            "trả kết quả thay. Thủ tục tiếp nhận không phụ thuộc địa giới hành chính thì mọi trung tâm "
            "trong tỉnh nhận."
        ),
    )
    transfer_hours = models.DecimalField(
        _("thời gian luân chuyển hồ sơ giấy (giờ làm việc)"),
        max_digits=5,
        decimal_places=1,
        default=8,
        help_text=_(
            "Với trung tâm, chi nhánh: thời hạn chuyển bản giấy giữa nơi tiếp nhận và cơ quan giải quyết, "
            "mỗi chiều."
        ),
    )
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True, validators=[phone_validator])
    email = models.EmailField(_("thư điện tử"), blank=True)
    website = models.URLField(_("trang thông tin"), blank=True)
    replaced_by = models.ForeignKey(
        "self",
        verbose_name=_("được thay thế bởi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaces",
    )

    objects = ValidityQuerySet.as_manager()

    class Meta:
        verbose_name = _("cơ quan")
        verbose_name_plural = _("cơ quan")
        ordering = ["name"]
        constraints = [
            validity_check("agency_valid_range"),
            models.UniqueConstraint(fields=["is_home"], condition=Q(is_home=True), name="agency_one_home"),
        ]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def home(cls) -> Agency | None:
        return cls.objects.filter(is_home=True).first()

    def clean(self) -> None:
        super().clean()
        if self.replaced_by_id and self.replaced_by_id == self.pk:
            raise ValidationError({"replaced_by": _("Một cơ quan không thể thay thế chính nó.")})
        if self.replaced_by_id and not self.valid_to:
            raise ValidationError({"valid_to": _("Cơ quan đã được thay thế phải có ngày hết hiệu lực.")})

    @property
    def is_service_place(self) -> bool:
        """A public administration service centre or one of its branches: receives and returns."""
        return self.kind == self.Kind.SERVICE_CENTRE

    @property
    def is_branch(self) -> bool:
        return (
            self.is_service_place and self.parent is not None and self.parent.kind == self.Kind.SERVICE_CENTRE
        )

    def current(self) -> Agency:
        """Follow ``replaced_by`` links to the agency that carries this one's work today."""
        agency, seen = self, {self.pk}
        while agency.replaced_by_id and agency.replaced_by_id not in seen:
            seen.add(agency.replaced_by_id)
            agency = agency.replaced_by
        return agency


class Unit(Bilingual, ValidityMixin):
    class Kind(models.TextChoices):
        LEADERSHIP = "leadership", _("Ban Giám đốc")
        OFFICE = "office", _("Văn phòng")
        DIVISION = "division", _("Phòng chuyên môn")
        AFFILIATE = "affiliate", _("Đơn vị trực thuộc")
        COUNTER = "counter", _("Bộ phận Một cửa")

    agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="units"
    )
    code = models.SlugField(_("mã đơn vị"), max_length=40, help_text=_("Mã ngắn, duy nhất trong cơ quan."))
    name = models.CharField(_("tên đơn vị"), max_length=255)
    name_en = models.CharField(
        _("tên tiếng Anh"),
        max_length=255,
        blank=True,
        help_text=_("Hiển thị trên cổng tiếng Anh; để trống thì hiện tên tiếng Việt."),
    )
    kind = models.CharField(_("loại đơn vị"), max_length=20, choices=Kind.choices)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True, validators=[phone_validator])
    email = models.EmailField(_("thư điện tử"), blank=True)
    replaced_by = models.ForeignKey(
        "self",
        verbose_name=_("được thay thế bởi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaces",
    )

    objects = ValidityQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["agency__name", "name"]
        constraints = [
            validity_check("unit_valid_range"),
            models.UniqueConstraint(fields=["agency", "code"], name="unit_code_unique_per_agency"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.replaced_by_id and self.replaced_by_id == self.pk:
            raise ValidationError({"replaced_by": _("Một đơn vị không thể thay thế chính nó.")})
        if self.replaced_by_id and not self.valid_to:
            raise ValidationError({"valid_to": _("Đơn vị đã được thay thế phải có ngày hết hiệu lực.")})

    def current(self) -> Unit:
        """Follow ``replaced_by`` links to the unit that carries this one's work today."""
        unit, seen = self, {self.pk}
        while unit.replaced_by_id and unit.replaced_by_id not in seen:
            seen.add(unit.replaced_by_id)
            unit = unit.replaced_by
        return unit


class Staff(models.Model):
    """A member of staff: a Django user attached to a unit, with a position and phone.

    ``full_name`` is the person's name as they write it (Vietnamese order: family, middle, given
    names), the one name every screen, slip and report shows (``cchc.org.selectors.display_name``);
    the two Western-order name fields of Django's user are not used.

    Roles are Django groups (``cchc.org.roles``); ``is_public_contact`` puts the person on the
    public contact list (plan P-B5) and on the receipt slip.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("tài khoản"), on_delete=models.CASCADE, related_name="staff"
    )
    full_name = models.CharField(
        _("họ và tên"),
        max_length=150,
        help_text=_(
            "Viết đầy đủ như trên giấy tờ, theo thứ tự họ, tên đệm, tên — ví dụ Nguyễn Thị Lan Anh. "
            "Tên này hiện ở mọi nơi: màn hình cán bộ, phiếu, báo cáo, danh sách liên hệ."
        ),
    )
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="staff")
    position = models.CharField(_("chức vụ"), max_length=120)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True, validators=[phone_validator])
    is_public_contact = models.BooleanField(
        _("công khai trên danh sách liên hệ"),
        default=False,
        help_text=_("Người được giao tiếp nhận, hướng dẫn, trả lời phản ánh về TTHC (P-B5)."),
    )
    contact_duty = models.CharField(
        _("nhiệm vụ tiếp nhận, hướng dẫn"),
        max_length=255,
        blank=True,
        help_text=_("Ví dụ: Tiếp nhận, hướng dẫn hồ sơ lĩnh vực việc làm."),
    )
    contact_order = models.PositiveSmallIntegerField(_("thứ tự hiển thị"), default=100)

    class Meta:
        verbose_name = _("cán bộ")
        verbose_name_plural = _("cán bộ")
        ordering = ["unit__name", "contact_order", "full_name"]

    def __str__(self) -> str:
        return self.full_name or self.user.get_username()

    def clean(self) -> None:
        super().clean()
        self.full_name = " ".join(self.full_name.split())

    @property
    def email(self) -> str:
        return self.user.email
