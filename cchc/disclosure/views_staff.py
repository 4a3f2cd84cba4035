"""Staff screens of disclosure: the list, a new draft, a publication (publish, withdraw), the checklist."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cchc.common.forms import attach_errors
from cchc.common.workflow import refusal
from cchc.disclosure import selectors, services
from cchc.disclosure.forms import DraftForm, PublishForm, WithdrawForm
from cchc.disclosure.models import Kind, Publication, Status
from cchc.disclosure.views_portal import file_response
from cchc.org import roles
from cchc.org.access import staff_required
from cchc.org.models import Unit


def _is_office(request) -> bool:
    return roles.OFFICE in request.roles


def _can_see(request, item: Publication) -> bool:
    return _is_office(request) or roles.DIRECTOR in request.roles or item.unit_id == request.staff.unit_id


@staff_required
def publication_list(request):
    status = request.GET.get("trang-thai", "")
    kind = request.GET.get("loai", "")
    qs = selectors.staff_list(status=status, kind=kind)
    if not (_is_office(request) or roles.DIRECTOR in request.roles):
        qs = qs.filter(unit=request.staff.unit)
    page = Paginator(qs, 30).get_page(request.GET.get("trang"))
    return render(
        request,
        "disclosure/staff/list.html",
        {
            "page": page,
            "status": status,
            "kind": kind,
            "statuses": Status.choices,
            "kinds": Kind.choices,
            "is_office": _is_office(request),
            "staff": request.staff,
        },
    )


@staff_required
def new_draft(request):
    units = Unit.objects.valid_on().filter(agency=request.staff.unit.agency) if _is_office(request) else None
    form = DraftForm(request.POST or None, request.FILES or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item = services.create_draft(
                actor=request.user,
                values=data,
                unit=data.get("unit") or None,
                upload=data.get("file"),
            )
        except (ValidationError, PermissionDenied) as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu dự thảo “%(t)s”.") % {"t": item.title})
            return redirect("backoffice:disclosure_staff:detail", pk=item.pk)
    return render(request, "disclosure/staff/form.html", {"form": form, "staff": request.staff})


@staff_required
def edit_draft(request, pk: int):
    item = get_object_or_404(Publication, pk=pk)
    if not _can_see(request, item):
        raise PermissionDenied(_("Bạn chỉ xem được thông tin công khai của đơn vị mình."))
    initial = {name: getattr(item, name) for name in services.FIELDS}
    form = DraftForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_draft(
                actor=request.user,
                publication=item,
                values=form.cleaned_data,
                upload=form.cleaned_data.get("file"),
            )
        except (ValidationError, PermissionDenied) as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu dự thảo “%(t)s”.") % {"t": form.cleaned_data["title"]})
            return redirect("backoffice:disclosure_staff:detail", pk=item.pk)
    return render(request, "disclosure/staff/form.html", {"form": form, "item": item, "staff": request.staff})


@staff_required
def detail(request, pk: int):
    item = get_object_or_404(
        selectors.with_lateness(Publication.objects.select_related("unit", "commune", "created_by")), pk=pk
    )
    if not _can_see(request, item):
        raise PermissionDenied(_("Bạn chỉ xem được thông tin công khai của đơn vị mình."))
    return render(
        request,
        "disclosure/staff/detail.html",
        {
            "item": item,
            "events": item.events.select_related("actor__staff"),
            "publish_form": PublishForm(),
            "withdraw_form": WithdrawForm(),
            "is_office": _is_office(request),
            "late_limit": selectors.late_limit(item.kind),
            "staff": request.staff,
        },
    )


@require_POST
@staff_required
def publish(request, pk: int):
    item = get_object_or_404(Publication, pk=pk)
    form = PublishForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Ngày công khai không hợp lệ."))
        services.publish(actor=request.user, publication=item, published_on=form.cleaned_data["published_on"])
    except (ValidationError, PermissionDenied) as exc:
        for message in refusal(exc).messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Đã công khai trên trang Công khai thông tin."))
    return redirect("backoffice:disclosure_staff:detail", pk=pk)


@require_POST
@staff_required
def withdraw(request, pk: int):
    item = get_object_or_404(Publication, pk=pk)
    try:
        services.withdraw(actor=request.user, publication=item, reason=request.POST.get("reason", ""))
    except (ValidationError, PermissionDenied) as exc:
        for message in refusal(exc).messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Đã gỡ bỏ khỏi trang công khai."))
    return redirect("backoffice:disclosure_staff:detail", pk=pk)


@staff_required
def download(request, pk: int):
    """Any file, drafts included, to the staff who may see the publication."""
    item = get_object_or_404(Publication, pk=pk)
    if not _can_see(request, item):
        raise PermissionDenied(_("Bạn chỉ xem được thông tin công khai của đơn vị mình."))
    if not item.file:
        raise Http404(_("Không có tệp."))
    return file_response(item)


@staff_required
def checklist(request):
    if not (_is_office(request) or roles.DIRECTOR in request.roles):
        raise PermissionDenied(_("Chỉ Văn phòng Sở và Lãnh đạo Sở xem được bảng kiểm tra công khai."))
    day = timezone.localdate()
    return render(
        request,
        "disclosure/staff/checklist.html",
        {"items": selectors.checklist(day), "day": day, "staff": request.staff},
    )
