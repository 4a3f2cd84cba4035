"""Export and import of the whole procedure catalog (TTHC) as JSON or Excel.

Format (version 1)
==================

JSON::

    {"format": "cchc-catalog", "version": 1,
     "fields": [{"code", "name", "name_en", "order"}],
     "procedures": [{"code": "1.001234", "versions": [{
         "number", "status", "decision", "name", "name_en", "field" (field code),
         "agency" (agency QCVN code), "level", "for_citizens", "for_organisations", "subjects_note",
         "subjects_note_en", "steps", "steps_en", "conditions", "conditions_en", "at_counter",
         "online_level", "legacy_online_level", "postal_submission", "postal_return", "processing_time",
         "time_unit", "cutoff_time", "time_note", "time_note_en", "fee_note", "fee_note_en",
         "result_name", "result_name_en", "result_form", "inter_agency",
         "partner_agencies" (list of agency codes), "flow_diagram" (stored file name), "data_note",
         "data_note_en", "valid_from", "valid_to",
         "documents": [{"order", "name", "name_en", "kind", "count", "optional", "note", "note_en",
                        "form": {"code", "title", "title_en", "file", "guidance", "guidance_en",
                                 "source"} or null}],
         "process_steps": [{"order", "name", "name_en", "role", "unit_agency", "unit", "agency",
                            "budget"}],
         "fees": [{"name", "name_en", "amount", "note", "note_en"}],
         "legal_bases": [{"number", "title", "title_en", "issuer", "issuer_en", "issued_on"}]}]}]}

The ``*_en`` keys are the optional English texts of the English portal. A file written before they
existed (no such key or column) still imports: each English text then stays as the database has it
where the Vietnamese text it translates is unchanged, and is emptied where that text changed
(:func:`carry_english`).

Value conventions: decimals are strings ("0.5", "10"), dates ``YYYY-MM-DD``, times ``HH:MM``
(``HH:MM:SS`` when seconds are set), booleans ``true``/``false``, empty text is ``""``, a missing
nullable value is ``null``; choices use their stable key (``"published"``), the Vietnamese label is
also accepted on import. A process step's unit is the pair (``unit_agency``, ``unit``): the unit code is
unique only inside its agency; ``unit_agency`` may be omitted on import and then defaults to the
version's agency.

Excel: one sheet per table, first row = the column keys above (stable, not translated), one record a row:

* ``Lĩnh vực``: code, name, name_en, order
* ``Thủ tục``: procedure_code + every scalar version key (one row per version); ``partner_agencies`` is a
  comma-separated list of agency codes
* ``Thành phần hồ sơ``: procedure_code, version, order, name, name_en, kind, count, optional, note, note_en
* ``Mẫu đơn``: procedure_code, version, document_order, code, title, title_en, file, guidance, guidance_en,
  source
* ``Quy trình nội bộ``: procedure_code, version, order, name, name_en, role, unit_agency, unit, agency,
  budget
* ``Phí lệ phí``: procedure_code, version, name, name_en, amount, note, note_en
* ``Căn cứ pháp lý``: procedure_code, version, number, title, title_en, issuer, issuer_en, issued_on

Child rows are linked to their version by (procedure_code, version number); forms to their document by
(procedure_code, version, document_order). Extra columns are ignored; a missing *required* column is an
error; a missing optional column (or JSON key) takes the model default.

Excel limits: a procedure without any version has no row in ``Thủ tục`` and so is not exported to
Excel (JSON keeps it). Code columns should be text cells; a code typed as a number (1.00197 instead of
"1.001970") loses trailing zeros and is then refused or misread.

References: agencies are referenced by their QCVN code, units by (agency code, unit code). Both must
already exist: organisation data is not part of the catalog. A field code must be in the file or in the
database.

Files: form files and flow diagrams are referenced by their stored name only. Importing sets the name and
does NOT bring the file bytes; copy the media folder separately.

Import semantics: each (procedure code, version number) in the file is created or updated and its child
rows (documents with forms, process steps, fees, legal bases) are replaced by those of the file;
versions not in the file are untouched. Everything is parsed and validated first; with any error
nothing is imported (:class:`CatalogImportError` carries every error). Writing is in
:func:`cchc.procedures.services.import_catalog`.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from cchc.common.language import ENGLISH_SUFFIX
from cchc.common.validity import ranges_overlap
from cchc.org.models import Agency, Unit
from cchc.procedures.models import (
    Fee,
    Field,
    FormTemplate,
    LegalBasis,
    Procedure,
    ProcedureVersion,
    ProcessStep,
    RequiredDocument,
    procedure_code_validator,
)

FORMAT = "cchc-catalog"
FORMAT_VERSION = 1

SHEET_FIELDS = "Lĩnh vực"
SHEET_VERSIONS = "Thủ tục"
SHEET_DOCUMENTS = "Thành phần hồ sơ"
SHEET_FORMS = "Mẫu đơn"
SHEET_STEPS = "Quy trình nội bộ"
SHEET_FEES = "Phí lệ phí"
SHEET_LEGAL = "Căn cứ pháp lý"


@dataclass(frozen=True)
class Col:
    key: str
    kind: str  # str, code, int, nint, bool, dec, date, time, enum, list
    required: bool = False
    model_field: str | None = None  # default and validation come from this model field
    choices: type[models.TextChoices] | None = None


FIELD_COLS = [
    Col("code", "code", True, "code"),
    Col("name", "str", True, "name"),
    Col("name_en", "str", False, "name_en"),
    Col("order", "int", False, "order"),
]
_V = ProcedureVersion
VERSION_COLS = [
    Col("number", "int", True, "number"),
    Col("status", "enum", True, "status", _V.Status),
    Col("decision", "str", False, "decision"),
    Col("name", "str", True, "name"),
    Col("name_en", "str", False, "name_en"),
    Col("field", "code", True),
    Col("agency", "code", True),
    Col("level", "enum", False, "level", _V.Level),
    Col("for_citizens", "bool", False, "for_citizens"),
    Col("for_organisations", "bool", False, "for_organisations"),
    Col("subjects_note", "str", False, "subjects_note"),
    Col("subjects_note_en", "str", False, "subjects_note_en"),
    Col("steps", "str", False, "steps"),
    Col("steps_en", "str", False, "steps_en"),
    Col("conditions", "str", False, "conditions"),
    Col("conditions_en", "str", False, "conditions_en"),
    Col("at_counter", "bool", False, "at_counter"),
    Col("online_level", "enum", False, "online_level", _V.OnlineLevel),
    Col("legacy_online_level", "nint", False, "legacy_online_level"),
    Col("postal_submission", "bool", False, "postal_submission"),
    Col("postal_return", "bool", False, "postal_return"),
    Col("processing_time", "dec", True, "processing_time"),
    Col("time_unit", "enum", False, "time_unit", _V.TimeUnit),
    Col("cutoff_time", "time", False, "cutoff_time"),
    Col("time_note", "str", False, "time_note"),
    Col("time_note_en", "str", False, "time_note_en"),
    Col("fee_note", "str", False, "fee_note"),
    Col("fee_note_en", "str", False, "fee_note_en"),
    Col("result_name", "str", True, "result_name"),
    Col("result_name_en", "str", False, "result_name_en"),
    Col("result_form", "enum", False, "result_form", _V.ResultForm),
    Col("inter_agency", "bool", False, "inter_agency"),
    Col("partner_agencies", "list", False),
    Col("flow_diagram", "str", False, "flow_diagram"),
    Col("data_note", "str", False, "data_note"),
    Col("data_note_en", "str", False, "data_note_en"),
    Col("valid_from", "date", False, "valid_from"),
    Col("valid_to", "date", False, "valid_to"),
]
DOCUMENT_COLS = [
    Col("order", "int", True, "order"),
    Col("name", "str", True, "name"),
    Col("name_en", "str", False, "name_en"),
    Col("kind", "enum", False, "kind", RequiredDocument.Kind),
    Col("count", "int", False, "count"),
    Col("optional", "bool", False, "optional"),
    Col("note", "str", False, "note"),
    Col("note_en", "str", False, "note_en"),
]
FORM_COLS = [
    Col("code", "str", True, "code"),
    Col("title", "str", True, "title"),
    Col("title_en", "str", False, "title_en"),
    Col("file", "str", False, "file"),
    Col("guidance", "str", False, "guidance"),
    Col("guidance_en", "str", False, "guidance_en"),
    Col("source", "str", False, "source"),
]
STEP_COLS = [
    Col("order", "int", True, "order"),
    Col("name", "str", True, "name"),
    Col("name_en", "str", False, "name_en"),
    Col("role", "enum", True, "role", ProcessStep.Role),
    Col("unit_agency", "code", False),
    Col("unit", "code", False),
    Col("agency", "code", False),
    Col("budget", "dec", True, "budget"),
]
FEE_COLS = [
    Col("name", "str", True, "name"),
    Col("name_en", "str", False, "name_en"),
    Col("amount", "dec", True, "amount"),
    Col("note", "str", False, "note"),
    Col("note_en", "str", False, "note_en"),
]
LEGAL_COLS = [
    Col("number", "str", True, "number"),
    Col("title", "str", True, "title"),
    Col("title_en", "str", False, "title_en"),
    Col("issuer", "str", True, "issuer"),
    Col("issuer_en", "str", False, "issuer_en"),
    Col("issued_on", "date", False, "issued_on"),
]

LINK = [Col("procedure_code", "code", True), Col("version", "int", True)]
# Excel sheets: (sheet name, JSON list key inside a version, model, columns incl. link columns).
SHEETS = [
    (SHEET_FIELDS, None, Field, FIELD_COLS),
    (SHEET_VERSIONS, None, ProcedureVersion, [Col("procedure_code", "code", True), *VERSION_COLS]),
    (SHEET_DOCUMENTS, "documents", RequiredDocument, [*LINK, *DOCUMENT_COLS]),
    (SHEET_FORMS, "form", FormTemplate, [*LINK, Col("document_order", "int", True), *FORM_COLS]),
    (SHEET_STEPS, "process_steps", ProcessStep, [*LINK, *STEP_COLS]),
    (SHEET_FEES, "fees", Fee, [*LINK, *FEE_COLS]),
    (SHEET_LEGAL, "legal_bases", LegalBasis, [*LINK, *LEGAL_COLS]),
]
CHILD_LISTS = [
    ("documents", RequiredDocument, DOCUMENT_COLS),
    ("process_steps", ProcessStep, STEP_COLS),
    ("fees", Fee, FEE_COLS),
    ("legal_bases", LegalBasis, LEGAL_COLS),
]


# --- Errors ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Loc:
    """Where a record came from: an Excel sheet and row, or a JSON path (row is None)."""

    where: str
    row: int | None = None
    is_sheet: bool = False


@dataclass(frozen=True)
class CatalogError:
    where: str
    row: int | None
    column: str | None
    message: str
    is_sheet: bool = False

    def __str__(self) -> str:
        if self.is_sheet:
            parts = [_("Trang '%(sheet)s'") % {"sheet": self.where}]
        else:
            parts = [self.where] if self.where else []
        if self.row is not None:
            parts.append(_("dòng %(row)s") % {"row": self.row})
        if self.column:
            parts.append(_("cột %(column)s") % {"column": self.column})
        prefix = ", ".join(parts)
        return f"{prefix}: {self.message}" if prefix else str(self.message)


class CatalogImportError(Exception):
    """The import was refused; ``errors`` lists every problem found (nothing was written)."""

    def __init__(self, errors: list[CatalogError]):
        self.errors = list(errors)
        super().__init__("\n".join(str(e) for e in self.errors))


def _file_error(message: str) -> CatalogImportError:
    return CatalogImportError([CatalogError("", None, None, message)])


class _Errors(list):
    def add(self, loc: Loc | None, column: str | None, message) -> None:
        loc = loc or Loc("")
        self.append(CatalogError(loc.where, loc.row, column, str(message), loc.is_sheet))


class _Bad(Exception):
    pass


# --- Export ------------------------------------------------------------------------------------------


def _fmt_dec(value: Decimal | None) -> str | None:
    if value is None:
        return None
    return f"{Decimal(value).normalize():f}"


def _fmt_date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _fmt_time(value: dt.time | None) -> str | None:
    if value is None:
        return None
    return value.strftime("%H:%M:%S" if value.second else "%H:%M")


def _export_value(obj, col: Col):
    value = getattr(obj, col.model_field)
    if col.kind == "dec":
        return _fmt_dec(value)
    if col.kind == "date":
        return _fmt_date(value)
    if col.kind == "time":
        return _fmt_time(value)
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or ""
    return value


def _export_row(obj, cols: list[Col]) -> dict:
    return {c.key: _export_value(obj, c) for c in cols if c.model_field}


def export_catalog() -> dict:
    """The whole catalog as the JSON-ready structure described in the module docstring."""
    fields = [_export_row(f, FIELD_COLS) for f in Field.objects.order_by("order", "name", "code")]
    versions = (
        ProcedureVersion.objects.select_related("procedure", "field", "agency")
        .prefetch_related(
            "partner_agencies",
            models.Prefetch(
                "required_documents", RequiredDocument.objects.select_related("form").order_by("order", "id")
            ),
            models.Prefetch(
                "process_steps",
                ProcessStep.objects.select_related("unit__agency", "agency").order_by("order"),
            ),
            models.Prefetch("fees", Fee.objects.order_by("id")),
            models.Prefetch("legal_bases", LegalBasis.objects.order_by("issued_on", "id")),
        )
        .order_by("procedure__code", "number")
    )
    by_code: dict[str, list[dict]] = {}
    for v in versions:
        row = {c.key: _export_value(v, c) for c in VERSION_COLS if c.model_field}
        row["field"] = v.field.code
        row["agency"] = v.agency.code
        row["partner_agencies"] = sorted(a.code for a in v.partner_agencies.all())
        row = {c.key: row[c.key] for c in VERSION_COLS}  # column order
        docs = []
        for d in v.required_documents.all():
            doc = _export_row(d, DOCUMENT_COLS)
            form = form_of(d)
            doc["form"] = _export_row(form, FORM_COLS) if form else None
            docs.append(doc)
        row["documents"] = docs
        steps = []
        for s in v.process_steps.all():
            step = _export_row(s, STEP_COLS)
            step["unit_agency"] = s.unit.agency.code if s.unit_id else None
            step["unit"] = s.unit.code if s.unit_id else None
            step["agency"] = s.agency.code if s.agency_id else None
            steps.append({c.key: step[c.key] for c in STEP_COLS})
        row["process_steps"] = steps
        row["fees"] = [_export_row(f, FEE_COLS) for f in v.fees.all()]
        row["legal_bases"] = [_export_row(b, LEGAL_COLS) for b in v.legal_bases.all()]
        by_code.setdefault(v.procedure.code, []).append(row)
    # Procedures without any version are kept too, so the code list round-trips.
    for code in Procedure.objects.values_list("code", flat=True):
        by_code.setdefault(code, [])
    procedures = [{"code": code, "versions": by_code[code]} for code in sorted(by_code)]
    return {"format": FORMAT, "version": FORMAT_VERSION, "fields": fields, "procedures": procedures}


def form_of(document: RequiredDocument) -> FormTemplate | None:
    try:
        return document.form
    except FormTemplate.DoesNotExist:
        return None


def dump_json(data: dict) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")


def _excel_value(value, col: Col):
    if value is None:
        return None
    if col.kind == "dec":
        d = Decimal(value)
        return int(d) if d == d.to_integral_value() else float(d)
    if col.kind == "date":
        return dt.date.fromisoformat(value)
    if col.kind == "time":
        return dt.time.fromisoformat(value)
    if col.kind == "list":
        return ", ".join(value)
    return value


def flatten(data: dict) -> dict[str, tuple[list[Col], list[list]]]:
    """The catalog structure as Excel rows: sheet name -> (columns, rows)."""
    out: dict[str, tuple[list[Col], list[list]]] = {name: (cols, []) for name, _k, _m, cols in SHEETS}

    def add(sheet: str, record: dict) -> None:
        cols, rows = out[sheet]
        rows.append([_excel_value(record.get(c.key), c) for c in cols])

    for f in data["fields"]:
        add(SHEET_FIELDS, f)
    for proc in data["procedures"]:
        for v in proc["versions"]:
            link = {"procedure_code": proc["code"], "version": v["number"]}
            add(SHEET_VERSIONS, {"procedure_code": proc["code"], **v})
            for d in v["documents"]:
                add(SHEET_DOCUMENTS, {**link, **d})
                if d.get("form"):
                    add(SHEET_FORMS, {**link, "document_order": d["order"], **d["form"]})
            for s in v["process_steps"]:
                add(SHEET_STEPS, {**link, **s})
            for fee in v["fees"]:
                add(SHEET_FEES, {**link, **fee})
            for b in v["legal_bases"]:
                add(SHEET_LEGAL, {**link, **b})
    return out


def dump_xlsx(data: dict) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    for sheet, (cols, rows) in flatten(data).items():
        ws = wb.create_sheet(sheet)
        ws.append([c.key for c in cols])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in rows:
            ws.append(row)
            # A text beginning with "=" must stay text, never become a formula.
            for cell in ws[ws.max_row]:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"
                elif isinstance(cell.value, dt.time):
                    cell.number_format = "hh:mm:ss"
                elif isinstance(cell.value, dt.date):
                    cell.number_format = "yyyy-mm-dd"
        ws.freeze_panes = "A2"
        for i, col in enumerate(cols, start=1):
            ws.column_dimensions[get_column_letter(i)].width = max(12, len(col.key) + 2)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# --- Reading files -----------------------------------------------------------------------------------


def read_file(content: bytes, filename: str) -> dict:
    """Decode an uploaded file into the raw catalog structure (records carry their location).

    Raises :class:`CatalogImportError` for a file that is too large, of an unknown kind or unreadable.
    """
    check_size(len(content))
    name = (filename or "").lower()
    if name.endswith(".json"):
        return load_json(content)
    if name.endswith(".xlsx"):
        return load_xlsx(content)
    raise _file_error(_("Chỉ nhận tệp Excel (.xlsx) hoặc JSON (.json)."))


def check_size(size: int) -> None:
    """Refuse a file larger than ``settings.CCHC_MAX_IMPORT_BYTES``."""
    limit = settings.CCHC_MAX_IMPORT_BYTES
    if size > limit:
        raise _file_error(
            _("Tệp quá lớn (%(size)s MB); giới hạn là %(limit)s MB.")
            % {"size": f"{size / 1048576:.2f}", "limit": f"{limit / 1048576:.2f}"}
        )


def load_json(content: bytes) -> dict:
    try:
        data = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise _file_error(_("Tệp không phải là tệp JSON hợp lệ (mã hóa UTF-8).")) from None
    return annotate_json(data)


def annotate_json(data) -> dict:
    """Attach JSON paths to the records of a decoded JSON catalog."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise _file_error(_('Tệp JSON không phải danh mục TTHC (thiếu "format": "cchc-catalog").'))
    if data.get("version") != FORMAT_VERSION:
        raise _file_error(
            _("Phiên bản định dạng %(found)s không được hỗ trợ (cần %(expected)s).")
            % {"found": data.get("version"), "expected": FORMAT_VERSION}
        )
    errors = _Errors()
    out = {"fields": [], "procedures": []}

    def records(value, path) -> list[tuple[dict, Loc]]:
        if value is None:
            return []
        if not isinstance(value, list):
            errors.add(Loc(path), None, _("Phải là một danh sách."))
            return []
        result = []
        for i, item in enumerate(value):
            if isinstance(item, dict):
                result.append((item, Loc(f"{path}[{i}]")))
            else:
                errors.add(Loc(f"{path}[{i}]"), None, _("Phải là một đối tượng."))
        return result

    for rec, loc in records(data.get("fields"), "fields"):
        out["fields"].append({**rec, "__loc__": loc})
    for proc, ploc in records(data.get("procedures"), "procedures"):
        versions = []
        for v, vloc in records(proc.get("versions"), f"{ploc.where}.versions"):
            version = {**v, "procedure_code": proc.get("code"), "__loc__": vloc}
            for key, _model, _cols in CHILD_LISTS:
                version[key] = [{**r, "__loc__": rl} for r, rl in records(v.get(key), f"{vloc.where}.{key}")]
            for doc in version["documents"]:
                form = doc.get("form")
                if form is not None and not isinstance(form, dict):
                    errors.add(doc["__loc__"], "form", _("Phải là một đối tượng hoặc null."))
                    doc["form"] = None
                elif form is not None:
                    doc["form"] = {**form, "__loc__": Loc(f"{doc['__loc__'].where}.form")}
            versions.append(version)
        out["procedures"].append({"code": proc.get("code"), "versions": versions, "__loc__": ploc})
    if errors:
        raise CatalogImportError(errors)
    return out


def load_xlsx(content: bytes) -> dict:
    from openpyxl import load_workbook

    bad = _file_error(_("Tệp không phải là tệp Excel (.xlsx) hợp lệ."))
    if not zipfile.is_zipfile(io.BytesIO(content)):
        raise bad
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as zf:
            unpacked = sum(info.file_size for info in zf.infolist())
        if unpacked > 20 * settings.CCHC_MAX_IMPORT_BYTES:
            raise _file_error(_("Tệp Excel khi giải nén quá lớn."))
        wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except CatalogImportError:
        raise
    except Exception:  # openpyxl raises many kinds of errors for a broken file
        raise bad from None

    errors = _Errors()
    tables: dict[str, list[dict]] = {}
    try:
        for sheet, _key, _model, cols in SHEETS:
            if sheet not in wb.sheetnames:
                errors.add(None, None, _("Thiếu trang '%(sheet)s'.") % {"sheet": sheet})
                tables[sheet] = []
                continue
            rows = wb[sheet].iter_rows(values_only=True)
            header = next(rows, None) or ()
            keys = [str(h).strip() if h is not None else "" for h in header]
            for col in cols:
                if col.required and col.key not in keys:
                    errors.add(
                        Loc(sheet, None, True),
                        None,
                        _("Thiếu cột '%(column)s' trong trang '%(sheet)s'.")
                        % {"column": col.key, "sheet": sheet},
                    )
            known = {c.key for c in cols}
            records = []
            for number, values in enumerate(rows, start=2):
                if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                    continue
                rec = {k: v for k, v in zip(keys, values, strict=False) if k in known and k not in ("", None)}
                rec["__loc__"] = Loc(sheet, number, True)
                records.append(rec)
            tables[sheet] = records
    except Exception:
        raise bad from None
    finally:
        wb.close()
    if errors:
        raise CatalogImportError(errors)
    return _nest_tables(tables)


def _link_key(rec: dict) -> tuple:
    code = rec.get("procedure_code")
    code = str(code).strip() if code is not None else ""
    try:
        number = _to_int(rec.get("version", rec.get("number")))
    except _Bad:
        number = rec.get("version", rec.get("number"))
    return code, number


def _nest_tables(tables: dict[str, list[dict]]) -> dict:
    """Excel rows -> the nested structure JSON uses; orphan child rows become errors."""
    errors = _Errors()
    procedures: dict[str, dict] = {}
    versions: dict[tuple, dict] = {}
    for rec in tables[SHEET_VERSIONS]:
        code, number = _link_key(rec)
        proc = procedures.setdefault(code, {"code": code, "versions": [], "__loc__": rec["__loc__"]})
        version = {**rec, "documents": [], "process_steps": [], "fees": [], "legal_bases": []}
        proc["versions"].append(version)
        versions.setdefault((code, number), version)

    def parent(rec: dict) -> dict | None:
        key = _link_key(rec)
        version = versions.get(key)
        if version is None:
            errors.add(
                rec["__loc__"],
                "procedure_code",
                _("Không có thủ tục %(code)s phiên bản %(number)s trong trang '%(sheet)s'.")
                % {"code": key[0], "number": key[1], "sheet": SHEET_VERSIONS},
            )
        return version

    for sheet, key, _model, _cols in SHEETS[2:]:
        if key == "form":
            continue
        for rec in tables[sheet]:
            version = parent(rec)
            if version is not None:
                version[key].append({k: v for k, v in rec.items() if k not in ("procedure_code", "version")})
    for rec in tables[SHEET_FORMS]:
        version = parent(rec)
        if version is None:
            continue
        try:
            order = _to_int(rec.get("document_order"))
        except _Bad:
            order = None
        docs = [d for d in version["documents"] if _safe_int(d.get("order")) == order]
        if not docs:
            errors.add(
                rec["__loc__"],
                "document_order",
                _("Không có thành phần hồ sơ số thứ tự %(order)s của thủ tục này.")
                % {"order": rec.get("document_order")},
            )
        elif docs[0].get("form") is not None:
            errors.add(rec["__loc__"], "document_order", _("Thành phần hồ sơ này đã có mẫu đơn."))
        else:
            docs[0]["form"] = {
                k: v for k, v in rec.items() if k not in ("procedure_code", "version", "document_order")
            }
    # Orphan rows are reported together with the errors of every other row (parse_catalog).
    return {"fields": tables[SHEET_FIELDS], "procedures": list(procedures.values()), "__errors__": errors}


def _safe_int(value):
    try:
        return _to_int(value)
    except _Bad:
        return None


# --- Parsing and validation ------------------------------------------------------------------------------


_TRUE = {"true", "1", "có", "co", "x", "yes", "đúng", "c"}
_FALSE = {"false", "0", "không", "khong", "no", "sai", "k", ""}


def _to_str(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        raise _Bad(_("Phải là chuỗi ký tự."))
    if isinstance(value, str):
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float | Decimal):
        return str(int(value)) if value == int(value) else str(value)
    raise _Bad(_("Phải là chuỗi ký tự."))


def _to_int(value) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise _Bad(_("Phải là số nguyên."))
    if isinstance(value, int):
        return value
    if isinstance(value, float | Decimal) and value == int(value):
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d+\s*", value):
        return int(value)
    raise _Bad(_("Phải là số nguyên."))


def _to_bool(value) -> bool | None:
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
    raise _Bad(_("Phải là true/false (có/không)."))


def _to_dec(value) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise _Bad(_("Phải là một số."))
    try:
        if isinstance(value, float):
            result = Decimal(repr(value))
        elif isinstance(value, int | Decimal):
            result = Decimal(value)
        elif isinstance(value, str):
            result = Decimal(value.strip().replace(",", "."))
        else:
            raise _Bad(_("Phải là một số."))
    except InvalidOperation:
        raise _Bad(_("Phải là một số.")) from None
    if not result.is_finite():
        raise _Bad(_("Phải là một số."))
    return result


def _to_date(value) -> dt.date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        if value.time() != dt.time(0):
            raise _Bad(_("Phải là một ngày (không kèm giờ)."))
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
    raise _Bad(_("Ngày không hợp lệ '%(value)s' (dạng YYYY-MM-DD hoặc DD/MM/YYYY).") % {"value": value})


def _to_time(value) -> dt.time | None:
    if value is None or (isinstance(value, str) and not value.strip()):
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
    raise _Bad(_("Giờ không hợp lệ '%(value)s' (dạng HH:MM).") % {"value": value})


def _to_enum(value, choices: type[models.TextChoices]) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    v = str(value).strip()
    if v in choices.values:
        return v
    for key, label in choices.choices:
        if str(label).casefold() == v.casefold():
            return key
    raise _Bad(
        _("Giá trị '%(value)s' không hợp lệ; chọn một trong: %(choices)s.")
        % {"value": v, "choices": ", ".join(choices.values)}
    )


def _to_list(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        if not all(isinstance(v, str) for v in value):
            raise _Bad(_("Phải là danh sách mã."))
        return [v.strip() for v in value if v.strip()]
    if isinstance(value, str):
        return [v for v in re.split(r"[,;\s]+", value) if v]
    raise _Bad(_("Phải là danh sách mã."))


_CONVERT = {
    "str": _to_str,
    "code": lambda v: _to_str(v).strip(),
    "int": _to_int,
    "nint": _to_int,
    "bool": _to_bool,
    "dec": _to_dec,
    "date": _to_date,
    "time": _to_time,
    "list": _to_list,
}


def _convert(rec: dict, cols: list[Col], model, errors: _Errors) -> dict:
    """Typed values of one record; conversion problems are added to ``errors``."""
    loc = rec.get("__loc__")
    values: dict[str, Any] = {}
    for col in cols:
        if col.key.endswith(ENGLISH_SUFFIX) and col.key not in rec:
            continue  # a file from before the English columns: see carry_english()
        raw = rec.get(col.key)
        try:
            value = _to_enum(raw, col.choices) if col.kind == "enum" else _CONVERT[col.kind](raw)
        except _Bad as exc:
            errors.add(loc, col.key, exc.args[0])
            value = None
            values[col.key] = _INVALID
            continue
        if col.required and value in (None, ""):
            errors.add(loc, col.key, _("Thiếu giá trị bắt buộc."))
            values[col.key] = _INVALID
            continue
        rule = _MINIMUM.get((model, col.key))
        if rule and isinstance(value, Decimal) and value < rule[0]:
            errors.add(loc, col.key, rule[1]())
            values[col.key] = _INVALID
            continue
        if value is None and col.model_field and col.kind not in ("nint", "date", "time"):
            value = model._meta.get_field(col.model_field).get_default()
        values[col.key] = value
    return values


_INVALID = object()

# (model, column) -> (smallest allowed value, message); clearer than the generic validator message.
_MINIMUM = {
    (ProcedureVersion, "processing_time"): (
        Decimal("0.5"),
        lambda: _("Thời hạn giải quyết phải lớn hơn 0 (tối thiểu 0,5)."),
    ),
    (ProcessStep, "budget"): (Decimal(0), lambda: _("Thời gian của bước không được âm.")),
    (Fee, "amount"): (Decimal(0), lambda: _("Mức thu không được âm.")),
}


def _model_check(instance: models.Model, values: dict, cols: list[Col], loc, errors: _Errors) -> None:
    """Run the model's own field validators and ``clean()`` on an unsaved instance."""
    names = {c.model_field for c in cols if c.model_field and c.key in values}
    bad = {c.model_field for c in cols if c.model_field and values.get(c.key) is _INVALID}
    for c in cols:
        if c.model_field in names and c.model_field not in bad:
            setattr(instance, c.model_field, values[c.key])
    exclude = [f.name for f in instance._meta.get_fields() if f.name not in names or f.name in bad]
    for c in cols:  # model FileFields do not check their length in full_clean()
        model_field = instance._meta.get_field(c.model_field) if c.model_field else None
        if isinstance(model_field, models.FileField) and c.model_field not in bad:
            exclude.append(c.model_field)
            if len(values[c.key]) > model_field.max_length:
                errors.add(
                    loc,
                    c.key,
                    _("Tên tệp dài quá %(max)s ký tự.") % {"max": model_field.max_length},
                )
    try:
        instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for name, messages in exc.message_dict.items():
                column = None if name == "__all__" else name
                for message in messages:
                    errors.add(loc, column, message)
        else:
            for message in exc.messages:
                errors.add(loc, None, message)


@dataclass
class VersionData:
    code: str
    loc: Loc
    values: dict  # model attribute -> value (field_code and agency resolved later / already)
    field_code: str
    agency: Agency | None
    partners: list[Agency]
    documents: list[tuple[dict, dict | None]] = field(default_factory=list)
    steps: list[dict] = field(default_factory=list)
    fees: list[dict] = field(default_factory=list)
    legal_bases: list[dict] = field(default_factory=list)


@dataclass
class CatalogData:
    fields: list[dict]
    versions: list[VersionData]
    procedure_codes: list[str]

    def count_rows(self) -> int:
        return len(self.versions)


def _model_values(values: dict, cols: list[Col]) -> dict:
    return {c.model_field: values[c.key] for c in cols if c.model_field and c.key in values}


def carry_english(values: dict, old: models.Model | None, cols: list[Col]) -> dict:
    """``values`` with the English texts a file did not carry (written before the English columns
    existed): the database's English where the Vietnamese text it translates is unchanged, else empty —
    so re-importing an old spreadsheet neither erases the translations nor keeps a stale one."""
    values = dict(values)
    for col in cols:
        english = col.model_field
        if not english or not english.endswith(ENGLISH_SUFFIX) or english in values:
            continue
        vietnamese = english[: -len(ENGLISH_SUFFIX)]
        same = old is not None and getattr(old, vietnamese) == values.get(vietnamese)
        values[english] = getattr(old, english) if same else ""
    return values


def parse_catalog(raw: dict) -> CatalogData:
    """Validate every record of a raw catalog; raise :class:`CatalogImportError` listing all errors."""
    errors = _Errors(raw.get("__errors__", []))
    agencies = {a.code: a for a in Agency.objects.all()}
    units = {(u.agency.code, u.code): u for u in Unit.objects.select_related("agency")}
    known_fields = set(Field.objects.values_list("code", flat=True))

    fields: list[dict] = []
    seen_fields: set[str] = set()
    for rec in raw.get("fields", []):
        loc = rec.get("__loc__")
        values = _convert(rec, FIELD_COLS, Field, errors)
        _model_check(Field(), values, FIELD_COLS, loc, errors)
        code = values["code"]
        if code is not _INVALID:
            if code in seen_fields:
                errors.add(loc, "code", _("Mã lĩnh vực '%(code)s' bị trùng.") % {"code": code})
            seen_fields.add(code)
        fields.append(_model_values(values, FIELD_COLS))

    versions: list[VersionData] = []
    seen_versions: dict[tuple, Loc] = {}
    codes: list[str] = []
    for proc in raw.get("procedures", []):
        ploc = proc.get("__loc__")
        try:
            code = _to_str(proc.get("code")).strip()
        except _Bad as exc:
            errors.add(ploc, "code", exc.args[0])
            continue
        try:
            procedure_code_validator(code)
        except ValidationError:
            column = "procedure_code" if (ploc and ploc.is_sheet) else "code"
            errors.add(
                ploc,
                column,
                _("Mã TTHC '%(code)s' không hợp lệ (dạng 1.001234).") % {"code": code},
            )
            continue
        codes.append(code)
        for rec in proc.get("versions", []):
            versions.append(
                _parse_version(code, rec, agencies, units, known_fields | seen_fields, seen_versions, errors)
            )
    _check_published_overlap(versions, errors)
    if errors:
        sheets = [name for name, *_rest in SHEETS]
        errors.sort(key=lambda e: (sheets.index(e.where) if e.is_sheet else -1, e.row or 0))
        raise CatalogImportError(errors)
    return CatalogData(fields=fields, versions=versions, procedure_codes=list(dict.fromkeys(codes)))


def _parse_version(code, rec, agencies, units, field_codes, seen_versions, errors) -> VersionData:
    loc = rec.get("__loc__")
    values = _convert(rec, VERSION_COLS, ProcedureVersion, errors)
    number = values["number"]
    if number is not _INVALID:
        key = (code, number)
        if key in seen_versions:
            errors.add(
                loc,
                "number",
                _("Thủ tục %(code)s phiên bản %(number)s bị trùng.") % {"code": code, "number": number},
            )
        seen_versions[key] = loc

    field_code = values["field"]
    if field_code is not _INVALID and field_code not in field_codes:
        errors.add(loc, "field", _("Không có lĩnh vực mã '%(code)s'.") % {"code": field_code})
    agency = None
    if values["agency"] is not _INVALID:
        agency = agencies.get(values["agency"])
        if agency is None:
            errors.add(loc, "agency", _("Không có cơ quan mã '%(code)s'.") % {"code": values["agency"]})
    partners = []
    if values["partner_agencies"] is not _INVALID:
        for partner in values["partner_agencies"]:
            if partner in agencies:
                partners.append(agencies[partner])
            else:
                errors.add(loc, "partner_agencies", _("Không có cơ quan mã '%(code)s'.") % {"code": partner})

    instance = ProcedureVersion()
    _model_check(instance, values, VERSION_COLS, loc, errors)
    model_values = _model_values(values, VERSION_COLS)
    data = VersionData(
        code=code,
        loc=loc,
        values=model_values,
        field_code=field_code,
        agency=agency,
        partners=partners,
    )

    # Documents and forms.
    orders: set[int] = set()
    for doc in rec.get("documents", []):
        dloc = doc.get("__loc__")
        dvalues = _convert(doc, DOCUMENT_COLS, RequiredDocument, errors)
        _model_check(RequiredDocument(), dvalues, DOCUMENT_COLS, dloc, errors)
        _unique_order(dvalues, orders, dloc, errors)
        form_values = None
        form = doc.get("form")
        if form:
            floc = form.get("__loc__")
            fvalues = _convert(form, FORM_COLS, FormTemplate, errors)
            _model_check(FormTemplate(), fvalues, FORM_COLS, floc, errors)
            form_values = _model_values(fvalues, FORM_COLS)
        data.documents.append((_model_values(dvalues, DOCUMENT_COLS), form_values))

    # Internal process.
    orders = set()
    budgets: list[Decimal] = []
    for step in rec.get("process_steps", []):
        sloc = step.get("__loc__")
        svalues = _convert(step, STEP_COLS, ProcessStep, errors)
        _unique_order(svalues, orders, sloc, errors)
        resolved = _model_values(svalues, STEP_COLS)
        resolved["unit"] = resolved["agency"] = None
        unit_code, agency_code = svalues["unit"], svalues["agency"]
        if unit_code and unit_code is not _INVALID:
            owner = svalues["unit_agency"] or (agency.code if agency else "")
            if owner is _INVALID:
                owner = ""
            unit = units.get((owner, unit_code))
            if unit is None:
                errors.add(
                    sloc,
                    "unit",
                    _("Không có đơn vị mã '%(unit)s' thuộc cơ quan '%(agency)s'.")
                    % {"unit": unit_code, "agency": owner},
                )
            resolved["unit"] = unit
        elif svalues["unit_agency"] and svalues["unit_agency"] is not _INVALID:
            errors.add(sloc, "unit", _("Đã ghi cơ quan của đơn vị nhưng thiếu mã đơn vị."))
        if agency_code and agency_code is not _INVALID:
            resolved["agency"] = agencies.get(agency_code)
            if resolved["agency"] is None:
                errors.add(sloc, "agency", _("Không có cơ quan mã '%(code)s'.") % {"code": agency_code})
        # ProcessStep.clean() wants an owner; a placeholder id stands for an unknown (already reported) one.
        owner_ids = {
            "unit_id": -1 if unit_code and unit_code is not _INVALID else None,
            "agency_id": -1 if agency_code and agency_code is not _INVALID else None,
        }
        _model_check(ProcessStep(**owner_ids), svalues, STEP_COLS, sloc, errors)
        if isinstance(resolved.get("budget"), Decimal):
            budgets.append(resolved["budget"])
        data.steps.append(resolved)
    if budgets and isinstance(values["processing_time"], Decimal) and values["processing_time"] > 0:
        message = instance.check_step_budgets(budgets)
        if message:
            errors.add(loc, "processing_time", message)

    for fee in rec.get("fees", []):
        fvalues = _convert(fee, FEE_COLS, Fee, errors)
        _model_check(Fee(), fvalues, FEE_COLS, fee.get("__loc__"), errors)
        data.fees.append(_model_values(fvalues, FEE_COLS))
    for basis in rec.get("legal_bases", []):
        bvalues = _convert(basis, LEGAL_COLS, LegalBasis, errors)
        _model_check(LegalBasis(), bvalues, LEGAL_COLS, basis.get("__loc__"), errors)
        data.legal_bases.append(_model_values(bvalues, LEGAL_COLS))
    return data


def _unique_order(values: dict, seen: set, loc, errors: _Errors) -> None:
    order = values.get("order")
    if order is _INVALID or order is None:
        return
    if order in seen:
        errors.add(loc, "order", _("Số thứ tự %(order)s bị trùng trong cùng phiên bản.") % {"order": order})
    seen.add(order)


def _check_published_overlap(versions: list[VersionData], errors: _Errors) -> None:
    """Two published versions of one procedure must not be valid on the same day.

    Compares the versions of the file with each other and with the database versions the file leaves
    untouched.
    """
    published = ProcedureVersion.Status.PUBLISHED
    by_code: dict[str, list[tuple]] = {}
    for v in versions:
        number = v.values.get("number")
        if v.values.get("status") == published and isinstance(number, int):
            by_code.setdefault(v.code, []).append(
                (number, v.values["valid_from"], v.values["valid_to"], v.loc)
            )
    if not by_code:
        return
    in_file = {(code, item[0]) for code, items in by_code.items() for item in items}
    in_file |= {(v.code, v.values.get("number")) for v in versions}
    for number, code, valid_from, valid_to in ProcedureVersion.objects.filter(
        procedure__code__in=by_code, status=published
    ).values_list("number", "procedure__code", "valid_from", "valid_to"):
        if (code, number) not in in_file:
            by_code[code].insert(0, (number, valid_from, valid_to, None))
    for code, items in by_code.items():
        for i, (number, a_from, a_to, loc) in enumerate(items):
            if loc is None or a_from is _INVALID or a_to is _INVALID:
                continue
            for other, b_from, b_to, _other_loc in items[:i]:
                if b_from is _INVALID or b_to is _INVALID:
                    continue
                if ranges_overlap(a_from, a_to, b_from, b_to):
                    errors.add(
                        loc,
                        "valid_from",
                        _(
                            "Thủ tục %(code)s: phiên bản %(number)s và phiên bản %(other)s cùng đang công bố "
                            "trong cùng thời gian hiệu lực."
                        )
                        % {"code": code, "number": number, "other": other},
                    )
                    break
