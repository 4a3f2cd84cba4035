"""The records sent to Cổng DVCQG, built from a dossier and one of its events (``national-platform.md``).

Built when the message is queued, inside the change's transaction (decision 0023, "Outbox and
idempotency"): the record says what the dossier was *at that event*, however late it is delivered, and
the worker sends stored JSON without reading the dossier again. Dates are ``yyyyMMddHHmmss`` in
Asia/Ho_Chi_Minh time. Result documents go as metadata only (name and id): the portal is told a result
exists, the file never leaves CCHC through this channel.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings

from cchc.dossiers.models import ApplicantKind, Channel, Dossier, DossierDocument, DossierEvent, OnlinePayment
from cchc.dossiers.selectors import ACTION_LABELS, APPLICANT_NOTES
from cchc.national.selectors import national_status
from cchc.org.selectors import display_name
from cchc.procedures.selectors import fees

PORTAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
# How the result is returned (HinhThuc): 0 at the counter, 1 by post as read in OpenCPS; online [S].
RETURN_FORM = {Channel.COUNTER: "0", Channel.POST: "1", Channel.ONLINE: "2"}
SUPPLEMENT_ACTIONS = ("request_intake_supplement", "request_supplement")
# The parts of a dossier record the portal shows (status, dates, fees paid, result, supplements): a
# change of any of them after the first record is sent as an update (DongBoHoSoMC, isUpdating "True").
VISIBLE_FIELDS = (
    "TrangThaiHoSo",
    "NgayTiepNhan",
    "NgayHenTra",
    "NgayTra",
    "NgayKetThucXuLy",
    "HinhThuc",
    "DanhSachLePhi",
    "DanhSachGiayToKetQua",
    "DanhSachHoSoBoSung",
)


def stamp(at: dt.datetime | None) -> str:
    """``yyyyMMddHHmmss`` in Vietnam's time; "" for no date."""
    return at.astimezone(PORTAL_TZ).strftime("%Y%m%d%H%M%S") if at else ""


def key_field() -> str:
    return settings.CCHC_DVCQG_KEY_FIELD


def _documents(dossier: Dossier) -> tuple[list[dict], list[dict]]:
    submitted, results = [], []
    rows = DossierDocument.objects.filter(dossier=dossier).select_related("required_document")
    for doc in rows.order_by("id"):
        if doc.kind == DossierDocument.Kind.RESULT:
            results.append(
                {
                    "TenGiayTo": doc.title or doc.original_name,
                    "MaThanhPhanHoSo": "",
                    "GiayToId": str(doc.pk),
                    "DuongDanTepTinKetQua": "",
                }
            )
        elif doc.kind == DossierDocument.Kind.COMPONENT:
            submitted.append(
                {
                    "TepDinhKemId": str(doc.pk),
                    "TenTepDinhKem": doc.original_name,
                    "IsDeleted": "False",
                    "MaThanhPhanHoSo": str(doc.required_document_id or ""),
                    "DuongDanTaiTepTin": "",
                }
            )
    return submitted, results


def _fees(dossier: Dossier) -> list[dict]:
    paid = "1" if dossier.paid_online != OnlinePayment.NO else "0"  # HinhThucThu: 1 paid online [S]
    return [
        {
            "TenPhiLePhi": fee.name,
            "MaPhiLePhi": str(fee.pk),
            "HinhThucThu": paid,
            "Gia": int(fee.amount),
            "LoaiPhiLePhi": "1",  # [S] 1 lệ phí
        }
        for fee in fees(dossier.procedure_version_id, dossier.agency_id)
    ]


def _supplements(dossier: Dossier, national_code: str) -> list[dict]:
    events = DossierEvent.objects.filter(dossier=dossier, action__in=SUPPLEMENT_ACTIONS).select_related(
        "actor__staff"
    )
    return [
        {
            "HoSoBoSungId": f"{national_code}-{e.seq}",
            "NguoiYeuCauBoSung": display_name(e.actor) or e.actor_label,
            "NoiDungBoSung": e.note,
            "NgayBoSung": stamp(e.at),
            "TrangThaiBoSung": "0",  # [S] 0 requested
        }
        for e in events.order_by("seq")
    ]


def dossier_record(dossier: Dossier, event: DossierEvent, *, national_code: str, key: str) -> dict:
    """The DongBoHoSoMC record of ``dossier`` as it is after ``event``."""
    version = dossier.procedure_version
    submitted, results = _documents(dossier)
    mapping = national_status(dossier.status, event.action, event.at)
    person = dossier.applicant_kind == ApplicantKind.PERSON
    return {
        "MaHoSo": national_code,
        "MaTTHC": version.procedure.code,
        "TenTTHC": version.name,
        "MaLinhVuc": version.field.code,
        "TenLinhVuc": version.field.name,
        "ChuHoSo": dossier.applicant_name,
        "LoaiDoiTuong": "1" if person else "2",
        "MaDoiTuong": dossier.id_number if person else dossier.tax_code,
        "ThongTinKhac": "",
        "Email": dossier.email,
        "Fax": "",
        "SoDienThoai": dossier.phone,
        "TrichYeuHoSo": version.name,
        "NgayTiepNhan": stamp(dossier.received_at or dossier.submitted_at or event.at),
        "NgayHenTra": stamp(dossier.new_due_at or dossier.due_at),
        "TrangThaiHoSo": mapping.national_code,
        "NgayTra": stamp(dossier.returned_at),
        "ThongTinTra": str(Channel(dossier.return_channel).label),
        "HinhThuc": RETURN_FORM.get(dossier.return_channel, "0"),
        "NgayKetThucXuLy": stamp(dossier.finished_at),
        "DonViXuLy": dossier.agency.name,
        "GhiChu": "",
        "TaiLieuNop": submitted,
        "DanhSachLePhi": _fees(dossier),
        "DanhSachTepDinhKemKhac": [],
        "DanhSachHoSoBoSung": _supplements(dossier, national_code),
        "DanhSachGiayToKetQua": results,
        key_field(): key,
    }


def progress_record(dossier: Dossier, event: DossierEvent, *, national_code: str, key: str) -> dict:
    """The CapNhatTienDoHoSoMC record of ``event`` (a step of the dossier's processing)."""
    mapping = national_status(event.to_status, event.action, event.at)
    content = str(ACTION_LABELS.get(event.action, event.action))
    if event.note and event.action in APPLICANT_NOTES:  # internal notes stay inside CCHC
        content = f"{content}: {event.note}"
    unit = event.unit
    return {
        "MaHoSo": national_code,
        "NguoiXuLy": display_name(event.actor) or event.actor_label or "Hệ thống",
        "ChucDanh": "",
        "ThoiDiemXuLy": stamp(event.at),
        "PhongBanXuLy": unit.name if unit is not None else "",
        "NoiDungXuLy": content[:2000],
        "TrangThai": mapping.national_code,
        "NgayBatDau": stamp(event.at),
        "NgayKetThucTheoQuyDinh": stamp(dossier.new_due_at or dossier.due_at),
        key_field(): key,
    }


def visible(record: dict) -> dict:
    """What of a dossier record the portal shows (for deciding whether an update is due)."""
    return {name: record.get(name) for name in VISIBLE_FIELDS}


def carries_result(record: dict) -> bool:
    """A dossier record that tells the portal of an electronic result."""
    return bool(record.get("DanhSachGiayToKetQua"))
