"""Public survey pages: the link (QR) survey, the counter kiosk, the open survey, the results (P-B6)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cchc.common.ratelimits import public, public_form
from cchc.dossiers import survey_link as links
from cchc.dossiers.models import Dossier
from cchc.procedures.models import Field

from . import forms, kiosk, selectors, services
from .models import MethodVersion, ResponseChannel


def _message(request, title: str, message: str, *, status: int = 400, kiosk_mode: bool = False):
    return render(
        request,
        "surveys/portal/message.html",
        {"title": title, "message": message, "kiosk_mode": kiosk_mode},
        status=status,
    )


def _errors(exc: ValidationError) -> list[str]:
    return exc.messages


@public()
def home(request):
    return render(request, "surveys/portal/home.html")


def _dossier_from_token(token: str) -> Dossier:
    pk = links.dossier_id_from(token)
    dossier = Dossier.objects.select_related("procedure_version").filter(pk=pk).first()
    if dossier is None:
        raise ValidationError(_("Đường dẫn khảo sát không hợp lệ."), code="bad_token")
    return dossier


def _answer_page(
    request, *, dossier: Dossier | None, channel: str, device=None, template="surveys/portal/answer.html"
):
    kiosk_mode = channel == ResponseChannel.KIOSK
    try:
        if dossier is not None:
            services.check_answerable(dossier)
        method = services.method_in_force()
    except ValidationError as exc:
        return _message(
            request, _("Không thể đánh giá"), " ".join(exc.messages), status=409, kiosk_mode=kiosk_mode
        )
    errors: list[str] = []
    if request.method == "POST":
        try:
            answers = forms.parse(method, request.POST)
            services.submit(actor=None, channel=channel, answers=answers, dossier=dossier, kiosk=device)
        except ValidationError as exc:
            errors = _errors(exc)
        except PermissionDenied as exc:
            return _message(request, _("Không thể đánh giá"), str(exc), status=403, kiosk_mode=kiosk_mode)
        else:
            if kiosk_mode:
                return redirect(reverse("portal:surveys:kiosk") + "?da-gui=1")
            return redirect("portal:surveys:thanks")
    context = {
        "method": method,
        "dossier": dossier,
        "channel": channel,
        "kiosk_mode": kiosk_mode,
        "errors": errors,
        "comment": request.POST.get("gop-y", "") if errors else "",
        **forms.questionnaire(method, request.POST if errors else None),
    }
    return render(request, template, context, status=400 if errors else 200)


@public_form()
def answer(request, token: str):
    """The survey of one dossier, opened from the QR code on the receipt or the notification."""
    try:
        dossier = _dossier_from_token(token)
    except ValidationError as exc:
        return _message(request, _("Đường dẫn không hợp lệ"), " ".join(exc.messages))
    return _answer_page(request, dossier=dossier, channel=ResponseChannel.LINK)


@public_form(post_rate_setting="CCHC_SURVEY_PUBLIC_RATE")
def open_survey(request):
    """The open survey for people without a dossier (counted separately, channel "public")."""
    return _answer_page(request, dossier=None, channel=ResponseChannel.PUBLIC)


@public()
def thanks(request):
    return render(request, "surveys/portal/thanks.html")


@public_form(post_rate_setting="CCHC_SURVEY_PUBLIC_RATE")
def kiosk_start(request):
    """Kiosk home on the counter tablet: the citizen types the dossier code."""
    device = kiosk.device_for(request)
    if device is None:
        return _message(
            request,
            _("Chưa mở chế độ kiosk"),
            _("Máy này chưa được cán bộ Bộ phận Một cửa mở chế độ khảo sát tại quầy."),
            status=403,
        )
    error = ""
    code = ""
    if request.method == "POST":
        code = request.POST.get("ma-ho-so", "").strip().upper()[:40]
        dossier = Dossier.objects.filter(code=code).first() if code else None
        if dossier is None:
            error = _("Không tìm thấy hồ sơ có mã %(code)s. Vui lòng kiểm tra mã trên giấy hẹn.") % {
                "code": code or "…"
            }
        else:
            try:
                services.check_answerable(dossier)
            except ValidationError as exc:
                error = " ".join(exc.messages)
            else:
                return redirect("portal:surveys:kiosk_answer", token=links.token_for(dossier))
    return render(
        request,
        "surveys/portal/kiosk.html",
        {
            "device": device,
            "error": error,
            "code": code,
            "sent": request.GET.get("da-gui") == "1",
            "kiosk_mode": True,
        },
        status=400 if error else 200,
    )


@public_form()
def kiosk_answer(request, token: str):
    device = kiosk.device_for(request)
    if device is None:
        return _message(
            request,
            _("Chưa mở chế độ kiosk"),
            _("Máy này chưa được cán bộ Bộ phận Một cửa mở chế độ khảo sát tại quầy."),
            status=403,
        )
    try:
        dossier = _dossier_from_token(token)
    except ValidationError as exc:
        return _message(request, _("Đường dẫn không hợp lệ"), " ".join(exc.messages), kiosk_mode=True)
    return _answer_page(request, dossier=dossier, channel=ResponseChannel.KIOSK, device=device)


def period_from(request) -> tuple[int, str, dt.date, dt.date]:
    """Year and part of year (``ky``: ca-nam, q1..q4, 6t-dau, 6t-cuoi) from the query string."""
    today = timezone.localdate()
    try:
        year = int(request.GET.get("nam", today.year))
    except ValueError:
        year = today.year
    year = min(max(year, 2017), today.year + 1)
    part = request.GET.get("ky", "ca-nam")
    ranges = {
        "ca-nam": (1, 12),
        "q1": (1, 3),
        "q2": (4, 6),
        "q3": (7, 9),
        "q4": (10, 12),
        "6t-dau": (1, 6),
        "6t-cuoi": (7, 12),
    }
    if part not in ranges:
        part = "ca-nam"
    first, last = ranges[part]
    start = dt.date(year, first, 1)
    end = (dt.date(year + (last == 12), last % 12 + 1, 1)) - dt.timedelta(days=1)
    return year, part, start, end


PERIODS = [  # labels marked for extraction, translated when the page is rendered
    ("ca-nam", gettext_noop("Cả năm")),
    ("6t-dau", gettext_noop("6 tháng đầu năm")),
    ("6t-cuoi", gettext_noop("6 tháng cuối năm")),
    ("q1", gettext_noop("Quý I")),
    ("q2", gettext_noop("Quý II")),
    ("q3", gettext_noop("Quý III")),
    ("q4", gettext_noop("Quý IV")),
]


@public()
def results(request):
    """Published survey results (plan P-B6): indices by element and criterion, against the target."""
    year, part, start, end = period_from(request)
    field = None
    field_code = request.GET.get("linh-vuc", "")[:50]
    if field_code:
        field = Field.objects.filter(code=field_code).first()
    filters = selectors.Filters(start, end, field_id=field.pk if field else None)
    data = selectors.results(filters)
    months = []
    for result in data.methods:
        months.append(selectors.breakdown(filters, result.method, "month"))
    context = {
        "data": data,
        "charts": _charts(data, months),
        "year": year,
        "part": part,
        "years": list(range(timezone.localdate().year, 2016, -1)),
        "periods": [(k, _(label)) for k, label in PERIODS],
        "fields": Field.objects.order_by("name"),
        "field_code": field.code if field else "",
        "methods": MethodVersion.objects.all(),
    }
    return render(request, "surveys/portal/results.html", context)


def _num(value) -> float | None:
    return None if value is None else float(selectors.rounded(value))


def _charts(data: selectors.Results, months: list[list[dict]]) -> list[dict]:
    """Chart data (criteria bars and monthly line) per method version, for json_script."""
    charts = []
    for result, by_month in zip(data.methods, months, strict=True):
        charts.append(
            {
                "title": result.method.label,
                "target": float(result.method.target),
                "criteria": {
                    "labels": [c.criterion.label for c in result.criteria],
                    "values": [_num(c.index) for c in result.criteria],
                },
                "months": {
                    "labels": [
                        timezone.localtime(r["key"]).strftime("%m/%Y")
                        if isinstance(r["key"], dt.datetime)
                        else str(r["key"])
                        for r in by_month
                    ],
                    "values": [_num(r["index"]) for r in by_month],
                },
            }
        )
    return charts
