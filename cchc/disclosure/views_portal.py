"""Public pages of the disclosure section (/cong-khai/): every view rate-limited (public())."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.common.public_cache import public_page
from cchc.common.ratelimits import public
from cchc.disclosure import selectors
from cchc.disclosure.feeds import LatestPublicationsFeed
from cchc.disclosure.models import KIND_SLUGS, SLUG_KINDS, Commune, Kind, Publication, Status

RATE = "CCHC_DISCLOSURE_RATE"
PAGE_SIZE = 20


@public(RATE)
@public_page("disclosure")
def index(request):
    return render(
        request,
        "disclosure/portal/index.html",
        {"sections": selectors.sections(), "slugs": KIND_SLUGS, "today": timezone.localdate()},
    )


def _kind(slug: str) -> str:
    kind = SLUG_KINDS.get(slug)
    if kind is None:
        raise Http404(_("Không có mục công khai này."))
    return kind


def _int(value) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 1900 <= number <= 2200 else None


@public(RATE)
@public_page("disclosure")
def kind_list(request, slug: str):
    kind = _kind(slug)
    filters = selectors.ListFilter(
        q=(request.GET.get("q") or "")[: selectors.MAX_QUERY_LENGTH],
        year=_int(request.GET.get("nam")),
        commune=(request.GET.get("xa") or "")[:40] if kind == Kind.POOR_HOUSEHOLD else "",
    )
    page = Paginator(selectors.search(kind, filters), PAGE_SIZE).get_page(request.GET.get("trang"))
    return render(
        request,
        "disclosure/portal/list.html",
        {
            "kind": kind,
            "label": Kind(kind).label,
            "slug": slug,
            "filters": filters,
            "page": page,
            "years": selectors.years(kind),
            "communes": Commune.objects.all() if kind == Kind.POOR_HOUSEHOLD else [],
            "kinds": [(KIND_SLUGS[k], label) for k, label in Kind.choices],
            "today": timezone.localdate(),
        },
    )


def _visible(slug: str, pk: int) -> Publication:
    kind = _kind(slug)
    item = (
        selectors.with_lateness(Publication.objects.select_related("commune", "unit"))
        .filter(pk=pk, kind=kind)
        .exclude(status=Status.DRAFT)
        .first()
    )
    if item is None:
        raise Http404(_("Không tìm thấy thông tin công khai."))
    return item


@public(RATE)
@public_page("disclosure")
def detail(request, slug: str, pk: int):
    item = _visible(slug, pk)
    if item.status == Status.WITHDRAWN:
        return render(request, "disclosure/portal/withdrawn.html", {"item": item}, status=410)
    return render(
        request,
        "disclosure/portal/detail.html",
        {"item": item, "today": timezone.localdate(), "late_limit": selectors.late_limit(item.kind)},
    )


@public(RATE)
def download(request, slug: str, pk: int):
    """The file of a *published* item (public documents); drafts and withdrawn items: 404."""
    item = _visible(slug, pk)
    if item.status != Status.PUBLISHED or not item.file:
        raise Http404(_("Không có tệp để tải."))
    return file_response(item)


def file_response(item: Publication) -> FileResponse:
    try:
        handle = item.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("Không tìm thấy tệp.")) from exc
    name = item.file.name.rsplit("/", 1)[-1]
    response = FileResponse(handle, as_attachment=True, filename=name, content_type=item.file_mime or None)
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


_feed = LatestPublicationsFeed()


@public(RATE)
def feed(request):
    """The Atom feed of the latest publications."""
    return _feed(request)
