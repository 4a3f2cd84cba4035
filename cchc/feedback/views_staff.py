"""Staff screens of questions and feedback: the Office's inbox, a unit's lists, the detail page with
only the actions this actor may take, the attachment download and the statistics.

Views stay thin: permission to act is checked by ``cchc.feedback.services`` (role AND unit).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cchc.common.forms import attach_errors
from cchc.common.params import date_param
from cchc.common.workflow import refusal
from cchc.feedback import forms as fb_forms
from cchc.feedback import selectors, services, workflow
from cchc.feedback.models import Attachment, Status
from cchc.org import roles
from cchc.org.access import staff_required
from cchc.org.models import Unit

PER_PAGE = 25

SERVICE_FUNCTIONS = {
    "assign": services.assign,
    "reject": services.reject,
    "mark_duplicate": services.mark_duplicate,
    "save_draft": services.save_draft,
    "draft": services.draft,
    "approve": services.approve,
    "return_for_revision": services.return_for_revision,
    "publish": services.publish,
    "answer_privately": services.answer_privately,
}


def _is_office(request) -> bool:
    return roles.OFFICE in request.roles and request.staff.unit.kind == Unit.Kind.OFFICE


def _oversees(request) -> bool:
    return _is_office(request) or roles.DIRECTOR in request.roles


def _ctx(request, **extra) -> dict:
    return {
        "staff": request.staff,
        "is_office": _is_office(request),
        "can_oversee": bool(request.roles & {roles.DIRECTOR, roles.OFFICE, roles.UNIT_HEAD}),
        **extra,
    }


def may_view(request, feedback) -> bool:
    return _oversees(request) or (feedback.unit_id is not None and feedback.unit_id == request.staff.unit_id)


def _tabs(request) -> list[tuple[str, str, object]]:
    unit_id = request.staff.unit_id
    tabs = []
    if _is_office(request):
        tabs += [
            ("phan-loai", _("Chờ phân loại"), selectors.office_inbox()),
            ("cong-khai", _("Chờ trả lời, công khai"), selectors.office_to_send()),
        ]
    if request.roles & {roles.SPECIALIST, roles.UNIT_HEAD}:
        unit_tabs = [
            ("soan", _("Chờ dự thảo"), selectors.unit_queue(unit_id, Status.ASSIGNED)),
            ("duyet", _("Chờ duyệt"), selectors.unit_queue(unit_id, Status.DRAFTED)),
        ]
        if roles.UNIT_HEAD in request.roles and roles.SPECIALIST not in request.roles:
            unit_tabs.reverse()  # a head's first list is what waits for approval
        tabs += unit_tabs
    if _oversees(request):
        tabs.append(("tat-ca", _("Tất cả"), selectors.all_items(request.GET.get("q", ""))))
    return tabs


@staff_required
@require_GET
def inbox(request):
    tabs = _tabs(request)
    if not tabs:
        raise PermissionDenied(_("Bạn không có danh sách câu hỏi, phản ánh nào cần xử lý."))
    keys = [t[0] for t in tabs]
    tab = request.GET.get("tab") if request.GET.get("tab") in keys else keys[0]
    qs = {key: qs_ for key, _label, qs_ in tabs}[tab]
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("trang"))
    counts = [(key, label, qs_.count()) for key, label, qs_ in tabs]
    return render(
        request,
        "feedback/staff/inbox.html",
        _ctx(
            request, tabs=counts, tab=tab, page=page, q=request.GET.get("q", ""), today=timezone.localdate()
        ),
    )


def _load(code: str):
    feedback = selectors.by_code(code)
    if feedback is None:
        raise Http404(_("Không tìm thấy câu hỏi, phản ánh."))
    return feedback


def _action_forms(request, feedback, bound: dict | None = None) -> list[dict]:
    """One card per form; operations sharing a form (save a draft / submit it) are its buttons."""
    bound = bound or {}
    cards: dict[str, dict] = {}
    for name in workflow.allowed_from(feedback.status):
        if not services.may_act(name, request.user, feedback):
            continue
        form_class, label, style = fb_forms.ACTIONS[name]
        group = fb_forms.group_of(name)
        if group not in cards:
            form = bound.get(group)
            if form is None:
                extra = {"agency_id": request.staff.unit.agency_id} if name == "assign" else {}
                form = form_class(
                    prefix=group, initial=fb_forms.initial_for(name, feedback), feedback=feedback, **extra
                )
            cards[group] = {"form": form.mark_invalid(), "buttons": []}
        cards[group]["buttons"].append({"name": name, "label": label, "style": style})
    return list(cards.values())


def _detail(request, feedback, *, bound=None, error="", status=200):
    if not may_view(request, feedback):
        raise PermissionDenied(_("Bạn không có quyền xem câu hỏi, phản ánh này."))
    events = list(selectors.timeline(feedback))
    for event in events:
        event.label = workflow.event_label(event.action)
    return render(
        request,
        "feedback/staff/detail.html",
        _ctx(
            request,
            f=feedback,
            events=events,
            actions=_action_forms(request, feedback, bound),
            attachments=list(feedback.attachments.all()),
            error=error,
        ),
        status=status,
    )


@staff_required
@require_GET
def detail(request, code: str):
    return _detail(request, _load(code))


@staff_required
@require_POST
def action(request, code: str, operation: str):
    if operation not in SERVICE_FUNCTIONS:
        raise Http404(_("Không có thao tác này."))
    feedback = _load(code)
    if not may_view(request, feedback):
        raise PermissionDenied(_("Bạn không có quyền xem câu hỏi, phản ánh này."))
    form_class, label, _style = fb_forms.ACTIONS[operation]
    group = fb_forms.group_of(operation)
    extra = {"agency_id": request.staff.unit.agency_id} if operation == "assign" else {}
    form = form_class(request.POST, prefix=group, feedback=feedback, **extra)
    if not form.is_valid():
        return _detail(request, feedback, bound={group: form}, status=400)
    try:
        SERVICE_FUNCTIONS[operation](
            actor=request.user,
            feedback=feedback,
            revision=form.cleaned_data["revision"],
            **form.service_kwargs(),
        )
    except (PermissionDenied, ValidationError) as exc:
        refused = refusal(exc)
        if refused.status == 409:  # the page was out of date, or the form sent twice: show the item now
            feedback = _load(code)
        elif refused.status == 400:
            attach_errors(form, exc)
        bound = {group: form} if refused.status == 400 else None
        return _detail(request, feedback, bound=bound, error=refused.message, status=refused.status)
    messages.success(
        request, _("Đã thực hiện “%(action)s” cho %(code)s.") % {"action": label, "code": feedback.code}
    )
    return redirect("backoffice:feedback_staff:detail", code=feedback.code)


@staff_required
@require_GET
def attachment(request, code: str, pk: int):
    feedback = _load(code)
    if not may_view(request, feedback):
        raise PermissionDenied(_("Bạn không có quyền xem tệp đính kèm này."))
    item = get_object_or_404(Attachment, pk=pk, feedback=feedback)
    try:
        handle = item.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("Không tìm thấy tệp trên máy chủ.")) from exc
    return FileResponse(handle, as_attachment=True, filename=item.safe_name, content_type=item.mime)


@staff_required
@require_GET
def statistics(request):
    if not request.roles & {roles.DIRECTOR, roles.OFFICE, roles.UNIT_HEAD}:
        raise PermissionDenied(_("Chỉ lãnh đạo và Văn phòng xem được thống kê."))
    today = timezone.localdate()
    start = date_param(request.GET.get("tu"), today.replace(month=1, day=1))
    end = date_param(request.GET.get("den"), today)
    if end < start:
        start, end = end, start
    # A unit head sees their own unit's figures; the Office and the directors every unit's.
    unit_id = None if request.roles & {roles.DIRECTOR, roles.OFFICE} else request.staff.unit_id
    rows = selectors.statistics(start, end, unit_id=unit_id)
    total = selectors.statistics(start, end, by_unit=False, unit_id=unit_id)[0]
    return render(
        request,
        "feedback/staff/statistics.html",
        _ctx(request, rows=rows, total=total, start=start, end=end),
    )
