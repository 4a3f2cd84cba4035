"""Catalog write services: the one place the catalog import touches the database.

Who may import: a superuser, or a member of the OFFICE or SYSADMIN group (``cchc.org.roles``). The
management command is run by someone with shell access to the server, who can already change the
database directly; it passes :data:`SYSTEM` unless ``--user`` names an account to check.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, ProtectedError, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.common import public_cache
from cchc.common.db import refresh_statistics
from cchc.org import roles
from cchc.org.models import Agency, Unit
from cchc.procedures import catalog_io, selectors
from cchc.procedures.catalog_io import (
    CatalogData,
    CatalogError,
    CatalogImportError,
    carry_english,
    form_of,
)
from cchc.procedures.catalog_rows import (
    DocumentRow,
    FeeRow,
    FieldRow,
    FormTemplateRow,
    LegalBasisRow,
    StepRow,
    VersionRow,
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
)

SYSTEM = object()
"""The trusted system actor (the command line without ``--user``)."""

COUNT_LABELS = {
    "fields": gettext_lazy("Lĩnh vực"),
    "procedures": gettext_lazy("Thủ tục"),
    "versions": gettext_lazy("Phiên bản thủ tục"),
    "performers": gettext_lazy("Cơ quan thực hiện"),
    "documents": gettext_lazy("Thành phần hồ sơ"),
    "forms": gettext_lazy("Mẫu đơn, tờ khai"),
    "steps": gettext_lazy("Bước quy trình nội bộ"),
    "fees": gettext_lazy("Phí, lệ phí"),
    "legal_bases": gettext_lazy("Căn cứ pháp lý"),
}


def can_edit_catalog(user) -> bool:
    if user is SYSTEM:
        return True
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return bool(roles.user_roles(user) & {roles.OFFICE, roles.SYSADMIN})


@dataclass
class ImportResult:
    dry_run: bool = False
    counts: dict[str, dict[str, int]] = field(
        default_factory=lambda: {key: {"created": 0, "updated": 0} for key in COUNT_LABELS}
    )

    def add(self, kind: str, created: bool) -> None:
        self.counts[kind]["created" if created else "updated"] += 1

    def rows(self) -> list[tuple[str, str, int, int]]:
        """(key, Vietnamese label, created, updated) for display."""
        return [
            (key, str(label), self.counts[key]["created"], self.counts[key]["updated"])
            for key, label in COUNT_LABELS.items()
        ]

    def summary_lines(self) -> list[str]:
        return [
            _("%(label)s: %(created)s thêm mới, %(updated)s cập nhật")
            % {"label": label, "created": created, "updated": updated}
            for _key, label, created, updated in self.rows()
        ]


def import_catalog(
    *,
    actor,
    data: dict | CatalogData,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Validate and write a catalog; all or nothing.

    ``data`` is the raw structure from :func:`catalog_io.read_file` (or a decoded JSON catalog dict), or
    an already parsed :class:`CatalogData`. Raises ``PermissionDenied`` when ``actor`` may not edit the
    catalog and :class:`CatalogImportError` listing every error (nothing is written). With ``dry_run``
    everything is written inside the transaction and rolled back. Child rows (documents, forms, steps,
    fees, legal bases) are replaced, so they are all counted as created.
    """
    if not can_edit_catalog(actor):
        raise PermissionDenied(_("Bạn không có quyền cập nhật danh mục thủ tục hành chính."))
    if isinstance(data, dict) and "format" in data:  # a decoded JSON document, not yet annotated
        data = catalog_io.annotate_json(data)
    parsed = data if isinstance(data, CatalogData) else catalog_io.parse_catalog(data)
    result = ImportResult(dry_run=dry_run)
    try:
        with transaction.atomic():
            _write(parsed, result, progress)
            if dry_run:
                transaction.set_rollback(True)
    except ProtectedError as exc:
        raise CatalogImportError(
            [
                CatalogError(
                    "",
                    None,
                    None,
                    _(
                        "Phiên bản thủ tục trong tệp đã có hồ sơ tiếp nhận theo nó, nên không được sửa "
                        "thành phần hồ sơ hay quy trình; hãy thêm một phiên bản mới (số phiên bản lớn hơn) "
                        "thay cho phiên bản đó."
                    ),
                )
            ]
        ) from exc
    except IntegrityError as exc:
        raise CatalogImportError(
            [CatalogError("", None, None, _("Không ghi được vào cơ sở dữ liệu: %(error)s") % {"error": exc})]
        ) from exc
    if not dry_run:
        transaction.on_commit(refresh_statistics)
    return result


def _write(parsed: CatalogData, result: ImportResult, progress) -> None:
    # Bulk inserts send no model signals: the public pages are renewed explicitly when this commits.
    public_cache.bump("catalog")
    fields = {}
    existing_fields = {f.code: f for f in Field.objects.filter(code__in=[v["code"] for v in parsed.fields])}
    for values in parsed.fields:
        values = carry_english(values, existing_fields.get(values["code"]), FieldRow)
        obj, created = Field.objects.update_or_create(
            code=values["code"], defaults={k: v for k, v in values.items() if k != "code"}
        )
        fields[obj.code] = obj
        result.add("fields", created)
    procedures = {}
    for code in parsed.procedure_codes:
        procedures[code], created = Procedure.objects.get_or_create(code=code)
        result.add("procedures", created)
    missing = {v.field_code for v in parsed.versions} - set(fields)
    fields.update({f.code: f for f in Field.objects.filter(code__in=missing)})

    total = len(parsed.versions)
    for done, data in enumerate(parsed.versions, start=1):
        procedure = procedures[data.code]
        version = ProcedureVersion.objects.filter(procedure=procedure, number=data.values["number"]).first()
        created = version is None
        if created:
            version = ProcedureVersion(procedure=procedure)
        for name, value in carry_english(data.values, None if created else version, VersionRow).items():
            setattr(version, name, value)
        version.field = fields[data.field_code]
        version.agency = data.agency
        version.save()
        version.partner_agencies.set(data.partners)
        result.add("versions", created)
        # The rows being replaced, by natural key: their English survives a file without English columns.
        old_docs, old_steps, old_fees, old_bases = {}, {}, {}, {}
        if not created:
            old_docs = {d.order: d for d in version.required_documents.select_related("form")}
            old_steps = {
                (_own(s), s.order): s for s in version.process_steps.select_related("performer__agency")
            }
            old_fees = {(_own(f), f.name): f for f in version.fees.select_related("performer__agency")}
            old_bases = {b.number: b for b in version.legal_bases.all()}
            version.required_documents.all().delete()  # forms cascade
            version.process_steps.all().delete()
            version.fees.all().delete()
            version.legal_bases.all().delete()
            if data.performers is not None:
                version.performers.all().delete()
        if data.performers is not None:
            Performer.objects.bulk_create([Performer(version=version, **p) for p in data.performers])
            result.counts["performers"]["created"] += len(data.performers)
        performers = {p.agency.code: p for p in version.performers.select_related("agency")}
        for doc_values, form_values in data.documents:
            old_doc = old_docs.get(doc_values["order"])
            document = RequiredDocument.objects.create(
                version=version, **carry_english(doc_values, old_doc, DocumentRow)
            )
            result.add("documents", True)
            if form_values is not None:
                old_form = form_of(old_doc) if old_doc else None
                FormTemplate.objects.create(
                    document=document, **carry_english(form_values, old_form, FormTemplateRow)
                )
                result.add("forms", True)
        ProcessStep.objects.bulk_create(
            [
                ProcessStep(
                    version=version,
                    **_with_performer(
                        carry_english(s, old_steps.get((s["performer"], s["order"])), StepRow), performers
                    ),
                )
                for s in data.steps
            ]
        )
        Fee.objects.bulk_create(
            [
                Fee(
                    version=version,
                    **_with_performer(
                        carry_english(f, old_fees.get((f["performer"], f["name"])), FeeRow), performers
                    ),
                )
                for f in data.fees
            ]
        )
        LegalBasis.objects.bulk_create(
            [
                LegalBasis(version=version, **carry_english(b, old_bases.get(b["number"]), LegalBasisRow))
                for b in data.legal_bases
            ]
        )
        result.counts["steps"]["created"] += len(data.steps)
        result.counts["fees"]["created"] += len(data.fees)
        result.counts["legal_bases"]["created"] += len(data.legal_bases)
        if progress:
            progress(done, total)


def _own(row) -> str:
    """The performing agency's code of an own step or fee ("" for a common one)."""
    return row.performer.agency.code if row.performer_id else ""


def _with_performer(values: dict, performers: dict[str, Performer]) -> dict:
    """A step's or fee's values with its performer's code replaced by the version's Performer row."""
    code = values.pop("performer", "")
    return {**values, "performer": performers[code] if code else None}


def import_catalog_file(
    *, actor, content: bytes, filename: str, dry_run: bool = False, progress=None
) -> ImportResult:
    """Permission check, then read, validate and import an uploaded .xlsx or .json file."""
    if not can_edit_catalog(actor):
        raise PermissionDenied(_("Bạn không có quyền cập nhật danh mục thủ tục hành chính."))
    raw = catalog_io.read_file(content, filename)
    return import_catalog(actor=actor, data=raw, dry_run=dry_run, progress=progress)


def export_catalog_file(fmt: str) -> tuple[bytes, str, str]:
    """(content, content type, file name) of the whole catalog as ``xlsx`` or ``json``."""
    data = catalog_io.export_catalog()
    if fmt == "json":
        return catalog_io.dump_json(data), "application/json; charset=utf-8", "danh-muc-tthc.json"
    if fmt == "xlsx":
        return (
            catalog_io.dump_xlsx(data),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "danh-muc-tthc.xlsx",
        )
    raise ValueError(fmt)


# --- performers of a version (decision 0021) ------------------------------------------------------


@dataclass
class PerformersAdded:
    added: list[Agency]
    already: list[Agency]
    steps_copied: int = 0


def add_performers(*, actor, version: ProcedureVersion, agencies, copy_steps_from: Agency | None = None):
    """Make each of ``agencies`` a performer of ``version`` (e.g. every commune for a commune-level
    procedure); the lead agency becomes one too. Agencies already performing it are left as they are.

    With ``copy_steps_from`` (an agency), the process that applies to that agency
    (``selectors.process_steps``) is copied as each new performer's own process, each step's unit
    replaced by the unit of the *same code* in the new performer's agency; a step owned by
    ``copy_steps_from`` itself (no unit) goes to the new performer, a partner agency's step stays.
    All or nothing: an agency without a unit of a needed code is named in a ``ValidationError``
    and nothing is saved. Adding performers changes nothing a received dossier was received under,
    so it is allowed on a version that has dossiers.
    """
    if not can_edit_catalog(actor):
        raise PermissionDenied(_("Bạn không có quyền cập nhật danh mục thủ tục hành chính."))
    agencies = list(dict.fromkeys(agencies))
    with transaction.atomic():
        version = ProcedureVersion.objects.select_for_update().select_related("agency").get(pk=version.pk)
        existing = set(version.performers.values_list("agency_id", flat=True))
        if version.agency_id not in existing:
            Performer.objects.create(version=version, agency=version.agency)
            existing.add(version.agency_id)
        new = [a for a in agencies if a.pk not in existing]
        result = PerformersAdded(added=new, already=[a for a in agencies if a.pk in existing])
        steps = []
        if copy_steps_from is not None and new:
            source = list(selectors.process_steps(version.pk, copy_steps_from.pk).select_related("unit"))
            codes = {s.unit.code for s in source if s.unit_id}
            units = {
                (u.agency_id, u.code): u
                for u in Unit.objects.valid_on().filter(agency__in=new, code__in=codes)
            }
            errors = []
            for agency in new:
                missing = sorted(code for code in codes if (agency.pk, code) not in units)
                if missing:
                    errors.append(
                        _("%(agency)s chưa có đơn vị mã %(codes)s để nhận các bước quy trình được sao chép.")
                        % {"agency": agency.name, "codes": ", ".join(missing)}
                    )
            if errors:
                raise ValidationError(errors)
            steps = [(agency, step) for agency in new for step in source]
        performers = Performer.objects.bulk_create([Performer(version=version, agency=a) for a in new])
        by_agency = {p.agency_id: p for p in performers}
        copies = []
        for agency, step in steps:
            copy = ProcessStep(
                version=version,
                performer=by_agency[agency.pk],
                order=step.order,
                name=step.name,
                name_en=step.name_en,
                role=step.role,
                budget=step.budget,
                unit=units[(agency.pk, step.unit.code)] if step.unit_id else None,
                agency=agency if not step.unit_id and step.agency_id == copy_steps_from.pk else step.agency,
            )
            copies.append(copy)
        ProcessStep.objects.bulk_create(copies)
        result.steps_copied = len(copies)
        public_cache.bump("catalog")  # bulk inserts send no signal
        transaction.on_commit(selectors.forget_catalog_summary)
    return result


# --- amending a procedure: a new version (decision 0002) -------------------------------------------

# Columns of a version that are not its content: a new version gets its own.
_NOT_CONTENT = {
    "id",
    "number",
    "status",
    "valid_from",
    "valid_to",
    "updated_at",
    "search_name",
    "search_text",
}


def publish_amended_version(
    *,
    actor,
    base: ProcedureVersion,
    valid_from,
    changes: dict | None = None,
    documents: list[dict] | None = None,
    legal_bases: list[dict] | None = None,
) -> ProcedureVersion:
    """Amend a published procedure as decision 0002 says: a copy of ``base`` with ``changes`` (version
    columns), published from ``valid_from``; ``base`` ends the day before. The copy keeps everything
    else of ``base`` — its performing agencies, their own and the common internal process steps and
    fees, partner agencies — and its required documents (with forms) and legal bases unless
    ``documents`` / ``legal_bases`` replace them (dicts of model fields; ``"form"``: a ``FormTemplate``
    to copy onto the document). Dossiers received under ``base`` keep ``base``.

    Refused (nothing saved): an actor who may not edit the catalog; a ``base`` not published; a date
    before today or not after ``base`` took effect; another published version of the procedure in
    force on or after ``valid_from``.
    """
    if not can_edit_catalog(actor):
        raise PermissionDenied(_("Bạn không có quyền cập nhật danh mục thủ tục hành chính."))
    with transaction.atomic():
        base = ProcedureVersion.objects.select_for_update().get(pk=base.pk)
        if base.status != ProcedureVersion.Status.PUBLISHED:
            raise ValidationError(_("Chỉ sửa đổi được phiên bản đang công bố."))
        if valid_from < timezone.localdate():
            raise ValidationError({"valid_from": _("Ngày áp dụng không được trước hôm nay.")})
        if base.valid_from and valid_from <= base.valid_from:
            raise ValidationError(
                {"valid_from": _("Ngày áp dụng phải sau ngày phiên bản hiện hành có hiệu lực.")}
            )
        later = (
            ProcedureVersion.objects.filter(
                procedure_id=base.procedure_id, status=ProcedureVersion.Status.PUBLISHED
            )
            .exclude(pk=base.pk)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=valid_from))
        )
        if later.exists():
            raise ValidationError(
                _("Thủ tục đã có phiên bản khác có hiệu lực từ ngày này; kiểm tra các phiên bản trước.")
            )
        number = ProcedureVersion.objects.filter(procedure_id=base.procedure_id).aggregate(n=Max("number"))[
            "n"
        ]
        version = ProcedureVersion(
            **{
                f.attname: getattr(base, f.attname)
                for f in ProcedureVersion._meta.concrete_fields
                if f.attname not in _NOT_CONTENT
            }
        )
        for name, value in (changes or {}).items():
            setattr(version, name, value)
        version.number = number + 1
        version.status = ProcedureVersion.Status.PUBLISHED
        version.valid_from = valid_from
        version.valid_to = None
        version.save()
        version.partner_agencies.set(base.partner_agencies.all())
        if base.valid_to is None or base.valid_to >= valid_from:
            base.valid_to = valid_from - dt.timedelta(days=1)
            base.save(update_fields=["valid_to", "updated_at"])
        performers = {}
        for old in base.performers.all():
            performers[old.pk] = Performer.objects.create(
                version=version, agency_id=old.agency_id, online_level=old.online_level, note=old.note
            )
        _copy_rows(base.process_steps.all(), version, performers)
        _copy_rows(base.fees.all(), version, performers)
        if documents is None:
            documents = [
                {**_values(d, RequiredDocument), "form": form_of(d)}
                for d in base.required_documents.select_related("form")
            ]
        for values in documents:
            values = dict(values)
            form = values.pop("form", None)
            document = RequiredDocument.objects.create(version=version, **values)
            if form is not None:
                FormTemplate.objects.create(
                    document=document, **_values(form, FormTemplate, skip={"document"})
                )
        if legal_bases is None:
            legal_bases = [_values(b, LegalBasis) for b in base.legal_bases.all()]
        LegalBasis.objects.bulk_create([LegalBasis(version=version, **values) for values in legal_bases])
        public_cache.bump("catalog")  # bulk inserts send no signal
        transaction.on_commit(selectors.forget_catalog_summary)
    return version


def _values(row, model, skip=frozenset()) -> dict:
    """A row's own columns (no id, no version) as keyword arguments for a copy."""
    return {
        f.attname: getattr(row, f.attname)
        for f in model._meta.concrete_fields
        if f.attname not in {"id", "version_id", *(f"{s}_id" for s in skip), *skip}
    }


def _copy_rows(rows, version: ProcedureVersion, performers: dict) -> None:
    """Copy steps or fees onto ``version``, each performer's own onto that performer's copy."""
    copies = []
    for row in rows:
        values = _values(row, type(row))
        if row.performer_id:
            values["performer_id"] = performers[row.performer_id].pk
        copies.append(type(row)(version=version, **values))
    if copies:
        type(copies[0]).objects.bulk_create(copies)
