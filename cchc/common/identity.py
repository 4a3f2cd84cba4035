"""Vietnamese identifiers: citizen ID (CCCD / số định danh cá nhân), phone numbers, tax codes (MST).

Every ``validate_*`` function is a plain callable usable as a Django field validator: it returns ``None`` or
raises :class:`django.core.exceptions.ValidationError` with a Vietnamese message and a ``code``. The
``normalize_*`` helpers validate too and return the canonical form to store.

Only the *form* of an identifier is checked here; whether it was really issued to somebody cannot be known
offline.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# ----------------------------------------------------------------------------------------------------
# Citizen ID (CCCD / số định danh cá nhân)
# ----------------------------------------------------------------------------------------------------

# Mã tỉnh, thành phố trực thuộc trung ương nơi đăng ký khai sinh — the first three digits of a personal
# identification number. Table of the 63 pre-2025 provinces from Thông tư 59/2021/TT-BCA (danh mục mã
# tỉnh, thành phố nơi công dân đăng ký khai sinh). The 2025 merger into 34 provinces does not change
# numbers already issued, so the old codes stay valid. Data, not logic: extend here if needed.
CITIZEN_ID_PROVINCES: dict[str, str] = {
    "001": "Hà Nội",
    "002": "Hà Giang",
    "004": "Cao Bằng",
    "006": "Bắc Kạn",
    "008": "Tuyên Quang",
    "010": "Lào Cai",
    "011": "Điện Biên",
    "012": "Lai Châu",
    "014": "Sơn La",
    "015": "Yên Bái",
    "017": "Hòa Bình",
    "019": "Thái Nguyên",
    "020": "Lạng Sơn",
    "022": "Quảng Ninh",
    "024": "Bắc Giang",
    "025": "Phú Thọ",
    "026": "Vĩnh Phúc",
    "027": "Bắc Ninh",
    "030": "Hải Dương",
    "031": "Hải Phòng",
    "033": "Hưng Yên",
    "034": "Thái Bình",
    "035": "Hà Nam",
    "036": "Nam Định",
    "037": "Ninh Bình",
    "038": "Thanh Hóa",
    "040": "Nghệ An",
    "042": "Hà Tĩnh",
    "044": "Quảng Bình",
    "045": "Quảng Trị",
    "046": "Thừa Thiên Huế",
    "048": "Đà Nẵng",
    "049": "Quảng Nam",
    "051": "Quảng Ngãi",
    "052": "Bình Định",
    "054": "Phú Yên",
    "056": "Khánh Hòa",
    "058": "Ninh Thuận",
    "060": "Bình Thuận",
    "062": "Kon Tum",
    "064": "Gia Lai",
    "066": "Đắk Lắk",
    "067": "Đắk Nông",
    "068": "Lâm Đồng",
    "070": "Bình Phước",
    "072": "Tây Ninh",
    "074": "Bình Dương",
    "075": "Đồng Nai",
    "077": "Bà Rịa – Vũng Tàu",
    "079": "Hồ Chí Minh",
    "080": "Long An",
    "082": "Tiền Giang",
    "083": "Bến Tre",
    "084": "Trà Vinh",
    "086": "Vĩnh Long",
    "087": "Đồng Tháp",
    "089": "An Giang",
    "091": "Kiên Giang",
    "092": "Cần Thơ",
    "093": "Hậu Giang",
    "094": "Sóc Trăng",
    "095": "Bạc Liêu",
    "096": "Cà Mau",
}

# Fourth digit: mã thế kỷ và giới tính (Thông tư 59/2021/TT-BCA): 0/1 thế kỷ 20 (1900–1999) nam/nữ,
# 2/3 thế kỷ 21, 4/5 thế kỷ 22, 6/7 thế kỷ 23, 8/9 thế kỷ 24. Even = nam, odd = nữ.
# Century start = 1900 + 100 × (digit // 2).

MALE = "nam"
FEMALE = "nữ"

_SPACES = re.compile(r"\s+")


def normalize_citizen_id(value) -> str:
    """The 12 digits of a citizen ID, spaces removed; raises ``ValidationError`` if it is not valid."""
    digits = _SPACES.sub("", str(value if value is not None else ""))
    if len(digits) != 12 or not (digits.isascii() and digits.isdigit()):
        raise ValidationError(
            _("Số định danh cá nhân (CCCD) “%(value)s” không hợp lệ: phải gồm đúng 12 chữ số."),
            code="citizen_id_format",
            params={"value": value},
        )
    if digits[:3] not in CITIZEN_ID_PROVINCES:
        raise ValidationError(
            _(
                "Số định danh cá nhân (CCCD) “%(value)s” không hợp lệ: mã tỉnh, thành phố nơi đăng ký "
                "khai sinh “%(code)s” (3 chữ số đầu) không tồn tại."
            ),
            code="citizen_id_province",
            params={"value": value, "code": digits[:3]},
        )
    year = _birth_year(digits)
    if year > timezone.localdate().year:
        raise ValidationError(
            _(
                "Số định danh cá nhân (CCCD) “%(value)s” không hợp lệ: năm sinh %(year)s "
                "(theo chữ số thứ 4–6) nằm trong tương lai."
            ),
            code="citizen_id_birth_year",
            params={"value": value, "year": year},
        )
    return digits


def validate_citizen_id(value) -> None:
    """Django validator: 12 digits, a known province code, a birth year not in the future."""
    normalize_citizen_id(value)


def _birth_year(digits: str) -> int:
    return 1900 + 100 * (int(digits[3]) // 2) + int(digits[4:6])


def citizen_id_birth(value) -> tuple[int, str]:
    """``(birth year, "nam" | "nữ")`` encoded in a citizen ID; raises ``ValidationError`` if it is invalid."""
    digits = normalize_citizen_id(value)
    return _birth_year(digits), (MALE if int(digits[3]) % 2 == 0 else FEMALE)


# ----------------------------------------------------------------------------------------------------
# Phone numbers
# ----------------------------------------------------------------------------------------------------

_PHONE_SEPARATORS = re.compile(r"[\s.\-()]+")
_MOBILE_PREFIXES = ("03", "05", "07", "08", "09")


def normalize_vn_phone(value) -> str:
    """National form, digits only, starting with 0: ``"+84 912.345.678"`` → ``"0912345678"``.

    Accepts the prefixes ``+84``, ``84`` and ``0084`` and separators (spaces, dots, dashes, brackets). Mobile
    numbers: 10 digits starting 03, 05, 07, 08, 09. Landlines: 10–11 digits starting 02 (e.g. 0252 3822 456,
    024 3825 1234). Raises ``ValidationError`` otherwise.
    """
    raw = str(value if value is not None else "").strip()
    compact = _PHONE_SEPARATORS.sub("", raw)
    if compact.startswith("+"):
        compact = compact[1:]
        if not compact.startswith("84"):
            raise ValidationError(
                _("Số điện thoại “%(value)s” không phải số Việt Nam: mã quốc gia phải là +84."),
                code="phone_country",
                params={"value": value},
            )
    if compact and not (compact.isascii() and compact.isdigit()):
        raise ValidationError(
            _(
                "Số điện thoại “%(value)s” không hợp lệ: chỉ được gồm chữ số (có thể kèm dấu cách, dấu chấm, "
                "dấu gạch ngang hoặc tiền tố +84)."
            ),
            code="phone_format",
            params={"value": value},
        )
    for country in ("0084", "84"):
        if compact.startswith(country):
            national = compact[len(country) :]
            # "+84 (0) 912 345 678" keeps its trunk 0; "+84 912 345 678" gets it back.
            compact = national if national.startswith("0") else "0" + national
            break
    is_mobile = len(compact) == 10 and compact.startswith(_MOBILE_PREFIXES)
    is_landline = len(compact) in (10, 11) and compact.startswith("02")
    if not (is_mobile or is_landline):
        raise ValidationError(
            _(
                "Số điện thoại “%(value)s” không hợp lệ: số di động gồm 10 chữ số, bắt đầu bằng 03, 05, "
                "07, 08 hoặc 09; số cố định gồm 10–11 chữ số, bắt đầu bằng 02."
            ),
            code="phone_invalid",
            params={"value": value},
        )
    return compact


def validate_vn_phone(value) -> None:
    """Django validator for a Vietnamese mobile or landline number (see :func:`normalize_vn_phone`)."""
    normalize_vn_phone(value)


# ----------------------------------------------------------------------------------------------------
# Enterprise tax code (mã số thuế, MST)
# ----------------------------------------------------------------------------------------------------

# Check digit of the 10-digit MST (the 10th digit), over the first 9 digits N1..N9:
#     N10 = 10 − (Σ Ni × Wi  mod 11),  W = 31, 29, 23, 19, 17, 13, 7, 5, 3
# A result of 10 (remainder 0) has no single-digit form: such a 9-digit body is never issued, so the code is
# rejected. 11 cannot occur (the remainder is ≥ 0). Source: [S] secondary — the rule is not in a legal text we
# could read; it is the rule published by several independent validators and it agrees with well-known public
# MSTs (e.g. 0100109106, 0300588569, 0101248141). Note: some sites publish "11 − (Σ mod 11)", which disagrees
# with those public codes; we do not use it.
TAX_CODE_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)

_TAX_SEPARATORS = re.compile(r"[\s.]+")


def tax_code_check_digit(body: str) -> int | None:
    """The check digit for the first 9 digits of an MST, or ``None`` when no digit is valid (result 10)."""
    if len(body) != 9 or not (body.isascii() and body.isdigit()):
        raise ValueError("body must be 9 ASCII digits")
    check = 10 - sum(int(d) * w for d, w in zip(body, TAX_CODE_WEIGHTS, strict=True)) % 11
    return None if check == 10 else check


def normalize_tax_code(value) -> str:
    """``"0123456789"`` or ``"0123456789-001"`` (branch codes given with or without the hyphen).

    Raises ``ValidationError`` if the shape or the check digit is wrong.
    """
    compact = _TAX_SEPARATORS.sub("", str(value if value is not None else ""))
    match = re.fullmatch(r"(\d{10})(?:-?(\d{3}))?", compact, flags=re.ASCII)
    if not match:
        raise ValidationError(
            _(
                "Mã số thuế “%(value)s” không hợp lệ: phải gồm 10 chữ số, hoặc 13 chữ số dạng "
                "0123456789-001 đối với đơn vị phụ thuộc, chi nhánh."
            ),
            code="tax_code_format",
            params={"value": value},
        )
    main, branch = match.groups()
    if tax_code_check_digit(main[:9]) != int(main[9]):
        raise ValidationError(
            _("Mã số thuế “%(value)s” không hợp lệ: chữ số kiểm tra (chữ số thứ 10) không đúng."),
            code="tax_code_checksum",
            params={"value": value},
        )
    if branch == "000":
        raise ValidationError(
            _("Mã số thuế “%(value)s” không hợp lệ: số thứ tự chi nhánh (3 chữ số cuối) không thể là 000."),
            code="tax_code_branch",
            params={"value": value},
        )
    return f"{main}-{branch}" if branch else main


def validate_tax_code(value) -> None:
    """Django validator for an enterprise tax code (see :func:`normalize_tax_code`)."""
    normalize_tax_code(value)
