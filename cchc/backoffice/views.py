"""Back-office screens that live beside the Django admin and share its look."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from cchc.procedures import catalog_io, services
from cchc.procedures.catalog_io import CatalogImportError


class CatalogImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Tệp danh mục"),
        help_text=gettext_lazy("Tệp Excel (.xlsx) hoặc JSON (.json) theo mẫu xuất từ hệ thống."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.json"}),
    )
    dry_run = forms.BooleanField(
        label=gettext_lazy("Chỉ kiểm tra (chạy thử, không ghi vào cơ sở dữ liệu)"),
        required=False,
    )


@staff_member_required
def catalog_import(request):
    if not services.can_edit_catalog(request.user):
        raise PermissionDenied(_("Bạn không có quyền cập nhật danh mục thủ tục hành chính."))
    result = errors = None
    if request.method == "POST":
        form = CatalogImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                catalog_io.check_size(upload.size)  # before reading it into memory
                result = services.import_catalog_file(
                    actor=request.user,
                    content=upload.read(),
                    filename=upload.name,
                    dry_run=form.cleaned_data["dry_run"],
                )
            except CatalogImportError as exc:
                errors = exc.errors
    else:
        form = CatalogImportForm()
    context = {
        **admin.site.each_context(request),
        "title": _("Nhập danh mục thủ tục hành chính"),
        "form": form,
        "result": result,
        "errors": errors,
    }
    return render(request, "backoffice/catalog_import.html", context, status=400 if errors else 200)


@staff_member_required
@require_GET
def catalog_export(request):
    if not request.user.has_perm("procedures.view_procedureversion"):
        raise PermissionDenied(_("Bạn không có quyền xem danh mục thủ tục hành chính."))
    fmt = request.GET.get("format", "xlsx")
    if fmt not in ("xlsx", "json"):
        return HttpResponseBadRequest(_("Định dạng phải là xlsx hoặc json."))
    content, content_type, filename = services.export_catalog_file(fmt)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
