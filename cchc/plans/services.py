"""Every change to the plan's tasks, initiatives and training, one function per action.

Each function: keyword-only ``actor``; input checked first (nothing written on bad input). Changes
of tasks and initiatives run in the workflow kernel's frame (``TASKS.operation``,
``INITIATIVES.operation``, ``cchc.common.workflow``): one transaction; the row locked and the
revision the caller saw checked (a stale page gets "changed by someone else"); the operation checked
against its table (status, then role and unit); the table's target applied; the change, its
``PlanEvent`` and the ``Outbox`` notices written together. Evidence files are checked by content
(``inspect_upload``) before the transaction and removed again from disk if it rolls back.

``at`` (the moment of the action) exists for data loading and tests; screens never pass it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.common.stored_files import removed_on_failure
from cchc.common.uploads import UploadInfo, inspect_upload
from cchc.common.workflow import Operation, Workflow
from cchc.notifications.services import Notice, enqueue
from cchc.org import roles
from cchc.org.access import staff_of
from cchc.org.models import Staff, Unit
from cchc.org.selectors import heads_of
from cchc.plans import workflow
from cchc.plans.models import (
    Attendance,
    Course,
    Evidence,
    Initiative,
    Plan,
    PlanEvent,
    ProgressReport,
    Requirement,
    Task,
    TaskStatus,
)


def _max_bytes() -> int:
    return getattr(settings, "CCHC_PLAN_EVIDENCE_MAX_BYTES", settings.CCHC_MAX_UPLOAD_BYTES)


# --- checks ----------------------------------------------------------------------------------------


def _task_status_refused(op: Operation, task: Task) -> str:
    return _("Không thể “%(op)s” khi nhiệm vụ đang ở trạng thái “%(status)s”.") % {
        "op": op.label,
        "status": task.get_status_display(),
    }


def _authorize_task(op: workflow.TaskOperation, actor, task: Task) -> Staff:
    """The rules of the task workflow after its status: sub-tasks, role, lead unit, assignee."""
    if task.parent_id and not op.subtasks:
        raise ValidationError(_("Nhiệm vụ con không được chia nhỏ thêm."), code="transition")
    staff = staff_of(actor)
    held = roles.user_roles(actor)
    if not held & op.roles:
        raise PermissionDenied(_("Vai trò của bạn không được “%(op)s”.") % {"op": op.label})
    in_lead = staff.unit_id == task.lead_unit_id
    if op.scope == workflow.LEAD and not in_lead:
        raise PermissionDenied(_("Chỉ lãnh đạo đơn vị chủ trì nhiệm vụ được “%(op)s”.") % {"op": op.label})
    if op.scope == workflow.WORKER:
        is_head = in_lead and bool(held & workflow.HEADS)
        allowed = (staff.pk == task.assignee_id or is_head) if task.assignee_id else in_lead
        if not allowed:
            raise PermissionDenied(
                _("Chỉ cán bộ được giao hoặc đơn vị chủ trì được báo cáo tiến độ nhiệm vụ này.")
            )
    return staff


def _initiative_status_refused(op: Operation, initiative: Initiative) -> str:
    if op.name == "evaluate":
        return _("Sáng kiến này đã có kết luận của Hội đồng.")
    return _("Chỉ sáng kiến đã được công nhận mới ghi nhận áp dụng.")


def _authorize_initiative(op: Operation, actor, initiative: Initiative) -> Staff:
    staff = staff_of(actor)
    if not roles.user_roles(actor) & op.roles:
        if op.name == "evaluate":
            raise PermissionDenied(
                _("Chỉ Văn phòng Sở hoặc Lãnh đạo Sở ghi nhận kết luận của Hội đồng sáng kiến.")
            )
        raise PermissionDenied(_("Chỉ Văn phòng Sở hoặc Lãnh đạo Sở ghi nhận sáng kiến được áp dụng."))
    return staff


def _stale(row: Task | Initiative) -> str:
    return _("“%(name)s” vừa được người khác thay đổi. Hãy tải lại trang để xem tình trạng mới nhất.") % {
        "name": str(row)[:80]
    }


def _mail(users, subject: str, body: str) -> None:
    enqueue(Notice(subject, body), emails=[u.email for u in users])


def _queue(row, notice: tuple[Iterable, str, str]) -> None:
    users, subject, body = notice
    _mail(users, subject, body)


# The two plan workflows in the kernel's frame: tasks (lead unit, assignee) and initiatives.
TASKS = Workflow(
    table=workflow.OPERATIONS,
    model=Task,
    event=PlanEvent,
    subject="task",
    authorize=_authorize_task,
    refused_status=_task_status_refused,
    stale=_stale,
    notify=_queue,
)
INITIATIVES = Workflow(
    table=workflow.INITIATIVE_OPERATIONS,
    model=Initiative,
    event=PlanEvent,
    subject="initiative",
    authorize=_authorize_initiative,
    refused_status=_initiative_status_refused,
    stale=_stale,
)


def check(operation: str, actor, task: Task) -> Staff:
    """Raise unless ``actor`` may perform ``operation`` on ``task`` now; return their Staff."""
    return TASKS.check(operation, actor, task)


def allowed_actions(actor, task: Task) -> list[str]:
    return TASKS.allowed(actor, task)


def can_create(actor) -> bool:
    return bool(roles.user_roles(actor) & workflow.CREATE_ROLES)


def _now(at):
    return at or timezone.now()


# --- files -----------------------------------------------------------------------------------------


def _checked_files(files: Iterable, errors: dict) -> list[tuple[object, UploadInfo]]:
    """``check_files``, its refusals added to ``errors`` (reported with the form's other errors)."""
    try:
        return check_files(files)
    except ValidationError as exc:
        errors.update(exc.message_dict)
        return []


def check_files(files: Iterable) -> list[tuple[object, UploadInfo]]:
    """Check every uploaded evidence file by content; ValidationError on the ``files`` field."""
    checked, errors = [], []
    for upload in files:
        if upload is None:
            continue
        try:
            checked.append((upload, inspect_upload(upload, max_bytes=_max_bytes())))
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError({"files": errors})
    return checked


def _store(task, checked, *, actor, at, report=None, written: list[str]) -> list[Evidence]:
    rows = []
    for upload, info in checked:
        upload.seek(0)
        row = Evidence(
            task=task,
            report=report,
            original_name=info.original_name[:255] or info.safe_name,
            mime=info.mime,
            size=info.size,
            sha256=info.sha256,
            uploaded_at=at,
            uploaded_by=actor,
        )
        row.file.save(info.safe_name, File(upload, name=info.safe_name), save=False)
        written.append(row.file.name)
        row.save()
        rows.append(row)
    return rows


# --- input -----------------------------------------------------------------------------------------


def _check_dates(start, deadline, errors: dict) -> None:
    if start is None:
        errors.setdefault("start", []).append(_("Nhập ngày bắt đầu."))
    if deadline is None:
        errors.setdefault("deadline", []).append(_("Nhập hạn hoàn thành."))
    if start and deadline and deadline < start:
        errors.setdefault("deadline", []).append(_("Hạn hoàn thành không được trước ngày bắt đầu."))


def _check_progress(progress, errors: dict) -> None:
    if progress is None or not isinstance(progress, int) or not 0 <= progress <= 100:
        errors.setdefault("progress", []).append(_("Tiến độ phải là số nguyên từ 0 đến 100 (%)."))


def _raise(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


# --- tasks -----------------------------------------------------------------------------------------


def create_task(
    *,
    actor,
    plan: Plan,
    title: str,
    lead_unit: Unit,
    start: dt.date,
    deadline: dt.date,
    requirement: Requirement | None = None,
    objective: str = "",
    solution: str = "",
    expected_result: str = "",
    coordinating_units: Iterable[Unit] = (),
    year: int | None = None,
    is_reform: bool = True,
    at: dt.datetime | None = None,
) -> Task:
    """The Office assigns a task of the plan to a unit (P-A1, P-A4)."""
    staff = staff_of(actor)
    if not roles.user_roles(actor) & workflow.CREATE_ROLES:
        raise PermissionDenied(_("Chỉ Văn phòng Sở được giao nhiệm vụ của kế hoạch cho các đơn vị."))
    errors: dict = {}
    if not (title or "").strip():
        errors["title"] = [_("Nhập tên nhiệm vụ.")]
    _check_dates(start, deadline, errors)
    if requirement is not None and requirement.plan_id != plan.pk:
        errors["requirement"] = [_("Yêu cầu này không thuộc kế hoạch đã chọn.")]
    today = timezone.localdate(_now(at))
    if lead_unit is None or not lead_unit.is_valid_on(today):
        errors["lead_unit"] = [_("Chọn đơn vị chủ trì đang hoạt động.")]
    elif lead_unit.agency_id != staff.unit.agency_id:
        errors["lead_unit"] = [_("Đơn vị chủ trì phải thuộc cơ quan của bạn.")]
    coordinating = [u for u in coordinating_units if lead_unit is None or u.pk != lead_unit.pk]
    year = year or (deadline.year if deadline else None)
    # A plan's tasks may run past its period (the 2021–2025 plan is still followed in 2026).
    if year and not plan.period_from <= year <= plan.period_from + 20:
        errors["year"] = [_("Năm đánh giá nằm ngoài thời kỳ của kế hoạch.")]
    _raise(errors)
    at = _now(at)
    with transaction.atomic():
        task = Task.objects.create(
            plan=plan,
            requirement=requirement,
            title=title.strip(),
            objective=objective,
            solution=solution,
            expected_result=expected_result,
            lead_unit=lead_unit,
            start=start,
            deadline=deadline,
            year=year,
            is_reform=is_reform,
            created_by=actor,
            created_at=at,
        )
        task.coordinating_units.set(coordinating)
        TASKS.append(task, "create", actor=actor, at=at, data={"unit": lead_unit.pk})
        _mail(
            heads_of(lead_unit),
            _("Nhiệm vụ CCHC mới giao cho %(unit)s") % {"unit": lead_unit.name},
            _("Nhiệm vụ: %(title)s. Hạn hoàn thành: %(deadline)s.")
            % {"title": task.title, "deadline": f"{deadline:%d/%m/%Y}"},
        )
    return task


def split_task(
    *,
    actor,
    task: Task,
    revision: int | None,
    title: str,
    assignee: Staff,
    start: dt.date,
    deadline: dt.date,
    objective: str = "",
    at: dt.datetime | None = None,
) -> Task:
    """The lead unit's head gives part of a task to an official of the unit (P-B1)."""
    errors: dict = {}
    if not (title or "").strip():
        errors["title"] = [_("Nhập tên nhiệm vụ con.")]
    _check_dates(start, deadline, errors)
    if start and deadline and task.deadline and deadline > task.deadline:
        errors.setdefault("deadline", []).append(
            _("Hạn của nhiệm vụ con không được sau hạn của nhiệm vụ (%(d)s).")
            % {"d": f"{task.deadline:%d/%m/%Y}"}
        )
    if assignee is None:
        errors["assignee"] = [_("Chọn cán bộ được giao.")]
    elif assignee.unit_id != task.lead_unit_id or not assignee.user.is_active:
        errors["assignee"] = [_("Chỉ giao được cho cán bộ đang làm việc tại đơn vị chủ trì.")]
    at = _now(at)
    with TASKS.operation("split", actor=actor, row=task, revision=revision, at=at) as change:
        _raise(errors)
        task = change.row
        sub = Task.objects.create(
            plan_id=task.plan_id,
            requirement_id=task.requirement_id,
            parent=task,
            title=title.strip(),
            objective=objective,
            lead_unit_id=task.lead_unit_id,
            assignee=assignee,
            start=start,
            deadline=deadline,
            year=task.year,
            is_reform=task.is_reform,
            created_by=actor,
            created_at=at,
        )
        TASKS.append(sub, "create", actor=actor, at=at, data={"assignee": assignee.pk})
        change.note = sub.title
        change.data["subtask"] = sub.pk
        change.notify(
            (
                [assignee.user],
                _("Bạn được giao nhiệm vụ CCHC"),
                _("Nhiệm vụ: %(title)s (thuộc “%(parent)s”). Hạn hoàn thành: %(deadline)s.")
                % {"title": sub.title, "parent": task.title, "deadline": f"{deadline:%d/%m/%Y}"},
            )
        )
    return sub


def report_progress(
    *,
    actor,
    task: Task,
    revision: int | None,
    progress: int,
    note: str = "",
    files: Iterable = (),
    at: dt.datetime | None = None,
) -> ProgressReport:
    """The assigned official (or the lead unit) reports progress, with optional evidence files."""
    errors: dict = {}
    _check_progress(progress, errors)
    if not (note or "").strip():
        errors["note"] = [_("Nhập nội dung báo cáo tiến độ.")]
    checked = _checked_files(files, errors)
    at = _now(at)
    with (
        removed_on_failure() as written,
        TASKS.operation("report", actor=actor, row=task, revision=revision, at=at) as change,
    ):
        _raise(errors)
        task = change.row
        report = ProgressReport.objects.create(
            task=task, at=at, reporter=actor, progress=progress, note=note.strip()
        )
        _store(task, checked, actor=actor, at=at, report=report, written=written)
        task.progress = progress
        change.note = report.note
        change.data.update(progress=progress, files=len(checked))
    return report


def complete_task(
    *,
    actor,
    task: Task,
    revision: int | None,
    note: str = "",
    files: Iterable = (),
    at: dt.datetime | None = None,
) -> Task:
    """The lead unit's head confirms the task done; evidence is required (attached now or before)."""
    errors: dict = {}
    checked = _checked_files(files, errors)
    at = _now(at)
    with (
        removed_on_failure() as written,
        TASKS.operation("complete", actor=actor, row=task, revision=revision, at=at) as change,
    ):
        task = change.row
        if not checked and not errors and not task.evidence.exists():
            errors["files"] = [_("Đính kèm ít nhất một tệp minh chứng kết quả thực hiện.")]
        if task.subtasks.filter(status__in=workflow.OPEN).exists():
            errors.setdefault("__all__", []).append(
                _("Còn nhiệm vụ con chưa hoàn thành hoặc chưa hủy; không thể xác nhận hoàn thành.")
            )
        _raise(errors)
        report = ProgressReport.objects.create(
            task=task, at=at, reporter=actor, progress=100, note=(note or "").strip() or _("Hoàn thành.")
        )
        _store(task, checked, actor=actor, at=at, report=report, written=written)
        task.progress = 100
        task.done_on = timezone.localdate(at)
        change.note = report.note
        change.data["on_time"] = task.done_on <= task.deadline
        if task.assignee_id:
            change.notify(([task.assignee.user], _("Nhiệm vụ đã được xác nhận hoàn thành"), task.title))
    return task


def cancel_task(
    *, actor, task: Task, revision: int | None, reason: str, at: dt.datetime | None = None
) -> Task:
    """The Office cancels a task (and its open sub-tasks) with a reason; it then counts nowhere."""
    errors = {} if (reason or "").strip() else {"reason": [_("Nhập lý do hủy nhiệm vụ.")]}
    at = _now(at)
    with TASKS.operation("cancel", actor=actor, row=task, revision=revision, at=at) as change:
        _raise(errors)
        task, reason = change.row, reason.strip()
        task.cancel_reason = change.note = reason
        # Its open sub-tasks go with it: the same change, recorded in each sub-task's history.
        for sub in task.subtasks.select_for_update().filter(status__in=workflow.OPEN):
            before = sub.status
            sub.status = TaskStatus.CANCELLED
            sub.cancel_reason = reason
            sub.revision += 1
            sub.save(update_fields=["status", "cancel_reason", "revision"])
            TASKS.append(sub, "cancel", actor=actor, at=at, before=before, note=reason)
        change.notify((heads_of(task.lead_unit), _("Nhiệm vụ CCHC đã bị hủy"), f"{task.title}: {reason}"))
    return task


# --- initiatives (P-B2, T9) ------------------------------------------------------------------------


def register_initiative(
    *,
    actor,
    title: str,
    authors: str,
    unit: Unit,
    year: int,
    description: str,
    file=None,
    at: dt.datetime | None = None,
) -> Initiative:
    """Any official registers an initiative of their unit; the Office may register for any unit."""
    staff = staff_of(actor)
    if unit is not None and unit.pk != staff.unit_id and roles.OFFICE not in roles.user_roles(actor):
        raise PermissionDenied(_("Bạn chỉ đăng ký được sáng kiến của đơn vị mình."))
    errors: dict = {}
    for name, value, message in (
        ("title", title, _("Nhập tên sáng kiến.")),
        ("authors", authors, _("Nhập tên tác giả.")),
        ("description", description, _("Nhập mô tả sáng kiến.")),
    ):
        if not (value or "").strip():
            errors[name] = [message]
    if unit is None:
        errors["unit"] = [_("Chọn đơn vị.")]
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        errors["year"] = [_("Năm không hợp lệ.")]
    info = None
    if file is not None:
        try:
            info = inspect_upload(file, max_bytes=_max_bytes())
        except ValidationError as exc:
            errors["file"] = exc.messages
    _raise(errors)
    at = _now(at)
    with removed_on_failure() as written, transaction.atomic():
        item = Initiative(
            title=title.strip(),
            authors=authors.strip(),
            unit=unit,
            year=year,
            description=description.strip(),
            registered_by=actor,
            registered_at=at,
        )
        if info is not None:
            item.file.save(info.safe_name, File(file, name=info.safe_name), save=False)
            item.file_name = info.original_name[:255]
            written.append(item.file.name)
        item.save()
        INITIATIVES.append(item, "register", actor=actor, at=at)
    return item


def evaluate_initiative(
    *,
    actor,
    initiative: Initiative,
    revision: int | None,
    accepted: bool,
    note: str,
    decided_on: dt.date | None = None,
    at: dt.datetime | None = None,
) -> Initiative:
    """Record the council's decision (accepted or rejected) — by the Office or the Director."""
    at = _now(at)
    with INITIATIVES.operation("evaluate", actor=actor, row=initiative, revision=revision, at=at) as change:
        if not (note or "").strip():
            raise ValidationError({"note": [_("Nhập kết luận của Hội đồng.")]})
        item = change.row
        item.status = Initiative.Status.ACCEPTED if accepted else Initiative.Status.REJECTED
        item.decision_note = change.note = note.strip()
        item.decided_on = decided_on or timezone.localdate(at)
    return item


def apply_initiative(
    *,
    actor,
    initiative: Initiative,
    revision: int | None,
    applied_on: dt.date,
    scope: str,
    at: dt.datetime | None = None,
) -> Initiative:
    """Mark an accepted initiative applied (date and scope): it then counts for T9 in that year."""
    at = _now(at)
    with INITIATIVES.operation("apply", actor=actor, row=initiative, revision=revision, at=at) as change:
        item, errors = change.row, {}
        if applied_on is None:
            errors["applied_on"] = [_("Nhập ngày áp dụng.")]
        elif item.decided_on and applied_on < item.decided_on:
            errors["applied_on"] = [_("Ngày áp dụng không được trước ngày Hội đồng công nhận.")]
        if not (scope or "").strip():
            errors["scope"] = [_("Nhập phạm vi áp dụng.")]
        _raise(errors)
        item.applied_on = applied_on
        item.scope = change.note = scope.strip()
    return item


# --- training (P-B15, T6) --------------------------------------------------------------------------


def _office(actor) -> Staff:
    staff = staff_of(actor)
    if roles.OFFICE not in roles.user_roles(actor):
        raise PermissionDenied(_("Chỉ Văn phòng Sở quản lý kế hoạch đào tạo, bồi dưỡng."))
    return staff


def create_course(
    *,
    actor,
    title: str,
    organiser: str,
    starts_on: dt.date,
    ends_on: dt.date,
    planned: Iterable[Staff] = (),
    at: dt.datetime | None = None,
) -> Course:
    """The Office plans a course and the officials sent to it."""
    _office(actor)
    errors: dict = {}
    if not (title or "").strip():
        errors["title"] = [_("Nhập tên lớp.")]
    if not (organiser or "").strip():
        errors["organiser"] = [_("Nhập đơn vị tổ chức.")]
    if starts_on is None or ends_on is None:
        errors["starts_on"] = [_("Nhập ngày bắt đầu và ngày kết thúc.")]
    elif ends_on < starts_on:
        errors["ends_on"] = [_("Ngày kết thúc không được trước ngày bắt đầu.")]
    _raise(errors)
    at = _now(at)
    with transaction.atomic():
        course = Course.objects.create(
            title=title.strip(),
            organiser=organiser.strip(),
            starts_on=starts_on,
            ends_on=ends_on,
            created_by=actor,
        )
        people = list(planned)
        Attendance.objects.bulk_create([Attendance(course=course, staff=s, planned=True) for s in people])
        PlanEvent.append(at=at, actor=actor, action="course", course=course, data={"planned": len(people)})
    return course


def record_attendance(
    *, actor, course: Course, attended: Iterable[int], at: dt.datetime | None = None
) -> int:
    """The Office records who attended (ids of Staff among the planned attendees); returns how many."""
    _office(actor)
    ids = {int(i) for i in attended}
    at = _now(at)
    with transaction.atomic():
        rows = Attendance.objects.select_for_update().filter(course=course)
        known = set(rows.values_list("staff_id", flat=True))
        unknown = ids - known
        if unknown:
            raise ValidationError(_("Có cán bộ không nằm trong danh sách được cử đi học của lớp này."))
        rows.filter(staff_id__in=ids).update(attended=True)
        rows.exclude(staff_id__in=ids).update(attended=False)
        PlanEvent.append(
            at=at, actor=actor, action="attendance", course=course, data={"attended": sorted(ids)}
        )
    return len(ids)
