"""Export and import of the whole procedure catalog (TTHC) as JSON or Excel.

Format (version 1)
==================

JSON::

    {"format": "cchc-catalog", "version": 1,
     "fields": [{"code", "name", "name_en", "order"}],
     "procedures": [{"code": "1.001234", "versions": [{
         "number", "status", "decision", "name", "name_en", "field" (field code),
         "agency" (agency QCVN code: the lead agency), "level", "anywhere", "for_citizens",
         "for_organisations", "subjects_note", "subjects_note_en", "steps", "steps_en", "conditions",
         "conditions_en", "at_counter",
         "online_level", "legacy_online_level", "postal_submission", "postal_return", "pays_online",
         "processing_time",
         "time_unit", "cutoff_time", "time_note", "time_note_en", "fee_note", "fee_note_en",
         "result_name", "result_name_en", "result_form", "inter_agency",
         "partner_agencies" (list of agency codes), "flow_diagram" (stored file name), "data_note",
         "data_note_en", "valid_from", "valid_to",
         "performers": [{"agency" (QCVN code), "online_level" ("" = the version's), "note"}],
         "documents": [{"order", "name", "name_en", "kind", "count", "optional", "note", "note_en",
                        "form": {"code", "title", "title_en", "file", "guidance", "guidance_en",
                                 "source"} or null}],
         "process_steps": [{"order", "name", "name_en", "role", "unit_agency", "unit", "agency",
                            "budget", "performer"}],
         "fees": [{"name", "name_en", "amount", "note", "note_en", "performer"}],
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
* ``Cơ quan thực hiện``: procedure_code, version, agency, online_level, note (optional sheet: a file
  without it leaves each version's performers as the database has them)
* ``Thành phần hồ sơ``: procedure_code, version, order, name, name_en, kind, count, optional, note, note_en
* ``Mẫu đơn``: procedure_code, version, document_order, code, title, title_en, file, guidance, guidance_en,
  source
* ``Quy trình nội bộ``: procedure_code, version, order, name, name_en, role, unit_agency, unit, agency,
  budget, performer
* ``Phí lệ phí``: procedure_code, version, name, name_en, amount, note, note_en, performer
* ``Căn cứ pháp lý``: procedure_code, version, number, title, title_en, issuer, issuer_en, issued_on

Performers (decision 0021): a step or fee whose ``performer`` names one of the version's performing
agencies (its QCVN code) is that agency's own; empty, it is the common process or fee. Each process has
its own step numbers and its budgets within the legal time; an own step's unit belongs to the performer's
agency (``unit_agency`` defaults to it). The lead agency (``agency``) need not be listed among them.

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
versions not in the file are untouched. Everything is parsed and validated first, each record by the
Django form of its sheet (:mod:`cchc.procedures.catalog_rows`, which also says how each column is read
and written); with any error nothing is imported (:class:`CatalogImportError` carries every error).
Writing is in :func:`cchc.procedures.services.import_catalog`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from cchc.common.language import ENGLISH_SUFFIX
from cchc.common.spreadsheets import workbook_bytes
from cchc.common.validity import ranges_overlap
from cchc.org.models import Agency
from cchc.procedures.catalog_rows import (
    Catalog,
    CodeColumn,
    Column,
    DocumentRow,
    FeeRow,
    FieldRow,
    FormTemplateRow,
    IntColumn,
    LegalBasisRow,
    PerformerRow,
    RowForm,
    StepRow,
    VersionRow,
    int_or_none,
)
from cchc.procedures.models import (
    Fee,
    Field,
    FormTemplate,
    LegalBasis,
    Performer,
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
SHEET_PERFORMERS = "Cơ quan thực hiện"
SHEET_DOCUMENTS = "Thành phần hồ sơ"
SHEET_FORMS = "Mẫu đơn"
SHEET_STEPS = "Quy trình nội bộ"
SHEET_FEES = "Phí lệ phí"
SHEET_LEGAL = "Căn cứ pháp lý"


@dataclass(frozen=True)
class Sheet:
    """An Excel sheet: its rows are checked by ``row``; ``link`` columns (first) tie a child row to its
    version; ``key`` is the list of a JSON version the rows go to."""

    name: str
    key: str | None
    row: type[RowForm]
    link: tuple[tuple[str, Column], ...] = ()

    @property
    def columns(self) -> dict[str, Column]:
        return {**dict(self.link), **self.row.base_fields}


LINK = (("procedure_code", CodeColumn(required=True)), ("version", IntColumn(required=True)))
SHEETS = [
    Sheet(SHEET_FIELDS, None, FieldRow),
    Sheet(SHEET_VERSIONS, None, VersionRow, (LINK[0],)),
    Sheet(SHEET_PERFORMERS, "performers", PerformerRow, LINK),
    Sheet(SHEET_DOCUMENTS, "documents", DocumentRow, LINK),
    Sheet(SHEET_FORMS, "form", FormTemplateRow, (*LINK, ("document_order", IntColumn(required=True)))),
    Sheet(SHEET_STEPS, "process_steps", StepRow, LINK),
    Sheet(SHEET_FEES, "fees", FeeRow, LINK),
    Sheet(SHEET_LEGAL, "legal_bases", LegalBasisRow, LINK),
]
CHILD_LISTS = ("performers", "documents", "process_steps", "fees", "legal_bases")
# A file written before performers existed has no such sheet (JSON: no such key): its versions keep the
# performers the database has.
OPTIONAL_SHEETS = {SHEET_PERFORMERS}


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


# --- Export ------------------------------------------------------------------------------------------


def _export_row(obj, row: type[RowForm]) -> dict:
    """The JSON values of ``obj``'s model columns (references are added by the caller)."""
    return {name: row.base_fields[name].export(getattr(obj, name)) for name in row.model_columns()}


def export_catalog() -> dict:
    """The whole catalog as the JSON-ready structure described in the module docstring."""
    fields = [_export_row(f, FieldRow) for f in Field.objects.order_by("order", "name", "code")]
    versions = (
        ProcedureVersion.objects.select_related("procedure", "field", "agency")
        .prefetch_related(
            "partner_agencies",
            models.Prefetch(
                "required_documents", RequiredDocument.objects.select_related("form").order_by("order", "id")
            ),
            models.Prefetch(
                "performers", Performer.objects.select_related("agency").order_by("agency__code")
            ),
            models.Prefetch(
                "process_steps",
                ProcessStep.objects.select_related("unit__agency", "agency", "performer__agency").order_by(
                    models.F("performer__agency__code").asc(nulls_first=True), "order"
                ),
            ),
            models.Prefetch("fees", Fee.objects.select_related("performer__agency").order_by("id")),
            models.Prefetch("legal_bases", LegalBasis.objects.order_by("issued_on", "id")),
        )
        .order_by("procedure__code", "number")
    )
    by_code: dict[str, list[dict]] = {}
    for v in versions:
        row = _export_row(v, VersionRow)
        row["field"] = v.field.code
        row["agency"] = v.agency.code
        row["partner_agencies"] = sorted(a.code for a in v.partner_agencies.all())
        row = {name: row[name] for name in VersionRow.base_fields}  # column order
        row["performers"] = [
            {"agency": p.agency.code, **_export_row(p, PerformerRow)} for p in v.performers.all()
        ]
        docs = []
        for d in v.required_documents.all():
            doc = _export_row(d, DocumentRow)
            form = form_of(d)
            doc["form"] = _export_row(form, FormTemplateRow) if form else None
            docs.append(doc)
        row["documents"] = docs
        steps = []
        for s in v.process_steps.all():
            step = _export_row(s, StepRow)
            step["unit_agency"] = s.unit.agency.code if s.unit_id else None
            step["unit"] = s.unit.code if s.unit_id else None
            step["agency"] = s.agency.code if s.agency_id else None
            step["performer"] = s.performer.agency.code if s.performer_id else None
            steps.append({name: step[name] for name in StepRow.base_fields})
        row["process_steps"] = steps
        row["fees"] = [
            {**_export_row(f, FeeRow), "performer": f.performer.agency.code if f.performer_id else None}
            for f in v.fees.all()
        ]
        row["legal_bases"] = [_export_row(b, LegalBasisRow) for b in v.legal_bases.all()]
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


def flatten(data: dict) -> dict[str, tuple[dict[str, Column], list[list]]]:
    """The catalog structure as Excel rows: sheet name -> (columns by name, rows)."""
    out = {sheet.name: (sheet.columns, []) for sheet in SHEETS}

    def add(sheet: str, record: dict) -> None:
        columns, rows = out[sheet]
        rows.append([column.excel(record.get(name)) for name, column in columns.items()])

    for f in data["fields"]:
        add(SHEET_FIELDS, f)
    for proc in data["procedures"]:
        for v in proc["versions"]:
            link = {"procedure_code": proc["code"], "version": v["number"]}
            add(SHEET_VERSIONS, {"procedure_code": proc["code"], **v})
            for p in v.get("performers") or []:
                add(SHEET_PERFORMERS, {**link, **p})
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
        ws.append(list(cols))
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in rows:
            ws.append(row)
            for cell in ws[ws.max_row]:
                if isinstance(cell.value, dt.time):
                    cell.number_format = "hh:mm:ss"
                elif isinstance(cell.value, dt.date):
                    cell.number_format = "yyyy-mm-dd"
        ws.freeze_panes = "A2"
        for i, name in enumerate(cols, start=1):
            ws.column_dimensions[get_column_letter(i)].width = max(12, len(name) + 2)
    return workbook_bytes(wb)  # a text beginning with "=" stays text


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
            for key in CHILD_LISTS:
                version[key] = [{**r, "__loc__": rl} for r, rl in records(v.get(key), f"{vloc.where}.{key}")]
            if v.get("performers") is None:
                version["performers"] = None
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
        for entry in SHEETS:
            sheet, columns = entry.name, entry.columns
            if sheet not in wb.sheetnames:
                if sheet not in OPTIONAL_SHEETS:
                    errors.add(None, None, _("Thiếu trang '%(sheet)s'.") % {"sheet": sheet})
                    tables[sheet] = []
                continue
            rows = wb[sheet].iter_rows(values_only=True)
            header = next(rows, None) or ()
            keys = [str(h).strip() if h is not None else "" for h in header]
            for name, column in columns.items():
                if column.required and name not in keys:
                    errors.add(
                        Loc(sheet, None, True),
                        None,
                        _("Thiếu cột '%(column)s' trong trang '%(sheet)s'.")
                        % {"column": name, "sheet": sheet},
                    )
            known = set(columns)
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
    number = rec.get("version", rec.get("number"))
    with contextlib.suppress(ValidationError):  # an unreadable number is reported with its version row
        number = IntColumn().to_python(number)
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
        version["performers"] = [] if SHEET_PERFORMERS in tables else None
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

    for sheet in SHEETS[2:]:
        if sheet.key == "form" or sheet.name not in tables:
            continue
        for rec in tables[sheet.name]:
            version = parent(rec)
            if version is not None:
                version[sheet.key].append(
                    {k: v for k, v in rec.items() if k not in ("procedure_code", "version")}
                )
    for rec in tables[SHEET_FORMS]:
        version = parent(rec)
        if version is None:
            continue
        order = int_or_none(rec.get("document_order"))
        docs = [d for d in version["documents"] if int_or_none(d.get("order")) == order]
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


# --- Parsing and validation ------------------------------------------------------------------------------


@dataclass
class VersionData:
    code: str
    loc: Loc
    values: dict  # model attribute -> value; a column that could not be read is missing
    field_code: str | None
    agency: Agency | None
    partners: list[Agency]
    performers: list[dict] | None = None  # None: the file says nothing of them (an older file)
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


def carry_english(values: dict, old: models.Model | None, row: type[RowForm]) -> dict:
    """``values`` with the English texts a file did not carry (written before the English columns
    existed): the database's English where the Vietnamese text it translates is unchanged, else empty —
    so re-importing an old spreadsheet neither erases the translations nor keeps a stale one."""
    values = dict(values)
    for english in row.model_columns():
        if not english.endswith(ENGLISH_SUFFIX) or english in values:
            continue
        vietnamese = english[: -len(ENGLISH_SUFFIX)]
        same = old is not None and getattr(old, vietnamese) == values.get(vietnamese)
        values[english] = getattr(old, english) if same else ""
    return values


def _checked(row: RowForm, errors: _Errors) -> RowForm:
    """``row`` validated, its errors added to ``errors`` at the record's location."""
    for column, message in row.error_list():
        errors.add(row.data.get("__loc__"), column, message)
    return row


def parse_catalog(raw: dict) -> CatalogData:
    """Validate every record of a raw catalog; raise :class:`CatalogImportError` listing all errors."""
    errors = _Errors(raw.get("__errors__", []))
    catalog = Catalog.from_database()
    fields = [_checked(FieldRow(rec, catalog), errors).model_values() for rec in raw.get("fields", [])]

    versions: list[VersionData] = []
    codes: list[str] = []
    for proc in raw.get("procedures", []):
        ploc = proc.get("__loc__")
        try:
            code = CodeColumn().clean(proc.get("code"))
        except ValidationError as exc:
            errors.add(ploc, "code", exc.messages[0])
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
            versions.append(_parse_version(code, rec, catalog, errors))
    _check_published_overlap(versions, errors)
    if errors:
        sheets = [sheet.name for sheet in SHEETS]
        errors.sort(key=lambda e: (sheets.index(e.where) if e.is_sheet else -1, e.row or 0))
        raise CatalogImportError(errors)
    return CatalogData(fields=fields, versions=versions, procedure_codes=list(dict.fromkeys(codes)))


def _parse_version(code: str, rec: dict, catalog: Catalog, errors: _Errors) -> VersionData:
    version = _checked(VersionRow(rec, catalog, code=code), errors)
    data = VersionData(
        code=code,
        loc=rec.get("__loc__"),
        values=version.model_values(),
        field_code=version.values.get("field"),
        agency=version.agency,
        partners=version.partners,
    )
    orders: set[int] = set()
    for doc in rec.get("documents", []):
        document = _checked(DocumentRow(doc, catalog, orders=orders), errors)
        form = doc.get("form")
        form_values = _checked(FormTemplateRow(form, catalog), errors).model_values() if form else None
        data.documents.append((document.model_values(), form_values))

    performers: dict[str, Agency] = {}
    if rec.get("performers") is not None:
        data.performers = [
            _checked(PerformerRow(p, catalog, seen=performers), errors).model_values()
            for p in rec["performers"]
        ]
    else:
        performers = _database_performers(code, version.values.get("number"))
    if version.agency is not None:
        performers.setdefault(version.agency.code, version.agency)

    # Each process (the common one, each performer's own) has its own step numbers and time budget.
    orders: dict[str, set[int]] = {}
    budgets: dict[str, list] = {}
    for rec_step in rec.get("process_steps", []):
        own = str(rec_step.get("performer") or "").strip()
        step = _checked(
            StepRow(
                rec_step,
                catalog,
                orders=orders.setdefault(own, set()),
                version_agency=version.agency,
                performers=performers,
            ),
            errors,
        )
        if step.values.get("budget") is not None:
            budgets.setdefault(step.performer, []).append(step.values["budget"])
        data.steps.append(step.model_values())
    if version.values.get("processing_time") is not None:
        for own, values in budgets.items():
            message = version.instance.check_step_budgets(values)
            if message and own:
                message = _("Quy trình riêng của cơ quan '%(code)s': %(message)s") % {
                    "code": own,
                    "message": message,
                }
            if message:
                errors.add(data.loc, "processing_time", message)

    data.fees = [
        _checked(FeeRow(fee, catalog, performers=performers), errors).model_values()
        for fee in rec.get("fees", [])
    ]
    data.legal_bases = [
        _checked(LegalBasisRow(basis, catalog), errors).model_values() for basis in rec.get("legal_bases", [])
    ]
    return data


def _database_performers(code: str, number) -> dict[str, Agency]:
    """The performers the database has for a version an older file (without performers) updates."""
    if number is None:
        return {}
    rows = Performer.objects.filter(version__procedure__code=code, version__number=number).select_related(
        "agency"
    )
    return {p.agency.code: p.agency for p in rows}


def _check_published_overlap(versions: list[VersionData], errors: _Errors) -> None:
    """Two published versions of one procedure must not be valid on the same day.

    Compares the versions of the file with each other and with the database versions the file leaves
    untouched; a version whose validity could not be read is left out.
    """
    published = ProcedureVersion.Status.PUBLISHED
    by_code: dict[str, list[tuple]] = {}
    for v in versions:
        number = v.values.get("number")
        readable = "valid_from" in v.values and "valid_to" in v.values
        if v.values.get("status") == published and number is not None and readable:
            by_code.setdefault(v.code, []).append(
                (number, v.values["valid_from"], v.values["valid_to"], v.loc)
            )
    if not by_code:
        return
    in_file = {(v.code, v.values.get("number")) for v in versions}
    for number, code, valid_from, valid_to in ProcedureVersion.objects.filter(
        procedure__code__in=by_code, status=published
    ).values_list("number", "procedure__code", "valid_from", "valid_to"):
        if (code, number) not in in_file:
            by_code[code].insert(0, (number, valid_from, valid_to, None))
    for code, items in by_code.items():
        for i, (number, a_from, a_to, loc) in enumerate(items):
            if loc is None:
                continue
            for other, b_from, b_to, _other_loc in items[:i]:
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
