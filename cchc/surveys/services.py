"""Writes of the survey app: answering, follow-ups of low answers, kiosk devices.

Every function: keyword-only ``actor`` (a staff user, or None for a citizen), one transaction,
checks first, an appended ``SurveyEvent``, notifications as ``Outbox`` rows in the same transaction.
Closing a follow-up and opening or closing a kiosk run in the workflow kernel's frame
(``cchc.common.workflow``) with the tables of ``cchc.surveys.workflow``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.common.workflow import Operation, Workflow, actor_unit
from cchc.dossiers.models import Dossier, Handover, Status
from cchc.notifications.services import Notice, enqueue
from cchc.org import roles
from cchc.org.access import staff_of
from cchc.org.models import Agency, Staff, Unit
from cchc.org.selectors import heads_of

from . import tallies, workflow
from .models import (
    Criterion,
    FollowUp,
    KioskDevice,
    MethodVersion,
    Question,
    Response,
    ResponseChannel,
    SurveyEvent,
    extra_field,
    score_field,
)

LOW_SCORE = 2  # an answer of 1 or 2 opens a follow-up
COMMENT_MAX = 2000


@dataclass
class Answers:
    """What a respondent answered: criterion slot -> 1..5 (absent/None = not applicable or skipped),
    question slot -> value (yes/no: 1 yes, 0 no; choice: 1..number of options)."""

    scores: dict[int, int | None] = field(default_factory=dict)
    extras: dict[int, int | None] = field(default_factory=dict)
    comment: str = ""
    anonymous: bool = True
    name: str = ""
    phone: str = ""


def _now(at: dt.datetime | None) -> dt.datetime:
    return at or timezone.now()


NOT_STAFF = gettext_lazy("Chỉ cán bộ có tài khoản thuộc một đơn vị mới dùng được chức năng này.")


def method_in_force(day: dt.date | None = None) -> MethodVersion:
    method = MethodVersion.in_force(day)
    if method is None:
        raise ValidationError(_("Chưa có phương pháp khảo sát nào có hiệu lực."), code="no_method")
    return method


def office_unit(agency: Agency | None = None) -> Unit | None:
    """The Office (Văn phòng) of ``agency`` (by default the system owner's: the province's people's
    committee, or the Department in a single-department database)."""
    agency = agency or Agency.home()
    units = Unit.objects.valid_on().filter(kind=Unit.Kind.OFFICE)
    if agency is not None:
        units = units.filter(agency=agency)
    return units.order_by("id").first()


def handling_unit(dossier: Dossier) -> Unit | None:
    """The unit of the dossier's competent agency that handled it: the last one it was handed to
    that is not the counter (nor the leadership); the agency's Office when there is none. So a
    response counts in the competent agency's SIPAS, not a partner's nor the service centre's."""
    last = (
        Handover.objects.filter(dossier=dossier, to_unit__agency_id=dossier.agency_id)
        .exclude(to_unit__kind__in=[Unit.Kind.COUNTER, Unit.Kind.LEADERSHIP])
        .select_related("to_unit")
        .order_by("-seq")
        .first()
    )
    return last.to_unit if last else office_unit(dossier.agency)


def check_answerable(dossier: Dossier) -> None:
    """Raise (Vietnamese) unless the applicant of ``dossier`` may answer now."""
    if dossier.status != Status.RETURNED:
        raise ValidationError(
            _("Hồ sơ %(code)s chưa được trả kết quả. Ông/Bà vui lòng đánh giá sau khi nhận kết quả.")
            % {"code": dossier.code},
            code="not_returned",
        )
    if Response.objects.filter(dossier=dossier).exists():
        raise ValidationError(
            _("Hồ sơ %(code)s đã được đánh giá. Mỗi hồ sơ chỉ đánh giá một lần.") % {"code": dossier.code},
            code="already_answered",
        )


def _clean(method: MethodVersion, answers: Answers) -> dict:
    criteria = {c.slot: c for c in Criterion.objects.filter(method=method)}
    questions = {q.slot: q for q in Question.objects.filter(method=method)}
    values: dict = {}
    for slot, value in answers.scores.items():
        if slot not in criteria:
            raise ValidationError(_("Phiếu có tiêu chí không thuộc phương pháp khảo sát."), code="slot")
        if value is None:
            continue
        if value not in (1, 2, 3, 4, 5):
            raise ValidationError(_("Mỗi tiêu chí được chấm từ 1 đến 5 điểm."), code="score")
        values[score_field(slot)] = value
    if not values:
        raise ValidationError(
            _("Ông/Bà vui lòng đánh giá ít nhất một tiêu chí (hoặc chọn “Không áp dụng”)."), code="empty"
        )
    for slot, value in answers.extras.items():
        question = questions.get(slot)
        if question is None:
            raise ValidationError(_("Phiếu có câu hỏi không thuộc phương pháp khảo sát."), code="slot")
        if value is None:
            continue
        allowed = (
            (0, 1) if question.kind == Question.Kind.YES_NO else range(1, len(question.option_list()) + 1)
        )
        if value not in allowed:
            raise ValidationError(_("Câu trả lời không hợp lệ."), code="extra")
        values[extra_field(slot)] = value
    comment = (answers.comment or "").strip()
    if len(comment) > COMMENT_MAX:
        raise ValidationError(
            _("Góp ý dài tối đa %(n)s ký tự.") % {"n": COMMENT_MAX}, code="comment_too_long"
        )
    name = "" if answers.anonymous else (answers.name or "").strip()[:255]
    phone = "" if answers.anonymous else (answers.phone or "").strip()[:15]
    values.update(comment=comment, anonymous=answers.anonymous, respondent_name=name, respondent_phone=phone)
    return values


def _open_follow_up(response: Response, method: MethodVersion, at: dt.datetime) -> FollowUp | None:
    low = [
        c
        for c in Criterion.objects.filter(method=method).select_related("element").order_by("slot")
        if (response.score(c.slot) or 5) <= LOW_SCORE
    ]
    if not low:
        return None
    unit = response.unit or office_unit()
    if unit is None:
        return None
    text = "\n".join(f"{c.text}: {response.score(c.slot)} điểm" for c in low)
    follow_up = FollowUp.objects.create(response=response, unit=unit, low_criteria=text, opened_at=at)
    FOLLOW_UPS.append(follow_up, "follow_up_opened", actor=None, at=at, response=response, unit=unit)
    heads = heads_of(unit)
    # The notice goes to staff: in the staff language, even when the citizen answered in English.
    with translation.override(settings.LANGUAGE_CODE):
        where = response.dossier.code if response.dossier_id else _("khảo sát mở")
        subject = _("Phiếu khảo sát có đánh giá không hài lòng (%(where)s)") % {"where": where}
        body = _("Tiêu chí bị đánh giá thấp:\n%(text)s\nVui lòng xem xét và ghi kết quả xử lý.")
        body %= {"text": text}
    enqueue(Notice(subject, body), emails=[staff.user.email for staff in heads])
    return follow_up


def submit(
    *,
    actor=None,
    channel: str,
    answers: Answers,
    dossier: Dossier | None = None,
    kiosk: KioskDevice | None = None,
    at: dt.datetime | None = None,
    illustrative: bool = False,
) -> Response:
    """Record one response. Link and kiosk answers need a returned dossier without a response;
    public answers have none. Concurrent submissions for one dossier: the unique constraint lets
    exactly one through, the others get the "already answered" message."""
    at = _now(at)
    if channel not in ResponseChannel.values:
        raise ValidationError(_("Kênh khảo sát không hợp lệ."), code="channel")
    if channel == ResponseChannel.PUBLIC:
        if dossier is not None:
            raise ValidationError(_("Khảo sát mở không gắn với hồ sơ."), code="channel")
    elif dossier is None:
        raise ValidationError(_("Vui lòng nhập mã hồ sơ cần đánh giá."), code="no_dossier")
    if channel == ResponseChannel.KIOSK and (kiosk is None or kiosk.closed_at is not None):
        raise PermissionDenied(_("Máy khảo sát tại quầy chưa được cán bộ mở."))
    method = method_in_force(timezone.localdate(at))
    values = _clean(method, answers)
    with transaction.atomic():
        if dossier is not None:
            dossier = Dossier.objects.select_related("procedure_version").get(pk=dossier.pk)
            check_answerable(dossier)
            unit = handling_unit(dossier)
            values.update(
                procedure_id=dossier.procedure_version.procedure_id,
                field_id=dossier.procedure_version.field_id,
            )
        else:
            unit = office_unit()
        try:
            with transaction.atomic():
                response = Response.objects.create(
                    method=method,
                    channel=channel,
                    dossier=dossier,
                    unit=unit,
                    submitted_at=at,
                    illustrative=illustrative,
                    **values,
                )
        except IntegrityError:
            raise ValidationError(
                _("Hồ sơ %(code)s đã được đánh giá. Mỗi hồ sơ chỉ đánh giá một lần.")
                % {"code": dossier.code},
                code="already_answered",
            ) from None
        tallies.add_response(response)  # the daily summary the results read, same transaction
        SurveyEvent.append(
            at=at,
            action=f"response_{channel}",
            response=response,
            kiosk=kiosk,
            unit=kiosk.unit if kiosk else None,
        )
        _open_follow_up(response, method, at)
    return response


def _follow_up_refused(op: Operation, follow_up: FollowUp) -> str:
    return _("Việc này đã được xử lý trước đó.")


def _may_close(op: Operation, actor, follow_up: FollowUp) -> Staff:
    """The head of the follow-up's unit (or the Office, whose role counts only for Office staff)."""
    staff = staff_of(actor, NOT_STAFF)
    if not roles.user_roles(actor) & op.roles or staff.unit_id != follow_up.unit_id:
        raise PermissionDenied(
            _("Chỉ lãnh đạo %(unit)s mới được đóng việc này.") % {"unit": follow_up.unit.name}
        )
    return staff


def _kiosk_refused(op: Operation, device: KioskDevice) -> str:
    return _("Máy khảo sát này đã được tắt.")


def _may_use_kiosk(op: Operation, actor, device: KioskDevice) -> Staff:
    """Counter staff open a kiosk on their counter and close their counter's kiosks."""
    staff = staff_of(actor, NOT_STAFF)
    may = bool(roles.user_roles(actor) & op.roles)
    if op.scope == workflow.COUNTER and not (may and staff.unit.kind == Unit.Kind.COUNTER):
        raise PermissionDenied(_("Chỉ cán bộ Bộ phận Một cửa mới được mở chế độ kiosk."))
    if op.scope == workflow.UNIT and not (may and staff.unit_id == device.unit_id):
        raise PermissionDenied(_("Chỉ cán bộ Bộ phận Một cửa mới được đóng chế độ kiosk."))
    return staff


FOLLOW_UPS = Workflow(
    table=workflow.FOLLOW_UP_OPERATIONS,
    model=FollowUp,
    event=SurveyEvent,
    subject="follow_up",
    authorize=_may_close,
    refused_status=_follow_up_refused,
    event_columns=actor_unit,
    lock_related=("unit",),
    status_field="state",
)
KIOSKS = Workflow(
    table=workflow.KIOSK_OPERATIONS,
    model=KioskDevice,
    event=SurveyEvent,
    subject="kiosk",
    authorize=_may_use_kiosk,
    refused_status=_kiosk_refused,
    event_columns=actor_unit,
    status_field="state",
)


def close_follow_up(*, actor, follow_up: FollowUp, note: str, at: dt.datetime | None = None) -> FollowUp:
    """The head of the responsible unit (or the Office for its own items) closes it with a note."""
    at = _now(at)
    note = (note or "").strip()
    with FOLLOW_UPS.operation("follow_up_closed", actor=actor, row=follow_up, revision=None, at=at) as change:
        if not note:
            raise ValidationError({"note": _("Vui lòng ghi kết quả xử lý.")})
        if len(note) > 4000:
            raise ValidationError({"note": _("Kết quả xử lý dài tối đa 4000 ký tự.")})
        item = change.row
        item.closed_at = at
        item.closed_by = actor
        item.note = change.note = note
    return item


def open_kiosk(*, actor, label: str, at: dt.datetime | None = None) -> KioskDevice:
    """A counter officer (or the counter's head) turns this tablet into a survey kiosk."""
    at = _now(at)
    device = KioskDevice(opened_by=actor, opened_at=at)
    with KIOSKS.operation("kiosk_opened", actor=actor, row=device, revision=None, at=at) as change:
        with translation.override(settings.LANGUAGE_CODE):  # stored: in the staff language
            device.label = (label or "").strip()[:100] or _("Máy tính bảng tại quầy")
        device.unit = change.staff.unit
        change.note = device.label
    return device


def close_kiosk(*, actor, device: KioskDevice, at: dt.datetime | None = None) -> KioskDevice:
    """Close a kiosk; closing one already closed (a form sent twice) does nothing."""
    at = _now(at)
    try:
        with KIOSKS.operation("kiosk_closed", actor=actor, row=device, revision=None, at=at) as change:
            change.row.closed_at = at
    except ValidationError as exc:
        if exc.code != "transition":
            raise
        return KioskDevice.objects.get(pk=device.pk)
    return change.row
