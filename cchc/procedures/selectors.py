"""Read-side queries for the procedure catalog: the public catalog, search, the P-B4 lists."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Case, Count, Exists, F, IntegerField, Prefetch, Q, QuerySet, Value, When, Window
from django.db.models.expressions import RawSQL
from django.db.models.functions import Greatest, Length, StrIndex
from django.utils import timezone

from cchc.common.params import page_param
from cchc.common.text import fold, terms
from cchc.procedures.models import (
    Fee,
    Field,
    FormTemplate,
    Performer,
    ProcedureVersion,
    ProcessStep,
    RequiredDocument,
)

MAX_QUERY_LENGTH = 200


@dataclass(frozen=True)
class CatalogFilter:
    """What a citizen can narrow the catalog by (all optional)."""

    q: str = ""
    field: str = ""  # Field.code
    agency: str = ""  # Agency.code
    online: str = ""  # "none" | "partial" | "full" | "any"
    postal: str = ""  # "submit" | "return" | "any"


def published_versions(day: dt.date | None = None) -> QuerySet[ProcedureVersion]:
    """The version of each procedure in force today, with what list pages show."""
    return ProcedureVersion.objects.published(day).select_related("procedure", "field", "agency")


# Long text columns list pages never show.
_LIST_DEFERRED = (
    "steps",
    "conditions",
    "search_name",
    "search_text",
    "time_note",
    "fee_note",
    "subjects_note",
)
# The FTS5 trigram index (SQLite) only indexes words of three letters or more.
_FTS_MIN_LENGTH = 3


def search(filters: CatalogFilter, day: dt.date | None = None) -> QuerySet[ProcedureVersion]:
    """Accent- and case-insensitive search, name matches ranked above text matches.

    Every word of the query must appear in ``search_text`` (names, code, steps, result,
    conditions). Both sides are folded by ``cchc.common.text.fold`` — the stored ``search_*`` columns at
    save time, the query here — so "tro cap that nghiep", "TRỢ CẤP" and "thất nghiệp" all find
    "Giải quyết hưởng trợ cấp thất nghiệp" on SQLite and on PostgreSQL alike.

    Indexes: on SQLite the words of three letters or more are looked up in the FTS5 trigram table
    ``procver_search`` (migration 0003); on PostgreSQL the ``LIKE '%…%'`` lookups use the trigram
    GIN index of migration 0002. Shorter words are filtered with LIKE on the rows that remain.
    SQLite picks the fast plan (rowid lookups of the matches) only when it has statistics: see
    ``cchc.common.db.refresh_statistics``.
    """
    qs = published_versions(day)
    if filters.field:
        qs = qs.filter(field__code=filters.field)
    if filters.agency:
        qs = qs.filter(agency__code=filters.agency)
    if filters.online == "any":
        qs = qs.exclude(online_level=ProcedureVersion.OnlineLevel.NONE)
    elif filters.online in ProcedureVersion.OnlineLevel.values:
        qs = qs.filter(online_level=filters.online)
    if filters.postal == "submit":
        qs = qs.filter(postal_submission=True)
    elif filters.postal == "return":
        qs = qs.filter(postal_return=True)
    elif filters.postal == "any":
        qs = qs.filter(Q(postal_submission=True) | Q(postal_return=True))

    query = filters.q[:MAX_QUERY_LENGTH]
    words = terms(query)
    if not words:
        return qs.order_by("name")
    like_words = words
    if connection.vendor == "sqlite":
        indexed = [w for w in words if len(w) >= _FTS_MIN_LENGTH]
        if indexed:
            match = " AND ".join(f'"{w}"' for w in indexed)  # folded words hold only [a-z0-9_]
            qs = qs.filter(
                pk__in=RawSQL("SELECT rowid FROM procver_search WHERE procver_search MATCH %s", (match,))
            )
            like_words = [w for w in words if len(w) < _FTS_MIN_LENGTH]
    for word in like_words:
        qs = qs.filter(search_text__contains=word)
    return _ranked(qs, fold(query), words)


# Words that open many procedure names without narrowing them ("Giải quyết hưởng trợ cấp thất
# nghiệp" is the procedure *of* "hưởng trợ cấp thất nghiệp"): a phrase right after them counts as
# at the start of the name. Folded, each followed by its space.
NAME_OPENERS = ("giai quyet ", "thu tuc ")


def _ranked(qs: QuerySet[ProcedureVersion], phrase: str, words: list[str]) -> QuerySet[ProcedureVersion]:
    """Order search results: the name is the query (4) > the name contains the query as a phrase (3),
    earlier and then shorter names first > every word in the name (2), shorter names first > the
    words only in the other text (1); then by name.

    All in SQL on the version row (no join): ``rank``, ``phrase_at`` (where the phrase starts in the
    folded name, after an opener of ``NAME_OPENERS``) and ``name_length``.
    """
    all_in_name = Q()
    for word in words:
        all_in_name &= Q(search_name__contains=word)
    rank = Case(
        # The name is the query: the folded name alone, or followed by the English name (same
        # length as the query: folding keeps letters and spaces one for one).
        When(
            Q(search_name=phrase) | Q(search_name__startswith=f"{phrase} ", name_length=len(phrase)), then=4
        ),
        When(found_at__gt=0, then=3),
        When(all_in_name, then=2),
        default=1,
        output_field=IntegerField(),
    )
    # Where the phrase starts (0: not in the name), less the opener's length when the name opens
    # with one; a phrase found inside the opener (a query that starts with it) counts as 0, first.
    opener = Case(
        *(When(search_name__startswith=text, then=len(text)) for text in NAME_OPENERS),
        default=0,
        output_field=IntegerField(),
    )
    return (
        qs.annotate(name_length=Length("name"), found_at=StrIndex("search_name", Value(phrase)))
        .annotate(rank=rank, phrase_at=Greatest(F("found_at") - opener, 0))
        .order_by("-rank", "phrase_at", "name_length", "name")
    )


def search_page(filters: CatalogFilter, number, per_page: int, day: dt.date | None = None) -> Page:
    """One page of search results: one narrow query for the page's ids and the total, then the rows.

    The first query reads the version table alone (ids, sort keys and ``COUNT(*) OVER ()``, no
    joins), so the search runs once instead of twice (count, then page); only the page's rows are
    then loaded with their procedure, field and agency. See bench/bench_search.py.
    """
    number = page_param(number)
    ids = search(filters, day).annotate(total=Window(Count("pk"))).values_list("pk", "total")
    start = (number - 1) * per_page
    found = list(ids[start : start + per_page])
    if not found and number > 1:  # past the end (a stale link): show the last page instead
        return search_page(filters, 1 + max(search(filters, day).count() - 1, 0) // per_page, per_page, day)
    paginator = Paginator(ids, per_page)
    paginator.count = found[0][1] if found else 0  # fills Paginator's cached count: no COUNT query
    rows = (
        ProcedureVersion.objects.select_related("procedure", "field", "agency")
        .defer(*_LIST_DEFERRED)
        .in_bulk([pk for pk, _total in found])
    )
    return Page([rows[pk] for pk, _total in found if pk in rows], number, paginator)


def procedure_detail(code: str, day: dt.date | None = None) -> ProcedureVersion | None:
    """The version of procedure ``code`` in force today, with every component prefetched."""
    documents = RequiredDocument.objects.select_related("form").order_by("order")
    return (
        published_versions(day)
        .filter(procedure__code=code)
        .prefetch_related(
            Prefetch("required_documents", queryset=documents),
            "process_steps__unit",
            "process_steps__agency",
            "fees",
            "legal_bases",
            "partner_agencies",
        )
        .order_by("-number")
        .first()
    )


def version_history(code: str) -> QuerySet[ProcedureVersion]:
    return (
        ProcedureVersion.objects.filter(procedure__code=code)
        .exclude(status=ProcedureVersion.Status.DRAFT)
        .only("number", "status", "valid_from", "valid_to", "decision", "procedure_id")
        .order_by("-number")
    )


def public_form(code: str, form_id: int) -> FormTemplate | None:
    """A form of a published (current or withdrawn) version, for download."""
    return (
        FormTemplate.objects.filter(
            pk=form_id,
            document__version__procedure__code=code,
            document__version__status__in=[
                ProcedureVersion.Status.PUBLISHED,
                ProcedureVersion.Status.WITHDRAWN,
            ],
        )
        .exclude(file="")
        .first()
    )


# The portal shows these counts on every catalog page; they change only when the catalog does.
# Cached per day, dropped by the save/delete signals of the catalog (cchc.procedures.apps), and
# at most CATALOG_CACHE_SECONDS stale in the other server processes.
CATALOG_CACHE_KEY = "cchc:catalog-summary"
CATALOG_CACHE_SECONDS = 300


def _catalog_summary(day: dt.date | None) -> dict:
    day = day or timezone.localdate()
    cached = cache.get(CATALOG_CACHE_KEY)
    if cached and cached["day"] == day:
        return cached
    published = ProcedureVersion.objects.published(day).order_by()
    summary = {
        "day": day,
        "field_counts": dict(published.values_list("field").annotate(n=Count("pk"))),
        "stats": published.aggregate(
            total=Count("pk"),
            full_online=Count("pk", filter=Q(online_level=ProcedureVersion.OnlineLevel.FULL)),
            partial_online=Count("pk", filter=Q(online_level=ProcedureVersion.OnlineLevel.PARTIAL)),
            postal=Count("pk", filter=Q(postal_submission=True) | Q(postal_return=True)),
        ),
    }
    cache.set(CATALOG_CACHE_KEY, summary, CATALOG_CACHE_SECONDS)
    return summary


def forget_catalog_summary(**_kwargs) -> None:
    cache.delete(CATALOG_CACHE_KEY)


def fields_with_counts(day: dt.date | None = None) -> list[Field]:
    """Fields that have procedures in force, each with ``n``, the number of them."""
    counts = _catalog_summary(day)["field_counts"]
    fields = list(Field.objects.filter(pk__in=counts).order_by("order", "name"))
    for field in fields:
        field.n = counts[field.pk]
    return fields


PUBLIC_LISTS = {
    # slug -> (filter, title) — the three lists of plan P-B4.
    "tat-ca": CatalogFilter(),
    "truc-tuyen": CatalogFilter(online="any"),
    "buu-chinh": CatalogFilter(postal="any"),
}


def public_list(slug: str, day: dt.date | None = None) -> QuerySet[ProcedureVersion]:
    return (
        search(PUBLIC_LISTS[slug], day)
        .prefetch_related("fees", "process_steps__unit", "process_steps__agency")
        .order_by("field__order", "field__name", "procedure__code")
    )


def catalog_stats(day: dt.date | None = None) -> dict[str, int]:
    """Procedures in force: total, fully / partly online, by post."""
    return _catalog_summary(day)["stats"]


# --- who performs a version, and with what (decision 0021) -------------------------------------------


def performers(version: ProcedureVersion) -> QuerySet[Performer]:
    """The agencies performing ``version`` (its lead agency among them), by name."""
    return version.performers.select_related("agency").order_by("agency__name")


def performer_of(version_id: int, agency_id: int) -> Performer | None:
    return Performer.objects.filter(version_id=version_id, agency_id=agency_id).first()


def process_steps(version_id: int, agency_id: int | None = None) -> QuerySet[ProcessStep]:
    """The internal process that applies when ``agency_id`` performs the version: the performer's
    own steps where it has them, else the version's common steps (``performer`` empty). The one rule
    for "which steps" that intake, the workflow, slips and indicators share. One query (the
    performer's own steps are a subquery), because the workflow reads it on every hand-over."""
    common = Q(performer__isnull=True)
    if agency_id is not None:
        own = ProcessStep.objects.filter(version_id=version_id, performer__agency_id=agency_id)
        common = Q(performer__agency_id=agency_id) | (common & ~Exists(own))
    return ProcessStep.objects.filter(common, version_id=version_id).order_by("order", "id")


def fees(version_id: int, agency_id: int | None = None) -> QuerySet[Fee]:
    """The fee lines that apply when ``agency_id`` performs the version (its own, else the common)."""
    common = Q(performer__isnull=True)
    if agency_id is not None:
        own = Fee.objects.filter(version_id=version_id, performer__agency_id=agency_id)
        common = Q(performer__agency_id=agency_id) | (common & ~Exists(own))
    return Fee.objects.filter(common, version_id=version_id).order_by("id")
