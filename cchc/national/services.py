"""Writes of the connector's outbound side: queueing what the portal must hear, and the outcome of each
attempt to tell it (decision 0023, "Outbox and idempotency").

**Queueing** (:func:`enqueue`, the receiver of ``dossiers.events.dossier_changed``) runs inside the change's
transaction: the messages commit or roll back with the change. A dossier's first event queues its dossier
record (``DongBoHoSoMC``; ``isUpdating`` "True" for a dossier that came from the portal, which knows it
already); every later event a progress record (``CapNhatTienDoHoSoMC``) and, when what the portal shows of
the dossier changed (status, dates, fees paid, result, supplements), an updated dossier record. Each message
has the key ``"{national_code}:{event seq}:{service}"`` — the same on every attempt, so the portal keeps one.

**Delivery** (:func:`claim`, :func:`record_outcomes`; the loop is ``cchc.national.worker``): a worker claims
the *head* of each stream (a dossier's oldest message not delivered; a dead one holds its stream) under a
lease, sends outside any transaction, then records the outcome in one short transaction.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import random
from collections import Counter

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone, translation

from cchc.dossiers.models import Dossier, DossierEvent
from cchc.national import payloads
from cchc.national.client import agency_code
from cchc.national.models import DossierSync, Message, MessageEvent
from cchc.national.selectors import MissingStatusMapping, links_personal_store
from cchc.org import roles

logger = logging.getLogger(__name__)

PENDING, DELIVERED, DEAD = Message.State.PENDING, Message.State.DELIVERED, Message.State.DEAD


def message_key(national_code: str, seq: int, service: str) -> str:
    return f"{national_code}:{seq}:{service}"


# --- queueing ----------------------------------------------------------------------------------------


def on_dossier_changed(sender, *, dossier: Dossier, event: DossierEvent, **kwargs) -> None:
    """``dossier_changed`` receiver: queue the portal's messages for this event (when the connector is on)."""
    if settings.CCHC_DVCQG_ENABLED:
        enqueue(dossier=dossier, event=event)


def _new(sync: DossierSync, dossier: Dossier, event: DossierEvent, service: str, build, **extra) -> Message:
    key = message_key(sync.national_code, event.seq, service)
    message = Message(
        key=key,
        stream=sync.national_code,
        dossier=dossier,
        event_seq=event.seq,
        service=service,
        payload={},
    )
    try:
        # The portal reads Vietnamese, whatever the language of the request that made the change.
        with translation.override(settings.LANGUAGE_CODE):
            record = build(dossier, event, national_code=sync.national_code, key=key)
    except MissingStatusMapping as exc:
        # Never block the dossier's change for the IT office's data: the message is queued as a dead letter
        # (it holds its stream, the page shows it, the log shouts); after the mapping is added, a replay
        # builds it again.
        logger.error("national: %s (%s)", exc, key)
        message.state, message.dead_at, message.last_error = DEAD, timezone.now(), str(exc)
        message.payload = {"madonvi": agency_code(dossier.agency.code), **extra, "record": {}}
        return message
    message.payload = {"madonvi": agency_code(dossier.agency.code), **extra, "record": record}
    return message


def enqueue(*, dossier: Dossier, event: DossierEvent) -> list[Message]:
    """Queue the messages that tell the portal of ``event`` (inside the caller's transaction; the caller
    holds the dossier's row lock, which serialises this dossier's queueing)."""
    now = timezone.now()
    sync = DossierSync.objects.filter(dossier=dossier).first()
    messages: list[Message] = []
    if sync is None:
        inbound = str((event.data or {}).get("national_code") or "")
        sync = DossierSync.objects.create(
            dossier=dossier, national_code=inbound or dossier.code, first_queued_at=now
        )
        updating = "True" if inbound else "False"
        messages.append(
            _new(sync, dossier, event, Message.Service.DOSSIER, payloads.dossier_record, isUpdating=updating)
        )
    else:
        messages.append(_new(sync, dossier, event, Message.Service.PROGRESS, payloads.progress_record))
        update = _new(
            sync, dossier, event, Message.Service.DOSSIER, payloads.dossier_record, isUpdating="True"
        )
        last = (
            Message.objects.filter(dossier=dossier, service=Message.Service.DOSSIER)
            .order_by("-id")
            .values_list("payload", flat=True)
            .first()
        )
        record = update.payload["record"]
        if (
            not record
            or last is None
            or payloads.visible(last.get("record") or {}) != payloads.visible(record)
        ):
            messages.append(update)
    Message.objects.bulk_create(messages)
    dead = [m for m in messages if m.state == DEAD]
    if dead:
        MessageEvent.objects.bulk_create(
            MessageEvent(message=m, at=now, action="dead", to_status=DEAD, note=m.last_error) for m in dead
        )
    extra = {"failed": True} if dead else {}
    DossierSync.objects.filter(pk=sync.pk).update(pending=F("pending") + len(messages) - len(dead), **extra)
    return messages


# --- delivery ----------------------------------------------------------------------------------------


def lease() -> dt.timedelta:
    return dt.timedelta(seconds=settings.CCHC_DVCQG_LEASE_SECONDS)


def backoff(attempts: int) -> dt.timedelta:
    """Exponential from ``CCHC_DVCQG_BACKOFF_SECONDS``, capped at ``CCHC_DVCQG_BACKOFF_MAX_SECONDS``, with
    jitter (half to all of it), so workers that failed together do not all come back at the same second."""
    base = settings.CCHC_DVCQG_BACKOFF_SECONDS * 2 ** min(max(attempts - 1, 0), 30)
    return dt.timedelta(seconds=min(base, settings.CCHC_DVCQG_BACKOFF_MAX_SECONDS) * random.uniform(0.5, 1.0))


def give_up_after() -> dt.timedelta:
    return dt.timedelta(hours=settings.CCHC_DVCQG_GIVE_UP_HOURS)


def _heads(now: dt.datetime):
    """Pending messages due now with no earlier pending or dead message in their stream."""
    earlier = Message.objects.filter(
        stream=OuterRef("stream"), id__lt=OuterRef("id"), state__in=[PENDING, DEAD]
    )
    return (
        Message.objects.filter(state=PENDING)
        .exclude(next_attempt_at__gt=now)
        .filter(~Exists(earlier))
        .order_by("id")
    )


def claim(*, limit: int, now: dt.datetime | None = None) -> list[Message]:
    """Lease up to ``limit`` stream heads to this worker (committed before anything is sent): attempts + 1,
    ``next_attempt_at`` = now + lease. ``SELECT … FOR UPDATE SKIP LOCKED`` on PostgreSQL, so workers never
    wait for each other and never take the same head; SQLite serialises writers (IMMEDIATE transactions)."""
    now = now or timezone.now()
    with transaction.atomic():
        heads = _heads(now)
        if connection.features.has_select_for_update_skip_locked:
            heads = heads.select_for_update(skip_locked=True)
        messages = list(heads[:limit])
        if messages:
            Message.objects.filter(id__in=[m.id for m in messages]).update(
                attempts=F("attempts") + 1, next_attempt_at=now + lease()
            )
            for m in messages:
                m.attempts += 1
                m.next_attempt_at = now + lease()
    return messages


@dataclasses.dataclass
class Outcomes:
    """What one attempt learnt, to be recorded together."""

    delivered: list[Message] = dataclasses.field(default_factory=list)
    refused: list[tuple[Message, str]] = dataclasses.field(default_factory=list)  # permanent
    failed: list[tuple[Message, str]] = dataclasses.field(default_factory=list)  # transient
    released: list[Message] = dataclasses.field(default_factory=list)  # not tried: back at once

    def __iadd__(self, other: Outcomes) -> Outcomes:
        for name in ("delivered", "refused", "failed", "released"):
            getattr(self, name).extend(getattr(other, name))
        return self


def _decrement_pending(messages: list[Message], **extra) -> None:
    by_count: dict[int, list[int]] = {}
    for dossier_id, n in Counter(m.dossier_id for m in messages if m.dossier_id).items():
        by_count.setdefault(n, []).append(dossier_id)
    for n, ids in by_count.items():
        DossierSync.objects.filter(dossier_id__in=ids).update(pending=F("pending") - n, **extra)


def record_outcomes(outcomes: Outcomes, *, now: dt.datetime | None = None) -> None:
    """Mark delivered / back off / dead, in one short transaction. Only successes leave no history row
    (100,000 messages a day would double the table for nothing: ``delivered_at`` says it)."""
    now = now or timezone.now()
    with transaction.atomic():
        if outcomes.delivered:
            delivered = outcomes.delivered
            Message.objects.filter(id__in=[m.id for m in delivered]).update(
                state=DELIVERED, delivered_at=now, next_attempt_at=None, last_error=""
            )
            _decrement_pending(delivered, last_acked_at=now)
            records = [m for m in delivered if m.service == Message.Service.DOSSIER and m.dossier_id]
            if records:
                DossierSync.objects.filter(
                    dossier_id__in=[m.dossier_id for m in records], acked_at__isnull=True
                ).update(acked_at=now)
                with_result = [
                    m.dossier_id for m in records if m.payload.get("record", {}).get("DanhSachGiayToKetQua")
                ]
                if with_result:
                    verified = set(
                        Dossier.objects.filter(id__in=with_result, vneid_verified=True).values_list(
                            "id", flat=True
                        )
                    )
                    linked = [
                        m.dossier_id
                        for m in records
                        if links_personal_store(
                            service=m.service,
                            record=m.payload.get("record", {}),
                            vneid_verified=m.dossier_id in verified,
                        )
                    ]
                    DossierSync.objects.filter(dossier_id__in=linked, store_linked_at__isnull=True).update(
                        store_linked_at=now
                    )
        history = []
        dead = []
        for message, error in outcomes.refused:
            dead.append(message)
            history.append(_dead(message, now, f"Cổng từ chối: {error}"))
        for message, error in outcomes.failed:
            start = message.retry_since or message.created_at
            if now - start >= give_up_after():
                dead.append(message)
                history.append(_dead(message, now, f"Không gửi được sau {give_up_after()}: {error}"))
                continue
            wait = backoff(message.attempts)
            Message.objects.filter(pk=message.pk).update(next_attempt_at=now + wait, last_error=error[:2000])
            history.append(
                MessageEvent(
                    message=message,
                    at=now,
                    action="failed",
                    note=error[:2000],
                    data={"attempt": message.attempts, "retry_in_seconds": int(wait.total_seconds())},
                )
            )
        if dead:
            _decrement_pending(dead, failed=True)
        if outcomes.released:
            Message.objects.filter(id__in=[m.id for m in outcomes.released]).update(
                next_attempt_at=now, attempts=F("attempts") - 1
            )
        MessageEvent.objects.bulk_create(history)


def _dead(message: Message, now: dt.datetime, error: str) -> MessageEvent:
    Message.objects.filter(pk=message.pk).update(
        state=DEAD, dead_at=now, next_attempt_at=None, last_error=error
    )
    logger.warning("national: message %s dead: %s", message.key, error)
    return MessageEvent(
        message=message, at=now, action="dead", from_status=PENDING, to_status=DEAD, note=error[:2000]
    )


# --- the IT office's replay --------------------------------------------------------------------------


def _rebuild(message: Message) -> dict:
    """The message's payload built again from its dossier and event, with today's mapping and codes (the
    fix the IT office made takes effect); the key stays the same."""
    dossier = Dossier.objects.select_related(
        "agency", "procedure_version__procedure", "procedure_version__field"
    ).get(pk=message.dossier_id)
    event = DossierEvent.objects.select_related("actor", "unit").get(dossier=dossier, seq=message.event_seq)
    national_code = message.stream
    build = (
        payloads.dossier_record if message.service == Message.Service.DOSSIER else payloads.progress_record
    )
    with translation.override(settings.LANGUAGE_CODE):
        record = build(dossier, event, national_code=national_code, key=message.key)
    payload = {**message.payload, "madonvi": agency_code(dossier.agency.code), "record": record}
    return payload


def replay(*, actor, message_ids: list[int], now: dt.datetime | None = None) -> int:
    """Send dead letters again: each is built again from its dossier's event (the mapping or code fixed
    since), back to pending in its own place in its stream (which it has held since it died, so nothing
    after it was sent), its give-up clock started again; a ``replay`` history row names ``actor``.
    Returns how many were replayed. Only the IT office (``roles.SYSADMIN``)."""
    if roles.SYSADMIN not in roles.user_roles(actor):
        raise PermissionDenied("Chỉ Quản trị hệ thống được gửi lại thông điệp.")
    if not message_ids:
        raise ValidationError("Chưa chọn thông điệp nào để gửi lại.")
    now = now or timezone.now()
    with transaction.atomic():
        messages = list(
            Message.objects.select_for_update().filter(id__in=message_ids, state=DEAD).order_by("id")
        )
        history = []
        for message in messages:
            before = message.payload
            try:
                payload = _rebuild(message) if message.dossier_id and message.event_seq else before
            except MissingStatusMapping as exc:
                raise ValidationError(f"{message.key}: {exc}") from exc
            Message.objects.filter(pk=message.pk).update(
                state=PENDING,
                dead_at=None,
                next_attempt_at=None,
                retry_since=now,
                payload=payload,
            )
            history.append(
                MessageEvent(
                    message=message,
                    at=now,
                    actor=actor,
                    action="replay",
                    from_status=DEAD,
                    to_status=PENDING,
                    note=message.last_error[:2000],
                    data={"changed": payload != before},
                )
            )
        MessageEvent.objects.bulk_create(history)
        for dossier_id, n in Counter(m.dossier_id for m in messages if m.dossier_id).items():
            still_dead = Message.objects.filter(dossier_id=dossier_id, state=DEAD).exists()
            DossierSync.objects.filter(dossier_id=dossier_id).update(
                pending=F("pending") + n, failed=still_dead
            )
    return len(messages)
