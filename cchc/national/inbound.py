"""Dossiers filed on the national portal, arriving by the pull (``cchc national pull``) or the push
endpoint (``POST /api/dvcqg/ho-so``): both hand each record to :func:`receive`.

A record is shaped like ``DongBoHoSoMC``'s dossier (``shared/docs/national-platform.md``) with its
documents as ``TaiLieuNop[]`` to fetch from ``DuongDanTaiTepTin``. It becomes an online dossier exactly
like one filed on CCHC's portal (``dossiers.services.submit_online``, status SUBMITTED, in the counter's
queue), carrying the portal's code (``national_code``) so the connector tells the portal of the counter's
acceptance or refusal as an update of that dossier.

Idempotent by the portal's code (``InboundDossier.national_code``, unique): a record seen before only
counts the delivery; two deliveries at once — the loser's transaction fails on the unique code, rolls
back whole (its files removed) and counts as a delivery of the winner's. Everything is checked first —
fields, the procedure (``MaTTHC``) in force with an online service, the competent agency, the applicant
(``Applicant.clean``), every document fetched (size-limited, from the portal's address only) and checked
by content like an upload — then one transaction writes the dossier, its documents and the row. A record
that fails a check is refused with its reason (an ``InboundDossier`` in state REJECTED when it has a
code; logged either way) and nothing else is saved. The portal being unreachable while a document is
fetched is not a refusal: :class:`calls.Unavailable` goes up, nothing is recorded, the next
round takes the record again.
"""

from __future__ import annotations

import datetime as dt
import logging
import tempfile
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import requests
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from cchc.citizens.selectors import Identity
from cchc.common.stored_files import removed_on_failure
from cchc.dossiers import documents, services
from cchc.dossiers.models import ApplicantKind
from cchc.national import calls
from cchc.national.models import InboundDossier
from cchc.org.models import Agency
from cchc.procedures.models import ProcedureVersion, RequiredDocument

log = logging.getLogger("cchc.national.inbound")

PORTAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
DATE_FORMAT = "%Y%m%d%H%M%S"

# The record's fields CCHC reads. [V]: seen in OpenCPS's DongBoHoSoMC; [S]: guessed, to be confirmed with
# the Government Office's specification (kept here, in one place).
F_CODE = "MaHoSo"  # [V]
F_PROCEDURE = "MaTTHC"  # [V]
F_APPLICANT = "ChuHoSo"  # [V]
F_KIND = "LoaiDoiTuong"  # [V] 1 citizen, 2 organisation
F_ID = "MaDoiTuong"  # [V] the field; [S] that it carries the personal ID number or the tax code
F_PHONE = "SoDienThoai"  # [V]
F_EMAIL = "Email"  # [V]
F_ADDRESS = "DiaChiChuHoSo"  # [S]
F_REPRESENTATIVE = "NguoiDaiDien"  # [S]
F_FILED_AT = "NgayTiepNhan"  # [V]
F_AGENCY = "MaDonVi"  # [S] the competent agency's code, when the record names it
F_DOCUMENTS = "TaiLieuNop"  # [V] with TenTepDinhKem, MaThanhPhanHoSo, IsDeleted, DuongDanTaiTepTin
# The portal's accounts are VNeID-verified (level 2 since 1/7/2025): the account's personal ID number and
# its identification level [S both]. vneid_verified only when that ID is the applicant's own.
F_ACCOUNT_ID = "SoDinhDanhTaiKhoan"  # [S]
F_ACCOUNT_LEVEL = "MucDoDinhDanh"  # [S] "2": VNeID level 2
VERIFIED_LEVELS = {"2"}
REQUIRED = (F_CODE, F_PROCEDURE, F_APPLICANT, F_KIND, F_FILED_AT)
MAX_CODE = 60  # InboundDossier.national_code


class Rejected(Exception):
    """The record cannot become a dossier; ``reason`` says why (Vietnamese, for the IT office)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Outcome:
    """What happened to one delivery: ``created`` (a new dossier), ``duplicate`` (seen before; only
    counted), ``rejected`` (refused, ``reason``)."""

    national_code: str
    result: str
    reason: str = ""
    dossier_code: str = ""

    @property
    def accepted(self) -> bool:
        return self.result != "rejected"


def receive(record, *, via: str, madonvi: str = "", at: dt.datetime | None = None) -> Outcome:
    """Take one record from the portal (``via`` PULL or PUSH; ``madonvi``: the agency code the pull
    asked for). Raises ``calls.Unavailable`` when a document cannot be fetched for now."""
    at = at or timezone.now()
    code = str(record.get(F_CODE) or "").strip() if isinstance(record, dict) else ""
    if code and len(code) <= MAX_CODE:
        seen = _count_delivery(code, at)
        if seen is not None and seen.state == InboundDossier.State.CREATED:
            return Outcome(code, "duplicate", dossier_code=seen.dossier.code)
    try:
        intake = _check(record, madonvi)
        checked = _fetch_documents(record, intake.version)
    except Rejected as exc:
        return _reject(code if len(code) <= MAX_CODE else "", record, via, exc.reason, at)
    try:
        with removed_on_failure() as written, transaction.atomic():
            dossier, _secret = services.submit_online(
                procedure_version=intake.version,
                applicant=intake.applicant,
                agency=intake.agency,
                identity=intake.identity,
                national_code=code,
                at=intake.filed_at,
            )
            documents.save_documents(dossier, checked, written=written)
            _store(code, record, via, at, dossier)
    except IntegrityError:
        # Delivered twice at once: the other delivery created it; this one counts as a repeat.
        row = _count_delivery(code, at)
        if row is None or row.state != InboundDossier.State.CREATED:
            raise
        return Outcome(code, "duplicate", dossier_code=row.dossier.code)
    except ValidationError as exc:  # the intake's own checks (agency, online service, in force)
        return _reject(code, record, via, "; ".join(exc.messages), at)
    finally:
        for item in checked:
            item.file.close()
    log.info("inbound dossier %s created as %s (%s)", code, dossier.code, via)
    return Outcome(code, "created", dossier_code=dossier.code)


# --- checks -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Intake:
    version: ProcedureVersion
    agency: Agency | None
    applicant: services.Applicant
    filed_at: dt.datetime
    identity: Identity | None


def _text(record: dict, name: str) -> str:
    value = record.get(name)
    return "" if value is None else str(value).strip()


def _check(record, madonvi: str) -> _Intake:
    if not isinstance(record, dict):
        raise Rejected("Bản ghi hồ sơ không phải một đối tượng JSON.")
    missing = [name for name in REQUIRED if not _text(record, name)]
    if missing:
        raise Rejected("Thiếu trường bắt buộc: " + ", ".join(missing) + ".")
    if len(_text(record, F_CODE)) > MAX_CODE:
        raise Rejected(f"Mã hồ sơ dài quá {MAX_CODE} ký tự.")
    try:
        filed_at = dt.datetime.strptime(_text(record, F_FILED_AT), DATE_FORMAT).replace(tzinfo=PORTAL_TZ)
    except ValueError:
        raise Rejected(f"{F_FILED_AT} sai định dạng (yyyyMMddHHmmss).") from None
    if filed_at > timezone.now() + dt.timedelta(hours=1):
        raise Rejected(f"{F_FILED_AT} ở tương lai.")
    kind = {"1": ApplicantKind.PERSON, "2": ApplicantKind.ORGANISATION}.get(_text(record, F_KIND))
    if kind is None:
        raise Rejected(f"{F_KIND} phải là 1 (công dân) hoặc 2 (tổ chức).")
    procedure_code = _text(record, F_PROCEDURE)
    version = (
        ProcedureVersion.objects.published(timezone.localdate(filed_at))
        .filter(procedure__code=procedure_code)
        .select_related("procedure")
        .order_by("-number")
        .first()
    )
    if version is None:
        raise Rejected(f"Thủ tục {procedure_code} không có trong danh mục đang áp dụng của tỉnh.")
    if not version.is_online:
        raise Rejected(f"Thủ tục {procedure_code} không cung cấp dịch vụ công trực tuyến tại tỉnh.")
    agency = _agency(_text(record, F_AGENCY) or madonvi)
    identifier = _text(record, F_ID)
    applicant = services.Applicant(
        kind=kind,
        name=_text(record, F_APPLICANT),
        id_number=identifier if kind == ApplicantKind.PERSON else "",
        tax_code=identifier if kind == ApplicantKind.ORGANISATION else "",
        representative=_text(record, F_REPRESENTATIVE),
        phone=_text(record, F_PHONE),
        email=_text(record, F_EMAIL),
        address=_text(record, F_ADDRESS),
    )
    try:
        applicant = applicant.clean()
    except ValidationError as exc:
        raise Rejected("Thông tin người nộp không hợp lệ: " + " ".join(exc.messages)) from None
    # The account the portal vouches for (VNeID level 2): an identity like a sign-in's; whether it is the
    # applicant's own is the intake's one rule (``dossiers.services.verified_owner``).
    identity = None
    if kind == ApplicantKind.PERSON and _text(record, F_ACCOUNT_LEVEL) in VERIFIED_LEVELS:
        identity = Identity(
            personal_id=_text(record, F_ACCOUNT_ID).replace(" ", ""),
            full_name=applicant.name,
            account_type="citizen",
            level=_text(record, F_ACCOUNT_LEVEL),
            verified_at=filed_at,
        )
    return _Intake(version, agency, applicant, filed_at, identity)


def _agency(code: str) -> Agency | None:
    """The competent agency the record (or the pull) names; None lets the intake choose the only one.
    A code the province's catalogue does not know is a refusal, not a guess."""
    if not code:
        return None
    agency = Agency.objects.filter(code=code).first()
    if agency is None:
        raise Rejected(f"Mã cơ quan {code} không có trong danh mục cơ quan của tỉnh.")
    return agency


def _fetch_documents(record: dict, version: ProcedureVersion) -> list[documents.CheckedFile]:
    items = record.get(F_DOCUMENTS) or []
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise Rejected(f"{F_DOCUMENTS} phải là danh sách tài liệu.")
    by_order = {str(d.order): d for d in RequiredDocument.objects.filter(version=version)}
    files: dict[str, tuple[RequiredDocument | None, object]] = {}
    opened = []
    try:
        for n, item in enumerate(items):
            if _text(item, "IsDeleted").lower() == "true":
                continue
            name = _text(item, "TenTepDinhKem") or f"tai-lieu-{n + 1}"
            file = _download(_text(item, "DuongDanTaiTepTin"), name)
            opened.append(file)
            # [S] the component's code is read as the order of the procedure's required document.
            files[f"{n}"] = (by_order.get(_text(item, "MaThanhPhanHoSo")), file)
        checked, errors = documents.check_files(files, require=False)
    except BaseException:
        for file in opened:
            file.close()
        raise
    if errors:
        for file in opened:
            file.close()
        raise Rejected("Tài liệu không hợp lệ: " + " ".join(m for ms in errors.values() for m in ms))
    return checked


def _download(url: str, name: str):
    """The document at ``url`` (on the portal only) in a temporary file named ``name``, at most
    ``CCHC_MAX_UPLOAD_BYTES`` read. The portal down or failing: ``Unavailable`` (retried later)."""
    prefixes = [p for p in settings.CCHC_DVCQG_FILE_URL_PREFIXES if p]
    if not url:
        raise Rejected(f"Tài liệu “{name}” không có đường dẫn tải (DuongDanTaiTepTin).")
    if not any(url.startswith(p.rstrip("/") + "/") for p in prefixes):
        raise Rejected(f"Tài liệu “{name}” ở địa chỉ ngoài Cổng DVCQG: {url[:200]}")
    limit = settings.CCHC_MAX_UPLOAD_BYTES
    try:
        with requests.get(url, stream=True, timeout=settings.CCHC_DVCQG_TIMEOUT) as reply:
            if reply.status_code >= 500:
                raise calls.Unavailable(f"HTTP {reply.status_code} khi tải {url}")
            if reply.status_code != 200:
                raise Rejected(f"Không tải được tài liệu “{name}” (HTTP {reply.status_code}).")
            declared = reply.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > limit:
                raise Rejected(f"Tài liệu “{name}” vượt giới hạn dung lượng ({int(declared)} byte).")
            file = tempfile.SpooledTemporaryFile(max_size=1024 * 1024)  # noqa: SIM115 (returned open)
            size = 0
            for chunk in reply.iter_content(64 * 1024):
                size += len(chunk)
                if size > limit:
                    file.close()
                    raise Rejected(f"Tài liệu “{name}” vượt giới hạn dung lượng ({limit} byte).")
                file.write(chunk)
    except requests.RequestException as exc:
        raise calls.Unavailable(f"Không tải được {url}: {exc}") from exc
    file.seek(0)
    return File(file, name=name)


# --- rows -------------------------------------------------------------------------------------------


def _count_delivery(code: str, at: dt.datetime) -> InboundDossier | None:
    """Count one more delivery of ``code`` if it was seen before; the row (or None)."""
    if not InboundDossier.objects.filter(national_code=code).update(
        times_seen=F("times_seen") + 1, last_seen_at=at
    ):
        return None
    return InboundDossier.objects.select_related("dossier").get(national_code=code)


def _store(code: str, record: dict, via: str, at: dt.datetime, dossier) -> None:
    """The row of a created dossier: a new one, or a rejected one that now passed (a later delivery,
    after the catalogue was corrected)."""
    updated = InboundDossier.objects.filter(
        national_code=code, state=InboundDossier.State.REJECTED, dossier__isnull=True
    ).update(state=InboundDossier.State.CREATED, dossier=dossier, error="", payload=record, via=via)
    if not updated:
        InboundDossier.objects.create(
            national_code=code,
            dossier=dossier,
            via=via,
            state=InboundDossier.State.CREATED,
            payload=record,
            first_seen_at=at,
            last_seen_at=at,
        )


def _reject(code: str, record, via: str, reason: str, at: dt.datetime) -> Outcome:
    log.warning("inbound dossier %s refused (%s): %s", code or "(no code)", via, reason)
    if code:
        payload = record if isinstance(record, dict) else {"record": str(record)[:2000]}
        try:
            with transaction.atomic():
                row, created = InboundDossier.objects.get_or_create(
                    national_code=code,
                    defaults={
                        "via": via,
                        "state": InboundDossier.State.REJECTED,
                        "error": reason,
                        "payload": payload,
                        "first_seen_at": at,
                        "last_seen_at": at,
                    },
                )
                if not created and row.state == InboundDossier.State.REJECTED:
                    InboundDossier.objects.filter(pk=row.pk).update(error=reason, payload=payload)
        except IntegrityError:  # a concurrent delivery wrote it first: its row stands
            pass
    return Outcome(code, "rejected", reason)
