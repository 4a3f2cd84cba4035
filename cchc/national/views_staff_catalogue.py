"""The catalogue administrator's page: procedures whose public content differs from the national
procedure database, each field old → new, applied as a new version on confirmation."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from cchc.national import services
from cchc.national.models import CatalogueCheck
from cchc.org.access import staff_context, staff_required
from cchc.procedures import services as procedure_services

SHOWN = (CatalogueCheck.State.DIFFERENT, CatalogueCheck.State.NOT_LOCAL, CatalogueCheck.State.NOT_NATIONAL)


def _may_edit(request) -> None:
    if not procedure_services.can_edit_catalog(request.user):
        raise PermissionDenied("Chỉ người quản trị danh mục thủ tục hành chính xem được trang này.")


class ApplyForm(forms.Form):
    valid_from = forms.DateField(
        label="Áp dụng từ ngày",
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}),
        help_text="Phiên bản hiện hành kết thúc vào ngày trước đó; hồ sơ đã nhận giữ phiên bản cũ.",
    )
    confirm = forms.BooleanField(
        label="Tôi đã xem các khác biệt và đồng ý áp dụng nội dung của CSDL quốc gia",
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )


@staff_required
@require_GET
def catalogue_list(request):
    _may_edit(request)
    checks = list(
        CatalogueCheck.objects.filter(state__in=SHOWN)
        .select_related("version")
        .order_by("state", "national_code")
    )
    applied = CatalogueCheck.objects.filter(applied_at__isnull=False).select_related(
        "applied_by__staff", "applied_version"
    )[:20]
    groups = [
        (state, CatalogueCheck.State(state).label, [c for c in checks if c.state == state]) for state in SHOWN
    ]
    last = CatalogueCheck.objects.order_by("-checked_at").values_list("checked_at", flat=True).first()
    return render(
        request,
        "national/staff/catalogue_list.html",
        staff_context(request, groups=groups, applied=applied, last_checked=last),
    )


def _rows(difference: dict) -> dict:
    """A difference as the page shows it: texts side by side, lists with what is added and removed."""
    old, new = difference["old"], difference["new"]
    if isinstance(old, list):
        return {
            **difference,
            "is_list": True,
            "old_rows": [(item, item not in new) for item in old],
            "new_rows": [(item, item not in old) for item in new],
        }
    return {**difference, "is_list": False}


@staff_required
@require_http_methods(["GET", "POST"])
def catalogue_detail(request, code: str):
    _may_edit(request)
    check = get_object_or_404(
        CatalogueCheck.objects.select_related("version", "procedure", "applied_by__staff", "applied_version"),
        national_code=code,
    )
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    form = ApplyForm(request.POST or None, initial={"valid_from": tomorrow})
    if request.method == "POST" and form.is_valid():
        try:
            version = services.apply_catalogue(
                actor=request.user, check=check, valid_from=form.cleaned_data["valid_from"]
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request,
                f"Đã tạo phiên bản {version.number} của thủ tục {code}, áp dụng từ "
                f"{version.valid_from:%d/%m/%Y}; quy trình nội bộ, phí và cơ quan thực hiện giữ nguyên.",
            )
            return redirect("backoffice:national:catalogue")
    return render(
        request,
        "national/staff/catalogue_detail.html",
        staff_context(
            request,
            check=check,
            rows=[_rows(d) for d in check.differences],
            form=form,
            can_apply=check.state == CatalogueCheck.State.DIFFERENT,
        ),
        status=400 if form.errors else 200,
    )
