"""Read-side queries for the procedure catalog: the public catalog, search, the P-B4 lists."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
    Window,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Greatest, Length, StrIndex
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.common.params import page_param
from cchc.common.text import fold, terms
from cchc.org.models import Agency
from cchc.org.selectors import agencies_on, places_receiving_for_many
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
    level: str = ""  # ProcedureVersion.Level
    commune: str = ""  # Agency.admin_unit_code of a commune: what its people's committee performs + anywhere


def _performed_by(agency_ids) -> Q:
    """Versions performed by the agencies ``agency_ids`` (ids or a subquery of ids): as the lead agency
    (``ProcedureVersion.agency``) or as a ``Performer`` row. The performer side is one lookup of the
    ``performer_agency_version`` index (agency, version), so the catalog stays one narrow query."""
    return Q(agency_id__in=agency_ids) | Q(
        pk__in=Performer.objects.filter(agency_id__in=agency_ids).values("version_id")
    )


def _communes_on(day: dt.date | None) -> QuerySet[Agency]:
    return agencies_on(day).filter(kind=Agency.Kind.COMMUNE).exclude(admin_unit_code="")


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
        qs = qs.filter(_performed_by(Agency.objects.filter(code=filters.agency).values("pk")))
    if filters.level:
        qs = qs.filter(level=filters.level)
    if filters.commune:
        communes = _communes_on(day).filter(admin_unit_code=filters.commune).values("pk")
        qs = qs.filter(_performed_by(communes) | Q(anywhere=True))
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
    summary["agencies"], summary["communes"] = _filter_agencies(published, day)
    cache.set(CATALOG_CACHE_KEY, summary, CATALOG_CACHE_SECONDS)
    return summary


def _filter_agencies(
    published: QuerySet[ProcedureVersion], day: dt.date
) -> tuple[list[Agency], list[Agency]]:
    """The catalog's agency choices (every agency that performs a procedure in force, with ``n``, how
    many; departments first, then communes) and its commune choices (the communes in force that have
    an administrative unit code)."""
    ids = published.values("pk")
    counts: dict[int, set[int]] = {}
    for agency_id, version_id in published.values_list("agency_id", "pk"):
        counts.setdefault(agency_id, set()).add(version_id)
    for agency_id, version_id in Performer.objects.filter(version__in=ids).values_list(
        "agency_id", "version_id"
    ):
        counts.setdefault(agency_id, set()).add(version_id)
    level_order = {Agency.Level.PROVINCE: 0, Agency.Level.COMMUNE: 1}
    agencies = sorted(
        Agency.objects.filter(pk__in=counts),
        key=lambda a: (level_order.get(a.level, 2), a.kind == Agency.Kind.SERVICE_CENTRE, a.name),
    )
    for agency in agencies:
        agency.n = len(counts[agency.pk])
    return agencies, list(_communes_on(day).order_by("name"))


def catalog_agencies(day: dt.date | None = None) -> list[Agency]:
    """The agencies the catalog can be filtered by: those performing a procedure in force."""
    return _catalog_summary(day)["agencies"]


def catalog_communes(day: dt.date | None = None) -> list[Agency]:
    """The communes the catalog can be filtered by (their ``admin_unit_code`` is the value)."""
    return _catalog_summary(day)["communes"]


def catalog_filter(
    *,
    q: str = "",
    field: str = "",
    agency: str = "",
    online: str = "",
    postal: str = "",
    level: str = "",
    commune: str = "",
    day: dt.date | None = None,
) -> tuple[CatalogFilter, list[str]]:
    """A ``CatalogFilter`` from what a URL says (the portal's GET form and the API alike), with a
    message for each value that names no agency, level or commune: that filter is dropped, never an
    error page. A value is compared whole (never cut to match a shorter code); the message repeats at
    most 20 characters of it."""
    messages: list[str] = []
    agency, level, commune = agency.strip(), level.strip(), commune.strip()
    if agency and agency not in {a.code for a in catalog_agencies(day)}:
        messages.append(
            _("Không có cơ quan thực hiện thủ tục mang mã “%(code)s”; đã bỏ lọc theo cơ quan.")
            % {"code": agency[:20]}
        )
        agency = ""
    if level and level not in _CATALOG_LEVELS:
        messages.append(
            _("Cấp thực hiện “%(level)s” không hợp lệ; đã bỏ lọc theo cấp.") % {"level": level[:20]}
        )
        level = ""
    if commune and commune not in {c.admin_unit_code for c in catalog_communes(day)}:
        messages.append(
            _("Không có xã, phường mang mã “%(code)s”; đã bỏ lọc theo xã, phường.") % {"code": commune[:20]}
        )
        commune = ""
    filters = CatalogFilter(
        q=q[:MAX_QUERY_LENGTH].strip(),
        field=field[:40],
        agency=agency,
        online=online[:10],
        postal=postal[:10],
        level=level,
        commune=commune,
    )
    return filters, messages


# The levels a citizen filters by since 1/7/2025 (district and central stay on old versions only).
_CATALOG_LEVELS = (ProcedureVersion.Level.PROVINCE, ProcedureVersion.Level.COMMUNE)


def catalog_levels() -> list[tuple[str, str]]:
    return [(value, label) for value, label in ProcedureVersion.Level.choices if value in _CATALOG_LEVELS]


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
        .prefetch_related(*common_process_prefetches())
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


def has_common_process() -> Exists:
    """For a query of versions: whether the version has a common internal process (steps with no
    performer) — the process the public lists publish (plan P-B4), as ``process_steps(v)`` reads it."""
    return Exists(ProcessStep.objects.filter(version=OuterRef("pk"), performer__isnull=True))


def common_process_prefetches() -> list[Prefetch]:
    """For lists of versions (the P-B4 lists and their Excel): each version's common internal process
    and fees as ``common_steps`` / ``common_fees``, in one query each — what ``process_steps(v)`` and
    ``fees(v)`` answer with no agency named, without a query per version."""
    return [
        Prefetch(
            "process_steps",
            queryset=ProcessStep.objects.filter(performer__isnull=True)
            .select_related("unit", "agency")
            .order_by("order", "id"),
            to_attr="common_steps",
        ),
        Prefetch(
            "fees", queryset=Fee.objects.filter(performer__isnull=True).order_by("id"), to_attr="common_fees"
        ),
    ]


@dataclass
class Performance:
    """One agency performing a version, as the procedure page shows it: where to file, and what of its
    own differs from the version's (its own steps, fees, online level; empty when it has none)."""

    agency: Agency
    online_level: str
    online_level_label: str
    places: list[Agency]
    own_steps: list[ProcessStep]
    own_fees: list[Fee]

    @property
    def differs(self) -> bool:
        return bool(self.own_steps or self.own_fees or self.online_level_label)


def performing_agencies(version: ProcedureVersion, day: dt.date | None = None) -> list[Performance]:
    """Every agency performing ``version`` (the lead agency first, then by name), each with the service
    places that receive for it (none listed when the version is receivable anywhere: every place does)
    and its own steps and fees, read through ``process_steps`` / ``fees`` — the one rule of which apply."""
    rows = {p.agency_id: p for p in performers(version)}
    others = sorted(
        (p.agency for p in rows.values() if p.agency_id != version.agency_id), key=lambda a: a.name
    )
    agencies = [version.agency, *others]
    ids = [a.pk for a in agencies]
    places = {} if version.anywhere else places_receiving_for_many(ids, day=day)
    # Every performer's own steps and fees in one query each (a commune-level procedure has a hundred
    # performers): an agency with rows of its own uses only those (``process_steps`` / ``fees``' rule).
    own_steps: dict[int, list[ProcessStep]] = {}
    for step in (
        ProcessStep.objects.filter(version=version, performer__isnull=False)
        .select_related("unit", "agency", "performer")
        .order_by("order", "id")
    ):
        own_steps.setdefault(step.performer.agency_id, []).append(step)
    own_fees: dict[int, list[Fee]] = {}
    for fee in (
        Fee.objects.filter(version=version, performer__isnull=False)
        .select_related("performer")
        .order_by("id")
    ):
        own_fees.setdefault(fee.performer.agency_id, []).append(fee)
    labels = dict(ProcedureVersion.OnlineLevel.choices)
    common_steps = _shown(process_steps(version.pk).select_related("unit", "agency"), _step_shown)
    common_fees = _shown(fees(version.pk), _fee_shown)
    out = []
    for agency in agencies:
        row = rows.get(agency.pk)
        own_level = row.online_level if row and row.online_level != version.online_level else ""
        steps = own_steps.get(agency.pk, [])
        lines = own_fees.get(agency.pk, [])
        out.append(
            Performance(
                agency=agency,
                online_level=own_level or version.online_level,
                online_level_label=labels.get(own_level, ""),
                places=places.get(agency.pk, []),
                # A copy of the common process on the agency's own units of the same names (every commune
                # of a commune-level procedure) is no difference to show.
                own_steps=steps if _shown(steps, _step_shown) != common_steps else [],
                own_fees=lines if _shown(lines, _fee_shown) != common_fees else [],
            )
        )
    return out


def shared_places(performances: list[Performance]) -> list[Agency] | None:
    """The service places, when every performing agency is received for at the same ones (the page then
    lists them once), else None."""
    places = [[p.pk for p in x.places] for x in performances]
    if performances and all(found == places[0] for found in places):
        return performances[0].places
    return None


def _step_shown(step: ProcessStep) -> tuple:
    return (step.order, step.name, step.budget, step.owner.name if step.owner else "")


def _fee_shown(fee: Fee) -> tuple:
    return (fee.name, fee.amount, fee.note)


def _shown(rows, key) -> list[tuple]:
    """What the procedure page shows of steps or fee lines, to tell a real difference from a copy."""
    return [key(row) for row in rows]


def performer_codes(versions) -> dict[int, list[str]]:
    """Version id → the QCVN 102 codes of the agencies performing it (lead agency first), for a page of
    versions in one query (the API's catalog, the catalog export)."""
    versions = list(versions)
    out = {v.pk: [v.agency.code] for v in versions}
    rows = Performer.objects.filter(version__in=[v.pk for v in versions]).order_by("agency__code")
    for version_id, code in rows.values_list("version_id", "agency__code"):
        if code not in out[version_id]:
            out[version_id].append(code)
    return out
