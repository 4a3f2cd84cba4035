"""The daily reconciliation: what CCHC changed on a day against what the national portal acknowledged.

**Which dossiers.** Every dossier CCHC changed on the day (a ``DossierEvent`` then) or received or
submitted then — whether or not the connector ever queued it: a dossier with no ``DossierSync`` at all
is a finding ("never queued"), not a gap in the count.

**The verdict of each** (``ReconcileLine.Verdict``), in this order:

1. no ``DossierSync`` → **failed** (never queued);
2. a message of the dossier in the dead letters → **failed** (the portal misses a change);
3. messages still in the outbox → **pending** while the oldest waited at most the late threshold
   (``CCHC_DVCQG_SYNC_LATE_MINUTES``), else **late** (the change cannot reach the portal in time
   any more) — the portal is not asked: its state is expected to lag;
4. otherwise the portal is asked (``TraCuuHoSo``): unknown there → **failed** (``portal_missing_at``
   set: the dossier stops counting as synchronised, ``selectors.synchronised``); a status other than
   the national code CCHC's mapping gives for the dossier's current status (and the operation that led
   to it) → **failed**; the right status → **synchronised**, or **late** when one of the day's messages
   was acknowledged more than the threshold after it was queued (``delivered_at − created_at``; a
   message is queued in the transaction of the change it reports, so ``created_at`` is the change's
   time). ``DossierSync.confirmed_at`` is set.

The portal's status is its record's ``TrangThaiHoSo`` or, when progress steps were reported, the last
step's ``TrangThai``: either matching CCHC's current code is the portal showing the current state.

**A portal failure mid-run** (after one retry) stops the lookups: the dossiers not yet checked that
needed the portal are **unchecked** and the run is ``incomplete`` — its shares count them in the
denominator, so an interrupted run never shows a wrong 100 %.

The portal is reached through a client with ``call(service, madonvi=…, **fields) -> list[dict]`` raising
``PortalError``: ``_Portal`` below, over the delivery worker's ``cchc.national.client.Client``.
"""

from __future__ import annotations

import datetime as dt
import logging
import time

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, Min, OuterRef, Q, Subquery
from django.utils import timezone

from cchc.dossiers.models import Dossier, DossierEvent
from cchc.national import selectors
from cchc.national.client import Client, Unavailable, agency_code
from cchc.national.models import DossierSync, Message, ReconcileLine, ReconcileRun

logger = logging.getLogger("cchc.national.reconcile")

Verdict = ReconcileLine.Verdict
Reason = ReconcileLine.Reason


class PortalError(Exception):
    """The portal did not answer, or answered with an error."""


class _Portal:
    """``TraCuuHoSo`` through the connector's client (:class:`cchc.national.client.Client`: the session,
    kept-alive connection and configuration of the delivery worker), each call tried twice;
    :class:`PortalError` when the portal cannot answer."""

    def __init__(self, client: Client | None = None):
        self.client = client or Client()

    def call(self, service: str, *, madonvi: str = "", **fields) -> list[dict]:
        if not self.client.config.url:
            raise PortalError("Chưa cấu hình địa chỉ Cổng DVCQG (CCHC_DVCQG_URL).")
        for attempt in (1, 2):
            try:
                data = self.client.call(service, madonvi, **fields)
            except Unavailable as exc:
                if attempt == 2:
                    what = "Không kết nối được Cổng DVCQG" if exc.transport else "Cổng DVCQG báo lỗi"
                    raise PortalError(f"{what}: {exc}"[:300]) from exc
                time.sleep(0.2)
                continue
            result = data.get("result")
            return result if isinstance(result, list) else []
        raise PortalError("Cổng DVCQG không trả lời")  # pragma: no cover - the loop returns or raises

    def close(self) -> None:
        self.client.close()


def day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The day's first instant and the next day's, in the office time zone."""
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    return start, timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


def changed_on(day: dt.date) -> list[int]:
    """Ids of the dossiers CCHC should have synchronised for ``day``: changed, received or submitted."""
    start, end = day_bounds(day)
    changed = DossierEvent.objects.filter(at__gte=start, at__lt=end).values("dossier_id")
    return sorted(
        Dossier.objects.filter(
            Q(pk__in=changed)
            | Q(received_at__gte=start, received_at__lt=end)
            | Q(submitted_at__gte=start, submitted_at__lt=end)
        ).values_list("pk", flat=True)
    )


def days_due(today: dt.date, *, back: int = 7) -> list[dt.date]:
    """What the nightly job reconciles: yesterday, and each of the ``back`` days before whose latest run
    did not complete (the portal broke it off, or the job was killed) — oldest first."""
    yesterday = today - dt.timedelta(days=1)
    first = yesterday - dt.timedelta(days=back)
    latest: dict[dt.date, str] = {}
    for day, state in (
        ReconcileRun.objects.filter(day__gte=first, day__lt=yesterday)
        .order_by("day", "started_at")
        .values_list("day", "state")
    ):
        latest[day] = state
    again = sorted(day for day, state in latest.items() if state != ReconcileRun.State.COMPLETE)
    return [*again, yesterday]


def _portal_codes(record: dict) -> set[str]:
    codes = {str(record.get("TrangThaiHoSo") or "")}
    steps = record.get("TienDo") or []
    if steps:
        codes.add(str(steps[-1].get("TrangThai") or ""))
    return codes - {""}


def _chunks(ids: list[int], size: int):
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


def reconcile(
    day: dt.date | None = None, *, now: dt.datetime | None = None, client=None, batch: int | None = None
) -> ReconcileRun:
    """Reconcile ``day`` (yesterday by default) and return the stored run."""
    now = now or timezone.now()
    day = day or timezone.localdate(now) - dt.timedelta(days=1)
    late = selectors.late_after()
    start, end = day_bounds(day)
    run = ReconcileRun.objects.create(day=day, started_at=now, late_minutes=int(late.total_seconds() // 60))
    own_client = client is None
    client = client or _Portal()
    codes = selectors.status_codes(timezone.localdate(now))
    error = ""
    try:
        for chunk in _chunks(changed_on(day), batch or settings.CCHC_DVCQG_RECONCILE_BATCH):
            error = _check(run, chunk, codes, client, now=now, start=start, end=end, late=late, down=error)
    finally:
        if own_client:
            client.close()
    counts = {
        row["verdict"]: row["n"] for row in run.lines.values("verdict").annotate(n=Count("pk")).order_by()
    }
    run.total = sum(counts.values())
    for verdict in Verdict.values:
        setattr(run, verdict, counts.get(verdict, 0))
    run.state = ReconcileRun.State.INCOMPLETE if error else ReconcileRun.State.COMPLETE
    run.error = error
    run.finished_at = timezone.now()
    run.save()
    logger.info(
        "reconciled %s: %s dossiers, %s synchronised, %s late, %s failed, %s pending, %s unchecked",
        day,
        run.total,
        run.synchronised,
        run.late,
        run.failed,
        run.pending,
        run.unchecked,
        extra={"day": str(day), "state": run.state, "total": run.total, "failed": run.failed},
    )
    return run


def _check(run, ids, codes, client, *, now, start, end, late, down: str) -> str:
    """Verdicts for one batch of dossiers; returns the portal's error once it failed ("" while fine)."""
    last_action = DossierEvent.objects.filter(dossier=OuterRef("pk"), to_status=OuterRef("status")).order_by(
        "-seq"
    )
    dossiers = list(
        Dossier.objects.filter(pk__in=ids)
        .annotate(last_action=Subquery(last_action.values("action")[:1]))
        .annotate(portal_agency=F("agency__code"))
        .only("pk", "agency_id", "status")
        .order_by("pk")
    )
    syncs = {s.dossier_id: s for s in DossierSync.objects.filter(dossier_id__in=ids)}
    queue = {
        row["dossier_id"]: row
        for row in Message.objects.filter(dossier_id__in=ids)
        .values("dossier_id")
        .annotate(
            dead=Count("pk", filter=Q(state=Message.State.DEAD)),
            pending=Count("pk", filter=Q(state=Message.State.PENDING)),
            oldest_pending=Min("created_at", filter=Q(state=Message.State.PENDING)),
        )
        .order_by()
    }
    lags: dict[int, dt.timedelta] = {}
    for dossier_id, created, delivered in (
        Message.objects.filter(dossier_id__in=ids, created_at__gte=start, created_at__lt=end)
        .exclude(state=Message.State.DEAD)  # a dead letter's wait says nothing: the dossier failed
        .values_list("dossier_id", "created_at", "delivered_at")
    ):
        lag = (delivered or now) - created
        lags[dossier_id] = max(lag, lags.get(dossier_id, lag))
    lines, confirmed, present, missing = [], [], [], []
    for d in dossiers:
        sync = syncs.get(d.pk)
        q = queue.get(d.pk) or {"dead": 0, "pending": 0, "oldest_pending": None}
        expected = selectors.national_code(codes, d.status, d.last_action or "")
        lag = lags.get(d.pk)
        line = ReconcileLine(
            run=run,
            dossier_id=d.pk,
            agency_id=d.agency_id,
            expected_code=expected or "",
            lag_seconds=int(lag.total_seconds()) if lag is not None else None,
        )
        if sync is None:
            line.verdict, line.reason = Verdict.FAILED, Reason.NEVER_QUEUED
        elif q["dead"]:
            line.verdict, line.reason = Verdict.FAILED, Reason.DEAD
        elif q["pending"]:
            waited = now - q["oldest_pending"]
            line.lag_seconds = max(line.lag_seconds or 0, int(waited.total_seconds()))
            if waited > late:
                line.verdict, line.reason = Verdict.LATE, Reason.WAITING_LATE
            else:
                line.verdict, line.reason = Verdict.PENDING, Reason.WAITING
        elif expected is None:
            line.verdict, line.reason = Verdict.FAILED, Reason.NO_MAPPING
        elif down:
            line.verdict, line.reason = Verdict.UNCHECKED, Reason.PORTAL_DOWN
        else:
            try:
                found = client.call(
                    "TraCuuHoSo", madonvi=agency_code(d.portal_agency), MaHoSo=sync.national_code
                )
            except PortalError as exc:
                down = str(exc) or "Cổng DVCQG không trả lời"
                logger.warning("reconciliation stopped: %s", down, extra={"day": str(run.day)})
                line.verdict, line.reason = Verdict.UNCHECKED, Reason.PORTAL_DOWN
            else:
                record = found[0] if found and isinstance(found[0], dict) else None
                if record is None:
                    line.verdict, line.reason = Verdict.FAILED, Reason.MISSING
                    missing.append(d.pk)
                else:
                    portal = _portal_codes(record)
                    line.portal_code = ", ".join(sorted(portal))[:16]
                    if expected not in portal:
                        line.verdict, line.reason = Verdict.FAILED, Reason.MISMATCH
                        present.append(d.pk)
                    else:
                        late_here = lag is not None and lag > late
                        line.verdict = Verdict.LATE if late_here else Verdict.SYNCHRONISED
                        line.reason = Reason.DELIVERED_LATE if late_here else Reason.OK
                        confirmed.append(d.pk)
        lines.append(line)
    with transaction.atomic():
        ReconcileLine.objects.bulk_create(lines)
        if confirmed:
            DossierSync.objects.filter(pk__in=confirmed).update(confirmed_at=now, portal_missing_at=None)
        if present:
            DossierSync.objects.filter(pk__in=present).update(portal_missing_at=None)
        if missing:
            DossierSync.objects.filter(pk__in=missing).update(portal_missing_at=now)
    return down
