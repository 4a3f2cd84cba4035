"""Staff screens of reports: request a report, follow its progress, download its files.

Thin: the request goes through ``services.request_report`` (role, unit and period checks there); a
refusal is shown in Vietnamese and nothing is queued. While a job is queued or running the list
polls itself every 2 seconds (HTMX) until every job has ended. Files are served only after
``services.can_download``.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from cchc.org.access import staff_context, staff_required
from cchc.org.models import Unit
from cchc.reports import selectors, services
from cchc.reports.models import JobStatus, Kind, PeriodKind, ReportJob

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
BADGES = {
    JobStatus.QUEUED: "text-bg-secondary",
    JobStatus.RUNNING: "text-bg-primary",
    JobStatus.DONE: "text-bg-success",
    JobStatus.FAILED: "text-bg-danger",
}


def _last_quarter(today: dt.date) -> tuple[int, int]:
    q = (today.month - 1) // 3  # the last finished quarter
    return (today.year - 1, 4) if q == 0 else (today.year, q)


def _rows(request):
    rows = list(selectors.jobs_for(request.user)[:50])
    for job in rows:
        job.badge = BADGES.get(job.status, "text-bg-light")
        job.can_download = job.status == JobStatus.DONE and services.can_download(request.user, job)
    return rows, any(job.is_active for job in rows)


def _page(request, *, form: dict, errors: list[str], status: int = 200):
    rows, active = _rows(request)
    today = timezone.localdate()
    kinds = services.allowed_kinds(request.user)
    return render(
        request,
        "reports/staff/jobs.html",
        staff_context(
            request,
            rows=rows,
            active=active,
            form=form,
            errors=errors,
            kinds=[(k, label) for k, label in Kind.choices if k in kinds],
            period_kinds=PeriodKind.choices,
            years=list(range(today.year, today.year - 6, -1)),
            units=list(selectors.delay_units(request.user)) if Kind.DELAY in kinds else [],
            can_all_units=bool(request.roles & services.OVERSEERS),
        ),
        status=status,
    )


@staff_required
@require_http_methods(["GET", "POST"])
def jobs(request):
    today = timezone.localdate()
    year, quarter = _last_quarter(today)
    form = {"loai": "", "ky": PeriodKind.QUARTER, "nam": str(year), "so": str(quarter), "don_vi": ""}
    if request.method == "GET":
        return _page(request, form=form, errors=[])
    form.update({k: request.POST.get(k, "")[:20] for k in form})
    unit = None
    try:
        if form["don_vi"]:
            if not form["don_vi"].isdigit():
                raise ValidationError("Đơn vị không hợp lệ.")
            unit = Unit.objects.filter(pk=int(form["don_vi"])).first()
            if unit is None:
                raise ValidationError("Đơn vị không hợp lệ.")
        services.request_report(
            actor=request.user,
            kind=form["loai"],
            period_kind=form["ky"],
            year=form["nam"],
            number=form["so"],
            unit=unit,
        )
    except ValidationError as exc:
        return _page(request, form=form, errors=exc.messages, status=400)
    except PermissionDenied as exc:
        return _page(request, form=form, errors=[str(exc)], status=403)
    return redirect("backoffice:reports_staff:jobs")


@staff_required
@require_GET
def job_rows(request):
    rows, active = _rows(request)
    return render(request, "reports/staff/_rows.html", {"rows": rows, "active": active})


@staff_required
@require_GET
def download(request, pk: int, fmt: str):
    job = get_object_or_404(ReportJob.objects.select_related("unit"), pk=pk)
    if not services.can_download(request.user, job):
        raise PermissionDenied("Bạn không có quyền tải báo cáo này.")
    if fmt not in CONTENT_TYPES or job.status != JobStatus.DONE:
        raise Http404("Báo cáo chưa lập xong hoặc không có tệp này.")
    field = job.document if fmt == "docx" else job.workbook
    if not field:
        raise Http404("Báo cáo không có tệp này.")
    name = field.name.rsplit("/", 1)[-1]
    response = FileResponse(
        field.open("rb"), as_attachment=True, filename=name, content_type=CONTENT_TYPES[fmt]
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
