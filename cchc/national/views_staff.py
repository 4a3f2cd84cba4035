"""The IT office's pages of the connector: the outbox's backlog, the dead letters (with replay), one message's
payload and history, the status mapping (read, export; edited in the admin). Role ``roles.SYSADMIN`` only."""

from __future__ import annotations

import functools
import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from cchc.common.spreadsheets import workbook_bytes
from cchc.national import selectors, services
from cchc.national.models import Message
from cchc.org import roles
from cchc.org.access import staff_context, staff_required


def it_office(view):
    @staff_required
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if roles.SYSADMIN not in request.roles:
            raise PermissionDenied("Chỉ Quản trị hệ thống xem được trang kết nối Cổng DVCQG.")
        return view(request, *args, **kwargs)

    return wrapper


def age_text(seconds: float) -> str:
    """An age the way the IT office reads it: "2 ngày 3 giờ", "3 giờ 5 phút", "4 phút", "—"."""
    if seconds <= 0:
        return "—"
    minutes = int(seconds // 60)
    days, hours, mins = minutes // 1440, minutes % 1440 // 60, minutes % 60
    if days:
        return f"{days} ngày {hours} giờ"
    if hours:
        return f"{hours} giờ {mins} phút"
    return f"{mins} phút" if mins else f"{int(seconds)} giây"


@it_office
def backlog(request):
    state = selectors.backlog()
    return render(
        request,
        "national/staff/backlog.html",
        staff_context(
            request,
            state=state,
            oldest=age_text(state.oldest_age()),
            enabled=selectors.enabled(),
            section="backlog",
        ),
    )


def _int(value) -> int | None:
    """A positive id from the query or form, None for anything else (text, huge numbers)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**31 else None


@it_office
def dead_letters(request):
    service = request.GET.get("dich_vu", "")
    if service not in Message.Service.values:
        service = ""
    agency_id = _int(request.GET.get("co_quan"))
    text = request.GET.get("q", "").strip()[:100]
    rows = selectors.dead_letters(service=service, agency_id=agency_id, text=text)
    page = Paginator(rows, 50).get_page(request.GET.get("trang"))
    return render(
        request,
        "national/staff/dead_letters.html",
        staff_context(
            request,
            page=page,
            services=Message.Service.choices,
            agencies=selectors.dead_agencies(),
            service=service,
            agency_id=agency_id,
            text=text,
            section="dead",
        ),
    )


@it_office
def message(request, pk: int):
    try:
        row = selectors.message_with_history(pk)
    except Message.DoesNotExist as exc:
        raise Http404("Không có thông điệp này.") from exc
    payload = json.dumps(row.payload, ensure_ascii=False, indent=2)
    return render(
        request,
        "national/staff/message.html",
        staff_context(request, message=row, payload_json=payload, section="dead"),
    )


@require_POST
@it_office
def replay(request):
    ids = [i for i in (_int(v) for v in request.POST.getlist("thong_diep")[:500]) if i]
    try:
        n = services.replay(actor=request.user, message_ids=ids)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Đã đưa {n} thông điệp trở lại hàng đợi gửi.")
    back = request.POST.get("tiep", "")
    return redirect(back if back.startswith("/quan-tri/dvcqg/") else "backoffice:national:dead_letters")


@it_office
def mapping(request):
    return render(
        request,
        "national/staff/mapping.html",
        staff_context(request, rows=selectors.mapping_rows(), section="mapping"),
    )


@it_office
def mapping_export(request):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Ánh xạ trạng thái"
    sheet.append(
        [
            "Trạng thái CCHC",
            "Mã",
            "Thao tác",
            "Mã Cổng DVCQG",
            "Tên trên Cổng",
            "Hiệu lực từ",
            "Đến",
            "Ghi chú",
        ]
    )
    for r in selectors.mapping_rows():
        sheet.append(
            [
                r.get_status_display(),
                r.status,
                r.action,
                r.national_code,
                r.national_label,
                r.valid_from,
                r.valid_to,
                r.note,
            ]
        )
    response = HttpResponse(
        workbook_bytes(book), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="anh-xa-trang-thai-dvcqg.xlsx"'
    return response
