"""The reconciliation page (``/quan-tri/dvcqg/doi-soat/``): per day and per agency the share of the
dossiers synchronised, late, failed, pending and unchecked, from each day's latest run; the failing
dossiers of a day; an .xlsx of a day's lines.

Who sees what: the IT office (``roles.SYSADMIN``), an agency's director and Office — their own
agency; those who see the province (``roles.sees_province``) — every agency and the whole province.
An agency's lines are those whose competent agency was that agency when the run checked them. Codes
link to the dossier page, which checks its own permission.
"""

from __future__ import annotations

import datetime as dt
import functools
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from cchc.common.params import FIRST_DATE, LAST_DATE
from cchc.common.spreadsheets import workbook_bytes
from cchc.dossiers.models import Dossier
from cchc.national import selectors
from cchc.national.models import ReconcileLine, ReconcileRun
from cchc.org import roles
from cchc.org.access import chosen_agency, staff_required
from cchc.org.models import Agency

V = ReconcileLine.Verdict
COLUMNS = [V.SYNCHRONISED, V.LATE, V.FAILED, V.PENDING, V.UNCHECKED]
PER_PAGE = 50
MAX_DAYS = 62
SHORT = {
    V.SYNCHRONISED: "Kịp thời",
    V.LATE: "Trễ",
    V.FAILED: "Lỗi đồng bộ",
    V.PENDING: "Chờ gửi",
    V.UNCHECKED: "Chưa xét",
}
CSS = {
    V.SYNCHRONISED: "success",
    V.LATE: "warning",
    V.FAILED: "danger",
    V.PENDING: "info",
    V.UNCHECKED: "secondary",
}


def refusals(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as error:
            return render(
                request,
                "national/staff/refused.html",
                {"message": str(error) or "Bạn không có quyền xem trang này."},
                status=403,
            )

    return wrapper


def _province_viewer(request) -> bool:
    return roles.sees_province(request.roles, request.staff)


def _scope(request) -> Agency | None:
    """Whose dossiers: the actor's agency; a province viewer chooses one (``?co-quan=``) or the whole
    province (None)."""
    if not (request.roles & {roles.SYSADMIN, roles.DIRECTOR, roles.OFFICE} or _province_viewer(request)):
        raise PermissionDenied(
            "Chỉ Quản trị hệ thống, lãnh đạo cơ quan và Văn phòng xem được kết quả đối soát với Cổng DVCQG."
        )
    return chosen_agency(request, "Chỉ xem được kết quả đối soát hồ sơ của cơ quan mình.")


def _date(value: str | None, default: dt.date) -> dt.date:
    if not value:
        return default
    try:
        day = dt.date.fromisoformat(value.strip()[:10])
    except ValueError as exc:
        raise ValueError(f"Ngày “{value[:20]}” không đúng dạng năm-tháng-ngày.") from exc
    if not FIRST_DATE <= day <= LAST_DATE:  # the range every date parameter of CCHC keeps to
        raise ValueError(f"Ngày {day:%d/%m/%Y} nằm ngoài khoảng thời gian hệ thống lưu hồ sơ.")
    return day


def _latest_runs(start: dt.date, end: dt.date) -> dict[dt.date, ReconcileRun]:
    """Each day's latest run (the one whose verdicts stand)."""
    out: dict[dt.date, ReconcileRun] = {}
    for run in ReconcileRun.objects.filter(day__gte=start, day__lte=end).order_by("day", "started_at"):
        out[run.day] = run
    return out


def _share(n: int, total: int) -> Decimal | None:
    return (Decimal(n) * 100 / total).quantize(Decimal("0.01")) if total else None


def _row(counts: dict, **extra) -> dict:
    total = sum(counts.get(v, 0) for v in COLUMNS)
    cells = [
        {"verdict": v, "short": SHORT[v], "n": counts.get(v, 0), "share": _share(counts.get(v, 0), total)}
        for v in COLUMNS
    ]
    return {"total": total, "cells": cells, **extra}


def _lines(agency: Agency | None):
    qs = ReconcileLine.objects.all()
    return qs if agency is None else qs.filter(agency=agency)


def _intake(day: dt.date, agency: Agency | None) -> dict:
    """Dossiers received on ``day`` and of them synchronised — QĐ 766 1.4's rule
    (``selectors.synchronised``) restricted to one day."""
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    qs = Dossier.objects.filter(received_at__gte=start, received_at__lt=start + dt.timedelta(days=1))
    if agency is not None:
        qs = qs.filter(agency=agency)
    row = qs.alias(synced=selectors.synchronised()).aggregate(
        n=Count("pk"), ok=Count("pk", filter=Q(synced=True))
    )
    return {"n": row["n"], "ok": row["ok"], "share": _share(row["ok"], row["n"])}


@staff_required
@refusals
@require_GET
def reconciliation(request):
    agency = _scope(request)
    today = timezone.localdate()
    try:
        end = _date(request.GET.get("den"), today)
        start = _date(request.GET.get("tu"), end - dt.timedelta(days=13))
        day = _date(request.GET.get("ngay"), None) if request.GET.get("ngay") else None
        if start > end or (end - start).days > MAX_DAYS:
            raise ValueError(f"Khoảng ngày phải từ ngày đầu đến ngày cuối, không quá {MAX_DAYS} ngày.")
    except ValueError as error:
        return render(request, "national/staff/reconciliation.html", {"error": str(error)}, status=400)
    runs = _latest_runs(start, end)
    per_day = {}
    for row in (
        _lines(agency)
        .filter(run__in=[r.pk for r in runs.values()])
        .values("run_id", "verdict")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        per_day.setdefault(row["run_id"], {})[row["verdict"]] = row["n"]
    days = [_row(per_day.get(run.pk, {}), day=d, run=run) for d, run in sorted(runs.items(), reverse=True)]
    if day is None and days:
        day = days[0]["day"]
    context = {
        "agency": agency,
        "province_viewer": _province_viewer(request),
        "agencies": Agency.objects.valid_on().order_by("name") if _province_viewer(request) else [],
        "start": start,
        "end": end,
        "days": days,
        "day": day,
        "columns": [{"verdict": v, "label": v.label, "css": CSS[v]} for v in COLUMNS],
        "late_minutes": selectors.late_after().total_seconds() // 60,
    }
    if day is not None:
        run = ReconcileRun.objects.filter(day=day).order_by("-started_at").first()
        context.update(_day_detail(request, run, day, agency))
        if run is not None and request.GET.get("xuat") == "xlsx":
            return _xlsx(run, agency)
    return render(request, "national/staff/reconciliation.html", context)


def _day_detail(request, run: ReconcileRun | None, day: dt.date, agency: Agency | None) -> dict:
    out = {"run": run, "intake": _intake(day, agency)}
    if run is None:
        return out
    lines = _lines(agency).filter(run=run)
    out["unchecked"] = lines.filter(verdict=V.UNCHECKED).count()
    if agency is None:
        per_agency: dict[int, dict] = {}
        for row in lines.values("agency_id", "verdict").annotate(n=Count("pk")).order_by():
            per_agency.setdefault(row["agency_id"], {})[row["verdict"]] = row["n"]
        names = dict(Agency.objects.filter(pk__in=per_agency).values_list("pk", "name"))
        codes = dict(Agency.objects.filter(pk__in=per_agency).values_list("pk", "code"))
        out["agencies_rows"] = sorted(
            (_row(c, name=names[a], code=codes[a]) for a, c in per_agency.items()),
            key=lambda r: (r["cells"][0]["share"] or 0, r["name"]),
        )
    kind = (request.GET.get("loai") or "").strip()[:12]
    wanted = (
        [kind] if kind in V.values and kind != V.SYNCHRONISED else [v for v in COLUMNS if v != V.SYNCHRONISED]
    )
    failing = (
        lines.filter(verdict__in=wanted)
        .select_related("dossier", "agency")
        .only(
            "verdict",
            "reason",
            "expected_code",
            "portal_code",
            "lag_seconds",
            "dossier__code",
            "agency__name",
        )
        .order_by("verdict", "dossier__code")
    )
    page = Paginator(failing, PER_PAGE).get_page(request.GET.get("trang"))
    for line in page.object_list:
        line.css = CSS.get(line.verdict, "secondary")
        line.lag_text = _lag(line.lag_seconds)
    out.update({"page": page, "kind": kind if kind in wanted else ""})
    return out


def _lag(seconds: int | None) -> str:
    if seconds is None:
        return "—"
    hours, rest = divmod(seconds, 3600)
    return f"{hours} giờ {rest // 60} phút" if hours else f"{rest // 60} phút"


def _xlsx(run: ReconcileRun, agency: Agency | None) -> HttpResponse:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Doi soat"
    sheet.append([f"Đối soát với Cổng DVCQG ngày {run.day:%d/%m/%Y} — {run.get_state_display()}"])
    sheet["A1"].font = Font(bold=True)
    sheet.append(
        ["Mã hồ sơ", "Cơ quan", "Kết luận", "Lý do", "Mã trạng thái CCHC", "Mã trên Cổng", "Độ trễ (phút)"]
    )
    for line in (
        _lines(agency)
        .filter(run=run)
        .select_related("dossier", "agency")
        .order_by("verdict", "dossier__code")
    ):
        sheet.append(
            [
                line.dossier.code,
                line.agency.name,
                line.get_verdict_display(),
                line.get_reason_display(),
                line.expected_code,
                line.portal_code,
                line.lag_seconds // 60 if line.lag_seconds is not None else None,
            ]
        )
    response = HttpResponse(
        workbook_bytes(book), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="doi-soat-dvcqg-{run.day:%Y-%m-%d}.xlsx"'
    return response
