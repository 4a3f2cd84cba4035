"""Staff screens of the indicators: the leaders' dashboard, its drill-down lists, the yearly external
results and the PAR self-assessment sheet.

Who sees what: the Director and the Office see the whole Department and any unit; a unit head sees
their own unit only (asking for another unit's figures or dossiers is refused with 403). Changes
(external results, self-assessment) are for the Office and the system administrator, through
``cchc.indicators.services``.
"""

from __future__ import annotations

import functools
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from cchc.common import formats
from cchc.common.periods import Period, PeriodError
from cchc.dossiers import privacy, worklists
from cchc.dossiers.labels import label_rows
from cchc.indicators import engine, services
from cchc.indicators.forms import CriterionForm, EvidenceForm, ExternalResultForm
from cchc.indicators.models import Criterion, Evidence, ExternalIndex, ExternalResult, SelfAssessment
from cchc.org import roles
from cchc.org.access import staff_required
from cchc.org.models import Unit

PER_PAGE = 50
STATUS_CLASS = {
    "good": "success",
    "warn": "warning",
    "bad": "danger",
    "nodata": "secondary",
    "nogoal": "info",
}
COMPARATOR_TEXT = {">=": "≥", "<=": "≤", ">": ">", "=": "=", "higher_than_previous": "cao hơn năm trước"}
STATUS_LABEL = {
    "good": "Đạt",
    "warn": "Gần đạt",
    "bad": "Chưa đạt",
    "nodata": "Chưa có dữ liệu",
    "nogoal": "Chưa đặt mục tiêu",
}


def refusals(view):
    """Show a refusal (PermissionDenied) as a 403 page that says why, in Vietnamese."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as error:
            message = str(error) or "Bạn không có quyền xem trang này."
            return render(request, "indicators/staff/refused.html", {"message": message}, status=403)

    return wrapper


def _sees_all(request) -> bool:
    return bool(request.roles & {roles.DIRECTOR, roles.OFFICE, roles.SYSADMIN})


def _is_leader(request) -> bool:
    return _sees_all(request) or roles.UNIT_HEAD in request.roles


def _can_edit(request) -> bool:
    return bool(request.roles & {roles.OFFICE, roles.SYSADMIN})


def _units():
    return (
        Unit.objects.valid_on()
        .filter(agency__is_home=True)
        .exclude(kind__in=[Unit.Kind.LEADERSHIP, Unit.Kind.COUNTER])
    )


def _scope(request) -> Unit | None:
    """The unit asked for (``?don-vi=<code>``), checked against the actor's role and unit."""
    if not _is_leader(request):
        raise PermissionDenied("Chỉ lãnh đạo Sở, Văn phòng Sở và lãnh đạo đơn vị xem được bảng chỉ số.")
    code = (request.GET.get("don-vi") or "").strip()[:40]
    own = request.staff.unit
    if not _sees_all(request):
        if code and code != own.code:
            raise PermissionDenied("Lãnh đạo đơn vị chỉ xem được số liệu, hồ sơ của đơn vị mình.")
        return own
    if not code:
        return None
    unit = Unit.objects.filter(agency__is_home=True, code=code).first()
    if unit is None:
        raise Http404("Không có đơn vị này.")
    return unit


def _period(request) -> Period:
    return Period.parse(request.GET.get("ky"))


def _period_choices(selected: Period) -> list[tuple[str, str]]:
    y = selected.end.year
    out = []
    for year in (y, y - 1):
        out.append((str(year), f"Năm {year}"))
        out += [(f"{year}-h{h}", Period.half(year, h).label) for h in (1, 2)]
        out += [(f"{year}-q{q}", Period.quarter(year, q).label) for q in (1, 2, 3, 4)]
        out += [(f"{year}-m{m:02d}", Period.month(year, m).label) for m in range(1, 13)]
    return out


def _bad_period(request, error: PeriodError, template: str = "indicators/staff/dashboard.html"):
    return render(
        request,
        template,
        {"error": str(error), "period_choices": _period_choices(Period.year(_today_year()))},
        status=400,
    )


def _today_year() -> int:
    from django.utils import timezone

    return timezone.localdate().year


def _trend_display(value, unit: str) -> str:
    if value is None:
        return engine.NO_DATA
    return engine.fmt_pct(value) if unit == "%" else formats.format_number(value)


@staff_required
@refusals
@require_GET
def dashboard(request):
    unit = _scope(request)
    try:
        period = _period(request)
    except PeriodError as error:
        return _bad_period(request, error)
    data = engine.dashboard(period, unit)
    what_if = None
    code = (request.GET.get("chi-tieu") or "").strip()[:8]
    if code:
        try:
            gain = Decimal((request.GET.get("tang") or "1").replace(",", ".")[:8])
            if not Decimal(0) < gain <= Decimal(100):
                raise InvalidOperation
        except InvalidOperation:
            messages.error(request, "Số điểm muốn tăng phải là số dương, không quá 100.")
        else:
            what_if = {"code": code, "gain": gain, "result": engine.what_if(data["index766"], code, gain)}
    for v in data["targets"] + data["sipas"]:
        v.css = STATUS_CLASS[v.status]
        v.status_label = STATUS_LABEL[v.status]
    for v in data["targets"]:
        v.comparator_text = COMPARATOR_TEXT.get(v.comparator, v.comparator)
        points = data["trend"].get(v.key, [])
        v.trend_text = "; ".join(f"{label}: {_trend_display(value, v.unit)}" for label, value in points)
    trend = data["trend"]["T5"]
    charts = {
        "trend": {
            "labels": [m for m, _v in trend],
            "values": [float(v) if v is not None else None for _m, v in trend],
        },
        "targets": {
            v.key.lower(): {
                "labels": [label for label, _v in data["trend"].get(v.key, [])],
                "values": [float(x) if x is not None else None for _l, x in data["trend"].get(v.key, [])],
                "percent": v.unit == "%",
            }
            for v in data["targets"]
        },
        "ranking": {
            "labels": [r["unit"].name for r in data["ranking"]],
            "values": [
                float(r["on_time_rate"]) if r["on_time_rate"] is not None else None for r in data["ranking"]
            ],
        },
        "groups": {
            "labels": [g.name for g in data["index766"].groups],
            "values": [float(g.points) if g.points is not None else None for g in data["index766"].groups],
            "max": [float(g.max_points) for g in data["index766"].groups],
        },
    }
    return render(
        request,
        "indicators/staff/dashboard.html",
        {
            **data,
            "charts": charts,
            "what_if": what_if,
            "scorable": [i for g in data["index766"].groups for i in g.indicators if i.rate is not None],
            "period_choices": _period_choices(period),
            "units": _units() if _sees_all(request) else [],
            "sees_all": _sees_all(request),
            "external": _latest_external(),
        },
    )


def _latest_external() -> list[ExternalResult]:
    latest = {}
    for r in ExternalResult.objects.order_by("index", "-year"):
        latest.setdefault(r.index, r)
    return list(latest.values())


def _dossier_list(request, unit, period, qs, **extra):
    """A page of the dossiers behind a number (late, paper), labelled like every staff list."""
    qs = privacy.openable(qs, request.user)  # only the dossiers the actor may open (their agency's)
    qs = privacy.annotate_visible(qs, request.user)  # the applicant's name only where need-to-know allows
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("trang"))
    page.object_list = privacy.name_rows(label_rows(page.object_list))
    return render(
        request,
        "indicators/staff/late.html",
        {"page": page, "period": period, "unit": unit, "period_choices": _period_choices(period), **extra},
    )


@staff_required
@refusals
@require_GET
def late(request):
    """The dossiers behind the late part of the on-time rate (``?xin-loi=khong`` without apology)."""
    unit = _scope(request)
    try:
        period = _period(request)
    except PeriodError as error:
        return _bad_period(request, error, "indicators/staff/late.html")
    apology = request.GET.get("xin-loi", "")
    without = {"khong": True, "co": False}.get(apology)
    qs = engine.late_dossiers(period, unit, without_apology=without)
    return _dossier_list(request, unit, period, qs, apology=apology)


@staff_required
@refusals
@require_GET
def paper(request):
    """T4: dossiers received on paper for procedures offered online, in the period."""
    unit = _scope(request)
    try:
        period = _period(request)
    except PeriodError as error:
        return _bad_period(request, error, "indicators/staff/late.html")
    qs = worklists.paper_exceptions(engine.home_agency(), since=period.start, until=period.end)
    if unit is not None:
        qs = qs.filter(procedure_version__in=engine.unit_versions(unit))
    return _dossier_list(request, unit, period, qs, paper=True)


# --- external results --------------------------------------------------------------------------------


@staff_required
@refusals
@require_http_methods(["GET", "POST"])
def external(request):
    if not _is_leader(request):
        raise PermissionDenied("Chỉ lãnh đạo và Văn phòng Sở xem được kết quả các chỉ số.")
    form = ExternalResultForm(request.POST or None)
    if request.method == "POST":
        if not _can_edit(request):
            raise PermissionDenied("Chỉ Văn phòng Sở được nhập kết quả các chỉ số.")
        if form.is_valid():
            try:
                services.save_external_result(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "Đã lưu kết quả chỉ số.")
                return redirect("backoffice:indicators_staff:external")
    rows = ExternalResult.objects.order_by("year", "index")
    table: dict[int, dict] = {}
    for r in rows:
        table.setdefault(r.year, {})[r.index] = r
    return render(
        request,
        "indicators/staff/external.html",
        {
            "form": form,
            "can_edit": _can_edit(request),
            "indexes": ExternalIndex.choices,
            "table": [
                (year, [table[year].get(k) for k, _l in ExternalIndex.choices]) for year in sorted(table)
            ],
        },
        status=400 if request.method == "POST" else 200,
    )


# --- PAR self-assessment -------------------------------------------------------------------------------


@staff_required
@refusals
@require_GET
def assessment(request, year: int | None = None):
    if not _is_leader(request):
        raise PermissionDenied("Chỉ lãnh đạo và Văn phòng Sở xem được bảng tự đánh giá.")
    sheets = SelfAssessment.objects.order_by("-year")
    sheet = sheets.filter(year=year).first() if year else sheets.first()
    if year and sheet is None:
        raise Http404("Chưa có bảng tự đánh giá của năm này.")
    criteria = []
    totals = None
    if sheet is not None:
        criteria = list(sheet.criteria.prefetch_related("evidence").order_by("order", "code"))
        totals = services.assessment_totals(sheet)
    return render(
        request,
        "indicators/staff/assessment.html",
        {
            "sheet": sheet,
            "sheets": sheets,
            "criteria": criteria,
            "totals": totals,
            "can_edit": _can_edit(request),
            "criterion_form": CriterionForm(),
            "evidence_form": EvidenceForm(),
        },
    )


@staff_required
@refusals
@require_http_methods(["POST"])
def criterion_edit(request, pk: int):
    criterion = get_object_or_404(Criterion.objects.select_related("assessment"), pk=pk)
    form = CriterionForm(request.POST)
    back = reverse("backoffice:indicators_staff:assessment_year", args=[criterion.assessment.year])
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return redirect(back)
    try:
        services.score_criterion(actor=request.user, criterion=criterion, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Đã lưu tiêu chí {criterion.code}.")
    return redirect(f"{back}#tc-{criterion.pk}")


@staff_required
@refusals
@require_http_methods(["POST"])
def evidence_add(request, pk: int):
    criterion = get_object_or_404(Criterion.objects.select_related("assessment"), pk=pk)
    form = EvidenceForm(request.POST, request.FILES)
    back = reverse("backoffice:indicators_staff:assessment_year", args=[criterion.assessment.year])
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return redirect(back)
    try:
        services.add_evidence(actor=request.user, criterion=criterion, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Đã thêm tài liệu kiểm chứng.")
    return redirect(f"{back}#tc-{criterion.pk}")


@staff_required
@refusals
@require_GET
def evidence_file(request, pk: int):
    if not _is_leader(request):
        raise PermissionDenied("Chỉ lãnh đạo và Văn phòng Sở xem được tài liệu kiểm chứng.")
    evidence = get_object_or_404(Evidence, pk=pk)
    if not evidence.file:
        raise Http404("Tài liệu này không có tệp.")
    return FileResponse(
        evidence.file.open("rb"), as_attachment=True, filename=evidence.original_name or "kiem-chung"
    )
