"""Read-side queries on dossiers.

Public tracking (portal ``/tra-cuu/`` and the API): :func:`find_for_tracking` finds a dossier by its code
and the last four digits of the applicant's phone, ID number or tax code; :func:`public_timeline` lists
what the applicant may see of its history — public events only, never the staff member who acted, and
a note only for the events addressed to the applicant (supplement requests, refusal, apology, rejection,
stop). :func:`unit_worklist` lists the open dossiers a unit holds (API worklist).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.db.models import Count, Max, QuerySet
from django.db.models.fields.json import KT
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from cchc.dossiers.models import (
    OPEN_STATUSES,
    Dossier,
    DossierDocument,
    DossierEvent,
    PersonalDataRead,
    Status,
)
from cchc.dossiers.privacy import ROLE_LABELS
from cchc.dossiers.services import SUPPLY_ACTIONS
from cchc.org.selectors import display_name

# What the applicant reads for each action of the workflow.
ACTION_LABELS = {
    "submit_online": _("Nộp hồ sơ trực tuyến"),
    "receive": _("Tiếp nhận hồ sơ"),
    "request_intake_supplement": _("Yêu cầu bổ sung, hoàn thiện hồ sơ"),
    "refuse": _("Từ chối tiếp nhận hồ sơ"),
    "resubmit": _("Nộp bổ sung hồ sơ"),
    "hand_over": _("Chuyển xử lý"),
    "take_back": _("Nhận lại hồ sơ từ cơ quan phối hợp"),
    "request_supplement": _("Yêu cầu bổ sung hồ sơ (tạm dừng tính thời gian)"),
    "supplement_received": _("Đã nhận hồ sơ bổ sung tại Bộ phận Một cửa"),
    "supplement_online": _("Nộp bổ sung hồ sơ trực tuyến"),
    "intake_supplement_received": _("Nộp bổ sung hồ sơ tại Bộ phận Một cửa"),
    "send_back": _("Trả lại để xử lý lại"),
    "download_result": _("Người nộp đã tải kết quả điện tử"),
    "apologise": _("Xin lỗi và hẹn lại ngày trả kết quả"),
    "approve": _("Có kết quả giải quyết"),
    "reject": _("Không giải quyết, trả lại hồ sơ"),
    "return_result": _("Đã trả kết quả"),
    "stop": _("Dừng giải quyết theo đề nghị"),
    "paper_sent": _("Chuyển bản giấy"),
    "paper_received": _("Kết quả bản giấy đã đến nơi trả kết quả"),
    "paid_online": _("Đã thanh toán phí, lệ phí trực tuyến"),
}

# Events whose note is written to the applicant (a request, a reason): shown. Other notes are internal.
APPLICANT_NOTES = frozenset(
    {"request_intake_supplement", "request_supplement", "refuse", "apologise", "reject", "stop"}
)

_DIGITS = re.compile(r"\D")


@dataclass(frozen=True)
class TimelineEntry:
    at: dt.datetime
    action: str
    label: str
    status: str  # status after the event (label)
    note: str  # "" unless addressed to the applicant
    new_due_at: dt.datetime | None = None
    detail: str = ""  # where the dossier went (a step and its unit), which supplement round…


def find_for_tracking(code: str, last4: str) -> Dossier | None:
    """The dossier with ``code`` whose applicant's phone, ID number or tax code ends with ``last4``.

    ``None`` when the code is unknown *or* the digits do not match: callers must not tell which.
    """
    code = (code or "").strip().upper()
    last4 = (last4 or "").strip()
    if not code or len(code) > 40 or not re.fullmatch(r"\d{4}", last4):
        return None
    dossier = (
        Dossier.objects.select_related(
            "procedure_version__procedure", "agency", "receipt_place", "return_place"
        )
        .filter(code=code)
        .first()
    )
    if dossier is None:
        return None
    candidates = [_DIGITS.sub("", v) for v in (dossier.phone, dossier.id_number, dossier.tax_code)]
    if any(len(v) >= 4 and v[-4:] == last4 for v in candidates):
        return dossier
    return None


def of_person(personal_id: str, *, limit: int = 200) -> list[Dossier]:
    """The dossiers whose applicant's ID number is ``personal_id``, newest first, whatever their door
    (counter, service centre, CCHC portal, API, national portal): the index ``dossier_id_number``."""
    if not (len(personal_id or "") == 12 and personal_id.isdigit()):
        return []
    related = ("procedure_version__procedure", "agency", "receipt_place", "return_place")
    return list(
        Dossier.objects.select_related(*related)
        .filter(id_number=personal_id)
        .order_by("-submitted_at", "-id")[:limit]
    )


def dossier_by_code(code: str) -> Dossier | None:
    """The dossier with ``code`` (for a caller that then checks the tracking secret)."""
    code = (code or "").strip().upper()
    if not code or len(code) > 40:
        return None
    related = ("procedure_version__procedure", "agency", "receipt_place", "return_place")
    return Dossier.objects.select_related(*related).filter(code=code).first()


class _Describer:
    """What an event did, in words: the step and unit a dossier was handed (or sent back) to, the
    round of a supplement and its files. One place for the citizen's and the staff's timelines."""

    def __init__(self, dossier: Dossier):
        self.steps = {
            step.order: step
            for step in dossier.procedure_version.process_steps.select_related("unit", "agency")
        }
        self.files: dict[int, int] = {}
        for round_number in dossier.documents.filter(kind=DossierDocument.Kind.COMPONENT).values_list(
            "round", flat=True
        ):
            self.files[round_number] = self.files.get(round_number, 0) + 1

    def detail(self, action: str, data: dict) -> str:
        data = data if isinstance(data, dict) else {}
        if action in ("hand_over", "send_back") and data.get("step") in self.steps:
            step = self.steps[data["step"]]
            where = step.unit or step.agency
            return f"{where} — {step.name}" if where else step.name
        if action in SUPPLY_ACTIONS and data.get("round"):
            n = self.files.get(data["round"], 0)
            return ngettext(
                "Lần bổ sung thứ %(round)s, %(n)s tệp", "Lần bổ sung thứ %(round)s, %(n)s tệp", n
            ) % {"round": data["round"], "n": n}
        if action == "submit_online" and data.get("national_code"):
            return _("qua Cổng Dịch vụ công quốc gia, mã hồ sơ trên Cổng: %(code)s") % {
                "code": data["national_code"]
            }
        if action == "download_result":
            via = data.get("via")
            if via == "vneid":
                return str(_("sau khi đăng nhập bằng tài khoản định danh điện tử"))
            return str(_("qua đường dẫn trong thông báo") if via == "link" else _("trên trang tra cứu"))
        return ""


def public_timeline(dossier: Dossier) -> list[TimelineEntry]:
    """The public events of ``dossier`` in order, in one query, without actors or internal notes."""
    labels = dict(Status.choices)
    describe = _Describer(dossier)
    rows = (
        dossier.events.filter(public=True)
        .order_by("seq")
        .values_list("at", "action", "to_status", "note", "data")
    )
    entries = []
    for at, action, to_status, note, data in rows:
        new_due = None
        if action == "apologise" and isinstance(data, dict) and data.get("new_due_at"):
            new_due = parse_datetime(data["new_due_at"])
        entries.append(
            TimelineEntry(
                at=at,
                action=action,
                label=str(ACTION_LABELS.get(action, _("Cập nhật hồ sơ"))),
                status=str(labels.get(to_status, "")),
                note=note if action in APPLICANT_NOTES else "",
                new_due_at=new_due,
                detail=describe.detail(action, data),
            )
        )
    return entries


def staff_timeline(dossier: Dossier) -> list[DossierEvent]:
    """Every event of ``dossier`` for the staff page, each with ``label``, ``detail`` (where it went)
    and ``who`` (the officer's name as written, or the applicant)."""
    describe = _Describer(dossier)
    events = list(dossier.events.select_related("actor__staff", "unit").order_by("seq"))
    for event in events:
        event.label = ACTION_LABELS.get(event.action, event.action)
        event.detail = describe.detail(event.action, event.data)
        event.who = display_name(event.actor) if event.actor else event.actor_label
    return events


def last_supplement_request(dossier: Dossier) -> DossierEvent | None:
    """The request the applicant is answering now (at intake or during processing)."""
    return (
        dossier.events.filter(action__in=("request_intake_supplement", "request_supplement"))
        .order_by("-seq")
        .first()
    )


@dataclass
class DocumentRound:
    number: int  # 0: first submitted or received
    label: str
    at: dt.datetime | None
    documents: list  # DossierDocument, each with ``superseded`` (a later round replaced it)


def documents_by_round(dossier: Dossier) -> tuple[list[DocumentRound], list[DossierDocument]]:
    """The applicant's documents grouped by round (the first submission, then each supplement, every
    earlier version kept and marked superseded), and the result files."""
    docs = list(dossier.documents.select_related("required_document").order_by("round", "id"))
    components = [d for d in docs if d.kind == DossierDocument.Kind.COMPONENT]
    results = [d for d in docs if d.kind == DossierDocument.Kind.RESULT]
    latest: dict[int, int] = {}
    for doc in components:
        if doc.required_document_id:
            latest[doc.required_document_id] = doc.round
    arrived = {
        (data or {}).get("round"): at
        for at, data in dossier.events.filter(action__in=SUPPLY_ACTIONS).values_list("at", "data")
    }
    rounds: dict[int, DocumentRound] = {}
    for doc in components:
        doc.superseded = bool(doc.required_document_id) and latest[doc.required_document_id] > doc.round
        if doc.round not in rounds:
            label = _("Hồ sơ nộp ban đầu") if doc.round == 0 else _("Bổ sung lần %(n)s") % {"n": doc.round}
            rounds[doc.round] = DocumentRound(doc.round, str(label), arrived.get(doc.round), [])
        rounds[doc.round].documents.append(doc)
    return [rounds[k] for k in sorted(rounds)], results


def dossier_by_id(pk: int) -> Dossier | None:
    return Dossier.objects.select_related("procedure_version__procedure", "agency").filter(pk=pk).first()


def unit_worklist(unit_id: int) -> QuerySet[Dossier]:
    """The open dossiers held by unit ``unit_id``, soonest due first."""
    return (
        Dossier.objects.filter(holder_unit_id=unit_id, status__in=OPEN_STATUSES)
        .select_related("procedure_version__procedure")
        .order_by("due_at", "code")
    )


# --- reads of personal data (decision 0018) ------------------------------------------------------------


@dataclass(frozen=True)
class ReadLine:
    """One officer's reads of one kind on one day, as the applicant's tracking page lists them."""

    day: dt.date
    last_at: dt.datetime
    role: str
    unit: str
    what: str
    times: int
    reason: str


def reads_for_applicant(dossier: Dossier, limit: int = 200) -> list[ReadLine]:
    """The reads of ``dossier``'s personal data, one line per officer, day and kind of read, newest
    first: what the data subject may know (who processed their data, when, how; Luật BVDLCN 2025,
    ND 13/2023 Đ9). Officers are named by their unit and role, not by name: the public pages never
    name staff (as the public timeline); the Office's log has the names. One query."""
    grouped = (
        PersonalDataRead.objects.filter(dossier=dossier)
        .annotate(day=TruncDate("at", tzinfo=timezone.get_current_timezone()))
        .values("day", "actor_id", "unit__name", "action")
        .annotate(last_at=Max("at"), times=Count("pk"), reason=Max("note"), role=Max(KT("data__role")))
        .order_by("-last_at")[:limit]
    )
    labels = dict(PersonalDataRead.What.choices)
    return [
        ReadLine(
            day=row["day"],
            last_at=row["last_at"],
            role=str(ROLE_LABELS.get(row["role"], "")),
            unit=row["unit__name"] or "",
            what=str(labels.get(row["action"], row["action"])),
            times=row["times"],
            reason=row["reason"] or "",
        )
        for row in grouped
    ]


def personal_data_reads(*, code: str = "", username: str = "") -> QuerySet[PersonalDataRead]:
    """The access log, newest first, for one dossier (``code``) and/or one officer (``username``)."""
    qs = PersonalDataRead.objects.select_related("dossier", "actor__staff", "unit").order_by("-at", "-id")
    if code.strip():
        qs = qs.filter(dossier__code=code.strip().upper())
    if username.strip():
        qs = qs.filter(actor__username=username.strip())
    return qs


def payable_online(dossier: Dossier) -> bool:
    """Whether the applicant may pay ``dossier``'s fee online now: the province is connected to the
    payment platform (``CCHC_PAYGATE_URL``), the procedure version pays online
    (``ProcedureVersion.pays_online``), there is a fee, it is not paid yet and the dossier is open."""
    from django.conf import settings

    return bool(
        settings.CCHC_PAYGATE_URL
        and dossier.procedure_version.pays_online
        and dossier.fee_amount > 0
        and not dossier.paid_online
        and dossier.status in OPEN_STATUSES
    )


def receipts_of(dossier: Dossier) -> list[DossierDocument]:
    """The electronic receipts of ``dossier``'s online payments (``DossierDocument.Kind.RECEIPT``)."""
    return list(dossier.documents.filter(kind=DossierDocument.Kind.RECEIPT).order_by("id"))
