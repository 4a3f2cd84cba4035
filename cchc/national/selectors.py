"""Reads of the connector that the worker, the pages and other apps share, each rule once: the status a
dossier shows on Cổng DVCQG (the status mapping in force), the two definitions QĐ 766 counts — a dossier
**synchronised** to the portal (1.4) and a result **linked to the applicant's personal data store** (4.4) —
and the outbox's backlog and dead letters."""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.conf import settings
from django.db.models import Count, Exists, Max, Min, OuterRef, Q, QuerySet
from django.utils import timezone

from cchc.national.models import DossierSync, Message, StatusMapping


class MissingStatusMapping(LookupError):
    """No row of the status mapping for a status (and operation) on a day: the IT office must add one."""


def mapping_in_force(on: dt.date | None = None) -> dict[tuple[str, str], StatusMapping]:
    """The status mapping in force on ``on`` (today): (status, operation or "") → its row; of rows of the
    same key, the latest ``valid_from`` wins."""
    on = on or timezone.localdate()
    rows = (
        StatusMapping.objects.filter(valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .order_by("valid_from")
    )
    return {(row.status, row.action): row for row in rows}


def _pick(table: dict, status: str, action: str):
    """The rule: the row for (status, operation) first, then the row for the status alone."""
    return table.get((status, action or "")) or table.get((status, ""))


def status_codes(on: dt.date | None = None) -> dict[tuple[str, str], str]:
    """The status mapping in force on ``on`` as codes: (status, operation or "") → national code."""
    return {key: row.national_code for key, row in mapping_in_force(on).items()}


def national_code(codes: dict[tuple[str, str], str], status: str, action: str = "") -> str | None:
    """The national code of a dossier in ``status`` reached by ``action`` from :func:`status_codes`
    (:func:`_pick`'s rule); None when the mapping has no row."""
    return _pick(codes, status, action)


def national_status(status: str, action: str, at: dt.datetime | dt.date) -> StatusMapping:
    """The mapping row for a dossier in ``status`` after ``action``, valid on the day of ``at``
    (:func:`_pick`'s rule). :class:`MissingStatusMapping` when there is none."""
    day = timezone.localdate(at) if isinstance(at, dt.datetime) else at
    best = _pick(mapping_in_force(day), status, action)
    if best is None:
        raise MissingStatusMapping(
            f"Chưa có ánh xạ trạng thái “{status}” (thao tác “{action}”) sang mã của Cổng DVCQG "
            f"hiệu lực ngày {day:%d/%m/%Y}."
        )
    return best


def late_after() -> dt.timedelta:
    """How long after a change the portal may acknowledge it and still be on time
    (``CCHC_DVCQG_SYNC_LATE_MINUTES``)."""
    return dt.timedelta(minutes=settings.CCHC_DVCQG_SYNC_LATE_MINUTES)


def synchronised(now: dt.datetime | None = None) -> Exists:
    """A dossier (outer row: ``Dossier``) is **synchronised** when the portal acknowledged its intake
    (``DossierSync.acked_at``, by ``now``) and the last reconciliation did not find it missing there.

    A late acknowledgement counts: QĐ 766 1.4 counts the dossiers the portal has, whenever they came;
    how late they came is the reconciliation's measure (decision 0023, "Reconciliation")."""
    acked = Q(acked_at__isnull=False, portal_missing_at__isnull=True)
    if now is not None:
        acked &= Q(acked_at__lte=now)
    return Exists(DossierSync.objects.filter(acked, dossier=OuterRef("pk")))


def result_in_store(now: dt.datetime | None = None) -> Exists:
    """A dossier's (outer row: ``Dossier``) result reached the applicant's personal data store on the
    portal (``DossierSync.store_linked_at``, by ``now``; the delivery sets it when the portal
    acknowledges a result linked to the applicant's account)."""
    linked = Q(store_linked_at__isnull=False)
    if now is not None:
        linked &= Q(store_linked_at__lte=now)
    return Exists(DossierSync.objects.filter(linked, dossier=OuterRef("pk")))


def mapping_rows() -> QuerySet[StatusMapping]:
    return StatusMapping.objects.order_by("status", "action", "-valid_from")


def links_personal_store(*, service: str, record: dict, vneid_verified: bool) -> bool:
    """The rule of indicator 4.4 (results linked to the applicant's personal electronic data store), in one
    place: a **delivered** dossier record (DongBoHoSoMC) that carries the dossier's electronic result
    (``DanhSachGiayToKetQua`` not empty), for a dossier whose applicant signed in with VNeID (the filer's
    verified personal ID is the dossier's: ``Dossier.vneid_verified``). The worker stamps
    ``DossierSync.store_linked_at`` when it holds; the indicator counts dossiers with that stamp."""
    return vneid_verified and service == Message.Service.DOSSIER and bool(record.get("DanhSachGiayToKetQua"))


def enabled() -> bool:
    return settings.CCHC_DVCQG_ENABLED


@dataclasses.dataclass(frozen=True)
class BacklogRow:
    label: str
    pending: int
    oldest_pending_at: dt.datetime | None
    dead: int
    delivered_last_hour: int

    def oldest_age(self, now: dt.datetime) -> float:
        return max((now - self.oldest_pending_at).total_seconds(), 0) if self.oldest_pending_at else 0.0


@dataclasses.dataclass(frozen=True)
class Backlog:
    total: BacklogRow
    by_service: list[BacklogRow]
    by_agency: list[BacklogRow]
    now: dt.datetime

    def oldest_age(self) -> float:
        return self.total.oldest_age(self.now)


def _counts(hour_ago: dt.datetime) -> dict:
    pending = Q(state=Message.State.PENDING)
    return {
        "pending": Count("id", filter=pending),
        "oldest": Min("created_at", filter=pending),
        "dead": Count("id", filter=Q(state=Message.State.DEAD)),
        "delivered": Count("id", filter=Q(state=Message.State.DELIVERED, delivered_at__gte=hour_ago)),
    }


def _row(label, values: dict) -> BacklogRow:
    return BacklogRow(
        label=label,
        pending=values["pending"] or 0,
        oldest_pending_at=values["oldest"],
        dead=values["dead"] or 0,
        delivered_last_hour=values["delivered"] or 0,
    )


def outbox_state(now: dt.datetime | None = None) -> BacklogRow:
    """Pending, the oldest pending, dead, delivered in the last hour: the whole outbox (metrics, health)."""
    now = now or timezone.now()
    hour_ago = now - dt.timedelta(hours=1)
    # Pending and dead through the partial/state indexes; delivered-in-the-hour on the state index.
    values = Message.objects.exclude(state=Message.State.DELIVERED, delivered_at__lt=hour_ago).aggregate(
        **_counts(hour_ago)
    )
    return _row("Tất cả", values)


def backlog(now: dt.datetime | None = None) -> Backlog:
    """The outbox's backlog for the back office: in all, per service, per agency."""
    now = now or timezone.now()
    hour_ago = now - dt.timedelta(hours=1)
    live = Message.objects.exclude(state=Message.State.DELIVERED, delivered_at__lt=hour_ago)
    services = dict(Message.Service.choices)
    by_service = [
        _row(services.get(v["service"], v["service"]), v)
        for v in live.values("service").annotate(**_counts(hour_ago)).order_by("service")
    ]
    by_agency = [
        _row(v["dossier__agency__name"] or "—", v)
        for v in live.values("dossier__agency__name")
        .annotate(**_counts(hour_ago))
        .order_by("-pending", "-dead")
    ]
    return Backlog(total=outbox_state(now), by_service=by_service, by_agency=by_agency, now=now)


def dead_letters(*, service: str = "", agency_id: int | None = None, text: str = "") -> QuerySet[Message]:
    """The messages the worker stopped sending (newest first), filtered."""
    rows = Message.objects.filter(state=Message.State.DEAD).select_related("dossier__agency")
    if service:
        rows = rows.filter(service=service)
    if agency_id:
        rows = rows.filter(dossier__agency_id=agency_id)
    if text:
        rows = rows.filter(Q(key__icontains=text) | Q(last_error__icontains=text))
    return rows.order_by("-dead_at", "-id")


def dead_agencies() -> list[tuple[int, str]]:
    """The agencies that have dead letters (for the filter)."""
    rows = (
        Message.objects.filter(state=Message.State.DEAD, dossier__isnull=False)
        .values_list("dossier__agency_id", "dossier__agency__name")
        .annotate(n=Max("id"))
        .order_by("dossier__agency__name")
    )
    return [(pk, name) for pk, name, _n in rows]


def message_with_history(pk: int) -> Message:
    return Message.objects.select_related("dossier__agency").prefetch_related("events__actor").get(pk=pk)
