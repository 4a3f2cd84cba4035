"""The rows of the catalog file (:mod:`cchc.procedures.catalog_io`): one Django form per sheet.

Each form's fields are the sheet's columns, in the file's column order, and say how a column is read
(leniently: an Excel cell may hold a number, a date or text; a JSON key a string, a number or a list)
and written back (exactly: export then import gives the same catalog). A column named like a field of
the form's ``model`` is that field: an empty cell takes the field's default, and the model's own
validators and ``clean()`` run on an unsaved instance. The other columns are references (agency, unit
and field codes) that the form resolves against the :class:`Catalog` being read, where it also notes
the keys seen so far so a code or number used twice is an error.

A form's errors, in order: each column that cannot be read (column order), then the references and
duplicates, then the model's rules. Messages are Vietnamese; the caller adds the sheet and row.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.common.language import ENGLISH_SUFFIX
from cchc.org.models import Agency, Unit
from cchc.procedures.models import (
    Fee,
    Field,
    FormTemplate,
    LegalBasis,
    Performer,
    ProcedureVersion,
    ProcessStep,
    RequiredDocument,
)

# --- Columns -----------------------------------------------------------------------------------------

_TRUE = {"true", "1", "có", "co", "x", "yes", "đúng", "c"}
_FALSE = {"false", "0", "không", "khong", "no", "sai", "k", ""}


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class Column(forms.Field):
    """One column: ``to_python`` reads a cell or JSON value (None for an empty one), ``export`` gives the
    JSON value of a model attribute and ``excel`` the Excel cell of a JSON value."""

    # The raw value (a number, a date, a list…) reaches to_python untouched.
    widget = forms.TextInput
    default_error_messages = {"required": gettext_lazy("Thiếu giá trị bắt buộc.")}

    def __init__(self, required: bool = False, *, minimum: tuple[Decimal, Any] | None = None):
        validators = [MinValueValidator(minimum[0], message=minimum[1])] if minimum else []
        super().__init__(required=required, validators=validators)
        self.default = None  # an empty cell's value; RowForm sets the model field's default

    def __deepcopy__(self, memo):
        # Each row form copies its columns; they keep no state of their own but ``default``, so a shallow
        # copy is enough (Django's deep copy of widget and messages was most of an import's time).
        clone = object.__new__(type(self))
        clone.__dict__ = self.__dict__.copy()
        return clone

    def clean(self, value):
        value = super().clean(value)
        return self.default if value is None else value

    def export(self, value):
        return value

    def excel(self, value):
        return value


class TextColumn(Column):
    def to_python(self, value) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            raise ValidationError(_("Phải là chuỗi ký tự."))
        if isinstance(value, str):
            return value
        if isinstance(value, int):
            return str(value)
        if isinstance(value, float | Decimal):
            return str(int(value)) if value == int(value) else str(value)
        raise ValidationError(_("Phải là chuỗi ký tự."))


class CodeColumn(TextColumn):
    """A code (agency, unit, field, procedure): text without surrounding spaces."""

    def to_python(self, value) -> str:
        return super().to_python(value).strip()


class FileNameColumn(TextColumn):
    """The stored name of a file (the file's bytes are not part of the catalog)."""

    def export(self, value) -> str:
        return value.name or ""


class IntColumn(Column):
    def to_python(self, value) -> int | None:
        if _blank(value):
            return None
        if isinstance(value, bool):
            raise ValidationError(_("Phải là số nguyên."))
        if isinstance(value, int):
            return value
        if isinstance(value, float | Decimal) and value == int(value):
            return int(value)
        if isinstance(value, str) and re.fullmatch(r"\s*-?\d+\s*", value):
            return int(value)
        raise ValidationError(_("Phải là số nguyên."))


class BoolColumn(Column):
    def to_python(self, value) -> bool | None:
        if value is None:
            return None
        if isinstance(value, bool):
            return value
        if isinstance(value, int) and value in (0, 1):
            return bool(value)
        if isinstance(value, str):
            v = value.strip().casefold()
            if v in _TRUE:
                return True
            if v in _FALSE:
                return None if v == "" else False
        raise ValidationError(_("Phải là true/false (có/không)."))


class DecimalColumn(Column):
    """A number: "0.5" in JSON (no trailing zeros), a number cell in Excel; "0,5" is read too."""

    def to_python(self, value) -> Decimal | None:
        if _blank(value):
            return None
        if isinstance(value, bool):
            raise ValidationError(_("Phải là một số."))
        try:
            if isinstance(value, float):
                result = Decimal(repr(value))
            elif isinstance(value, int | Decimal):
                result = Decimal(value)
            elif isinstance(value, str):
                result = Decimal(value.strip().replace(",", "."))
            else:
                raise ValidationError(_("Phải là một số."))
        except InvalidOperation:
            raise ValidationError(_("Phải là một số.")) from None
        if not result.is_finite():
            raise ValidationError(_("Phải là một số."))
        return result

    def export(self, value: Decimal | None) -> str | None:
        return None if value is None else f"{Decimal(value).normalize():f}"

    def excel(self, value):
        if value is None:
            return None
        d = Decimal(value)
        return int(d) if d == d.to_integral_value() else float(d)


class DateColumn(Column):
    """A day: ``YYYY-MM-DD`` in JSON, a date cell in Excel; ``DD/MM/YYYY`` is read too."""

    def to_python(self, value) -> dt.date | None:
        if _blank(value):
            return None
        if isinstance(value, dt.datetime):
            if value.time() != dt.time(0):
                raise ValidationError(_("Phải là một ngày (không kèm giờ)."))
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            v = value.strip()
            for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
                try:
                    return dt.datetime.strptime(v, pattern).date()
                except ValueError:
                    pass
        raise ValidationError(
            _("Ngày không hợp lệ '%(value)s' (dạng YYYY-MM-DD hoặc DD/MM/YYYY).") % {"value": value}
        )

    def export(self, value: dt.date | None) -> str | None:
        return value.isoformat() if value else None

    def excel(self, value):
        return None if value is None else dt.date.fromisoformat(value)


class TimeColumn(Column):
    """A time of day: ``HH:MM`` (``HH:MM:SS`` when seconds are set) in JSON, a time cell in Excel."""

    def to_python(self, value) -> dt.time | None:
        if _blank(value):
            return None
        if isinstance(value, dt.datetime):
            return value.time()
        if isinstance(value, dt.time):
            return value
        if isinstance(value, str):
            v = value.strip()
            for pattern in ("%H:%M", "%H:%M:%S"):
                try:
                    return dt.datetime.strptime(v, pattern).time()
                except ValueError:
                    pass
        raise ValidationError(_("Giờ không hợp lệ '%(value)s' (dạng HH:MM).") % {"value": value})

    def export(self, value: dt.time | None) -> str | None:
        if value is None:
            return None
        return value.strftime("%H:%M:%S" if value.second else "%H:%M")

    def excel(self, value):
        return None if value is None else dt.time.fromisoformat(value)


class ChoiceColumn(Column):
    """A choice by its stable key ("published"); its Vietnamese label is read too."""

    def __init__(self, choices: type[models.TextChoices], required: bool = False):
        super().__init__(required)
        self.choices = choices

    def to_python(self, value) -> str | None:
        if _blank(value):
            return None
        v = str(value).strip()
        if v in self.choices.values:
            return v
        for key, label in self.choices.choices:
            if str(label).casefold() == v.casefold():
                return key
        raise ValidationError(
            _("Giá trị '%(value)s' không hợp lệ; chọn một trong: %(choices)s.")
            % {"value": v, "choices": ", ".join(self.choices.values)}
        )


class CodeListColumn(Column):
    """Codes: a JSON list, or one Excel cell separated by commas, semicolons or spaces."""

    def to_python(self, value) -> list[str]:
        if value is None:
            return []
        if isinstance(value, list):
            if not all(isinstance(v, str) for v in value):
                raise ValidationError(_("Phải là danh sách mã."))
            return [v.strip() for v in value if v.strip()]
        if isinstance(value, str):
            return [v for v in re.split(r"[,;\s]+", value) if v]
        raise ValidationError(_("Phải là danh sách mã."))

    def excel(self, value):
        return None if value is None else ", ".join(value)


def int_or_none(value) -> int | None:
    """``value`` read as an integer column, None when it is not one (to link rows before validating)."""
    try:
        return IntColumn().to_python(value)
    except ValidationError:
        return None


# --- What the rows are checked against ---------------------------------------------------------------


@dataclass
class Catalog:
    """The organisation and fields the rows of one file refer to, and the keys its rows used so far."""

    agencies: dict[str, Agency]
    units: dict[tuple[str, str], Unit]
    known_fields: set[str]  # field codes in the database
    fields: set[str] = field(default_factory=set)  # field codes of the file
    versions: set[tuple[str, int]] = field(default_factory=set)  # (procedure code, number) of the file

    def has_field(self, code: str) -> bool:
        return code in self.fields or code in self.known_fields

    @classmethod
    def from_database(cls) -> Catalog:
        return cls(
            agencies={a.code: a for a in Agency.objects.all()},
            units={(u.agency.code, u.code): u for u in Unit.objects.select_related("agency")},
            known_fields=set(Field.objects.values_list("code", flat=True)),
        )


# --- One form per sheet ------------------------------------------------------------------------------


class RowForm(forms.Form):
    """One record (an Excel row or a JSON object) of a sheet; see the module docstring."""

    model: type[models.Model]

    def __init__(self, record: dict, catalog: Catalog):
        super().__init__(data=record)
        self.catalog = catalog
        self.values: dict = {}  # the columns read without error (set by clean())
        self.instance = self.model()  # the row as an unsaved model instance (set by clean())
        for name, model_field in self.model_columns().items():
            if name.endswith(ENGLISH_SUFFIX) and name not in record:
                # A file from before the English columns: see catalog_io.carry_english().
                del self.fields[name]
            elif not model_field.null:
                self.fields[name].default = model_field.get_default()

    @classmethod
    @cache
    def model_columns(cls) -> dict[str, models.Field]:
        """The columns that are fields of ``model`` (not references), by name."""
        fields = {f.name: f for f in cls.model._meta.concrete_fields if not f.is_relation}
        return {name: fields[name] for name in cls.base_fields if name in fields}

    def clean(self):
        self.values = dict(self.cleaned_data)
        self.check_references()
        self.check_model()
        return self.cleaned_data

    def check_references(self) -> None:
        """Resolve the codes the row refers to and refuse keys used twice (none by default)."""

    def new_instance(self) -> models.Model:
        return self.model()

    def check_model(self) -> None:
        """Run the model's field validators and ``clean()`` on an unsaved instance of the row."""
        instance = self.new_instance()
        good = [name for name in self.model_columns() if name in self.values]
        for name in good:
            setattr(instance, name, self.values[name])
        exclude = [f.name for f in instance._meta.get_fields() if f.name not in good]
        for name in good:  # a FileField does not check its name's length in full_clean()
            model_field = self.model_columns()[name]
            if isinstance(model_field, models.FileField):
                exclude.append(name)
                if len(self.values[name]) > model_field.max_length:
                    self.add_error(
                        name, _("Tên tệp dài quá %(max)s ký tự.") % {"max": model_field.max_length}
                    )
        self.instance = instance
        try:
            instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for name, messages in exc.message_dict.items():
                    self.add_error(None if name == NON_FIELD_ERRORS else name, messages)
            else:
                self.add_error(None, exc.messages)

    def model_values(self) -> dict:
        """The model fields' values of a valid row, to write."""
        return {name: self.values[name] for name in self.model_columns() if name in self.values}

    def error_list(self) -> list[tuple[str | None, str]]:
        """(column or None, message) of every error, in the order found."""
        return [
            (None if name == NON_FIELD_ERRORS else name, message)
            for name, messages in self.errors.items()
            for message in messages
        ]

    def check_order(self, seen: set[int]) -> None:
        """The row's order must not repeat one of ``seen`` (the orders of its version so far)."""
        order = self.values.get("order")
        if order is None:
            return
        if order in seen:
            self.add_error(
                "order", _("Số thứ tự %(order)s bị trùng trong cùng phiên bản.") % {"order": order}
            )
        seen.add(order)


class FieldRow(RowForm):
    model = Field

    code = CodeColumn(required=True)
    name = TextColumn(required=True)
    name_en = TextColumn()
    order = IntColumn()

    def check_references(self) -> None:
        code = self.values.get("code")
        if code is None:
            return
        if code in self.catalog.fields:
            self.add_error("code", _("Mã lĩnh vực '%(code)s' bị trùng.") % {"code": code})
        self.catalog.fields.add(code)


_V = ProcedureVersion


class VersionRow(RowForm):
    """A procedure version (the ``Thủ tục`` sheet; a JSON version without its child lists)."""

    model = ProcedureVersion

    number = IntColumn(required=True)
    status = ChoiceColumn(_V.Status, required=True)
    decision = TextColumn()
    name = TextColumn(required=True)
    name_en = TextColumn()
    field = CodeColumn(required=True)
    agency = CodeColumn(required=True)
    level = ChoiceColumn(_V.Level)
    anywhere = BoolColumn()
    for_citizens = BoolColumn()
    for_organisations = BoolColumn()
    subjects_note = TextColumn()
    subjects_note_en = TextColumn()
    steps = TextColumn()
    steps_en = TextColumn()
    conditions = TextColumn()
    conditions_en = TextColumn()
    at_counter = BoolColumn()
    online_level = ChoiceColumn(_V.OnlineLevel)
    legacy_online_level = IntColumn()
    postal_submission = BoolColumn()
    postal_return = BoolColumn()
    pays_online = BoolColumn()
    processing_time = DecimalColumn(
        required=True,
        minimum=(Decimal("0.5"), gettext_lazy("Thời hạn giải quyết phải lớn hơn 0 (tối thiểu 0,5).")),
    )
    time_unit = ChoiceColumn(_V.TimeUnit)
    cutoff_time = TimeColumn()
    time_note = TextColumn()
    time_note_en = TextColumn()
    fee_note = TextColumn()
    fee_note_en = TextColumn()
    result_name = TextColumn(required=True)
    result_name_en = TextColumn()
    result_form = ChoiceColumn(_V.ResultForm)
    inter_agency = BoolColumn()
    partner_agencies = CodeListColumn()
    flow_diagram = FileNameColumn()
    data_note = TextColumn()
    data_note_en = TextColumn()
    valid_from = DateColumn()
    valid_to = DateColumn()

    def __init__(self, record: dict, catalog: Catalog, *, code: str):
        super().__init__(record, catalog)
        self.code = code
        self.agency: Agency | None = None
        self.partners: list[Agency] = []

    def check_references(self) -> None:
        v, catalog = self.values, self.catalog
        if "number" in v:
            key = (self.code, v["number"])
            if key in catalog.versions:
                self.add_error(
                    "number",
                    _("Thủ tục %(code)s phiên bản %(number)s bị trùng.")
                    % {"code": self.code, "number": v["number"]},
                )
            catalog.versions.add(key)
        if "field" in v and not catalog.has_field(v["field"]):
            self.add_error("field", _("Không có lĩnh vực mã '%(code)s'.") % {"code": v["field"]})
        if "agency" in v:
            self.agency = catalog.agencies.get(v["agency"])
            if self.agency is None:
                self.add_error("agency", _("Không có cơ quan mã '%(code)s'.") % {"code": v["agency"]})
        for partner in v.get("partner_agencies", []):
            if partner in catalog.agencies:
                self.partners.append(catalog.agencies[partner])
            else:
                self.add_error("partner_agencies", _("Không có cơ quan mã '%(code)s'.") % {"code": partner})


class PerformerRow(RowForm):
    """An agency performing the version (the ``Cơ quan thực hiện`` sheet), by its QCVN 102 code, with
    its own online level where it differs."""

    model = Performer

    agency = CodeColumn(required=True)
    online_level = ChoiceColumn(_V.OnlineLevel)
    note = TextColumn()

    def __init__(self, record: dict, catalog: Catalog, *, seen: dict[str, Agency]):
        super().__init__(record, catalog)
        self.seen = seen  # the version's performers so far, by agency code
        self.agency: Agency | None = None

    def check_references(self) -> None:
        code = self.values.get("agency")
        if not code:
            return
        self.agency = self.catalog.agencies.get(code)
        if self.agency is None:
            self.add_error(
                "agency",
                _("Không có cơ quan mã '%(code)s' (cơ quan thực hiện phải có sẵn trong danh sách cơ quan).")
                % {"code": code},
            )
        elif code in self.seen:
            self.add_error(
                "agency", _("Cơ quan '%(code)s' được ghi hai lần cho phiên bản này.") % {"code": code}
            )
        else:
            self.seen[code] = self.agency

    def model_values(self) -> dict:
        return {**super().model_values(), "agency": self.agency}


def check_performer(row: RowForm, performers: dict[str, Agency]) -> str:
    """The ``performer`` column of a step or fee row: empty (the common process or fees) or the code of
    one of the version's performers (``performers``). Returns the code ("" for none)."""
    code = row.values.get("performer") or ""
    if code and code not in performers:
        row.add_error(
            "performer",
            _("Cơ quan '%(code)s' không có trong danh sách cơ quan thực hiện của phiên bản này.")
            % {"code": code},
        )
    return code


class DocumentRow(RowForm):
    model = RequiredDocument

    order = IntColumn(required=True)
    name = TextColumn(required=True)
    name_en = TextColumn()
    kind = ChoiceColumn(RequiredDocument.Kind)
    count = IntColumn()
    optional = BoolColumn()
    note = TextColumn()
    note_en = TextColumn()

    def __init__(self, record: dict, catalog: Catalog, *, orders: set[int]):
        super().__init__(record, catalog)
        self.orders = orders

    def check_references(self) -> None:
        self.check_order(self.orders)


class FormTemplateRow(RowForm):
    """The form (mẫu đơn, tờ khai) of a required document."""

    model = FormTemplate

    code = TextColumn(required=True)
    title = TextColumn(required=True)
    title_en = TextColumn()
    file = FileNameColumn()
    guidance = TextColumn()
    guidance_en = TextColumn()
    source = TextColumn()


class StepRow(RowForm):
    """A step of the internal process; its owner is a unit, (agency code, unit code), or an agency."""

    model = ProcessStep

    order = IntColumn(required=True)
    name = TextColumn(required=True)
    name_en = TextColumn()
    role = ChoiceColumn(ProcessStep.Role, required=True)
    unit_agency = CodeColumn()
    unit = CodeColumn()
    agency = CodeColumn()
    budget = DecimalColumn(
        required=True, minimum=(Decimal(0), gettext_lazy("Thời gian của bước không được âm."))
    )
    performer = CodeColumn()

    def __init__(
        self,
        record: dict,
        catalog: Catalog,
        *,
        orders: set[int],
        version_agency: Agency | None,
        performers: dict[str, Agency] | None = None,
    ):
        super().__init__(record, catalog)
        self.orders = orders
        self.version_agency = version_agency
        self.performers = performers or {}
        self.unit: Unit | None = None
        self.agency: Agency | None = None
        self.performer = ""

    def check_references(self) -> None:
        self.check_order(self.orders)
        v, catalog = self.values, self.catalog
        self.performer = check_performer(self, self.performers)
        if v.get("unit"):
            # The unit's agency defaults to the performer's (own process) or the version's; an unreadable
            # one matches no unit.
            owner = ""
            if "unit_agency" in v:
                default = self.performer or (self.version_agency.code if self.version_agency else "")
                owner = v["unit_agency"] or default
            self.unit = catalog.units.get((owner, v["unit"]))
            if self.unit is None:
                self.add_error(
                    "unit",
                    _("Không có đơn vị mã '%(unit)s' thuộc cơ quan '%(agency)s'.")
                    % {"unit": v["unit"], "agency": owner},
                )
            elif self.performer and owner != self.performer:
                self.add_error(
                    "unit",
                    _("Quy trình riêng của cơ quan '%(performer)s' chỉ gồm đơn vị của cơ quan đó.")
                    % {"performer": self.performer},
                )
        elif v.get("unit_agency"):
            self.add_error("unit", _("Đã ghi cơ quan của đơn vị nhưng thiếu mã đơn vị."))
        if v.get("agency"):
            self.agency = catalog.agencies.get(v["agency"])
            if self.agency is None:
                self.add_error("agency", _("Không có cơ quan mã '%(code)s'.") % {"code": v["agency"]})

    def new_instance(self) -> ProcessStep:
        # ProcessStep.clean() wants an owner; a placeholder id stands for an unknown (already reported) one.
        return ProcessStep(
            unit_id=-1 if self.values.get("unit") else None,
            agency_id=-1 if self.values.get("agency") else None,
        )

    def model_values(self) -> dict:
        """The step's values; ``performer`` is the performing agency's code ("" for the common process)."""
        return {
            **super().model_values(),
            "unit": self.unit,
            "agency": self.agency,
            "performer": self.performer,
        }


class FeeRow(RowForm):
    model = Fee

    name = TextColumn(required=True)
    name_en = TextColumn()
    amount = DecimalColumn(required=True, minimum=(Decimal(0), gettext_lazy("Mức thu không được âm.")))
    note = TextColumn()
    note_en = TextColumn()
    performer = CodeColumn()

    def __init__(self, record: dict, catalog: Catalog, *, performers: dict[str, Agency] | None = None):
        super().__init__(record, catalog)
        self.performers = performers or {}
        self.performer = ""

    def check_references(self) -> None:
        self.performer = check_performer(self, self.performers)

    def model_values(self) -> dict:
        """The fee's values; ``performer`` is the performing agency's code ("" for the common fees)."""
        return {**super().model_values(), "performer": self.performer}


class LegalBasisRow(RowForm):
    model = LegalBasis

    number = TextColumn(required=True)
    title = TextColumn(required=True)
    title_en = TextColumn()
    issuer = TextColumn(required=True)
    issuer_en = TextColumn()
    issued_on = DateColumn()
