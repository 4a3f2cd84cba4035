"""Read-side queries for the staff screens (back office).

Every function returns a queryset with what a list row shows already joined (``select_related``)
and ``timeliness`` computed by the database (:func:`cchc.dossiers.timeliness.annotate`), so a
page of 50 rows costs the same number of queries as a page of 5.

- :func:`unit_tab` — the tabs of a unit's worklist (to process, due soon, overdue, waiting for a
  supplement, at other agencies);
- :func:`counter_queue` — the one-stop counter's queues (online submissions to check, results to
  return, dossiers waiting for the applicant's supplement);
- :func:`counts_by_unit` — open dossiers per holder and timeliness class (director's overview);
- :func:`late_without_apology` — P-B13: overdue (or finished late) with no apology;
- :func:`paper_exceptions` — T4: paper dossiers received for procedures offered online.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.dossiers import places, timeliness
from cchc.dossiers.models import (
    OPEN_STATUSES,
    Channel,
    Dossier,
    DossierEvent,
    Handover,
    PaperTransfer,
    Status,
)
from cchc.org.models import Agency, Unit
from cchc.procedures.models import ProcedureVersion

TAB_PROCESS = "xu-ly"
TAB_DUE_SOON = "sap-den-han"
TAB_OVERDUE = "qua-han"
TAB_WAITING = "cho-bo-sung"
TAB_INTER_AGENCY = "lien-thong"
TABS = (TAB_PROCESS, TAB_DUE_SOON, TAB_OVERDUE, TAB_WAITING, TAB_INTER_AGENCY)

QUEUE_SUBMITTED = "cho-kiem-tra"
QUEUE_RESULTS = "cho-tra"
QUEUE_SUPPLEMENT = "cho-bo-sung"
QUEUE_PAPER = "ban-giay"
QUEUES = (QUEUE_SUBMITTED, QUEUE_RESULTS, QUEUE_SUPPLEMENT, QUEUE_PAPER)

# Open dossiers a unit works on (the applicant's supplement is another tab: its clock is stopped).
_WORKING = [s for s in OPEN_STATUSES if s not in (Status.WAITING_SUPPLEMENT, Status.SUBMITTED)]


def rows() -> QuerySet[Dossier]:
    """Dossiers with what a list row shows, without the long text columns."""
    return Dossier.objects.select_related(
        "procedure_version__procedure", "holder_unit", "holder_agency", "agency"
    ).defer("outcome_reason", "apology_reason", "tracking_secret_hash")


def _search(qs: QuerySet[Dossier], q: str) -> QuerySet[Dossier]:
    q = (q or "").strip()[:100]
    if not q:
        return qs
    return qs.filter(Q(code__icontains=q) | Q(applicant_name__icontains=q))


def national_code() -> Subquery:
    """The dossier's code on the national portal when it was filed there (its door: "Nộp qua Cổng
    DVCQG"), read from the first event's data (``services.submit_online(national_code=…)``)."""
    first = DossierEvent.objects.filter(dossier=OuterRef("pk"), seq=1, action="submit_online")
    return Subquery(first.values("data__national_code")[:1])


def last_sender_unit() -> Subquery:
    """The unit of the last control-slip row's sender (who sent the dossier to another agency)."""
    return Subquery(Handover.objects.filter(dossier=OuterRef("pk")).order_by("-seq").values("from_unit")[:1])


# What a worklist row shows and classifies (``timeliness.classify``): a narrow SELECT, because the
# worklist is the busiest staff page (docs/benchmarks.md, worklist).
_ROW_FIELDS = (
    "code",
    "status",
    "applicant_name",
    "applicant_kind",
    "received_at",
    "due_at",
    "new_due_at",
    "finished_at",
    "apologised_at",
    "supplement_count",
    "paused_since",
    "paper_reason",
    "procedure_version__name",
    "procedure_version__procedure__code",
    "holder_unit__name",
    "holder_agency__name",
)


def unit_tab(unit: Unit, tab: str, *, q: str = "", now: dt.datetime | None = None) -> QuerySet[Dossier]:
    """One tab of ``unit``'s worklist, soonest due first.

    The due-soon and overdue tabs filter with ``timeliness.due_soon_q`` and ``timeliness.late_q``
    (plain comparisons the covering index serves) rather than the ``timeliness`` CASE expression:
    "overdue" is every late dossier, those asked to supplement more than once included. The page's
    rows are labelled by ``timeliness.classify``; a test holds tab, count and label together.
    """
    now = now or timezone.now()
    qs = Dossier.objects.select_related("procedure_version__procedure", "holder_unit", "holder_agency").only(
        *_ROW_FIELDS
    )
    if tab == TAB_INTER_AGENCY:
        qs = qs.filter(status=Status.INTER_AGENCY).alias(sender=last_sender_unit()).filter(sender=unit.pk)
    elif tab == TAB_WAITING:
        qs = qs.filter(holder_unit=unit, status=Status.WAITING_SUPPLEMENT)
    else:
        qs = qs.filter(holder_unit=unit, status__in=_WORKING)
    # "Not finished" written as NOT (finished_at IS NOT NULL): SQLite's statistics take a NULL finished_at
    # for a rare value (3 rows, where a province has tens of thousands of open dossiers) and would read
    # every open dossier through the finished_at index instead of the unit's rows in the covering index
    # (482 ms → 0.3 ms at 5,000,000 dossiers; docs/benchmarks.md "Province scale").
    unfinished = ~Q(finished_at__isnull=False) & Q(due_at__isnull=False)
    if tab == TAB_DUE_SOON:
        qs = qs.filter(unfinished & timeliness.due_soon_q(now))
    elif tab == TAB_OVERDUE:
        qs = qs.filter(unfinished & timeliness.late_q(now))
    return _search(qs, q).order_by(F("due_at").asc(nulls_last=True), "code")


def tab_counts(unit: Unit, *, now: dt.datetime | None = None) -> dict[str, int]:
    """How many rows each tab has: one aggregate over the unit's open dossiers, one for inter-agency.

    The tabs' own conditions (``timeliness.due_soon_q``, ``timeliness.late_q``); a test holds the
    counts to the tabs' lists.
    """
    now = now or timezone.now()
    unfinished = Q(status__in=_WORKING, finished_at__isnull=True, due_at__isnull=False)
    counts = Dossier.objects.filter(
        holder_unit=unit, status__in=[*_WORKING, Status.WAITING_SUPPLEMENT]
    ).aggregate(
        **{
            TAB_PROCESS: Count("pk", filter=Q(status__in=_WORKING)),
            TAB_DUE_SOON: Count("pk", filter=unfinished & timeliness.due_soon_q(now)),
            TAB_OVERDUE: Count("pk", filter=unfinished & timeliness.late_q(now)),
            TAB_WAITING: Count("pk", filter=Q(status=Status.WAITING_SUPPLEMENT)),
        }
    )
    counts[TAB_INTER_AGENCY] = unit_tab(unit, TAB_INTER_AGENCY, now=now).count()
    return counts


def counter_queue(
    place: Agency, queue: str, *, q: str = "", now: dt.datetime | None = None
) -> QuerySet[Dossier]:
    """The queues of ``place``'s counter (a service place or an agency's own counter): online
    submissions to check (its receipt side), results to return and supplements to take in (its
    return side: results coming back from other agencies included), and the paper in transit from or
    to it (``PaperTransfer`` not yet confirmed). The sides are ``cchc.dossiers.places``'s rules."""
    if queue == QUEUE_PAPER:
        open_paper = PaperTransfer.objects.filter(
            Q(from_agency=place) | Q(to_agency=place), dossier=OuterRef("pk"), received_at__isnull=True
        )
        qs = timeliness.annotate(rows().filter(Exists(open_paper)), now)
        return _search(qs, q).order_by("received_at", "code")
    status = {
        QUEUE_SUBMITTED: Status.SUBMITTED,
        QUEUE_RESULTS: Status.RESULT_READY,
        QUEUE_SUPPLEMENT: Status.WAITING_SUPPLEMENT,
    }[queue]
    side = places.receipt_side_q(place) if queue == QUEUE_SUBMITTED else places.return_side_q(place)
    qs = timeliness.annotate(rows().filter(side, status=status), now)
    if queue == QUEUE_SUBMITTED:
        qs = qs.annotate(national_code=national_code())
    order = ("submitted_at", "code") if queue == QUEUE_SUBMITTED else ("due_at", "code")
    return _search(qs, q).order_by(*order)


def paper_in_transit(agency: Agency) -> QuerySet:
    """The paper of ``agency``'s dossiers not yet confirmed: originals coming to it, results it sent
    to a place of return (its specialists' "in transit / awaiting confirmation" list)."""
    return (
        PaperTransfer.objects.filter(Q(to_agency=agency) | Q(from_agency=agency), received_at__isnull=True)
        .select_related("dossier", "from_agency", "to_agency")
        .order_by("due_at", "id")
    )


def counts_by_unit(
    agency: Agency | None = None, *, unit: Unit | None = None, now: dt.datetime | None = None
) -> list[dict]:
    """Received, unreturned dossiers per holder and column, in one query (director's overview).

    Columns: the timeliness class of a dossier in processing (within time, due soon, overdue,
    late for being asked to supplement more than once, paused for a supplement), and
    ``Status.RESULT_READY`` for a result waiting to be returned (its class is already final).
    Dossiers not received yet (submitted online, or sent back to the applicant to complete at
    intake) have no clock and no holder: they are left out.

    Rows: each unit holding dossiers (by name), then each other agency holding some, labelled
    "Đang ở cơ quan phối hợp: <agency>". Returns ``[{"holder": label, "counts": {column: n},
    "total": n}]``; every dossier is in exactly one row and one column.
    """
    qs = Dossier.objects.filter(status__in=OPEN_STATUSES).exclude(
        status__in=[Status.SUBMITTED, Status.SUPPLEMENT_REQUESTED]
    )
    if agency is not None:
        qs = qs.filter(agency=agency)
    if unit is not None:
        qs = qs.filter(holder_unit=unit)
    grouped = (
        timeliness.annotate(qs, now)
        .values(
            "holder_unit_id",
            "holder_unit__name",
            "holder_agency_id",
            "holder_agency__name",
            "status",
            "timeliness",
        )
        .annotate(n=Count("pk"))
        .order_by()
    )
    table: dict[tuple, dict] = {}
    for row in grouped:
        if row["holder_unit_id"]:
            key, holder = (0, row["holder_unit__name"], row["holder_unit_id"]), row["holder_unit__name"]
        elif row["holder_agency_id"]:
            key = (1, row["holder_agency__name"], row["holder_agency_id"])
            holder = _("Đang ở cơ quan phối hợp: %(agency)s") % {"agency": row["holder_agency__name"]}
        else:  # not expected for a received dossier; named rather than dropped
            key, holder = (2, "", 0), _("Chưa xác định nơi giữ hồ sơ")
        column = Status.RESULT_READY if row["status"] == Status.RESULT_READY else row["timeliness"]
        entry = table.setdefault(key, {"holder": holder, "counts": {}, "total": 0})
        entry["counts"][column] = entry["counts"].get(column, 0) + row["n"]
        entry["total"] += row["n"]
    return [table[k] for k in sorted(table)]


def late_without_apology(
    agency: Agency | None = None, *, unit: Unit | None = None, now: dt.datetime | None = None
) -> QuerySet[Dossier]:
    """P-B13: the dossiers late at ``now`` (``timeliness.late_q``, the indicators' rule) with no
    apology issued — open past the appointment, finished (or stopped at the applicant's request)
    after it, or asked to supplement more than once.

    A dossier waiting for the applicant's supplement asked in time has its clock stopped and is not
    listed. All time, not one period (the indicators' drill-down lists a period's). For a unit: the
    dossiers that unit holds, or that passed through it (a row of the control slip addressed to it)
    — who handled it, where the indicators count a dossier for the unit of its procedure's
    specialist step.
    """
    now = now or timezone.now()
    qs = timeliness.annotate(rows().filter(timeliness.late_q(now), apologised_at__isnull=True), now)
    if agency is not None:
        qs = qs.filter(agency=agency)
    if unit is not None:
        passed = Handover.objects.filter(dossier=OuterRef("pk"), to_unit=unit)
        qs = qs.filter(Q(holder_unit=unit) | Exists(passed))
    return qs.order_by("due_at", "code")


def paper_exceptions(
    agency: Agency | None = None,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    now: dt.datetime | None = None,
) -> QuerySet[Dossier]:
    """T4: dossiers received on paper (counter, post) for procedures offered online, with reasons."""
    qs = (
        rows()
        .filter(channel__in=[Channel.COUNTER, Channel.POST], received_at__isnull=False)
        .exclude(procedure_version__online_level=ProcedureVersion.OnlineLevel.NONE)
    )
    if agency is not None:
        qs = qs.filter(agency=agency)
    if since is not None:
        qs = qs.filter(received_at__date__gte=since)
    if until is not None:
        qs = qs.filter(received_at__date__lte=until)
    return timeliness.annotate(qs, now).order_by("-received_at", "-id")
