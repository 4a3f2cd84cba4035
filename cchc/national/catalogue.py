"""The national procedure database is the master of a procedure's public content (QĐ 31/2021; decision
0023, "Inbound and catalogue"): :func:`check` reads each procedure with ``LayThuTuc`` and stores, per
procedure, the fields whose content differs from CCHC's current version (``CatalogueCheck``);
:func:`apply` turns them, on the catalogue administrator's confirmation, into a new published version
(``procedures.services.publish_amended_version``) from a chosen day — the province's own internal
process, fees and performing agencies are copied unchanged.

The national record's fields are those OpenCPS reads from ``LayThuTuc`` [V]: ``TENTTHC``,
``LINHVUCTHUCHIEN[]`` (``MALINHVUC``, ``TENLINHVUC``), ``TRINHTUTHUCHIEN[]`` (``TRUONGHOP``,
``TRINHTU[].TENTRINHTU``), ``CACHTHUCTHUCHIEN[]`` (``KENH`` 1 direct, 2 online, 3 post; ``THOIGIAN[]``
with ``THOIGIANGIAIQUYET``, ``DONVITINH``, ``MOTA`` and ``PHILEPHI[]`` ``MAPHILEPHI``, ``SOTIEN``,
``DONVI``, ``MOTA``), ``THANHPHANHOSO[]`` (``GIAYTO[]``: ``MAGIAYTO``, ``TENGIAYTO``, ``TENMAUDON``,
``URL``), ``KETQUATHUCHIEN[]`` (``MAKETQUA``, ``TENKETQUA``), ``CANCUPHAPLY[]`` (``SOVANBAN``,
``TENVANBAN``), ``YEUCAU``, ``MOTADOITUONGTHUCHIEN``, ``COQUANTHUCHIEN[]``, ``TRANGTHAI``. Not seen
there, guessed [S]: ``DOITUONGTHUCHIEN[].TENDOITUONG`` (who may apply), ``SOBANCHINH``/``SOBANSAO`` of a
document, ``COQUANBANHANH``/``NGAYBANHANH`` of a legal basis, the ``DONVITINH`` texts read below.
"""

from __future__ import annotations

import datetime as dt
import logging
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from cchc.common.text import fold, lines
from cchc.national import calls
from cchc.national.models import CatalogueCheck
from cchc.procedures import services as procedure_services
from cchc.procedures.catalog_io import form_of
from cchc.procedures.models import Field, LegalBasis, Procedure, ProcedureVersion, RequiredDocument

log = logging.getLogger("cchc.national.catalogue")

ONLINE_CHANNEL = 2
CHANNELS = {1: "Trực tiếp", 2: "Trực tuyến", 3: "Qua dịch vụ bưu chính công ích"}
# [S] DONVITINH as the national database writes it → CCHC's unit of the legal time.
TIME_UNITS = {
    "ngay lam viec": ProcedureVersion.TimeUnit.WORKING_DAYS,
    "ngay": ProcedureVersion.TimeUnit.WORKING_DAYS,
    "gio lam viec": ProcedureVersion.TimeUnit.WORKING_HOURS,
    "gio": ProcedureVersion.TimeUnit.WORKING_HOURS,
}
UNIT_TEXT = {
    ProcedureVersion.TimeUnit.WORKING_DAYS: "Ngày làm việc",
    ProcedureVersion.TimeUnit.WORKING_HOURS: "Giờ làm việc",
}
CITIZENS, ORGANISATIONS = "Công dân Việt Nam", "Doanh nghiệp, tổ chức"

# (key, label, applied on confirmation). Fees are the province's (a fee resolution of the Provincial
# People's Council): shown to compare, never replaced.
FIELDS = (
    ("name", "Tên thủ tục", True),
    ("field", "Lĩnh vực", True),
    ("steps", "Trình tự thực hiện", True),
    ("channels", "Cách thức thực hiện", True),
    ("processing_time", "Thời hạn giải quyết", True),
    ("time_note", "Ghi chú thời hạn", True),
    ("documents", "Thành phần hồ sơ", True),
    ("subjects", "Đối tượng thực hiện", True),
    ("subjects_note", "Mô tả đối tượng thực hiện", True),
    ("result", "Kết quả thực hiện", True),
    ("legal_bases", "Căn cứ pháp lý", True),
    ("conditions", "Yêu cầu, điều kiện", True),
    ("fees", "Phí, lệ phí (chỉ để đối chiếu)", False),
)
LABELS = {key: label for key, label, _applies in FIELDS}


# --- reading both sides into one comparable shape ---------------------------------------------------


def _norm(text) -> str:
    return " ".join(unicodedata.normalize("NFC", str(text or "")).split())


def _list(value) -> list:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _number(value) -> Decimal | None:
    try:
        number = Decimal(str(value).replace(",", "."))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def _amount(value: Decimal | None) -> str:
    return "" if value is None else f"{value.normalize():f}"


def _money(value) -> str:
    number = _number(value)
    return "" if number is None else f"{int(number):,}".replace(",", ".") + " đồng"


def _time(record: dict) -> dict:
    """The first time limit the record publishes (the first channel's): amount, unit text, note, fees."""
    for channel in _list(record.get("CACHTHUCTHUCHIEN")):
        for limit in _list(channel.get("THOIGIAN")):
            return limit
    return {}


def national_content(record: dict) -> dict:
    """The national record's public content, comparable with :func:`local_content`."""
    limit = _time(record)
    unit = TIME_UNITS.get(fold(limit.get("DONVITINH")), "")
    amount = _number(limit.get("THOIGIANGIAIQUYET"))
    steps = []
    for case in _list(record.get("TRINHTUTHUCHIEN")):
        if _norm(case.get("TRUONGHOP")):
            steps.append(_norm(case["TRUONGHOP"]))
        steps += [
            _norm(s.get("TENTRINHTU")) for s in _list(case.get("TRINHTU")) if _norm(s.get("TENTRINHTU"))
        ]
    channels = sorted(
        {int(c["KENH"]) for c in _list(record.get("CACHTHUCTHUCHIEN")) if str(c.get("KENH")).isdigit()}
    )
    subjects = set()
    for subject in _list(record.get("DOITUONGTHUCHIEN")):
        name = fold(subject.get("TENDOITUONG"))
        if "to chuc" in name or "doanh nghiep" in name:
            subjects.add(ORGANISATIONS)
        if "cong dan" in name or "ca nhan" in name:
            subjects.add(CITIZENS)
    fields = _list(record.get("LINHVUCTHUCHIEN"))
    return {
        "name": _norm(record.get("TENTTHC")),
        "field": _norm(fields[0].get("TENLINHVUC")) if fields else "",
        "steps": steps,
        "channels": [CHANNELS[c] for c in channels if c in CHANNELS],
        "processing_time": f"{_amount(amount)} {UNIT_TEXT.get(unit, _norm(limit.get('DONVITINH')))}".strip(),
        "time_note": _norm(limit.get("MOTA")),
        "documents": [
            _norm(paper.get("TENGIAYTO"))
            for group in _list(record.get("THANHPHANHOSO"))
            for paper in _list(group.get("GIAYTO"))
            if _norm(paper.get("TENGIAYTO"))
        ],
        "subjects": sorted(subjects),
        "subjects_note": _norm(record.get("MOTADOITUONGTHUCHIEN")),
        "result": "; ".join(
            _norm(r.get("TENKETQUA"))
            for r in _list(record.get("KETQUATHUCHIEN"))
            if _norm(r.get("TENKETQUA"))
        ),
        "legal_bases": [
            f"{_norm(b.get('SOVANBAN'))} — {_norm(b.get('TENVANBAN'))}"
            for b in _list(record.get("CANCUPHAPLY"))
        ],
        "conditions": _norm(record.get("YEUCAU")),
        "fees": [
            f"{_norm(f.get('MOTA') or f.get('MAPHILEPHI'))}: {_money(f.get('SOTIEN'))}"
            for f in _list(limit.get("PHILEPHI"))
        ],
    }


def local_content(version: ProcedureVersion) -> dict:
    """A CCHC version's public content, comparable with :func:`national_content`."""
    channels = [
        c for c, on in ((1, version.at_counter), (2, version.is_online), (3, version.postal_submission)) if on
    ]
    subjects = [
        s for s, on in ((CITIZENS, version.for_citizens), (ORGANISATIONS, version.for_organisations)) if on
    ]
    return {
        "name": _norm(version.name),
        "field": _norm(version.field.name),
        "steps": [_norm(s) for s in lines(version.steps)],
        "channels": [CHANNELS[c] for c in channels],
        "processing_time": f"{_amount(version.processing_time)} {UNIT_TEXT[version.time_unit]}",
        "time_note": _norm(version.time_note),
        "documents": [_norm(d.name) for d in version.required_documents.order_by("order", "id")],
        "subjects": sorted(subjects),
        "subjects_note": _norm(version.subjects_note),
        "result": _norm(version.result_name),
        "legal_bases": [f"{_norm(b.number)} — {_norm(b.title)}" for b in version.legal_bases.order_by("id")],
        "conditions": _norm(version.conditions),
        "fees": [
            f"{_norm(f.name)}: {_money(f.amount)}"
            for f in version.fees.filter(performer__isnull=True).order_by("id")
        ],
    }


def differences(local: dict, national: dict) -> list[dict]:
    return [
        {"field": key, "label": label, "old": local[key], "new": national[key], "applies": applies}
        for key, label, applies in FIELDS
        if local[key] != national[key]
    ]


def record_of(version: ProcedureVersion) -> dict:
    """A CCHC version written as the national database's record (the stand-in's data, tests): the
    inverse of :func:`national_content`."""
    channels = [
        c for c, on in ((1, version.at_counter), (2, version.is_online), (3, version.postal_submission)) if on
    ]
    fees = [
        {"MAPHILEPHI": "", "SOTIEN": int(f.amount), "DONVI": "Đồng", "MOTA": f.name}
        for f in version.fees.filter(performer__isnull=True).order_by("id")
    ]
    limit = {
        "THOIGIANGIAIQUYET": _amount(version.processing_time),
        "DONVITINH": UNIT_TEXT[version.time_unit],
        "MOTA": version.time_note,
        "PHILEPHI": fees,
    }
    subjects = [
        s for s, on in ((CITIZENS, version.for_citizens), (ORGANISATIONS, version.for_organisations)) if on
    ]
    return {
        "MaTTHC": version.procedure.code,
        "TENTTHC": version.name,
        "TRANGTHAI": 1,
        "LINHVUCTHUCHIEN": [{"MALINHVUC": version.field.code, "TENLINHVUC": version.field.name}],
        "COQUANTHUCHIEN": [{"MADONVI": version.agency.code, "TENDONVI": version.agency.name}],
        "TRINHTUTHUCHIEN": [{"TRUONGHOP": "", "TRINHTU": [{"TENTRINHTU": s} for s in lines(version.steps)]}],
        "CACHTHUCTHUCHIEN": [{"KENH": c, "THOIGIAN": [limit]} for c in channels],
        "THANHPHANHOSO": [
            {
                "TRUONGHOP": "",
                "GIAYTO": [
                    {
                        "MAGIAYTO": str(d.order),
                        "TENGIAYTO": d.name,
                        "SOBANCHINH": d.count if d.kind == RequiredDocument.Kind.ORIGINAL else 0,
                        "SOBANSAO": d.count if d.kind != RequiredDocument.Kind.ORIGINAL else 0,
                        "TENMAUDON": "",
                        "URL": "",
                    }
                    for d in version.required_documents.order_by("order", "id")
                ],
            }
        ],
        "DOITUONGTHUCHIEN": [{"TENDOITUONG": s} for s in subjects],
        "MOTADOITUONGTHUCHIEN": version.subjects_note,
        "KETQUATHUCHIEN": [{"MAKETQUA": "", "TENKETQUA": version.result_name}],
        "CANCUPHAPLY": [
            {
                "SOVANBAN": b.number,
                "TENVANBAN": b.title,
                "COQUANBANHANH": b.issuer,
                "NGAYBANHANH": b.issued_on.strftime("%d/%m/%Y") if b.issued_on else "",
            }
            for b in version.legal_bases.order_by("id")
        ],
        "YEUCAU": version.conditions,
    }


# --- the check --------------------------------------------------------------------------------------


def current_version(procedure_id: int) -> ProcedureVersion | None:
    """The version the public content is compared with: the latest published one not yet ended (one
    taking effect later counts, so a confirmed change is not shown again before its day)."""
    today = timezone.localdate()
    return (
        ProcedureVersion.objects.filter(procedure_id=procedure_id, status=ProcedureVersion.Status.PUBLISHED)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        .select_related("procedure", "field")
        .order_by("-number")
        .first()
    )


@dataclass
class CheckResult:
    checked: int = 0
    different: int = 0
    not_local: int = 0
    not_national: int = 0
    errors: list[str] = field(default_factory=list)


def check(*, at: dt.datetime | None = None) -> CheckResult:
    """Read every procedure of the catalogue (and ``CCHC_DVCQG_CATALOGUE_EXTRA_CODES``) from the national
    database and store what differs. A procedure the portal fails on keeps its previous check."""
    at = at or timezone.now()
    result = CheckResult()
    madonvi = (settings.CCHC_DVCQG_PULL_AGENCIES or [""])[0]
    procedures = {p.code: p for p in Procedure.objects.order_by("code")}
    codes = list(procedures) + [c for c in settings.CCHC_DVCQG_CATALOGUE_EXTRA_CODES if c not in procedures]
    for code in codes:
        try:
            records = calls.call(settings.CCHC_DVCQG_PROCEDURE_SERVICE, madonvi=madonvi, MaTTHC=code)
        except calls.Unavailable as exc:  # the portal is down: the rest keep their last check
            result.errors.append(f"{code}: {exc}")
            log.warning("catalogue check stopped at %s: %s", code, exc)
            break
        except calls.Refused as exc:
            result.errors.append(f"{code}: {exc}")
            log.warning("catalogue check of %s refused: %s", code, exc)
            continue
        record = records[0] if records and isinstance(records[0], dict) else None
        result.checked += 1
        _store(code, procedures.get(code), record, at, result)
    return result


def _store(code: str, procedure: Procedure | None, record: dict | None, at, result: CheckResult) -> None:
    version = current_version(procedure.pk) if procedure else None
    values = {"procedure": procedure, "version": version, "record": record or {}, "checked_at": at}
    if record is None:
        if version is None:
            return  # unknown on both sides, or a procedure the province no longer runs: nothing to list
        values.update(
            state=CatalogueCheck.State.NOT_NATIONAL, differences=[], name=version.name if version else ""
        )
        result.not_national += 1
    elif version is None:
        values.update(
            state=CatalogueCheck.State.NOT_LOCAL, differences=[], name=_norm(record.get("TENTTHC"))[:500]
        )
        result.not_local += 1
    else:
        found = differences(local_content(version), national_content(record))
        applies = any(d["applies"] for d in found)
        values.update(
            state=CatalogueCheck.State.DIFFERENT if applies else CatalogueCheck.State.SAME,
            differences=found,
            name=version.name,
        )
        result.different += applies
    CatalogueCheck.objects.update_or_create(national_code=code, defaults=values)


# --- applying ---------------------------------------------------------------------------------------


def apply(*, actor, check: CatalogueCheck, valid_from: dt.date) -> ProcedureVersion:
    """The confirmed differences of ``check`` as a new version from ``valid_from`` (all or nothing).
    Refused when the procedure's version changed since the check (check again first)."""
    with transaction.atomic():
        check = CatalogueCheck.objects.select_for_update().get(pk=check.pk)
        if check.state != CatalogueCheck.State.DIFFERENT or check.version_id is None:
            raise ValidationError("Không có khác biệt nào cần áp dụng cho thủ tục này.")
        version = current_version(check.procedure_id)
        if version is None or version.pk != check.version_id:
            raise ValidationError(
                "Thủ tục đã có phiên bản khác từ sau lần đối chiếu; hãy đối chiếu lại trước khi áp dụng."
            )
        keys = {d["field"] for d in check.differences if d["applies"]}
        changes, documents, legal_bases = _changes(check.record, version, keys)
        new = procedure_services.publish_amended_version(
            actor=actor,
            base=version,
            valid_from=valid_from,
            changes=changes,
            documents=documents,
            legal_bases=legal_bases,
        )
        check.state = CatalogueCheck.State.SAME
        check.version = new
        check.differences = [d for d in check.differences if not d["applies"]]
        check.applied_version = new
        check.applied_from = valid_from
        check.applied_at = timezone.now()
        check.applied_by = actor
        check.save()
    log.info("catalogue: %s v%s published from %s by %s", check.national_code, new.number, valid_from, actor)
    return new


def _changes(record: dict, version: ProcedureVersion, keys: set[str]):
    content = national_content(record)
    changes: dict = {}
    documents = legal_bases = None
    if "name" in keys:
        changes["name"] = content["name"]
    if "field" in keys:
        changes["field"] = _field(_list(record.get("LINHVUCTHUCHIEN"))[0])
    if "steps" in keys:
        changes["steps"] = "\n".join(content["steps"])
    if "channels" in keys:
        kinds = {
            int(c["KENH"]) for c in _list(record.get("CACHTHUCTHUCHIEN")) if str(c.get("KENH")).isdigit()
        }
        changes["at_counter"] = 1 in kinds
        changes["postal_submission"] = 3 in kinds
        if ONLINE_CHANNEL not in kinds:
            changes["online_level"] = ProcedureVersion.OnlineLevel.NONE
        elif not version.is_online:
            changes["online_level"] = ProcedureVersion.OnlineLevel.PARTIAL  # [S] the level is not published
    if "processing_time" in keys:
        limit = _time(record)
        amount = _number(limit.get("THOIGIANGIAIQUYET"))
        unit = TIME_UNITS.get(fold(limit.get("DONVITINH")))
        if amount is None or amount <= 0 or unit is None:
            raise ValidationError(
                f"Thời hạn giải quyết trên CSDL quốc gia không đọc được: {content['processing_time']}"
            )
        changes["processing_time"], changes["time_unit"] = amount, unit
        if unit == ProcedureVersion.TimeUnit.WORKING_HOURS:
            changes["cutoff_time"] = None
    if "time_note" in keys:
        changes["time_note"] = content["time_note"][:500]
    if "subjects" in keys:
        changes["for_citizens"] = CITIZENS in content["subjects"]
        changes["for_organisations"] = ORGANISATIONS in content["subjects"]
    if "subjects_note" in keys:
        changes["subjects_note"] = content["subjects_note"][:500]
    if "result" in keys:
        changes["result_name"] = content["result"][:500]
    if "conditions" in keys:
        changes["conditions"] = content["conditions"]
    if "documents" in keys:
        documents = _documents(record, version)
    if "legal_bases" in keys:
        legal_bases = _legal_bases(record, version)
    return changes, documents, legal_bases


def _field(national: dict) -> Field:
    """The catalogue's field named by the national record (by code, then by name); a new one otherwise."""
    code, name = _norm(national.get("MALINHVUC")), _norm(national.get("TENLINHVUC"))
    found = Field.objects.filter(code=slugify(code)).first() if code else None
    found = found or next((f for f in Field.objects.all() if fold(f.name) == fold(name)), None)
    if found is None:
        found = Field.objects.create(code=(slugify(fold(name)) or slugify(code))[:40], name=name[:200])
    return found


def _documents(record: dict, version: ProcedureVersion) -> list[dict]:
    """The national list of documents, in its order; a document CCHC already had (same name) keeps its
    own details (kind, count, optional, note, English, form)."""
    old = {fold(d.name): d for d in version.required_documents.select_related("form")}
    papers = [
        p
        for g in _list(record.get("THANHPHANHOSO"))
        for p in _list(g.get("GIAYTO"))
        if _norm(p.get("TENGIAYTO"))
    ]
    documents = []
    for order, paper in enumerate(papers, start=1):
        name = _norm(paper["TENGIAYTO"])[:500]
        kept = old.get(fold(name))
        if kept is not None:
            documents.append(
                {
                    "order": order,
                    "name": name,
                    "name_en": kept.name_en,
                    "kind": kept.kind,
                    "count": kept.count,
                    "optional": kept.optional,
                    "note": kept.note,
                    "note_en": kept.note_en,
                    "form": form_of(kept),
                }
            )
            continue
        originals, copies = _number(paper.get("SOBANCHINH")) or 0, _number(paper.get("SOBANSAO")) or 0
        documents.append(
            {
                "order": order,
                "name": name,
                "kind": RequiredDocument.Kind.COPY
                if copies and not originals
                else RequiredDocument.Kind.ORIGINAL,
                "count": max(int(originals or copies or 1), 1),
            }
        )
    return documents


def _legal_bases(record: dict, version: ProcedureVersion) -> list[dict]:
    old = {_norm(b.number): b for b in version.legal_bases.all()}
    bases = []
    for item in _list(record.get("CANCUPHAPLY")):
        number = _norm(item.get("SOVANBAN"))[:120]
        kept: LegalBasis | None = old.get(number)
        issued = None
        try:
            issued = dt.datetime.strptime(_norm(item.get("NGAYBANHANH")), "%d/%m/%Y").date()
        except ValueError:
            issued = kept.issued_on if kept else None
        bases.append(
            {
                "number": number,
                "title": _norm(item.get("TENVANBAN"))[:500],
                "title_en": kept.title_en
                if kept and _norm(kept.title) == _norm(item.get("TENVANBAN"))
                else "",
                "issuer": (_norm(item.get("COQUANBANHANH")) or (kept.issuer if kept else ""))[:255],
                "issuer_en": kept.issuer_en if kept else "",
                "issued_on": issued,
            }
        )
    return bases
