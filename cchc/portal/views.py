"""The public portal: catalog, procedure detail, forms, the P-B4 lists, contacts.

Views are thin: they read through selectors and render. Every view is rate-limited per client IP
(django-ratelimit; limits in settings) and query strings are length-checked.
"""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.citizens import selectors as citizen_selectors
from cchc.common.public_cache import public_page
from cchc.common.ratelimits import public
from cchc.dossiers import selectors as dossier_selectors
from cchc.dossiers.models import Status as DossierStatus
from cchc.feedback import selectors as feedback_selectors
from cchc.org.selectors import public_contacts
from cchc.portal import exports
from cchc.procedures import selectors
from cchc.procedures.models import ProcedureVersion

PAGE_SIZE = 20


@public()
@public_page("catalog")
def home(request):
    return render(
        request,
        "portal/home.html",
        {
            "stats": selectors.catalog_stats(),
            "fields": selectors.fields_with_counts(),
        },
    )


@public("CCHC_SEARCH_RATE")
@public_page("catalog")
def procedure_list(request):
    raw_q = request.GET.get("q", "")
    error = ""
    if len(raw_q) > selectors.MAX_QUERY_LENGTH:
        error = _("Từ khóa quá dài (tối đa %(n)s ký tự); chỉ %(n)s ký tự đầu được dùng để tìm.") % {
            "n": selectors.MAX_QUERY_LENGTH
        }
    filters, messages = selectors.catalog_filter(
        q=raw_q,
        field=request.GET.get("linh-vuc", ""),
        agency=request.GET.get("co-quan", ""),
        online=request.GET.get("truc-tuyen", ""),
        postal=request.GET.get("buu-chinh", ""),
        level=request.GET.get("cap", ""),
        commune=request.GET.get("xa", ""),
    )
    page = selectors.search_page(filters, request.GET.get("trang"), PAGE_SIZE)
    context = {
        "filters": filters,
        "page": page,
        "error": " ".join([error, *messages]).strip(),
        "fields": selectors.fields_with_counts(),
        "agencies": selectors.catalog_agencies(),
        "communes": selectors.catalog_communes(),
        "levels": selectors.catalog_levels(),
        "online_choices": ProcedureVersion.OnlineLevel.choices,
        "querystring": _querystring_without_page(request),
    }
    template = "portal/_results.html" if request.headers.get("HX-Request") else "portal/procedure_list.html"
    return render(request, template, context)


def _querystring_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("trang", None)
    return params.urlencode()


@public()
@public_page("catalog")
def procedure_detail(request, code: str):
    version = selectors.procedure_detail(code)
    if version is None:
        raise Http404(_("Không tìm thấy thủ tục hành chính có mã %(code)s.") % {"code": code})
    performances = selectors.performing_agencies(version)
    return render(
        request,
        "portal/procedure_detail.html",
        {
            "v": version,
            "documents": version.required_documents.all(),
            "process_steps": selectors.process_steps(version.pk).select_related("unit", "agency"),
            "fees": selectors.fees(version.pk),
            "performances": performances,
            "shared_places": selectors.shared_places(performances),
            "missing_766": version.missing_766_components(),
            "history": selectors.version_history(code),
        },
    )


@public()
def form_download(request, code: str, form_id: int):
    form = selectors.public_form(code, form_id)
    if form is None:
        raise Http404(_("Không tìm thấy biểu mẫu."))
    try:
        handle = form.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("Tệp biểu mẫu chưa được tải lên.")) from exc
    filename = form.file.name.rsplit("/", 1)[-1]
    return FileResponse(handle, as_attachment=True, filename=filename)


@public()
def flow_diagram(request, code: str):
    version = selectors.procedure_detail(code)
    if version is None or not version.flow_diagram:
        raise Http404(_("Thủ tục chưa có sơ đồ quy trình."))
    try:
        handle = version.flow_diagram.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("Thủ tục chưa có sơ đồ quy trình.")) from exc
    response = FileResponse(handle, filename=version.flow_diagram.name.rsplit("/", 1)[-1])
    # An uploaded SVG may hold script: never let it run.
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    return response


LIST_TITLES = {
    "tat-ca": gettext_lazy("Danh sách thủ tục hành chính và quy trình giải quyết"),
    "truc-tuyen": gettext_lazy("Danh sách thủ tục cung cấp dịch vụ công trực tuyến"),
    "buu-chinh": gettext_lazy(
        "Danh sách thủ tục tiếp nhận hồ sơ, trả kết quả qua dịch vụ bưu chính công ích"
    ),
}


@public()
@public_page("catalog")
def public_list(request, slug: str):
    if slug not in selectors.PUBLIC_LISTS:
        raise Http404(_("Không có danh sách này."))
    versions = selectors.public_list(slug)
    title = str(LIST_TITLES[slug])
    if request.GET.get("dinh-dang") == "xlsx":
        content = exports.procedure_list_xlsx(versions, title=title, kind=slug)
        response = HttpResponse(
            content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        stamp = timezone.localdate().strftime("%Y%m%d")
        response["Content-Disposition"] = f'attachment; filename="danh-sach-tthc-{slug}-{stamp}.xlsx"'
        return response
    return render(
        request,
        "portal/public_list.html",
        {"slug": slug, "title": title, "versions": versions, "lists": LIST_TITLES},
    )


@public()
def contacts(request):
    return render(request, "portal/contacts.html", {"contacts": public_contacts()})


@public()
def my_dossiers(request):
    """ "Hồ sơ của tôi": the signed-in citizen's dossiers by their verified personal ID, whatever the door
    they came through, with the results to download, and the questions they sent while signed in."""
    identity = citizen_selectors.signed_in(request)
    if identity is None:
        return redirect(f"{reverse('portal:citizens:start')}?next={reverse('portal:my_dossiers')}")
    rows = []
    for dossier in dossier_selectors.of_person(identity.personal_id):
        results = []
        if dossier.status == DossierStatus.RETURNED:
            _rounds, results = dossier_selectors.documents_by_round(dossier)
        rows.append({"d": dossier, "results": results})
    return render(
        request,
        "portal/my_dossiers.html",
        {
            "identity": identity,
            "rows": rows,
            "questions": feedback_selectors.of_person(identity.personal_id),
        },
    )


def ratelimited(request, exception=None):
    return render(
        request,
        "portal/message.html",
        {
            "title": _("Quá nhiều yêu cầu"),
            "message": _("Bạn gửi quá nhiều yêu cầu. Vui lòng thử lại sau ít phút."),
        },
        status=429,
    )
