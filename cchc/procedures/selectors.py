"""Read-side queries for the procedure catalog: the public catalog, search, the P-B4 lists."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import connection
from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, Value, When

from cchc.common.text import fold, terms
from cchc.procedures.models import Field, FormTemplate, ProcedureVersion, RequiredDocument

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

    Every word of the query must appear in the name or in the text (steps, result, conditions,
    code). Both sides are folded by ``cchc.common.text.fold`` — the stored ``search_*`` columns at
    save time, the query here — so "tro cap that nghiep", "TRỢ CẤP" and "thất nghiệp" all find
    "Giải quyết hưởng trợ cấp thất nghiệp" on SQLite and on PostgreSQL alike.

    Indexes: on SQLite the words of three letters or more are looked up in the FTS5 trigram table
    ``procver_search`` (migration 0003); on PostgreSQL the ``LIKE '%…%'`` lookups use the trigram
    GIN indexes of migration 0002. Shorter words are filtered with LIKE on the rows that remain.
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
            qs = qs.filter(pk__in=_fts_ids(match))
            like_words = [w for w in words if len(w) < _FTS_MIN_LENGTH]
    for word in like_words:
        qs = qs.filter(Q(search_name__contains=word) | Q(search_text__contains=word))
    all_in_name = Q()
    for word in words:
        all_in_name &= Q(search_name__contains=word)
    rank = Case(
        When(search_name__contains=fold(query), then=Value(3)),
        When(all_in_name, then=Value(2)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return qs.annotate(rank=rank).order_by("-rank", "name")


def _fts_ids(match: str) -> list[int]:
    """Ids of the versions whose folded columns hold every word of ``match`` (SQLite FTS5).

    Fetched first, as a list, so that SQLite drives the search by rowid lookups of the few
    matches instead of scanning every published version.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT rowid FROM procver_search WHERE procver_search MATCH %s", [match])
        return [row[0] for row in cursor.fetchall()]


def list_page(filters: CatalogFilter, day: dt.date | None = None) -> QuerySet[ProcedureVersion]:
    """``search`` without the long text columns, for result lists."""
    return search(filters, day).defer(*_LIST_DEFERRED)


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


def fields_with_counts(day: dt.date | None = None) -> list[Field]:
    """Fields that have procedures in force, each with ``n``, the number of them."""
    counts = dict(
        ProcedureVersion.objects.published(day).order_by().values_list("field").annotate(n=Count("pk"))
    )
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
    qs = ProcedureVersion.objects.published(day)
    return qs.aggregate(
        total=Count("pk"),
        full_online=Count("pk", filter=Q(online_level=ProcedureVersion.OnlineLevel.FULL)),
        partial_online=Count("pk", filter=Q(online_level=ProcedureVersion.OnlineLevel.PARTIAL)),
        postal=Count("pk", filter=Q(postal_submission=True) | Q(postal_return=True)),
    )
