"""The daily reconciliation of online payments (Office, directors, IT office; read-only for the province's
oversight): the runs, one run's lines, and "run now" for a day (Office and IT office)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from cchc.org import roles
from cchc.org.access import staff_context, staff_required
from cchc.payments import selectors, services
from cchc.payments.models import ReconciliationLine, ReconciliationRun

BADGES = {
    ReconciliationLine.Kind.MATCHED: "text-bg-success",
    ReconciliationLine.Kind.ONLY_OURS: "text-bg-warning",
    ReconciliationLine.Kind.ONLY_THEIRS: "text-bg-danger",
    ReconciliationLine.Kind.AMOUNT_DIFFERS: "text-bg-danger",
}


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def reconciliation(request, pk: int | None = None):
    if not services.may_view_reconciliation(request.user):
        raise PermissionDenied("Chỉ Văn phòng, lãnh đạo và quản trị hệ thống được xem đối soát thanh toán.")
    error = ""
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    day_text = request.POST.get("ngay", "") if request.method == "POST" else yesterday.isoformat()
    if request.method == "POST":
        try:
            day = dt.date.fromisoformat(day_text)
        except ValueError:
            error = "Ngày đối soát không hợp lệ (chọn một ngày)."
        else:
            try:
                run = services.reconcile(actor=request.user, day=day)
            except ValidationError as exc:
                error = " ".join(exc.messages)
            else:
                return redirect("backoffice:payments:reconciliation_run", pk=run.pk)
    runs = selectors.runs()
    run = get_object_or_404(ReconciliationRun, pk=pk) if pk else (runs[0] if runs else None)
    agency = None if roles.sees_province(request.roles, request.staff) else request.staff.unit.agency
    lines = selectors.run_lines(run, agency=agency) if run else []
    for line in lines:
        line.badge = BADGES[line.kind]
    # The counts of the lines shown (an agency's Office sees its own dossiers' lines).
    counts = {kind: sum(1 for line in lines if line.kind == kind) for kind in ReconciliationLine.Kind.values}
    return render(
        request,
        "payments/staff/reconciliation.html",
        staff_context(
            request,
            runs=runs,
            run=run,
            lines=lines,
            counts=counts,
            own_agency=agency,
            error=error,
            day=day_text,
            can_run=services.may_run_reconciliation(request.user),
        ),
        status=400 if error else 200,
    )
