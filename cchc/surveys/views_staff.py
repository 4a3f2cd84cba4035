"""Staff screens of the survey: results with filters and Excel export, follow-ups, kiosk mode."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cchc.common.params import date_param, id_param
from cchc.common.spreadsheets import workbook_bytes
from cchc.common.workflow import refusal
from cchc.org import roles
from cchc.org.access import staff_required
from cchc.org.models import Unit
from cchc.procedures.models import Field, Procedure

from . import kiosk, selectors, services
from .models import FollowUp, KioskDevice, ResponseChannel
from .views_portal import _charts


def _filters(request) -> selectors.Filters:
    today = timezone.localdate()
    start = date_param(request.GET.get("tu", ""), dt.date(today.year, 1, 1))
    end = date_param(request.GET.get("den", ""), today)
    if end < start:
        start, end = end, start
    channel = request.GET.get("kenh", "")
    unit_id = id_param(request.GET.get("don-vi", ""))
    if not request.roles & {roles.DIRECTOR, roles.OFFICE}:
        unit_id = (
            request.staff.unit_id
        )  # other staff see their own unit's results (the public page has the Department's)
    return selectors.Filters(
        start,
        end,
        unit_id=unit_id,
        procedure_id=id_param(request.GET.get("thu-tuc", "")),
        field_id=id_param(request.GET.get("linh-vuc", "")),
        channel=channel if channel in ResponseChannel.values else None,
    )


GROUPS = [("unit", "Đơn vị"), ("field", "Lĩnh vực"), ("channel", "Kênh"), ("month", "Tháng")]


def _labels(by: str, keys) -> dict:
    if by == "unit":
        return dict(Unit.objects.filter(pk__in=keys).values_list("pk", "name"))
    if by == "field":
        return dict(Field.objects.filter(pk__in=keys).values_list("pk", "name"))
    if by == "procedure":
        return dict(Procedure.objects.filter(pk__in=keys).values_list("pk", "code"))
    if by == "channel":
        return dict(ResponseChannel.choices)
    return {k: timezone.localtime(k).strftime("%m/%Y") for k in keys if isinstance(k, dt.datetime)}


def _breakdowns(filters, data) -> list[dict]:
    out = []
    for result in data.methods:
        tables = []
        for by, title in GROUPS:
            rows = selectors.breakdown(filters, result.method, by)
            labels = _labels(by, [r["key"] for r in rows])
            for r in rows:
                r["label"] = (
                    labels.get(r["key"], _("(không xác định)"))
                    if r["key"] is not None
                    else _("(không xác định)")
                )
            tables.append({"by": by, "title": _(title), "rows": rows})
        out.append({"method": result.method, "result": result, "tables": tables})
    return out


@staff_required
def results(request):
    filters = _filters(request)
    data = selectors.results(filters)
    months = [selectors.breakdown(filters, r.method, "month") for r in data.methods]
    context = {
        "data": data,
        "filters": filters,
        "charts": _charts(data, months),
        "breakdowns": _breakdowns(filters, data),
        "units": Unit.objects.valid_on().filter(agency=request.staff.unit.agency).order_by("name"),
        "fields": Field.objects.order_by("name"),
        "procedures": Procedure.objects.order_by("code"),
        "channels": ResponseChannel.choices,
        "query": request.GET.urlencode(),
        "open_count": selectors.open_follow_ups(unit=request.staff.unit).count(),
    }
    return render(request, "surveys/staff/results.html", context)


@staff_required
def export(request):
    """The results of the filtered period as an Excel workbook (one sheet per method version)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    filters = _filters(request)
    data = selectors.results(filters, low=True)
    wb = Workbook()
    ws = wb.active
    ws.title = "Tong hop"
    bold = Font(bold=True)
    ws.append([_("Kết quả khảo sát sự hài lòng")])
    ws["A1"].font = bold
    ws.append(
        [_("Từ ngày"), filters.start.strftime("%d/%m/%Y"), _("Đến ngày"), filters.end.strftime("%d/%m/%Y")]
    )
    ws.append([_("Hồ sơ đã trả kết quả (N)"), data.returned])
    ws.append([_("Cỡ mẫu Slovin (e = 5 %)"), data.sample_needed])
    ws.append([_("Phiếu gắn hồ sơ đã thu"), data.collected])
    ws.append([_("Phiếu khảo sát mở"), data.public])
    if not data.has_data:
        ws.append([_("Chưa có dữ liệu")])
    for i, r in enumerate(data.methods, start=1):
        sheet = wb.create_sheet(f"Phuong phap {i}")
        sheet.append([r.method.name])
        sheet["A1"].font = bold
        sheet.append([_("Số phiếu"), r.responses])
        sheet.append([_("Chỉ số chung (%)"), _cell(r.index), _("Chỉ tiêu (%)"), float(r.method.target)])
        sheet.append([_("Điểm trung bình"), _cell(r.mean)])
        sheet.append([_("Sai số 95 % (điểm %)"), _cell(r.margin)])
        sheet.append([_("Kỳ trước (%)"), _cell(r.previous.index if r.previous else None)])
        sheet.append([])
        header = [
            _("Yếu tố / tiêu chí"),
            _("Chỉ số (%)"),
            _("Điểm TB"),
            _("Trả lời hợp lệ"),
            _("Trả lời 4–5"),
            _("Trả lời 1–2"),
        ]
        sheet.append(header)
        for cell in sheet[sheet.max_row]:
            cell.font = bold
        for e in r.elements:
            sheet.append([e.element.name, _cell(e.index), _cell(e.mean)])
            sheet.cell(sheet.max_row, 1).font = bold
            for c in e.criteria:
                sheet.append(
                    ["  " + c.criterion.text, _cell(c.index), _cell(c.mean), c.valid, c.satisfied, c.low]
                )
        sheet.column_dimensions["A"].width = 60
    response = HttpResponse(
        workbook_bytes(wb), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="khao-sat-{filters.start:%Y%m%d}-{filters.end:%Y%m%d}.xlsx"'
    )
    return response


def _cell(value):
    """A rounded number, or the text "Chưa có dữ liệu" (never 0)."""
    return _("Chưa có dữ liệu") if value is None else float(selectors.rounded(value))


def _sees_all(request) -> bool:
    return bool({roles.DIRECTOR, roles.OFFICE} & request.roles)


@staff_required
def follow_up_list(request):
    state = request.GET.get("tinh-trang", FollowUp.State.OPEN)
    if state not in FollowUp.State.values:
        state = ""
    unit = None if _sees_all(request) else request.staff.unit
    items = selectors.follow_ups(unit=unit, state=state or None)[:200]
    return render(
        request,
        "surveys/staff/follow_ups.html",
        {"items": items, "state": state, "states": FollowUp.State.choices, "all_units": unit is None},
    )


@staff_required
def follow_up_close(request, pk: int):
    follow_up = get_object_or_404(FollowUp.objects.select_related("unit", "response__dossier"), pk=pk)
    if not _sees_all(request) and follow_up.unit_id != request.staff.unit_id:
        raise PermissionDenied(_("Việc này thuộc đơn vị khác."))
    error = ""
    if request.method == "POST":
        try:
            services.close_follow_up(
                actor=request.user, follow_up=follow_up, note=request.POST.get("ket-qua", "")
            )
        except (ValidationError, PermissionDenied) as exc:
            error = refusal(exc).message
        else:
            messages.success(request, _("Đã ghi kết quả xử lý."))
            return redirect("backoffice:surveys_staff:follow_ups")
    return render(
        request,
        "surveys/staff/follow_up_close.html",
        {"item": follow_up, "error": error, "note": request.POST.get("ket-qua", "")},
        status=400 if error else 200,
    )


@staff_required
def kiosk_page(request):
    """'Mở chế độ kiosk': a counter officer turns this browser into the counter's survey tablet."""
    device = kiosk.device_for(request)
    can_open = services.KIOSKS.may("kiosk_opened", request.user, KioskDevice())
    if request.method == "POST":
        action = request.POST.get("thao-tac")
        try:
            if action == "mo":
                device = services.open_kiosk(actor=request.user, label=request.POST.get("ten-may", ""))
                response = redirect("portal:surveys:kiosk")
                kiosk.set_cookie(response, device)
                return response
            if action == "dong" and device is not None:
                services.close_kiosk(actor=request.user, device=device)
                response = redirect("backoffice:surveys_staff:kiosk")
                response.delete_cookie(kiosk.COOKIE)
                messages.success(request, _("Đã tắt chế độ kiosk trên máy này."))
                return response
        except PermissionDenied as exc:
            messages.error(request, refusal(exc).message)
    devices = KioskDevice.objects.filter(unit=request.staff.unit, closed_at__isnull=True).select_related(
        "opened_by__staff"
    )
    return render(
        request, "surveys/staff/kiosk.html", {"device": device, "can_open": can_open, "devices": devices}
    )


@staff_required
@require_POST
def kiosk_close_device(request, pk: int):
    device = get_object_or_404(KioskDevice, pk=pk)
    try:
        services.close_kiosk(actor=request.user, device=device)
        messages.success(request, _("Đã tắt máy khảo sát “%(label)s”.") % {"label": device.label})
    except PermissionDenied as exc:
        messages.error(request, refusal(exc).message)
    return redirect("backoffice:surveys_staff:kiosk")
