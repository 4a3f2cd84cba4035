"""Sending the outbox: e-mail through Django's backend, SMS through a pluggable backend.

Service functions only *queue* notifications (``Outbox`` rows in their own transaction); this
module sends them later (``cchc outbox``), retrying with exponential backoff, so a failing mail
or SMS gateway loses nothing and never rolls back a dossier's change.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from cchc.notifications.models import Outbox

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 10
MAX_BACKOFF = dt.timedelta(hours=6)
DEFAULT_SMS_BACKEND = "cchc.notifications.senders.LogSmsBackend"
# Dotted paths that deployed settings may still name: the senders lived in the dossiers app before.
_MOVED = {"cchc.dossiers.notifications.LogSmsBackend": DEFAULT_SMS_BACKEND}


class LogSmsBackend:
    """The default SMS backend: writes the message to the log (no gateway configured)."""

    def send(self, recipient: str, body: str) -> None:
        logger.info("SMS to %s: %s", recipient, body)


def sms_backend():
    """An instance of the class named by ``CCHC_SMS_BACKEND`` (its old path is still accepted)."""
    path = getattr(settings, "CCHC_SMS_BACKEND", DEFAULT_SMS_BACKEND)
    return import_string(_MOVED.get(path, path))()


def backoff(attempts: int) -> dt.timedelta:
    """1, 2, 4, 8 … minutes after each failure, at most 6 hours."""
    return min(dt.timedelta(minutes=2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def _deliver(message: Outbox, sms) -> None:
    if message.kind == Outbox.Kind.EMAIL:
        send_mail(message.subject, message.body, settings.DEFAULT_FROM_EMAIL, [message.recipient])
    else:
        sms.send(message.recipient, message.body)


def send_due(*, now: dt.datetime | None = None, limit: int = 200) -> tuple[int, int]:
    """Send what is due; return (sent, failed). Safe to run in several processes at once."""
    now = now or timezone.now()
    sms = sms_backend()
    sent = failed = 0
    with transaction.atomic():
        due = (
            Outbox.objects.select_for_update(skip_locked=True)
            .filter(sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS)
            .exclude(next_attempt_at__gt=now)
            .order_by("id")[:limit]
        )
        for message in due:
            try:
                _deliver(message, sms)
            except Exception as exc:  # a gateway error of any kind: retry later
                message.attempts += 1
                message.next_attempt_at = now + backoff(message.attempts)
                message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
                message.save(update_fields=["attempts", "next_attempt_at", "last_error"])
                logger.warning("outbox %s failed (attempt %s): %s", message.pk, message.attempts, exc)
                failed += 1
            else:
                message.sent_at = now
                message.attempts += 1
                message.save(update_fields=["sent_at", "attempts"])
                sent += 1
    return sent, failed
