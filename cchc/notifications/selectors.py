"""Reads of the outbox for monitoring: how much waits, since when, how much was sent or failed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Min, Q, Sum
from django.utils import timezone

from cchc.notifications.models import Outbox
from cchc.notifications.senders import MAX_ATTEMPTS


@dataclass(frozen=True)
class OutboxState:
    """The outbox at one moment (one aggregate query)."""

    pending: int  # not sent yet and still to be tried
    oldest_pending_at: dt.datetime | None  # when the oldest of those was queued
    sent: int  # sent, ever (rows are kept)
    failed_attempts: int  # attempts that failed, ever (each is retried later)
    given_up: int  # not sent after MAX_ATTEMPTS: nobody will try again

    def oldest_pending_age(self, now: dt.datetime | None = None) -> float:
        """Seconds the oldest pending notice has waited (0 when none waits)."""
        if self.oldest_pending_at is None:
            return 0.0
        return max(((now or timezone.now()) - self.oldest_pending_at).total_seconds(), 0.0)


def outbox_state() -> OutboxState:
    """Counts of the outbox in one query; cheap thanks to the (sent_at, next_attempt_at) index."""
    pending = Q(sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS)
    row = Outbox.objects.aggregate(
        pending=Count("id", filter=pending),
        oldest=Min("created_at", filter=pending),
        sent=Count("id", filter=Q(sent_at__isnull=False)),
        # A sent row's last attempt succeeded; every other attempt failed.
        attempt_sum=Sum("attempts"),
        sent_tried=Count("id", filter=Q(sent_at__isnull=False, attempts__gt=0)),
        given_up=Count("id", filter=Q(sent_at__isnull=True, attempts__gte=MAX_ATTEMPTS)),
    )
    return OutboxState(
        pending=row["pending"],
        oldest_pending_at=row["oldest"],
        sent=row["sent"],
        failed_attempts=(row["attempt_sum"] or 0) - row["sent_tried"],
        given_up=row["given_up"],
    )
