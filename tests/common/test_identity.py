"""Vietnamese identifiers: citizen ID, phone numbers, tax codes."""

from __future__ import annotations

import datetime
import random

import pytest
from django.core.exceptions import ValidationError

from cchc.common import identity
from cchc.common.identity import (
    CITIZEN_ID_PROVINCES,
    TAX_CODE_WEIGHTS,
    citizen_id_birth,
    normalize_citizen_id,
    normalize_tax_code,
    normalize_vn_phone,
    tax_code_check_digit,
    validate_citizen_id,
    validate_tax_code,
    validate_vn_phone,
)


def _code(excinfo) -> str:
    return excinfo.value.code


def _message(excinfo) -> str:
    return excinfo.value.messages[0]


# --- citizen ID ---------------------------------------------------------------------------------------------


def test_province_table_has_the_63_pre_2025_provinces():
    assert len(CITIZEN_ID_PROVINCES) == 63
    assert CITIZEN_ID_PROVINCES["001"] == "Hà Nội"
    assert CITIZEN_ID_PROVINCES["079"] == "Hồ Chí Minh"
    assert CITIZEN_ID_PROVINCES["096"] == "Cà Mau"
    assert all(len(code) == 3 and code.isdigit() for code in CITIZEN_ID_PROVINCES)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("001090123456", (1990, "nam")),
        ("079185012345", (1985, "nữ")),
        ("048200000001", (2000, "nam")),  # 2 = thế kỷ 21, nam
        ("096305999999", (2005, "nữ")),  # 3 = thế kỷ 21, nữ
        ("001 099 123 456", (1999, "nam")),
        ("  031 1 00 123456 ", (1900, "nữ")),
    ],
)
def test_valid_citizen_ids(value, expected):
    validate_citizen_id(value)
    assert citizen_id_birth(value) == expected


def test_normalize_citizen_id_strips_spaces():
    assert normalize_citizen_id("001 090 123 456") == "001090123456"


@pytest.mark.parametrize(
    "value", ["", None, "00109012345", "0010901234567", "00109012345a", "001-090-123456"]
)
def test_citizen_id_wrong_shape(value):
    with pytest.raises(ValidationError) as excinfo:
        validate_citizen_id(value)
    assert _code(excinfo) == "citizen_id_format"
    assert "12 chữ số" in _message(excinfo)


def test_citizen_id_full_width_digits_are_rejected():
    with pytest.raises(ValidationError) as excinfo:
        validate_citizen_id("００１０９０１２３４５６")
    assert _code(excinfo) == "citizen_id_format"


@pytest.mark.parametrize("prefix", ["000", "003", "097", "100", "999"])
def test_citizen_id_unknown_province(prefix):
    with pytest.raises(ValidationError) as excinfo:
        validate_citizen_id(prefix + "090123456")
    assert _code(excinfo) == "citizen_id_province"
    assert f"“{prefix}”" in _message(excinfo)


def test_citizen_id_birth_year_in_the_future(monkeypatch):
    monkeypatch.setattr(identity.timezone, "localdate", lambda: datetime.date(2025, 6, 1))
    validate_citizen_id("001225000001")  # born 2025: fine
    with pytest.raises(ValidationError) as excinfo:
        validate_citizen_id("001226000001")  # born 2026
    assert _code(excinfo) == "citizen_id_birth_year"
    assert "2026" in _message(excinfo)


@pytest.mark.parametrize(
    ("gender_digit", "year"), [(4, 2100), (5, 2100), (6, 2200), (7, 2200), (8, 2300), (9, 2300)]
)
def test_citizen_id_later_centuries_are_future(gender_digit, year):
    with pytest.raises(ValidationError) as excinfo:
        validate_citizen_id(f"001{gender_digit}00123456")
    assert _code(excinfo) == "citizen_id_birth_year"
    assert str(year) in _message(excinfo)


def test_citizen_id_birth_raises_on_invalid():
    with pytest.raises(ValidationError):
        citizen_id_birth("123")


def test_citizen_id_messages_are_distinct():
    messages = set()
    for value in ("123", "000090123456", "001900123456"):
        with pytest.raises(ValidationError) as excinfo:
            validate_citizen_id(value)
        messages.add((_code(excinfo), _message(excinfo).split(":")[1]))
    assert len(messages) == 3


# --- phone --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0912345678", "0912345678"),
        ("+84912345678", "0912345678"),
        ("84912345678", "0912345678"),
        ("+84 912 345 678", "0912345678"),
        ("0084912345678", "0912345678"),
        ("+84 (0) 912.345.678", "0912345678"),
        ("091-234-5678", "0912345678"),
        ("0912.345.678", "0912345678"),
        ("0351234567", "0351234567"),
        ("0561234567", "0561234567"),
        ("0771234567", "0771234567"),
        ("0861234567", "0861234567"),
        ("0252 3822 456", "02523822456"),
        ("024 3825 1234", "02438251234"),
        ("+84 24 3825 1234", "02438251234"),
        ("(024) 3825-1234", "02438251234"),
    ],
)
def test_valid_phones(value, expected):
    validate_vn_phone(value)
    assert normalize_vn_phone(value) == expected


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("", "phone_invalid"),
        ("091234567", "phone_invalid"),  # 9 digits
        ("09123456789", "phone_invalid"),  # 11-digit mobile
        ("912345678", "phone_invalid"),  # no trunk 0 and no country code
        ("0112345678", "phone_invalid"),  # 01x
        ("0612345678", "phone_invalid"),  # 06x not a mobile prefix
        ("01234567890", "phone_invalid"),  # old 11-digit mobile
        ("024382512345", "phone_invalid"),  # landline too long
        ("0912abc678", "phone_format"),
        ("0912/345/678", "phone_format"),
        ("+1 202 555 0100", "phone_country"),
    ],
)
def test_invalid_phones(value, code):
    with pytest.raises(ValidationError) as excinfo:
        validate_vn_phone(value)
    assert _code(excinfo) == code
    assert "Số điện thoại" in _message(excinfo)


# --- tax code -----------------------------------------------------------------------------------------------


def _with_check_digit(body: str) -> str:
    """Build a valid MST ourselves: N10 = 10 − (Σ Ni·Wi mod 11), bodies giving 10 are skipped by callers."""
    check = 10 - sum(int(d) * w for d, w in zip(body, TAX_CODE_WEIGHTS, strict=True)) % 11
    assert check != 10
    return body + str(check)


def _random_valid_codes(n: int, seed: int = 766) -> list[str]:
    rng = random.Random(seed)
    codes = []
    while len(codes) < n:
        body = "".join(rng.choice("0123456789") for _ in range(9))
        if sum(int(d) * w for d, w in zip(body, TAX_CODE_WEIGHTS, strict=True)) % 11 != 0:
            codes.append(_with_check_digit(body))
    return codes


def test_check_digit_by_hand():
    # 0,1,0,0,1,0,9,1,0 → 29 + 17 + 63 + 5 = 114; 114 mod 11 = 4; 10 − 4 = 6
    assert tax_code_check_digit("010010910") == 6
    # 1,2,3,4,5,6,7,8,9 → 31+58+69+76+85+78+49+40+27 = 513; 513 mod 11 = 7; 10 − 7 = 3
    assert tax_code_check_digit("123456789") == 3
    assert normalize_tax_code("1234567893") == "1234567893"


def test_check_digit_result_10_means_no_valid_code():
    # 1 × 31 + 0 … + 1 × 13 = 44 ≡ 0 (mod 11) → 10 − 0 = 10: no single digit fits
    body = "100001000"
    assert tax_code_check_digit(body) is None
    for last in "0123456789":
        with pytest.raises(ValidationError) as excinfo:
            validate_tax_code(body + last)
        assert _code(excinfo) == "tax_code_checksum"


def test_random_computed_codes_are_valid_and_every_other_last_digit_is_not():
    for code in _random_valid_codes(200):
        assert normalize_tax_code(code) == code
        for wrong in set("0123456789") - {code[9]}:
            with pytest.raises(ValidationError):
                validate_tax_code(code[:9] + wrong)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1234567893", "1234567893"),
        (" 1234567893 ", "1234567893"),
        ("1234567893-001", "1234567893-001"),
        ("1234567893001", "1234567893-001"),
        ("1234 567 893 - 012", None),  # spaces are dropped, the hyphen kept
    ],
)
def test_normalize_tax_code(value, expected):
    if expected is None:
        expected = "1234567893-012"
    assert normalize_tax_code(value) == expected


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("1234567890", "tax_code_checksum"),  # obviously wrong check digit
        ("0000000001", "tax_code_checksum"),
        ("1234567894-001", "tax_code_checksum"),
        ("123456789", "tax_code_format"),
        ("12345678931", "tax_code_format"),
        ("123456789300", "tax_code_format"),
        ("1234567893--001", "tax_code_format"),
        ("1234567893-0001", "tax_code_format"),
        ("12345678x3", "tax_code_format"),
        ("", "tax_code_format"),
        (None, "tax_code_format"),
        ("1234567893-000", "tax_code_branch"),
    ],
)
def test_invalid_tax_codes(value, code):
    with pytest.raises(ValidationError) as excinfo:
        validate_tax_code(value)
    assert _code(excinfo) == code
    assert "Mã số thuế" in _message(excinfo)


def test_validators_work_as_django_field_validators():
    from django import forms

    class Form(forms.Form):
        cccd = forms.CharField(validators=[validate_citizen_id])
        phone = forms.CharField(validators=[validate_vn_phone])
        mst = forms.CharField(validators=[validate_tax_code])

    good = Form({"cccd": "001090123456", "phone": "+84912345678", "mst": "1234567893-001"})
    assert good.is_valid(), good.errors
    bad = Form({"cccd": "001", "phone": "12", "mst": "1234567890"})
    assert not bad.is_valid()
    assert set(bad.errors) == {"cccd", "phone", "mst"}
    assert bad.errors.as_data()["mst"][0].code == "tax_code_checksum"
