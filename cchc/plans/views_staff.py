"""Staff screens of the reform plan: overview, task lists, task page, the 90 % table, initiatives,
training. Thin: every change goes through ``cchc.plans.services`` (role and unit checks there); a
refusal is shown in Vietnamese and nothing is saved."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cchc.common.forms import attach_errors
from cchc.common.workflow import refusal
from cchc.org import roles
from cchc.org.access import staff_context, staff_required
from cchc.plans import forms as plan_forms
from cchc.plans import selectors, services, workflow
from cchc.plans.models import Course, Evidence, Initiative, Plan, Task

ACTION_LABELS = {
    "create": gettext_lazy("Giao nhiệm vụ"),
    "split": gettext_lazy("Giao nhiệm vụ con"),
    "report": gettext_lazy("Báo cáo tiến độ"),
    "complete": gettext_lazy("Xác nhận hoàn thành"),
    "cancel": gettext_lazy("Hủy nhiệm vụ"),
}
STATUS_BADGES = {
    "assigned": "text-bg-secondary",
    "in_progress": "text-bg-primary",
    "done": "text-bg-success",
    "cancelled": "text-bg-light border",
}


def _plan(request) -> Plan:
    staff = getattr(request, "staff", None)
    plan = selectors.current_plan(staff.unit.agency if staff is not None else None)
    if plan is None:
        raise Http404(_("Chưa có kế hoạch cải cách hành chính nào được nhập."))
    return plan


def _year(request, default=None) -> int | None:
    raw = request.GET.get("nam", "")
    if raw.isdigit() and 2000 <= int(raw) <= 2100:
        return int(raw)
    return default


def _page(request, template: str, status: int = 200, **extra):
    context = staff_context(
        request,
        is_office=roles.OFFICE in request.roles,
        is_decider=bool(request.roles & workflow.INITIATIVE_DECIDERS),
        status_badges=STATUS_BADGES,
        **extra,
    )
    return render(request, f"plans/staff/{template}", context, status=status)


# --- overview and lists -----------------------------------------------------------------------------


@staff_required
@require_GET
def overview(request):
    plan = _plan(request)
    year = _year(request)
    reqs = list(selectors.requirement_summary(plan, year))
    return _page(
        request,
        "overview.html",
        plan=plan,
        targets=list(plan.targets.all()),
        sections=[(label, [r for r in reqs if r.section == key]) for key, label in reqs[0].Section.choices]
        if reqs
        else [],
        year=year,
        years=selectors.task_years(),
        summary=selectors.completion_summary(
            year or timezone.localdate().year, agency=request.staff.unit.agency
        ),
    )


PER_PAGE = 50
SCOPES = {"cua-toi": "mine", "don-vi": "unit", "tat-ca": "all"}


@staff_required
@require_GET
def task_list(request):
    oversee = bool(request.roles & {roles.OFFICE, roles.DIRECTOR})
    default = "tat-ca" if oversee else "don-vi"
    tab = request.GET.get("xem", default)
    if tab not in SCOPES or (tab == "tat-ca" and not oversee):
        tab = default
    year = _year(request)
    rows = selectors.task_list(request.staff, scope=SCOPES[tab], year=year)
    requirement = request.GET.get("yeu-cau", "")
    if requirement:
        rows = rows.filter(requirement__code=requirement)
    tabs = [("cua-toi", _("Của tôi")), ("don-vi", _("Của đơn vị"))] + (
        [("tat-ca", _("Tất cả"))] if oversee else []
    )
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("trang"))
    return _page(
        request,
        "task_list.html",
        page=page,
        rows=list(page.object_list),
        tab=tab,
        tabs=tabs,
        year=year,
        years=selectors.task_years(),
        requirement=requirement,
        can_create=services.can_create(request.user),
    )


@staff_required
@require_http_methods(["GET", "POST"])
def task_new(request):
    plan = _plan(request)
    if not services.can_create(request.user):
        raise PermissionDenied(_("Chỉ Văn phòng Sở được giao nhiệm vụ của kế hoạch cho các đơn vị."))
    agency = request.staff.unit.agency
    form = plan_forms.TaskForm(request.POST or None, plan=plan, agency=agency)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            task = services.create_task(actor=request.user, plan=plan, **data)
        except ValidationError as exc:
            attach_errors(form, exc, plan_forms.FIELD_MAP)
        else:
            messages.success(
                request, _("Đã giao nhiệm vụ “%(t)s” cho %(u)s.") % {"t": task.title, "u": task.lead_unit}
            )
            return redirect("backoffice:plans_staff:task", pk=task.pk)
    return _page(request, "task_form.html", form=form, status=400 if form.errors else 200)


# --- task page ----------------------------------------------------------------------------------------


def _load(pk: int) -> Task:
    return get_object_or_404(selectors.tasks(), pk=pk)


def _may_view(request, task: Task) -> bool:
    """The Office and directors see every task; others the tasks their unit leads or helps with."""
    if request.roles & {roles.OFFICE, roles.DIRECTOR}:
        return True
    unit = request.staff.unit_id
    return unit == task.lead_unit_id or task.coordinating_units.filter(pk=unit).exists()


def _forms(task: Task, names, bound=None) -> list[dict]:
    result = []
    for name in names:
        form_class, label, style = plan_forms.TASK_ACTIONS[name]
        form = (bound or {}).get(name) or form_class(
            initial={
                "revision": task.revision,
                "progress": task.progress,
                "start": timezone.localdate(),
                "deadline": task.deadline,
            },
            prefix=name,
            task=task,
        )
        result.append({"name": name, "form": form, "label": label, "style": style})
    return result


def _detail(request, task: Task, *, bound=None, error: str = "", status: int = 200):
    if not _may_view(request, task):
        raise PermissionDenied(_("Nhiệm vụ này do đơn vị khác chủ trì; bạn không xem được."))
    names = services.allowed_actions(request.user, task)
    events = list(task.events.select_related("actor__staff").order_by("at", "pk"))
    for event in events:
        event.label = ACTION_LABELS.get(event.action, event.action)
    return _page(
        request,
        "task_detail.html",
        status=status,
        task=task,
        coordinating=list(task.coordinating_units.all()),
        subtasks=list(
            selectors.with_overdue(task.subtasks.select_related("assignee__user")).order_by("deadline", "pk")
        ),
        reports=list(
            task.reports.select_related("reporter__staff").prefetch_related("files").order_by("-at", "-pk")
        ),
        evidence=list(task.evidence.select_related("uploaded_by")),
        can_download=_may_view(request, task),
        events=events,
        actions=_forms(task, names, bound),
        error=error,
    )


@staff_required
@require_GET
def task_detail(request, pk: int):
    return _detail(request, _load(pk))


def _call(operation: str, request, task: Task, data: dict):
    upload = data.pop("file", None)
    revision = data.pop("revision")
    common = {"actor": request.user, "task": task, "revision": revision}
    if operation == "split":
        return services.split_task(**common, **data)
    if operation == "report":
        return services.report_progress(**common, files=[upload] if upload else [], **data)
    if operation == "complete":
        return services.complete_task(**common, files=[upload] if upload else [], **data)
    return services.cancel_task(**common, **data)


@staff_required
@require_POST
def task_action(request, pk: int, operation: str):
    if operation not in workflow.OPERATIONS:
        raise Http404(_("Không có thao tác này."))
    task = _load(pk)
    form_class, label, _style = plan_forms.TASK_ACTIONS[operation]
    form = form_class(request.POST, request.FILES, prefix=operation, task=task)
    if not form.is_valid():
        return _detail(request, task, bound={operation: form}, status=400)
    try:
        _call(operation, request, task, dict(form.cleaned_data))
    except (PermissionDenied, ValidationError) as exc:
        refused = refusal(exc)
        if refused.status == 409:  # the page was out of date, or the form sent twice: show the task now
            task = _load(pk)
        elif refused.status == 400:
            attach_errors(form, exc, plan_forms.FIELD_MAP)
        bound = {operation: form} if refused.status == 400 else None
        return _detail(request, task, bound=bound, error=refused.message, status=refused.status)
    messages.success(request, _("Đã thực hiện “%(a)s”.") % {"a": label})
    return redirect("backoffice:plans_staff:task", pk=pk)


@staff_required
@require_GET
def evidence_download(request, pk: int, evidence_id: int):
    task = get_object_or_404(Task, pk=pk)
    if not _may_view(request, task):
        raise PermissionDenied(_("Bạn không có quyền xem minh chứng của nhiệm vụ này."))
    row = get_object_or_404(Evidence, pk=evidence_id, task=task)
    try:
        handle = row.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("Không tìm thấy tệp trên máy chủ.")) from exc
    return FileResponse(handle, as_attachment=True, filename=row.original_name, content_type=row.mime)


# --- the 90 % rule ----------------------------------------------------------------------------------


@staff_required
@require_GET
def completion(request):
    years = selectors.task_years()
    year = _year(request, default=timezone.localdate().year)
    return _page(
        request,
        "completion.html",
        year=year,
        years=years or [year],
        units=list(selectors.task_completion(year, agency=request.staff.unit.agency)),
        heads=list(selectors.head_completion(year, agency=request.staff.unit.agency)),
        officials=list(selectors.official_completion(year)),
        summary=selectors.completion_summary(year, agency=request.staff.unit.agency),
        threshold=selectors.THRESHOLD,
        provisional=year >= timezone.localdate().year,
    )


# --- initiatives ------------------------------------------------------------------------------------


@staff_required
@require_http_methods(["GET", "POST"])
def initiative_list(request):
    agency = request.staff.unit.agency
    form = plan_forms.InitiativeForm(
        request.POST or None,
        request.FILES or None,
        agency=agency,
        initial={"unit": request.staff.unit_id, "year": timezone.localdate().year},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.register_initiative(actor=request.user, **form.cleaned_data)
            except (PermissionDenied, ValidationError) as exc:
                attach_errors(form, exc, plan_forms.FIELD_MAP)
            else:
                messages.success(request, _("Đã đăng ký sáng kiến."))
                return redirect("backoffice:plans_staff:initiatives")
        status = 400
    rows = list(selectors.initiatives(_year(request)))
    deciders = bool(request.roles & workflow.INITIATIVE_DECIDERS)
    for row in rows:
        row.evaluate_form = (
            plan_forms.EvaluateForm(initial={"revision": row.revision}, prefix=f"e{row.pk}")
            if deciders and row.status == Initiative.Status.REGISTERED
            else None
        )
        row.apply_form = (
            plan_forms.ApplyForm(initial={"revision": row.revision}, prefix=f"a{row.pk}")
            if deciders and row.status == Initiative.Status.ACCEPTED
            else None
        )
    return _page(
        request,
        "initiatives.html",
        status=status,
        form=form,
        rows=rows,
        by_year=sorted(selectors.initiatives_applied_by_year().items()),
    )


@staff_required
@require_POST
def initiative_action(request, pk: int, operation: str):
    item = get_object_or_404(Initiative, pk=pk)
    try:
        if operation == "danh-gia":
            form = plan_forms.EvaluateForm(request.POST, prefix=f"e{pk}")
            if not form.is_valid():
                raise ValidationError(_("Dữ liệu gửi lên không hợp lệ."))
            services.evaluate_initiative(
                actor=request.user,
                initiative=item,
                revision=form.cleaned_data["revision"],
                accepted=form.cleaned_data["decision"] == "accepted",
                note=form.cleaned_data["note"],
            )
        elif operation == "ap-dung":
            form = plan_forms.ApplyForm(request.POST, prefix=f"a{pk}")
            if not form.is_valid():
                raise ValidationError(" ".join(m for errs in form.errors.values() for m in errs))
            services.apply_initiative(
                actor=request.user,
                initiative=item,
                revision=form.cleaned_data["revision"],
                applied_on=form.cleaned_data["applied_on"],
                scope=form.cleaned_data["scope"],
            )
        else:
            raise Http404(_("Không có thao tác này."))
    except (PermissionDenied, ValidationError) as exc:
        messages.error(request, refusal(exc).message)
    else:
        messages.success(request, _("Đã cập nhật sáng kiến “%(t)s”.") % {"t": item.title})
    return redirect("backoffice:plans_staff:initiatives")


# --- training ---------------------------------------------------------------------------------------


@staff_required
@require_http_methods(["GET", "POST"])
def course_list(request):
    agency = request.staff.unit.agency
    is_office = roles.OFFICE in request.roles
    form = plan_forms.CourseForm(request.POST or None, agency=agency) if is_office else None
    status = 200
    if request.method == "POST":
        if form is None:
            raise PermissionDenied(_("Chỉ Văn phòng Sở quản lý kế hoạch đào tạo, bồi dưỡng."))
        if form.is_valid():
            try:
                course = services.create_course(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                attach_errors(form, exc, plan_forms.FIELD_MAP)
            else:
                messages.success(request, _("Đã lập lớp “%(t)s”.") % {"t": course.title})
                return redirect("backoffice:plans_staff:course", pk=course.pk)
        status = 400
    year = _year(request, default=timezone.localdate().year)
    return _page(
        request,
        "courses.html",
        status=status,
        form=form,
        year=year,
        courses=list(selectors.courses(year)),
        overall=selectors.training_participation(year),
        units=list(selectors.training_by_unit(year)),
    )


@staff_required
@require_http_methods(["GET", "POST"])
def course_detail(request, pk: int):
    course = get_object_or_404(Course, pk=pk)
    if request.method == "POST":
        ids = [v for v in request.POST.getlist("attended") if v.isdigit()]
        try:
            n = services.record_attendance(actor=request.user, course=course, attended=ids)
        except (PermissionDenied, ValidationError) as exc:
            messages.error(request, refusal(exc).message)
        else:
            messages.success(request, _("Đã ghi nhận %(n)s cán bộ tham dự.") % {"n": n})
        return redirect(reverse("backoffice:plans_staff:course", args=[pk]))
    rows = list(
        course.attendance.select_related("staff__user", "staff__unit").order_by(
            "staff__unit__name", "staff__full_name"
        )
    )
    return _page(
        request, "course_detail.html", course=course, rows=rows, can_edit=roles.OFFICE in request.roles
    )
