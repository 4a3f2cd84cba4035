"""Every page type of the site, read from the URLconf: one URL per route, filled with demo objects.

A route is any pattern of ``cchc.urls`` (public ones in both languages, staff, admin, API). Its path
arguments come from :data:`SAMPLES` (by route prefix and argument name); a route whose arguments no
sample fills makes :func:`page_urls` raise, so a new page type cannot slip past the tests that use it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

_ARG = re.compile(r"\(\?P<(?P<group>\w+)>[^)]*\)|<(?:(?P<conv>\w+):)?(?P<name>\w+)>")


@dataclass(frozen=True)
class Page:
    route: str  # the pattern, e.g. "quan-tri/ho-so/<str:code>/"
    url: str  # the URL requested
    staff: bool  # needs a signed-in superuser


def _first(app_model: str, field: str = "pk", **filters) -> Callable[[], str]:
    def value() -> str:
        model = apps.get_model(app_model)
        found = model.objects.filter(**filters).order_by("pk").values_list(field, flat=True).first()
        return str(found) if found is not None else "1"

    return value


def _const(text: str) -> Callable[[], str]:
    return lambda: text


def _dossier_document() -> str:
    return _first("dossiers.DossierDocument")()


def _dossier_of_document() -> str:
    return _first("dossiers.DossierDocument", "dossier__code")()


def _publication_slug() -> str:
    from cchc.disclosure.models import KIND_SLUGS

    kind = _first("disclosure.Publication", "kind", published_at__isnull=False)()
    return KIND_SLUGS.get(kind, "van-ban")


# (route prefix, argument) -> the value to put there; the longest matching prefix wins.
SAMPLES: dict[tuple[str, str], Callable[[], str]] = {
    ("quan-tri/mot-cua/tiep-nhan/", "version_id"): _first("procedures.ProcedureVersion"),
    ("quan-tri/mot-cua/", "code"): _first("dossiers.Dossier", "code"),
    ("quan-tri/ho-so/", "code"): _dossier_of_document,
    ("quan-tri/ho-so/", "operation"): _const("tiep-nhan"),
    ("quan-tri/ho-so/", "doc_id"): _dossier_document,
    ("quan-tri/ho-so/", "kind"): _const("tiep-nhan"),
    ("quan-tri/ho-so/", "step"): _const("nhan"),
    ("quan-tri/khao-sat/viec-can-xu-ly/", "pk"): _first("surveys.FollowUp"),
    ("quan-tri/khao-sat/kiosk/", "pk"): _first("surveys.KioskDevice"),
    ("quan-tri/phan-anh/", "code"): _first("feedback.Feedback", "code"),
    ("quan-tri/phan-anh/", "operation"): _const("tra-loi"),
    ("quan-tri/phan-anh/", "pk"): _first("feedback.Attachment"),
    ("quan-tri/cong-bo/", "pk"): _first("disclosure.Publication"),
    ("quan-tri/ke-hoach/nhiem-vu/", "pk"): _first("plans.Task"),
    ("quan-tri/dvcqg/thong-diep/", "pk"): _first("national.Message"),
    ("quan-tri/ke-hoach/nhiem-vu/", "operation"): _const("bao-cao"),
    ("quan-tri/ke-hoach/nhiem-vu/", "evidence_id"): _first("plans.Evidence"),
    ("quan-tri/ke-hoach/sang-kien/", "pk"): _first("plans.Initiative"),
    ("quan-tri/ke-hoach/sang-kien/", "operation"): _const("duyet"),
    ("quan-tri/ke-hoach/dao-tao/", "pk"): _first("plans.Course"),
    ("quan-tri/chi-so/tu-danh-gia/", "year"): _const("2026"),
    ("quan-tri/chi-so/tieu-chi/", "pk"): _first("indicators.Criterion"),
    ("quan-tri/chi-so/kiem-chung/", "pk"): _first("indicators.Evidence"),
    ("quan-tri/chi-so/noi-tiep-nhan/", "code"): _first("org.Agency", "code"),
    ("quan-tri/bao-cao/", "pk"): _first("reports.ReportJob"),
    ("quan-tri/thanh-toan/", "pk"): _first("payments.ReconciliationRun"),
    ("thanh-toan/", "code"): _dossier_of_document,
    ("quan-tri/dvcqg/danh-muc/", "code"): _first("national.CatalogueCheck", "national_code"),
    ("quan-tri/bao-cao/", "fmt"): _const("docx"),
    ("quan-tri/auth/user/", "id"): _first("auth.User"),
    ("quan-tri/otp_totp/totpdevice/", "pk"): _first("otp_totp.TOTPDevice"),
    ("quan-tri/", "url"): _const("khong-co/"),
    ("quan-tri/r/", "content_type_id"): _first("contenttypes.ContentType", model="procedure"),
    ("quan-tri/r/", "object_id"): _first("procedures.Procedure"),
    ("api/dossiers/", "code"): _first("dossiers.Dossier", "code"),
    ("thu-tuc/danh-sach/", "slug"): _const("muc-do-toan-trinh"),
    ("thu-tuc/", "code"): _first("procedures.Procedure", "code"),
    ("thu-tuc/", "form_id"): _first("procedures.FormTemplate"),
    ("ho-so/tiep-tuc-khai/", "key"): _const("khong-co"),
    ("ho-so/lien-ket/", "token"): _const("khong-co"),
    ("tra-cuu/", "code"): _dossier_of_document,
    ("tra-cuu/", "pk"): _dossier_document,
    ("khao-sat/", "token"): _const("khong-co"),
    ("hoi-dap/", "code"): _first("feedback.Feedback", "code", published_at__isnull=False),
    ("cong-khai/", "slug"): _publication_slug,
    ("cong-khai/", "pk"): _first("disclosure.Publication", published_at__isnull=False),
}


def _routes(patterns, prefix: str = "") -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def _admin_object(route: str) -> str | None:
    """An admin change/history/delete route: the first object of its model (by the route's path)."""
    match = re.match(r"quan-tri/(\w+)/(\w+)/<path:object_id>/", route)
    if not match:
        return None
    model = apps.get_model(match[1], match[2])
    found = model.objects.order_by("pk").values_list("pk", flat=True).first()
    return str(found) if found is not None else "1"


def _admin_app_index(route: str) -> Iterator[str]:
    """The admin's ``^(?P<app_label>a|b|…)/$`` route: one URL per app."""
    match = re.search(r"\(\?P<app_label>([\w|]+)\)", route)
    for label in match[1].split("|"):
        yield f"quan-tri/{label}/"


def _fill(route: str) -> str:
    def value(match: re.Match) -> str:
        name = match["group"] or match["name"]
        if name == "object_id" and (found := _admin_object(route)) is not None:
            return found
        candidates = [(p, a) for (p, a) in SAMPLES if a == name and route.startswith(p)]
        if not candidates:
            raise LookupError(f"no sample value for <{name}> of route {route!r}: add one to SAMPLES")
        return SAMPLES[max(candidates, key=lambda key: len(key[0]))]()

    return _ARG.sub(value, route)


def page_urls() -> list[Page]:
    """One URL per route of the URLconf (public routes twice: Vietnamese and English)."""
    pages = []
    for route in _routes(get_resolver().url_patterns):
        route = route.replace("^", "").replace("$", "")
        if route.startswith("en/"):  # i18n_patterns: the default language is at the root
            route = route[3:]
        urls = list(_admin_app_index(route)) if "(?P<app_label>" in route else [_fill(route)]
        staff = route.startswith(("quan-tri/", "api/"))
        for url in urls:
            pages.append(Page(route, "/" + url, staff))
            if not staff and not url.startswith("ngon-ngu/"):
                pages.append(Page(route, "/en/" + url, staff))
    return pages
