"""Every change to a question or feedback item: one service function per workflow operation.

Each staff function: keyword-only ``actor``; runs in the workflow kernel's frame
(``FEEDBACK.operation``, ``cchc.common.workflow``): one transaction; the row locked and the revision
the caller saw checked (a stale page or a second officer gets "changed by someone else"); the
operation checked against ``workflow.OPERATIONS`` — status, then role and unit (:func:`_authorize`);
the table's target status applied; the change written, its ``FeedbackEvent`` appended and notices
queued in the ``Outbox``, all in the same transaction.

``at`` (the moment of the action) exists for data loading and tests; screens never pass it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.common import formats, identity
from cchc.common.stored_files import remove_stored, removed_on_failure
from cchc.common.text import fold
from cchc.common.uploads import UploadInfo
from cchc.common.workflow import Operation, Workflow, actor_unit
from cchc.dossiers.models import Dossier
from cchc.feedback import workflow
from cchc.feedback.models import Attachment, Feedback, FeedbackEvent, Kind, Status, Subject, Vote
from cchc.notifications.services import Notice, enqueue
from cchc.org import roles
from cchc.org.access import staff_of
from cchc.org.models import Staff, Unit
from cchc.procedures.models import Field, Procedure
from cchc.workdays import calendar

TITLE_MAX = 255
BODY_MAX = 5000
ANSWER_MAX = 20000
_SECRET_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
SECRET_LENGTH = 10


@dataclass(frozen=True)
class Submission:
    """What the asker types on the portal form (before checks)."""

    kind: str
    subject: str
    asker_name: str
    title: str
    body: str
    phone: str = ""
    email: str = ""
    procedure_code: str = ""
    dossier_code: str = ""


@dataclass(frozen=True)
class CheckedAttachment:
    file: object
    info: UploadInfo


# --- helpers ---------------------------------------------------------------------------------------


def _now(at: dt.datetime | None) -> dt.datetime:
    return at or timezone.now()


def due_date(received_at: dt.datetime) -> dt.date:
    """The default answer date: ``CCHC_FEEDBACK_DUE_WORKING_DAYS`` working days after receipt."""
    days = getattr(settings, "CCHC_FEEDBACK_DUE_WORKING_DAYS", 15)
    return timezone.localtime(calendar.add_working_days(received_at, days)).date()


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.strip().upper().encode()).hexdigest()


def check_secret(feedback: Feedback, secret: str) -> bool:
    return bool(feedback.secret_hash) and secrets.compare_digest(
        feedback.secret_hash, hash_secret(secret or "")
    )


def _new_secret() -> str:
    return "".join(secrets.choice(_SECRET_ALPHABET) for _ in range(SECRET_LENGTH))


NOT_STAFF = gettext_lazy("Chỉ cán bộ có tài khoản thuộc một đơn vị mới được xử lý câu hỏi, phản ánh.")


def _refused_status(op: Operation, feedback: Feedback) -> str:
    return _("Không thể thực hiện thao tác này khi câu hỏi, phản ánh đang ở trạng thái “%(status)s”.") % {
        "status": feedback.get_status_display()
    }


def _authorize(op: Operation, actor, feedback: Feedback) -> Staff:
    """The role and unit rules of the feedback workflow (the status is checked before)."""
    staff = staff_of(actor, NOT_STAFF)
    if not roles.user_roles(actor) & op.roles:
        raise PermissionDenied(_("Vai trò của bạn không được thực hiện thao tác này."))
    if op.scope == workflow.OFFICE:
        if staff.unit.kind != Unit.Kind.OFFICE:
            raise PermissionDenied(_("Chỉ Văn phòng Sở được thực hiện thao tác này."))
    elif op.scope == workflow.UNIT and staff.unit_id != feedback.unit_id:
        raise PermissionDenied(_("Câu hỏi, phản ánh này không được giao cho đơn vị của bạn."))
    return staff


def _stale(feedback: Feedback) -> str:
    return _(
        "Câu hỏi, phản ánh %(code)s vừa được người khác thay đổi. "
        "Hãy tải lại trang để xem tình trạng mới nhất."
    ) % {"code": feedback.code}


def _notify(feedback: Feedback, notice: Notice) -> None:
    """Queue the notice by e-mail and SMS (whichever contacts the asker gave)."""
    enqueue(notice, emails=[feedback.email], phones=[feedback.phone])


# The feedback workflow in the kernel's frame: the table, the rules above, the notices to the asker.
FEEDBACK = Workflow(
    table=workflow.OPERATIONS,
    model=Feedback,
    event=FeedbackEvent,
    subject="feedback",
    authorize=_authorize,
    refused_status=_refused_status,
    stale=_stale,
    notify=_notify,
    event_columns=actor_unit,
    lock_related=("unit",),
)


def check(operation: str, actor, feedback: Feedback) -> Staff:
    """Raise unless ``actor`` may perform ``operation`` on ``feedback`` now; return their Staff."""
    return FEEDBACK.check(operation, actor, feedback)


def may_act(operation: str, actor, feedback: Feedback) -> bool:
    return FEEDBACK.may(operation, actor, feedback)


# --- submission (citizen) --------------------------------------------------------------------------


def clean_submission(data: Submission) -> tuple[dict, dict]:
    """Validated values for a new item, or ValidationError listing every problem by field."""
    errors: dict[str, list[str]] = {}
    values: dict = {}
    if data.kind not in Kind.values:
        errors["kind"] = [_("Chọn loại: câu hỏi hay phản ánh, kiến nghị.")]
    if data.subject not in Subject.values:
        errors["subject"] = [_("Chọn nội dung liên quan đến thủ tục, hồ sơ hay hoạt động chung của Sở.")]
    name = (data.asker_name or "").strip()
    if not name:
        errors["asker_name"] = [_("Nhập họ tên người gửi hoặc tên tổ chức.")]
    elif len(name) > 255:
        errors["asker_name"] = [_("Họ tên quá dài (tối đa 255 ký tự).")]
    title = (data.title or "").strip()
    if not title:
        errors["title"] = [_("Nhập tiêu đề câu hỏi, phản ánh.")]
    elif len(title) > TITLE_MAX:
        errors["title"] = [_("Tiêu đề quá dài (tối đa %(n)s ký tự).") % {"n": TITLE_MAX}]
    body = (data.body or "").strip()
    if not body:
        errors["body"] = [_("Nhập nội dung câu hỏi, phản ánh.")]
    elif len(body) > BODY_MAX:
        errors["body"] = [_("Nội dung quá dài (tối đa %(n)s ký tự).") % {"n": BODY_MAX}]
    phone = (data.phone or "").strip()
    if phone:
        try:
            phone = identity.normalize_vn_phone(phone)
        except ValidationError as exc:
            errors["phone"] = list(exc.messages)
    email = (data.email or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = [_("Địa chỉ thư điện tử “%(value)s” không hợp lệ.") % {"value": email}]
    if not phone and not email and "phone" not in errors and "email" not in errors:
        errors["phone"] = [_("Nhập số điện thoại hoặc thư điện tử để nhận câu trả lời.")]
    procedure = dossier = None
    if data.subject == Subject.PROCEDURE:
        code = (data.procedure_code or "").strip()
        procedure = Procedure.objects.filter(code=code).first() if code else None
        if procedure is None:
            errors["procedure_code"] = [_("Chọn thủ tục hành chính mà câu hỏi, phản ánh nói đến.")]
    elif data.subject == Subject.DOSSIER:
        code = (data.dossier_code or "").strip().upper()
        dossier = Dossier.objects.filter(code=code).first() if code else None
        if dossier is None:
            errors["dossier_code"] = [
                _("Không tìm thấy hồ sơ có mã “%(code)s”. Kiểm tra lại mã trên giấy tiếp nhận.")
                % {"code": code}
                if code
                else _("Nhập mã hồ sơ (in trên giấy tiếp nhận và hẹn trả kết quả).")
            ]
        else:
            procedure = dossier.procedure_version.procedure
    if errors:
        raise ValidationError(errors)
    values.update(
        kind=data.kind,
        subject=data.subject,
        asker_name=name,
        title=title,
        body=body,
        phone=phone,
        email=email,
        procedure=procedure,
        dossier=dossier,
    )
    return values, errors


def _next_code(at: dt.datetime) -> str:
    prefix = f"PA-{timezone.localtime(at):%y%m%d}-"
    last = (
        Feedback.objects.filter(code__startswith=prefix)
        .order_by("-code")
        .values_list("code", flat=True)
        .first()
    )
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:04d}"


def submit(
    *,
    actor=None,
    data: Submission,
    attachment: CheckedAttachment | None = None,
    identity=None,
    at: dt.datetime | None = None,
) -> tuple[Feedback, str]:
    """A citizen or organisation sends a question or feedback. Returns (item, secret for tracking).

    ``attachment`` must already be checked by ``cchc.common.uploads.inspect_upload``; ``identity`` the
    asker signed in through the national sign-on (``cchc.citizens.selectors.Identity``), whose verified
    personal ID is kept so that the question shows under their "Hồ sơ của tôi".
    """
    values, _errors = clean_submission(data)
    if identity is not None:
        values["asker_personal_id"] = identity.personal_id
    at = _now(at)
    secret = _new_secret()
    with removed_on_failure() as written:
        for attempt in range(5):
            try:
                with transaction.atomic():
                    feedback = Feedback.objects.create(
                        code=_next_code(at),
                        status=Status.RECEIVED,
                        received_at=at,
                        due_on=due_date(at),
                        secret_hash=hash_secret(secret),
                        **values,
                    )
                    FEEDBACK.append(feedback, "submit", actor=None, at=at)
                    if attachment is not None:
                        _save_attachment(feedback, attachment, at, written)
                    _notify(
                        feedback,
                        Notice(
                            _("Đã nhận câu hỏi, phản ánh %(code)s") % {"code": feedback.code},
                            _(
                                "Hạn trả lời: %(due)s. Dùng mã tra cứu và mã bí mật để theo dõi "
                                "trên Cổng thông tin."
                            )
                            % {"due": formats.format_date(feedback.due_on)},
                        ),
                    )
                return feedback, secret
            except IntegrityError:  # another item took the code: try the next one
                remove_stored(written)
                written.clear()
                if attempt == 4:
                    raise
    raise AssertionError("unreachable")


def _save_attachment(feedback: Feedback, checked: CheckedAttachment, at: dt.datetime, written: list[str]):
    item = Attachment(feedback=feedback)
    item.record(checked.info, at)
    item.store(checked.file, checked.info, written)
    return item


# --- the Office ------------------------------------------------------------------------------------


def assign(
    *,
    actor,
    feedback: Feedback,
    revision: int | None,
    kind: str,
    unit: Unit,
    field: Field | None = None,
    due_on: dt.date | None = None,
    note: str = "",
    at: dt.datetime | None = None,
) -> Feedback:
    """The Office classifies the item and gives it to the unit that will answer."""
    at = _now(at)
    with FEEDBACK.operation("assign", actor=actor, row=feedback, revision=revision, at=at) as change:
        item, errors = change.row, {}
        if kind not in Kind.values:
            errors["kind"] = [_("Chọn loại: câu hỏi hay phản ánh, kiến nghị.")]
        if unit is None or unit.agency_id != change.staff.unit.agency_id or unit.kind == Unit.Kind.COUNTER:
            errors["unit"] = [_("Chọn một đơn vị của Sở để trả lời.")]
        due = due_on or due_date(item.received_at)
        if due < timezone.localdate(item.received_at):
            errors["due_on"] = [_("Hạn trả lời không thể trước ngày tiếp nhận.")]
        if errors:
            raise ValidationError(errors)
        item.kind, item.unit, item.field, item.due_on = kind, unit, field, due
        change.note = note
    return change.row


def _close(operation: str, *, actor, feedback, revision, reason: str, at, duplicate_of=None) -> Feedback:
    at = _now(at)
    with FEEDBACK.operation(operation, actor=actor, row=feedback, revision=revision, at=at) as change:
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError({"reason": [_("Nêu lý do để thông báo cho người gửi.")]})
        item = change.row
        item.reason = change.note = reason
        item.duplicate_of = duplicate_of
        change.notify(Notice(_("Câu hỏi, phản ánh %(code)s không được xử lý") % {"code": item.code}, reason))
    return change.row


def reject(*, actor, feedback: Feedback, revision: int | None, reason: str, at=None) -> Feedback:
    """The Office closes the item without an answer (e.g. not within the Department's remit)."""
    return _close("reject", actor=actor, feedback=feedback, revision=revision, reason=reason, at=at)


def mark_duplicate(
    *, actor, feedback: Feedback, revision: int | None, duplicate_of_code: str, reason: str = "", at=None
) -> Feedback:
    """The Office closes the item as a repeat of another one (by its code)."""
    original = Feedback.objects.filter(code=(duplicate_of_code or "").strip().upper()).first()
    if original is None or original.pk == feedback.pk:
        raise ValidationError(
            {"duplicate_of_code": [_("Nhập mã của câu hỏi, phản ánh đã gửi trước (khác mã này).")]}
        )
    reason = (reason or "").strip() or _("Trùng nội dung với %(code)s.") % {"code": original.code}
    return _close(
        "mark_duplicate",
        actor=actor,
        feedback=feedback,
        revision=revision,
        reason=reason,
        at=at,
        duplicate_of=original,
    )


# --- the unit --------------------------------------------------------------------------------------


def _answer_text(answer: str) -> str:
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": [_("Nhập nội dung trả lời.")]})
    if len(answer) > ANSWER_MAX:
        raise ValidationError(
            {"answer": [_("Nội dung trả lời quá dài (tối đa %(n)s ký tự).") % {"n": ANSWER_MAX}]}
        )
    return answer


def save_draft(*, actor, feedback: Feedback, revision: int | None, answer: str, at=None) -> Feedback:
    """A specialist of the assigned unit keeps a working draft of the answer; it is not submitted."""
    at = _now(at)
    with FEEDBACK.operation("save_draft", actor=actor, row=feedback, revision=revision, at=at) as change:
        change.row.answer = _answer_text(answer)
        change.columns["public"] = False
    return change.row


def draft(*, actor, feedback: Feedback, revision: int | None, answer: str, at=None) -> Feedback:
    """A specialist of the assigned unit submits the answer to the head of the unit for approval."""
    at = _now(at)
    with FEEDBACK.operation("draft", actor=actor, row=feedback, revision=revision, at=at) as change:
        change.row.answer = _answer_text(answer)
        change.columns["public"] = False
    return change.row


def approve(*, actor, feedback: Feedback, revision: int | None, note: str = "", at=None) -> Feedback:
    """The head of the assigned unit approves the drafted answer."""
    at = _now(at)
    with FEEDBACK.operation("approve", actor=actor, row=feedback, revision=revision, at=at) as change:
        change.note = note
    return change.row


def return_for_revision(*, actor, feedback: Feedback, revision: int | None, note: str, at=None) -> Feedback:
    """The head of the unit sends the draft back to be rewritten."""
    at = _now(at)
    with FEEDBACK.operation(
        "return_for_revision", actor=actor, row=feedback, revision=revision, at=at
    ) as change:
        change.note = (note or "").strip()
        if not change.note:
            raise ValidationError({"note": [_("Nêu nội dung cần sửa.")]})
        change.columns["public"] = False
    return change.row


# --- sending the answer (the Office) ---------------------------------------------------------------


def _mark_answered(feedback: Feedback, at: dt.datetime) -> None:
    feedback.answered_at = at
    feedback.working_days_taken = max(
        0,
        calendar.working_days_between(timezone.localdate(feedback.received_at), timezone.localdate(at)),
    )


def _answer_notice(feedback: Feedback) -> Notice:
    return Notice(_("Trả lời câu hỏi, phản ánh %(code)s") % {"code": feedback.code}, feedback.answer)


def _contains_personal_data(feedback: Feedback, *texts: str) -> bool:
    """The asker's e-mail, phone or full name (accents ignored), or a 12-digit personal ID number."""
    joined = " ".join(texts).lower()
    digits = "".join(ch for ch in joined if ch.isdigit())
    if feedback.email and feedback.email.lower() in joined:
        return True
    if feedback.phone and feedback.phone[1:] in digits:
        return True
    name = re.findall(r"\w+", fold(feedback.asker_name))
    words = re.findall(r"\w+", fold(joined))
    if len(name) >= 2 and any(words[i : i + len(name)] == name for i in range(len(words) - len(name) + 1)):
        return True
    return re.search(r"(?<!\d)\d{12}(?!\d)", joined) is not None


def publish(
    *,
    actor,
    feedback: Feedback,
    revision: int | None,
    public_title: str,
    public_question: str,
    public_answer: str,
    at=None,
) -> Feedback:
    """The Office sends the answer to the asker and publishes an edited text in "Hỏi – Đáp"."""
    at = _now(at)
    with FEEDBACK.operation("publish", actor=actor, row=feedback, revision=revision, at=at) as change:
        item = change.row
        texts = {
            "public_title": (public_title or "").strip(),
            "public_question": (public_question or "").strip(),
            "public_answer": (public_answer or "").strip(),
        }
        errors = {
            name: [_("Nhập nội dung công khai (đã lược bỏ thông tin cá nhân).")]
            for name, value in texts.items()
            if not value
        }
        if not errors and _contains_personal_data(item, *texts.values()):
            errors["public_question"] = [
                _(
                    "Nội dung công khai còn họ tên, số điện thoại, thư điện tử hoặc số định danh "
                    "của người gửi; hãy lược bỏ."
                )
            ]
        if errors:
            raise ValidationError(errors)
        item.public_title = texts["public_title"]
        item.public_question = texts["public_question"]
        item.public_answer = texts["public_answer"]
        item.published_at = at
        _mark_answered(item, at)
        change.notify(_answer_notice(item))
    return change.row


def answer_privately(*, actor, feedback: Feedback, revision: int | None, at=None) -> Feedback:
    """The Office sends the answer to the asker only (nothing published)."""
    at = _now(at)
    with FEEDBACK.operation(
        "answer_privately", actor=actor, row=feedback, revision=revision, at=at
    ) as change:
        _mark_answered(change.row, at)
        change.notify(_answer_notice(change.row))
    return change.row


# --- readers' votes --------------------------------------------------------------------------------


def voter_key(session_key: str) -> str:
    return hashlib.sha256(f"cchc.feedback.vote:{session_key}".encode()).hexdigest()


def vote(*, actor=None, feedback: Feedback, voter: str, value: int, at=None) -> Vote:
    """A reader likes (+1) or dislikes (−1) a published answer; once per voter and item."""
    if value not in (1, -1):
        raise ValidationError(_("Bình chọn không hợp lệ."))
    at = _now(at)
    try:
        with transaction.atomic():
            locked = Feedback.objects.select_for_update(of=("self",)).get(pk=feedback.pk)
            if locked.status != Status.PUBLISHED:
                raise ValidationError(_("Chỉ bình chọn được câu trả lời đã công khai."))
            item = Vote.objects.create(feedback=locked, voter=voter, value=value, at=at)
            counter = "likes" if value == 1 else "dislikes"
            Feedback.objects.filter(pk=locked.pk).update(**{counter: F(counter) + 1})
    except IntegrityError as exc:
        raise ValidationError(_("Bạn đã bình chọn câu trả lời này rồi."), code="voted") from exc
    return item
