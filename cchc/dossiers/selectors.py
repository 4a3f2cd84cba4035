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

from django.db.models import QuerySet
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from cchc.dossiers.models import OPEN_STATUSES, Dossier, Status

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
    "supplement_received": _("Đã nhận hồ sơ bổ sung"),
    "apologise": _("Xin lỗi và hẹn lại ngày trả kết quả"),
    "approve": _("Có kết quả giải quyết"),
    "reject": _("Không giải quyết, trả lại hồ sơ"),
    "return_result": _("Đã trả kết quả"),
    "stop": _("Dừng giải quyết theo đề nghị"),
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


def find_for_tracking(code: str, last4: str) -> Dossier | None:
    """The dossier with ``code`` whose applicant's phone, ID number or tax code ends with ``last4``.

    ``None`` when the code is unknown *or* the digits do not match: callers must not tell which.
    """
    code = (code or "").strip().upper()
    last4 = (last4 or "").strip()
    if not code or len(code) > 40 or not re.fullmatch(r"\d{4}", last4):
        return None
    dossier = (
        Dossier.objects.select_related("procedure_version__procedure", "agency").filter(code=code).first()
    )
    if dossier is None:
        return None
    candidates = [_DIGITS.sub("", v) for v in (dossier.phone, dossier.id_number, dossier.tax_code)]
    if any(len(v) >= 4 and v[-4:] == last4 for v in candidates):
        return dossier
    return None


def dossier_by_code(code: str) -> Dossier | None:
    """The dossier with ``code`` (for a caller that then checks the tracking secret)."""
    code = (code or "").strip().upper()
    if not code or len(code) > 40:
        return None
    return Dossier.objects.select_related("procedure_version__procedure", "agency").filter(code=code).first()


def public_timeline(dossier: Dossier) -> list[TimelineEntry]:
    """The public events of ``dossier`` in order, in one query, without actors or internal notes."""
    labels = dict(Status.choices)
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
            )
        )
    return entries


def unit_worklist(unit_id: int) -> QuerySet[Dossier]:
    """The open dossiers held by unit ``unit_id``, soonest due first."""
    return (
        Dossier.objects.filter(holder_unit_id=unit_id, status__in=OPEN_STATUSES)
        .select_related("procedure_version__procedure")
        .order_by("due_at", "code")
    )
