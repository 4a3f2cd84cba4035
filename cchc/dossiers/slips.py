"""Printed slips of a dossier (domain.md §3–§4, forms.md §2): PDF (WeasyPrint, A5) and DOCX (docxtpl).

The form set is data, keyed by regime: a dossier is governed by the rules in force on its receipt
date (``received_at``, else ``submitted_at``): before 1/7/2025 TT 01/2018/TT-VPCP, from 1/7/2025
ND 118/2025/NĐ-CP + TT 03/2025/TT-VPCP. Every slip carries a QR code top-left (TT 01/2023 Đ26).

Public API::

    form_for(kind, day) -> Form                    # title, number, symbol of a form on a day
    regime_for(dossier) -> Regime
    slip_form(dossier, kind) -> Form
    qr_payload(dossier, kind, issued_at=None) -> str
    slip_context(dossier, kind, issued_at=None) -> dict   # raises ValidationError if not applicable
    SLIPS[kind] -> SlipKind                        # the kind's context builder and templates
    render_html(dossier, kind, issued_at=None) -> str
    render_pdf(dossier, kind, issued_at=None) -> bytes    # A5 portrait
    render_docx(dossier, kind, issued_at=None) -> bytes   # editable Word document
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.common import formats
from cchc.dossiers.models import ApplicantKind, Dossier, DossierEvent, Handover, PaperTransfer, Status
from cchc.dossiers.survey_link import survey_url
from cchc.org.models import Staff, Unit
from cchc.org.selectors import display_name
from cchc.procedures.models import ProcessStep

DOCX_DIR = Path(__file__).resolve().parent / "docx_templates"

# --- the form registry -----------------------------------------------------------------------------

RECEIPT = "receipt"
SUPPLEMENT = "supplement"
REFUSAL = "refusal"
APOLOGY = "apology"
CONTROL = "control"
STOP = "stop"
REGISTER = "register"

SLIP_KINDS = (RECEIPT, SUPPLEMENT, REFUSAL, APOLOGY, CONTROL, STOP)


@dataclass(frozen=True)
class Regime:
    key: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    basis: str  # the instrument that issues the forms

    def applies(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


REGIME_2018 = Regime("2018", None, dt.date(2025, 6, 30), "TT 01/2018/TT-VPCP")
# [S] ND 118/2025/NĐ-CP in force 1/7/2025; forms re-issued by TT 03/2025/TT-VPCP (domain.md §2).
REGIME_2025 = Regime("2025", dt.date(2025, 7, 1), None, "TT 03/2025/TT-VPCP")
REGIMES = (REGIME_2018, REGIME_2025)


@dataclass(frozen=True)
class Form:
    kind: str
    regime: Regime
    number: str  # "01"
    title: str  # upper case, as printed
    symbol: str  # after "Số: …/"; [M] the official forms leave it to the issuing unit

    @property
    def label(self) -> str:
        return _("Mẫu số %(number)s") % {"number": self.number}

    @property
    def name(self) -> str:
        """The document name (QR code, file names): "Mẫu số 01 – Giấy tiếp nhận …"."""
        return f"{self.label} – {self.title[:1]}{self.title[1:].lower()}"


# (kind, regime) -> (number, title, symbol). [V] 2018 numbering (forms.md §2).
# [S] 2025 numbering (TT 03/2025/TT-VPCP, Mẫu 01–07): 05 becomes the stop notice, the control slip
# moves to 06 and the register to 07; the apology becomes a letter asking for an extension.
FORMS: dict[tuple[str, str], tuple[str, object, str]] = {
    (RECEIPT, "2018"): ("01", gettext_lazy("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"), "TNHS"),
    (SUPPLEMENT, "2018"): ("02", gettext_lazy("PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ"), "HDHS"),
    (REFUSAL, "2018"): ("03", gettext_lazy("PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ"), "TCHS"),
    (APOLOGY, "2018"): ("04", gettext_lazy("PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ"), "PXL"),
    (CONTROL, "2018"): ("05", gettext_lazy("PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ"), ""),
    (REGISTER, "2018"): ("06", gettext_lazy("SỔ THEO DÕI HỒ SƠ"), ""),
    (RECEIPT, "2025"): ("01", gettext_lazy("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"), "TNHS"),  # [S]
    (SUPPLEMENT, "2025"): ("02", gettext_lazy("PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ"), "HDHS"),  # [S]
    (REFUSAL, "2025"): ("03", gettext_lazy("PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ"), "TCHS"),  # [S]
    (APOLOGY, "2025"): (  # [S]
        "04",
        gettext_lazy("VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT"),
        "XL",
    ),
    (STOP, "2025"): ("05", gettext_lazy("THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ"), "TB"),  # [S]
    (CONTROL, "2025"): ("06", gettext_lazy("PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ"), ""),  # [S]
    (REGISTER, "2025"): ("07", gettext_lazy("SỔ THEO DÕI HỒ SƠ"), ""),  # [S]
}


def regime_on(day: dt.date) -> Regime:
    for regime in REGIMES:
        if regime.applies(day):
            return regime
    raise ValueError(day)  # pragma: no cover - the regimes cover every day


def form_for(kind: str, day: dt.date) -> Form:
    """The form of ``kind`` in force on ``day``; ValidationError if that regime has no such form."""
    regime = regime_on(day)
    entry = FORMS.get((kind, regime.key))
    if entry is None:
        if (kind, "2025") in FORMS or (kind, "2018") in FORMS:
            raise ValidationError(
                _("Mẫu này không có trong bộ biểu mẫu theo %(basis)s áp dụng cho hồ sơ.")
                % {"basis": regime.basis},
                code="no_form",
            )
        raise ValidationError(_("Không có loại phiếu “%(kind)s”.") % {"kind": kind}, code="no_form")
    number, title, symbol = entry
    return Form(kind, regime, number, str(title), symbol)


def regime_date(dossier: Dossier) -> dt.date:
    at = dossier.received_at or dossier.submitted_at or timezone.now()
    return timezone.localdate(at)


def regime_for(dossier: Dossier) -> Regime:
    return regime_on(regime_date(dossier))


def slip_form(dossier: Dossier, kind: str) -> Form:
    return form_for(kind, regime_date(dossier))


def available(dossier: Dossier) -> list[Form]:
    """The slips that apply to ``dossier`` now, for the staff screen's print links."""
    kinds = []
    if dossier.received_at:
        kinds += [RECEIPT, CONTROL]
    if dossier.supplement_count or dossier.status == Status.SUPPLEMENT_REQUESTED:
        kinds.append(SUPPLEMENT)
    if dossier.status == Status.REFUSED:
        kinds.append(REFUSAL)
    if dossier.apologised_at:
        kinds.append(APOLOGY)
    if dossier.status == Status.STOPPED:
        kinds.append(STOP)
    forms = []
    for kind in kinds:
        try:
            forms.append(slip_form(dossier, kind))
        except ValidationError:  # no such form in the dossier's regime (a stop notice before 1/7/2025)
            continue
    return forms


# --- labels (shared by the HTML and the DOCX templates) -----------------------------------------

LABELS = {
    "motto": gettext_lazy("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
    "motto2": gettext_lazy("Độc lập – Tự do – Hạnh phúc"),
    "number": gettext_lazy("Số"),
    "code": gettext_lazy("Mã hồ sơ"),
    "receiver": gettext_lazy("Tiếp nhận hồ sơ của"),
    "address": gettext_lazy("Địa chỉ"),
    "phone": gettext_lazy("Số điện thoại"),
    "email": gettext_lazy("Email"),
    "id_number": gettext_lazy("Số định danh cá nhân"),
    "tax_code": gettext_lazy("Mã số thuế"),
    "request": gettext_lazy("Nội dung yêu cầu giải quyết"),
    "documents": gettext_lazy("1. Thành phần hồ sơ nộp gồm:"),
    "sets": gettext_lazy("2. Số lượng hồ sơ: 01 (bộ)."),
    "legal_time": gettext_lazy("3. Thời gian giải quyết hồ sơ theo quy định:"),
    "received_time": gettext_lazy("4. Thời gian nhận hồ sơ:"),
    "due_time": gettext_lazy("5. Thời gian trả kết quả giải quyết hồ sơ:"),
    "return_at": gettext_lazy("6. Đăng ký nhận kết quả tại:"),
    "receipt_place": gettext_lazy("Nơi tiếp nhận"),
    "competent": gettext_lazy("cơ quan giải quyết"),
    "return_place": gettext_lazy("Nơi trả kết quả"),
    "register": gettext_lazy("Vào Sổ theo dõi hồ sơ, Quyển số: ……… Số thứ tự: ………"),
    "contact": gettext_lazy("Người tiếp nhận, trả lời phản ánh, kiến nghị về hồ sơ:"),
    "no_documents": gettext_lazy("(Thủ tục chưa công bố thành phần hồ sơ.)"),
    "applicant_sign": gettext_lazy("NGƯỜI NỘP HỒ SƠ"),
    "receiver_sign": gettext_lazy("NGƯỜI TIẾP NHẬN HỒ SƠ"),
    "guide_sign": gettext_lazy("NGƯỜI HƯỚNG DẪN"),
    "head_sign": gettext_lazy("THỦ TRƯỞNG CƠ QUAN"),
    "sign_hint": gettext_lazy("(Ký và ghi rõ họ tên)"),
    "seal_hint": gettext_lazy("(Ký tên, đóng dấu)"),
    "digital_signature": gettext_lazy("Chữ ký số của Tổ chức (nếu là biểu mẫu điện tử)"),
    "receipt_note": gettext_lazy(
        "Ghi chú: Lập thành 02 liên: 01 liên chuyển kèm Phiếu kiểm soát quá trình giải quyết hồ sơ, "
        "lưu tại Bộ phận tiếp nhận và trả kết quả; 01 liên giao cho cá nhân, tổ chức nộp hồ sơ."
    ),
    "supplement_intro": gettext_lazy("Yêu cầu hoàn thiện hồ sơ gồm những nội dung sau:"),
    "refusal_end": gettext_lazy("Xin thông báo cho Ông/Bà được biết và thực hiện."),
    "dear": gettext_lazy("Kính gửi"),
    "recipients": gettext_lazy("Nơi nhận"),
    "archive": gettext_lazy("Lưu: VT."),
    "attached_to": gettext_lazy("Kèm theo hồ sơ của"),
    "received_on": gettext_lazy("Ngày, giờ nhận"),
    "due_on": gettext_lazy("Ngày, giờ hẹn trả"),
    "lead": gettext_lazy("Cơ quan (bộ phận) giải quyết"),
    "partners": gettext_lazy("Cơ quan phối hợp"),
    "col_agency": gettext_lazy("TÊN CƠ QUAN"),
    "col_time": gettext_lazy("THỜI GIAN GIAO, NHẬN HỒ SƠ"),
    "col_result": gettext_lazy("KẾT QUẢ GIẢI QUYẾT HỒ SƠ (Trước hạn/đúng hạn/quá hạn)"),
    "col_note": gettext_lazy("GHI CHÚ"),
    "give": gettext_lazy("Giao"),
    "take": gettext_lazy("Nhận"),
    "giver_sign": gettext_lazy("Người giao"),
    "taker_sign": gettext_lazy("Người nhận"),
    "control_note": gettext_lazy(
        "Trường hợp chuyển hồ sơ qua dịch vụ bưu chính thì thời gian giao, nhận hồ sơ và việc ký nhận "
        "thể hiện trong hóa đơn của cơ quan bưu chính."
    ),
    "procedure_code": gettext_lazy("Mã thủ tục"),
    "reason": gettext_lazy("Lý do"),
    "tracking": gettext_lazy("Tra cứu tình trạng hồ sơ tại"),
    "tracking_how": gettext_lazy("(nhập mã hồ sơ và 4 chữ số cuối của số điện thoại hoặc số định danh)."),
    "secret": gettext_lazy(
        "Mã bí mật tra cứu (giữ kín; dùng cùng mã hồ sơ để xem tệp, nộp bổ sung, tải kết quả):"
    ),
}


# --- helpers -------------------------------------------------------------------------------------


def _local(value: dt.datetime | None) -> dt.datetime | None:
    return timezone.localtime(value) if value else None


def _number(value: Decimal) -> str:
    return formats.format_number(value)


def _identity(dossier: Dossier) -> str:
    return dossier.id_number or dossier.tax_code


def _latest_event(dossier: Dossier, actions: set[str]) -> DossierEvent | None:
    return (
        dossier.events.filter(action__in=actions)
        .select_related("unit", "actor__staff")
        .order_by("-seq")
        .first()
    )


def _counter_unit(dossier: Dossier) -> Unit | None:
    event = _latest_event(dossier, {"receive", "refuse", "request_intake_supplement"})
    if event is not None and event.unit is not None:
        return event.unit
    return Unit.objects.filter(agency_id=dossier.agency_id, kind=Unit.Kind.COUNTER).order_by("id").first()


def public_contact(dossier: Dossier) -> Staff | None:
    """P-B5: the official who answers feedback, of the processing unit(s) or else the counter."""
    steps = ProcessStep.objects.filter(version_id=dossier.procedure_version_id, unit__isnull=False)
    processing = set(steps.exclude(unit__kind=Unit.Kind.COUNTER).values_list("unit_id", flat=True))
    counters = set(
        Unit.objects.filter(agency_id=dossier.agency_id, kind=Unit.Kind.COUNTER).values_list("id", flat=True)
    )
    candidates = list(
        Staff.objects.filter(is_public_contact=True, unit_id__in=processing | counters, user__is_active=True)
        .select_related("user", "unit")
        .order_by("contact_order", "id")
    )
    candidates.sort(key=lambda s: (s.unit_id not in processing, s.contact_order, s.pk))
    return candidates[0] if candidates else None


def tracking_url() -> str:
    """The portal's tracking page (``CCHC_PUBLIC_BASE_URL`` + its Vietnamese path)."""
    from django.urls import reverse
    from django.utils import translation

    with translation.override("vi"):
        path = reverse("portal:tracking")
    return f"{getattr(settings, 'CCHC_PUBLIC_BASE_URL', '').rstrip('/')}{path}"


def qr_payload(dossier: Dossier, kind: str, issued_at: dt.datetime | None = None) -> str:
    """What the QR code carries (TT 01/2023 Đ26): one "key: value" per line, ISO times with offset."""
    form = slip_form(dossier, kind)
    issued = _local(issued_at or timezone.now())
    lines = [
        f"MaHoSo: {dossier.code}",
        f"MaTTHC: {dossier.procedure_version.procedure.code}",
        f"MaDinhDanh: {_identity(dossier)}",
        f"TenGiayTo: {form.name}",
        f"HeThong: {settings.CCHC_SYSTEM_NAME}",
        f"ThoiGianCap: {issued.isoformat(timespec='minutes')}",
    ]
    if kind == RECEIPT and dossier.due_at:
        lines.append(f"HenTra: {_local(dossier.due_at).isoformat(timespec='minutes')}")
    if kind == APOLOGY and dossier.new_due_at:
        lines.append(f"HenTraMoi: {_local(dossier.new_due_at).isoformat(timespec='minutes')}")
    return "\n".join(lines)


def _qr(payload: str):
    import segno

    return segno.make(payload, error="m", micro=False)


def qr_svg_data_uri(payload: str) -> str:
    return _qr(payload).svg_data_uri(scale=4, border=4)


def qr_png(payload: str) -> bytes:
    out = io.BytesIO()
    _qr(payload).save(out, kind="png", scale=6, border=4)
    return out.getvalue()


# --- context -------------------------------------------------------------------------------------


def _not_applicable(message: str) -> ValidationError:
    return ValidationError(message, code="not_applicable")


def _handover_rows(dossier: Dossier, counter: Unit | None) -> list[dict]:
    rows = []
    handovers = dossier.handovers.select_related(
        "from_unit", "from_agency", "to_unit", "to_agency", "handed_by__staff"
    ).order_by("seq")
    for h in handovers:
        giver = h.from_unit or h.from_agency or (counter if h.seq == 1 else None)
        taker = h.to_unit or h.to_agency
        note = ""
        if h.done_at:
            note = _("Hoàn thành: %(time)s") % {"time": formats.format_slip_time(h.done_at)}
        rows.append(
            {
                "giver": str(giver) if giver else "—",
                "taker": str(taker) if taker else "—",
                "time": formats.format_slip_time(h.handed_at),
                "result": h.get_result_display() if h.result else "",
                "note": note,
                "handed_by": display_name(h.handed_by),
            }
        )
    return rows


def _paper_rows(dossier: Dossier) -> list[dict]:
    """The paper originals' transfers between the places and the competent agency (decision 0021),
    as rows of the control slip: who gave, who took, when, against the place's budget, and the class."""
    rows = []
    for t in dossier.paper_transfers.select_related("from_agency", "to_agency", "sent_by__staff"):
        place = t.from_agency if t.direction == PaperTransfer.Direction.TO_AGENCY else t.to_agency
        note = _("Bản giấy: %(what)s. Thời hạn chuyển %(hours)s giờ làm việc, hạn nhận %(due)s") % {
            "what": t.what or "—",
            "hours": _number(place.transfer_hours),
            "due": formats.format_slip_time(t.due_at),
        }
        if t.received_at:
            note += "; " + _("nhận lúc %(time)s") % {"time": formats.format_slip_time(t.received_at)}
        rows.append(
            {
                "giver": t.from_agency.name,
                "taker": t.to_agency.name,
                "time": formats.format_slip_time(t.sent_at),
                "result": t.get_result_display() if t.result else "",
                "note": note + ".",
                "handed_by": display_name(t.sent_by) if t.sent_by else "",
            }
        )
    return rows


# One context builder per slip kind: each adds what its form shows to the common context, or raises
# ValidationError (Vietnamese) when the slip does not apply to the dossier.


def _receipt(dossier: Dossier, counter: Unit | None, ctx: dict) -> None:
    if dossier.received_at is None or dossier.due_at is None:
        raise _not_applicable(
            _("Hồ sơ %(code)s chưa được tiếp nhận nên chưa có Giấy tiếp nhận hồ sơ và hẹn trả kết quả.")
            % {"code": dossier.code}
        )
    version = dossier.procedure_version
    agency = dossier.agency
    ctx["documents"] = [
        {
            "name": d.name + (" " + _("(nếu có)") if d.optional else ""),
            "kind": d.get_kind_display(),
            "count": f"{d.count:02d}",
        }
        for d in version.required_documents.order_by("order", "id")
    ]
    ctx["legal_time"] = f"{_number(version.processing_time)} {version.get_time_unit_display()}"
    ctx["received_time"] = formats.format_slip_time(dossier.received_at)
    ctx["due_time"] = formats.format_slip_time(dossier.due_at)
    ctx["return_channel"] = dossier.get_return_channel_display()
    # The places are printed when they are not the agency itself (a centre or branch received for it,
    # or the result is collected at another place); a department's own counter needs no such line.
    receipt_place = dossier.receipt_place
    ctx["receipt_place"] = receipt_place.name if receipt_place and receipt_place.pk != agency.pk else ""
    place = dossier.return_place
    elsewhere = place is not None and place.pk != agency.pk
    ctx["return_place"] = (
        (f"{place.name}, {place.address}" if place.address else place.name) if elsewhere else ""
    )
    contact = public_contact(dossier)
    ctx["contact"] = (
        {
            "name": contact.full_name,
            "position": contact.position,
            # The unit, unless the position already names it ("Chuyên viên Phòng Việc làm").
            "unit": "" if contact.unit.name.lower() in contact.position.lower() else contact.unit.name,
            "phone": contact.phone or contact.unit.phone or agency.phone,
        }
        if contact
        else None
    )
    event = _latest_event(dossier, {"receive"})
    ctx["receiver_name"] = display_name(event.actor) if event else ""
    ctx["date_line"] = formats.format_date_line(dossier.received_at)
    # The satisfaction survey is a QR code with a short caption (its signed address is too
    # long to type); the tracking page is a short address printed whole on one line.

    ctx["survey_url"] = survey_url(dossier)
    ctx["survey_qr_data_uri"] = qr_svg_data_uri(ctx["survey_url"])
    ctx["survey_label"] = _("Quét mã để đánh giá sự hài lòng sau khi nhận kết quả")
    ctx["tracking_url"] = tracking_url()


def _intake_answer(dossier: Dossier, ctx: dict, event: DossierEvent) -> None:
    """What the supplement request and the refusal share: the event's note, officer, date and unit."""
    ctx["items"] = [line.strip() for line in event.note.splitlines() if line.strip()]
    ctx["note"] = event.note
    ctx["officer_name"] = display_name(event.actor)
    ctx["date_line"] = formats.format_date_line(event.at)
    if event.unit is not None and event.unit.kind != Unit.Kind.COUNTER:
        ctx["header_issuer"] = event.unit.name.upper()
    ctx["submitted_time"] = formats.format_slip_time(dossier.submitted_at or event.at)


def _supplement(dossier: Dossier, counter: Unit | None, ctx: dict) -> None:
    event = _latest_event(dossier, {"request_intake_supplement", "request_supplement"})
    if event is None:
        raise _not_applicable(
            _("Hồ sơ %(code)s không có yêu cầu bổ sung, hoàn thiện nên không lập Phiếu yêu cầu bổ sung.")
            % {"code": dossier.code}
        )
    _intake_answer(dossier, ctx, event)
    contact = public_contact(dossier)
    ctx["supplement_help"] = _(
        "Trong quá trình hoàn thiện hồ sơ, nếu có vướng mắc, Ông/Bà liên hệ %(who)s để được hướng dẫn."
    ) % {
        "who": (
            f"{contact.full_name} – {contact.position}, {_('số điện thoại')} {contact.phone}"
            if contact
            else ctx["counter_name"]
        )
    }


def _refusal(dossier: Dossier, counter: Unit | None, ctx: dict) -> None:
    event = _latest_event(dossier, {"refuse"})
    if event is None:
        raise _not_applicable(
            _("Hồ sơ %(code)s không bị từ chối tiếp nhận nên không lập Phiếu từ chối.")
            % {"code": dossier.code}
        )
    _intake_answer(dossier, ctx, event)
    issuer = event.unit.name if event.unit else ctx["counter_name"]
    ctx["refusal_intro"] = _(
        "Qua xem xét, %(unit)s thông báo không tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau:"
    ) % {"unit": issuer}


def _apology(dossier: Dossier, counter: Unit | None, ctx: dict) -> None:
    if dossier.apologised_at is None or dossier.new_due_at is None:
        raise _not_applicable(
            _(
                "Hồ sơ %(code)s không có văn bản xin lỗi và hẹn lại ngày trả kết quả: "
                "chỉ lập phiếu này khi cơ quan giải quyết đã xin lỗi và hẹn lại."
            )
            % {"code": dossier.code}
        )
    ctx["received_time"] = formats.format_slip_time(dossier.received_at)
    ctx["due_time"] = formats.format_slip_time(dossier.due_at)
    ctx["new_due_time"] = formats.format_slip_time(dossier.new_due_at)
    ctx["reason"] = dossier.apology_reason
    ctx["date_line"] = formats.format_date_line(dossier.apologised_at)
    # Ahead of the appointment the letter says the dossier will not be ready by then; once the
    # appointment has passed, that it was not. (Not ``apology_late``: an apology sent on the
    # last day is late for the rule of 1 working day, yet the appointment has not passed.)
    overdue = dossier.apologised_at > dossier.due_at
    facts = {
        "agency": dossier.agency.name,
        "procedure": dossier.procedure_version.name,
        "received": ctx["received_time"],
        "code": dossier.code,
        "due": ctx["due_time"],
        "new_due": ctx["new_due_time"],
    }
    ctx["apology_overdue"] = overdue
    ctx["apology_body"] = (
        _(
            "%(agency)s tiếp nhận hồ sơ của Ông/Bà giải quyết thủ tục “%(procedure)s” lúc %(received)s, "
            "mã hồ sơ %(code)s, hẹn trả kết quả lúc %(due)s. Đến nay, đã quá thời hạn hẹn trả nêu trên "
            "nhưng hồ sơ của Ông/Bà chưa được giải quyết xong."
        )
        if overdue
        else _(
            "%(agency)s tiếp nhận hồ sơ của Ông/Bà giải quyết thủ tục “%(procedure)s” lúc %(received)s, "
            "mã hồ sơ %(code)s, hẹn trả kết quả lúc %(due)s. Hồ sơ của Ông/Bà dự kiến không giải quyết "
            "xong trong thời hạn hẹn trả nêu trên."
        )
    ) % facts
    if ctx["form"].regime.key == "2025":
        sorry = (
            _(
                "%(agency)s xin lỗi Ông/Bà vì sự chậm trễ này và đề nghị gia hạn thời gian giải quyết; "
                "hẹn trả kết quả vào lúc %(new_due)s."
            )
            if overdue
            else _(
                "%(agency)s xin lỗi Ông/Bà vì không trả được kết quả đúng hẹn và đề nghị gia hạn thời "
                "gian giải quyết; hẹn trả kết quả vào lúc %(new_due)s."
            )
        )
    else:
        sorry = (
            _("%(agency)s xin lỗi Ông/Bà vì sự chậm trễ này và hẹn lại ngày trả kết quả vào lúc %(new_due)s.")
            if overdue
            else _(
                "%(agency)s xin lỗi Ông/Bà vì không trả được kết quả đúng hẹn và hẹn lại ngày trả "
                "kết quả vào lúc %(new_due)s."
            )
        )
    ctx["apology_sorry"] = sorry % facts
    ctx["recipient_lines"] = _recipient_lines(ctx)


def _control(dossier: Dossier, counter: Unit | None, ctx: dict) -> None:
    if dossier.received_at is None:
        raise _not_applicable(
            _("Hồ sơ %(code)s chưa được tiếp nhận nên chưa có Phiếu kiểm soát quá trình giải quyết.")
            % {"code": dossier.code}
        )
    version = dossier.procedure_version
    agency = dossier.agency
    ctx["received_time"] = formats.format_slip_time(dossier.received_at)
    ctx["due_time"] = formats.format_slip_time(dossier.effective_due_at)
    lead = {
        s.unit.name
        for s in version.process_steps.select_related("unit")
        if s.unit_id and s.unit.kind != Unit.Kind.COUNTER
    }
    ctx["lead"] = ", ".join(sorted(lead)) or agency.name
    partners = [
        s.agency.name
        for s in version.process_steps.select_related("agency").order_by("order")
        if s.agency_id and s.agency_id != agency.pk
    ]
    ctx["partners"] = ", ".join(dict.fromkeys(partners)) or "—"
    ctx["rows"] = _handover_rows(dossier, counter) + _paper_rows(dossier)
    ctx["date_line"] = formats.format_date_line(dossier.received_at)


def _stop(dossier: Dossier, counter: Unit | None, ctx: dict) -> None:
    event = _latest_event(dossier, {"stop"})
    if dossier.status != Status.STOPPED or event is None:
        raise _not_applicable(
            _("Hồ sơ %(code)s không dừng giải quyết nên không lập Thông báo dừng giải quyết hồ sơ.")
            % {"code": dossier.code}
        )
    agency = dossier.agency
    ctx["reason"] = event.note
    ctx["date_line"] = formats.format_date_line(event.at)
    ctx["stop_body"] = _(
        "Ngày %(date)s, %(agency)s nhận được đề nghị của Ông/Bà về việc dừng giải quyết hồ sơ "
        "mã số %(code)s, thủ tục “%(procedure)s”."
    ) % {
        "date": formats.format_date(event.at, lang="vi"),
        "agency": agency.name,
        "code": dossier.code,
        "procedure": dossier.procedure_version.name,
    }
    ctx["stop_decision"] = _("%(agency)s thông báo dừng giải quyết hồ sơ nêu trên kể từ %(time)s.") % {
        "agency": agency.name,
        "time": formats.format_slip_time(event.at),
    }
    ctx["recipient_lines"] = _recipient_lines(ctx)


def _recipient_lines(ctx: dict) -> list[str]:
    """ "Nơi nhận" of the agency's letters (the apology and the stop notice)."""
    return [_("Như trên;"), _("%(counter)s (để theo dõi);") % {"counter": ctx["counter_name"]}]


@dataclass(frozen=True)
class SlipKind:
    """A slip kind: the builder of its context and the templates it fills (its form is ``FORMS``)."""

    kind: str
    build: Callable[[Dossier, Unit | None, dict], None]
    # A letter of the agency (ND 30/2020 header: governing body, then the agency) rather than a slip
    # of the counter (the agency, then the counter).
    letter: bool = False

    @property
    def template(self) -> str:
        return f"dossiers/slips/{self.kind}.html"

    @property
    def docx_template(self) -> Path:
        return DOCX_DIR / f"{self.kind}.docx"


SLIPS: dict[str, SlipKind] = {
    s.kind: s
    for s in (
        SlipKind(RECEIPT, _receipt),
        SlipKind(SUPPLEMENT, _supplement),
        SlipKind(REFUSAL, _refusal),
        SlipKind(APOLOGY, _apology, letter=True),
        SlipKind(CONTROL, _control),
        SlipKind(STOP, _stop, letter=True),
    )
}


def slip_context(
    dossier: Dossier, kind: str, issued_at: dt.datetime | None = None, *, secret: str = ""
) -> dict:
    """Everything a slip shows; ValidationError (Vietnamese) when the slip does not apply."""
    slip = SLIPS.get(kind)
    if slip is None:
        raise ValidationError(_("Không có loại phiếu “%(kind)s”.") % {"kind": kind}, code="no_form")
    dossier = Dossier.objects.select_related(
        "agency__parent",
        "procedure_version__procedure",
        "procedure_version__agency",
        "receipt_place",
        "return_place",
    ).get(pk=dossier.pk)
    form = slip_form(dossier, kind)
    issued_at = issued_at or timezone.now()
    version = dossier.procedure_version
    counter = _counter_unit(dossier)
    agency = dossier.agency
    ctx: dict = {
        "L": LABELS,
        "form": form,
        "form_label": form.label,
        "form_title": form.title,
        "basis": form.regime.basis,
        "dossier": dossier,
        "code": dossier.code,
        "procedure_name": version.name,
        "procedure_code": version.procedure.code,
        "applicant_name": dossier.applicant_name,
        "representative": dossier.representative,
        # Under the applicant's signature: a person's name; for an organisation the one who signs
        # writes it (an organisation's name is no signature line).
        "applicant_sign_name": dossier.applicant_name
        if dossier.applicant_kind == ApplicantKind.PERSON
        else "",
        "address": dossier.address or "…………",
        "phone": dossier.phone or "…………",
        "email": dossier.email or "…………",
        "identity": _identity(dossier),
        "identity_label": LABELS["tax_code"]
        if dossier.tax_code and not dossier.id_number
        else LABELS["id_number"],
        "system_name": settings.CCHC_SYSTEM_NAME,
        "issued_at": formats.format_slip_time(issued_at),
        "symbol": form.symbol,
    }
    # Header (ND 30/2020): governing body in plain capitals, issuing body in bold capitals.
    if slip.letter:
        ctx["header_parent"] = agency.parent.name.upper() if agency.parent else ""
        ctx["header_issuer"] = agency.name.upper()
    else:
        # A counter's slip is headed by the place that received the dossier (a centre, a branch or
        # the agency's own counter).
        ctx["header_parent"] = (dossier.receipt_place or agency).name.upper()
        ctx["header_issuer"] = (counter.name if counter else _("Bộ phận tiếp nhận và trả kết quả")).upper()
    ctx["counter_name"] = counter.name if counter else _("Bộ phận tiếp nhận và trả kết quả")
    ctx["agency_name"] = agency.name
    slip.build(dossier, counter, ctx)
    payload = qr_payload(dossier, kind, issued_at)
    ctx["qr_payload"] = payload
    ctx["qr_data_uri"] = qr_svg_data_uri(payload)
    if kind == RECEIPT:
        # Printed only on the receipt made at intake, while the counter still knows it (it is stored
        # hashed): with the code it opens the dossier's files, supplements and result online.
        ctx["secret"] = secret
    ctx["handover_results"] = [label for _value, label in Handover.Result.choices]
    return ctx


# --- rendering -----------------------------------------------------------------------------------


def render_html(
    dossier: Dossier, kind: str, issued_at: dt.datetime | None = None, *, secret: str = ""
) -> str:
    ctx = slip_context(dossier, kind, issued_at, secret=secret)
    return render_to_string(SLIPS[kind].template, ctx)


# Layouts tried in turn until the slip fits its page (slips.css, "Density").
DENSITIES = ("", "compact", "tight")
_BODY = '<body class="slip">'


def _fit(html: str, fit_pages: int | None):
    """(HTML with the density chosen, its laid-out WeasyPrint document): the first density that fits
    ``fit_pages`` pages, else the one with the fewest pages (the content is never cut)."""
    from weasyprint import HTML

    base_url = str(Path(__file__).resolve().parent)
    best = None
    for density in DENSITIES if fit_pages else ("",):
        source = html.replace(_BODY, f'<body class="slip {density}">', 1) if density else html
        document = HTML(string=source, base_url=base_url).render()
        if best is None or len(document.pages) < len(best[1].pages):
            best = (source, document)
        if fit_pages is None or len(document.pages) <= fit_pages:
            break
    return best


def fitted_html(html: str, fit_pages: int) -> str:
    """The slip's HTML in the density :func:`html_to_pdf` prints it with."""
    return _fit(html, fit_pages)[0]


def html_to_pdf(html: str, fit_pages: int | None = None) -> bytes:
    """The PDF of a slip's HTML; with ``fit_pages``, in the densest layout needed to fit them."""
    return _fit(html, fit_pages)[1].write_pdf()


def render_pdf(
    dossier: Dossier, kind: str, issued_at: dt.datetime | None = None, *, secret: str = ""
) -> bytes:
    """The slip as an A5 portrait PDF on one page (denser type for long content)."""
    return html_to_pdf(render_html(dossier, kind, issued_at, secret=secret), fit_pages=1)


def _plain(value):
    """Lazy strings to str, recursively, so docxtpl's Jinja sees plain text."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool, Form, Dossier)):
        return value
    return str(value)


def render_docx(dossier: Dossier, kind: str, issued_at: dt.datetime | None = None) -> bytes:
    """The slip as an editable Word document (docxtpl template built by docx_templates/build.py)."""
    from docx.shared import Mm
    from docxtpl import DocxTemplate, InlineImage

    ctx = slip_context(dossier, kind, issued_at)
    template = DocxTemplate(str(SLIPS[kind].docx_template))
    ctx = _plain(ctx)
    ctx["qr"] = InlineImage(template, io.BytesIO(qr_png(ctx["qr_payload"])), width=Mm(22))
    if ctx.get("survey_url"):
        ctx["survey_qr"] = InlineImage(template, io.BytesIO(qr_png(ctx["survey_url"])), width=Mm(18))
    template.render(ctx, autoescape=True)
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()
