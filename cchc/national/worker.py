"""The outbox worker: claim stream heads, send them to the portal outside any transaction, record the outcome.

``cchc national send`` runs :func:`run`; tests and the benchmark call :func:`send_once` directly (with a
``now`` moved forward to stand for time passing). Safe to kill at any moment and to run in several
processes: a killed worker's claimed messages wait for their lease to run out and are sent again with the
same keys (decision 0023, "Outbox and idempotency").
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import time
from itertools import groupby

from django.conf import settings
from django.db import close_old_connections
from django.utils import timezone

from cchc.national.client import Client, Unavailable
from cchc.national.models import Message
from cchc.national.services import Outcomes, claim, lease, record_outcomes

logger = logging.getLogger("cchc.worker.national")


@dataclasses.dataclass
class Round:
    claimed: int = 0
    delivered: int = 0
    refused: int = 0
    failed: int = 0


def _calls(messages: list[Message]):
    """The claimed messages as calls: per service, agency and ``isUpdating``, at most
    ``CCHC_DVCQG_BATCH`` records each (the claim holds at most one message per stream, so records of one
    call never depend on each other)."""
    size = max(settings.CCHC_DVCQG_BATCH, 1)

    def group(m: Message):
        return (m.service, m.payload.get("madonvi", ""), m.payload.get("isUpdating", ""))

    for (service, madonvi, updating), rows in groupby(sorted(messages, key=group), key=group):
        rows = list(rows)
        for start in range(0, len(rows), size):
            yield service, madonvi, updating == "True", rows[start : start + size]


def deliver(client: Client, messages: list[Message]) -> Outcomes:
    """Send the claimed messages; what happened to each (nothing written here)."""
    outcomes = Outcomes()
    started = time.monotonic()
    unreachable: str = ""
    for service, madonvi, updating, rows in _calls(messages):
        if unreachable:  # the portal could not be reached: the rest would fail the same way
            outcomes.failed.extend((m, unreachable) for m in rows)
            continue
        if time.monotonic() - started > lease().total_seconds() / 2:  # never outlive the lease
            outcomes.released.extend(rows)
            continue
        records = [m.payload["record"] for m in rows]
        try:
            if service == Message.Service.DOSSIER:
                results = client.sync_dossiers(madonvi, records, updating=updating)
            else:
                results = client.report_progress(madonvi, records)
        except Unavailable as exc:
            error = str(exc)
            outcomes.failed.extend((m, error) for m in rows)
            if exc.transport:
                unreachable = f"{error} (Cổng không truy cập được)"
            continue
        for message, result in zip(rows, results, strict=True):
            if result.ok:
                outcomes.delivered.append(message)
            else:
                outcomes.refused.append((message, result.message or "bản ghi bị từ chối"))
    return outcomes


def send_once(client: Client, *, limit: int = 200, now: dt.datetime | None = None) -> Round:
    """One round: claim up to ``limit`` heads, send them, record the outcomes. ``now`` None: the clock."""
    messages = claim(limit=limit, now=now)
    if not messages:
        return Round()
    outcomes = deliver(client, messages)
    record_outcomes(outcomes, now=now or timezone.now())
    return Round(
        claimed=len(messages),
        delivered=len(outcomes.delivered),
        refused=len(outcomes.refused),
        failed=len(outcomes.failed),
    )


def drain(client: Client, *, limit: int = 200, now: dt.datetime | None = None) -> Round:
    """Rounds until nothing is due (``--once``); the sum of their counts."""
    total = Round()
    while True:
        r = send_once(client, limit=limit, now=now)
        if not r.claimed:
            return total
        for name in ("claimed", "delivered", "refused", "failed"):
            setattr(total, name, getattr(total, name) + getattr(r, name))
        if r.failed and not r.delivered:  # the portal is failing: the rest waits for its backoff
            return total


def run(*, limit: int = 200, idle: float = 1.0, once: bool = False, stop=lambda: False) -> Round:
    """The worker's loop: rounds while there is work, a short sleep when idle; ``once``: drain and return."""
    client = Client()
    try:
        if once:
            return drain(client, limit=limit)
        total = Round()
        while not stop():
            close_old_connections()
            r = send_once(client, limit=limit)
            total.delivered += r.delivered
            if r.claimed:
                logger.info(
                    "national round: %s claimed, %s delivered, %s refused, %s failed",
                    r.claimed,
                    r.delivered,
                    r.refused,
                    r.failed,
                    extra=dataclasses.asdict(r),
                )
            if not r.claimed or (r.failed and not r.delivered):
                time.sleep(idle)
        return total
    finally:
        client.close()
