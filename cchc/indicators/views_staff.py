"""Staff screens of the indicators: the leaders' dashboard, its drill-down lists, the yearly external
results and the PAR self-assessment sheet.

Who sees what: the Director and the Office see the whole Department and any unit; a unit head sees
their own unit only (asking for another unit's figures or dossiers is refused with 403). Changes
(external results, self-assessment) are for the Office and the system administrator, through
``cchc.indicators.services``.
"""

from __future__ import annotations

import datetime as dt
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
from cchc.org.access import chosen_agency, staff_required
from cchc.org.models import Agency, Unit

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
    """Sees the whole of an agency (its director, its Office) or of the province."""
    return bool(request.roles & {roles.DIRECTOR, roles.OFFICE, roles.SYSADMIN}) or _province_viewer(request)


def _province_viewer(request) -> bool:
    """The province's oversight role (read-only), or the leaders and the Office of the province's
    people's committee: they see every agency and the province as a whole."""
    return roles.sees_province(request.roles, getattr(request, "staff", None))


def _is_leader(request) -> bool:
    return _sees_all(request) or roles.UNIT_HEAD in request.roles


def _can_edit(request) -> bool:
    return bool(request.roles & {roles.OFFICE, roles.SYSADMIN})


def _units(agency: Agency | None):
    if agency is None:
        return Unit.objects.none()
    return (
        Unit.objects.valid_on()
        .filter(agency=agency)
        .exclude(kind__in=[Unit.Kind.LEADERSHIP, Unit.Kind.COUNTER])
    )


def _agency(request) -> Agency | None:
    """Whose figures: the actor's own agency, or the one a province viewer chose (None: the province)."""
    return chosen_agency(request, "Chỉ xem được số liệu, hồ sơ của cơ quan mình.")


def _scope(request) -> tuple[Agency | None, Unit | None]:
    """(agency, unit) asked for (``?co-quan=``, ``?don-vi=<code>``), checked against the actor's role,
    agency and unit."""
    if not _is_leader(request):
        raise PermissionDenied("Chỉ lãnh đạo cơ quan, Văn phòng và lãnh đạo đơn vị xem được bảng chỉ số.")
    agency = _agency(request)
    code = (request.GET.get("don-vi") or "").strip()[:40]
    own = request.staff.unit
    if not _sees_all(request):
        if code and code != own.code:
            raise PermissionDenied("Lãnh đạo đơn vị chỉ xem được số liệu, hồ sơ của đơn vị mình.")
        return own.agency, own
    if not code:
        return agency, None
    if agency is None:
        raise Http404("Chọn cơ quan trước khi chọn đơn vị.")
    unit = Unit.objects.filter(agency=agency, code=code).first()
    if unit is None:
        raise Http404("Không có đơn vị này.")
    return agency, unit


def _agency_q(request, agency: Agency | None) -> str:
    """The ``&co-quan=`` part of the page's links, for a province viewer looking at one agency."""
    if agency is None or not _province_viewer(request):
        return ""
    return f"&co-quan={agency.code}"


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
    agency, unit = _scope(request)
    try:
        period = _period(request)
    except PeriodError as error:
        return _bad_period(request, error)
    data = engine.dashboard(period, unit, agency=agency)
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
            "units": _units(agency) if _sees_all(request) else [],
            "sees_all": _sees_all(request),
            "province_viewer": _province_viewer(request),
            "agency_q": _agency_q(request, agency),
            "external": _latest_external(),
        },
    )


def _latest_external() -> list[ExternalResult]:
    latest = {}
    for r in ExternalResult.objects.order_by("index", "-year"):
        latest.setdefault(r.index, r)
    return list(latest.values())


def _dossier_list(request, agency, unit, period, qs, **extra):
    """A page of the dossiers behind a number (late, paper), labelled like every staff list."""
    qs = privacy.openable(qs, request.user)  # only the dossiers the actor may open (their agency's)
    qs = privacy.annotate_visible(qs, request.user)  # the applicant's name only where need-to-know allows
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("trang"))
    page.object_list = privacy.name_rows(label_rows(page.object_list))
    return render(
        request,
        "indicators/staff/late.html",
        {
            "page": page,
            "period": period,
            "agency": agency,
            "unit": unit,
            "agency_q": _agency_q(request, agency),
            "period_choices": _period_choices(period),
            **extra,
        },
    )


@staff_required
@refusals
@require_GET
def late(request):
    """The dossiers behind the late part of the on-time rate (``?xin-loi=khong`` without apology)."""
    agency, unit = _scope(request)
    try:
        period = _period(request)
    except PeriodError as error:
        return _bad_period(request, error, "indicators/staff/late.html")
    apology = request.GET.get("xin-loi", "")
    without = {"khong": True, "co": False}.get(apology)
    qs = engine.late_dossiers(period, unit, without_apology=without, agency=agency)
    return _dossier_list(request, agency, unit, period, qs, apology=apology)


@staff_required
@refusals
@require_GET
def paper(request):
    """T4: dossiers received on paper for procedures offered online, in the period."""
    agency, unit = _scope(request)
    try:
        period = _period(request)
    except PeriodError as error:
        return _bad_period(request, error, "indicators/staff/late.html")
    qs = worklists.paper_exceptions(None, since=period.start, until=period.end)
    qs = engine.in_scope(qs, unit, agency=agency)
    return _dossier_list(request, agency, unit, period, qs, paper=True)


# --- the province ---------------------------------------------------------------------------------------


def _province_period(request) -> Period:
    """The ranking's period: the month asked for (``?ky=2025-m07`` or any period key), by default
    last month (the province publishes a month once it is over)."""
    if request.GET.get("ky"):
        return _period(request)
    from django.utils import timezone

    today = timezone.localdate()
    first = today.replace(day=1)
    last = first - dt.timedelta(days=1)
    return Period.month(last.year, last.month)


def _province_only(request) -> None:
    if not _province_viewer(request):
        raise PermissionDenied(
            "Chỉ Văn phòng UBND tỉnh, lãnh đạo UBND tỉnh và lãnh đạo Trung tâm Phục vụ hành chính công "
            "xem được bảng xếp hạng toàn tỉnh."
        )


@staff_required
@refusals
@require_GET
def province(request):
    """Every agency ranked for a month (departments apart from communes) and the province's QĐ 766."""
    _province_only(request)
    try:
        period = _province_period(request)
    except PeriodError as error:
        return _bad_period(request, error, "indicators/staff/province.html")
    groups = engine.agency_ranking(period)
    return render(
        request,
        "indicators/staff/province.html",
        {
            "period": period,
            "period_choices": _period_choices(period),
            "groups": [(slug, label, groups[slug]) for slug, label, _kind in engine.RANKING_GROUPS],
            "index766": engine.province_index(period),
            "places": engine.service_places(period.end),
        },
    )


@staff_required
@refusals
@require_GET
def province_export(request):
    """The ranking as an Excel workbook."""
    from django.http import HttpResponse

    _province_only(request)
    try:
        period = _province_period(request)
    except PeriodError as error:
        return _bad_period(request, error, "indicators/staff/province.html")
    data = engine.ranking_workbook(period, engine.agency_ranking(period))
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="xep-hang-{period.key}.xlsx"'
    return response


@staff_required
@refusals
@require_GET
def place(request, code: str):
    """A service place's own figures: received and returned there, paper originals carried late. For
    the province's viewers and the place's own leaders."""
    place = get_object_or_404(Agency, code=code, kind=Agency.Kind.SERVICE_CENTRE)
    own = request.staff.unit.agency
    if not (_province_viewer(request) or (own.pk == place.pk and _is_leader(request))):
        raise PermissionDenied("Chỉ lãnh đạo nơi tiếp nhận và Văn phòng UBND tỉnh xem được số liệu này.")
    try:
        period = _province_period(request)
    except PeriodError as error:
        return _bad_period(request, error, "indicators/staff/place.html")
    return render(
        request,
        "indicators/staff/place.html",
        {
            "place": place,
            "period": period,
            "period_choices": _period_choices(period),
            "figures": engine.place_figures(place, period),
        },
    )


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
