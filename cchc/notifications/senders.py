"""Sending the outbox: e-mail through Django's backend, SMS through a pluggable backend.

Service functions only *queue* notifications (``Outbox`` rows in their own transaction); this
module sends them later (``cchc outbox``), retrying with exponential backoff, so a failing mail
or SMS gateway loses nothing and never rolls back a dossier's change.

**Delivery guarantee: at least once, with a key for de-duplication.** A worker can be killed at any
moment (``kill -9``, a crash, a reboot). Each message is therefore handled in three steps, each its own
short transaction or none:

1. *claim*: the row is taken (``SELECT … FOR UPDATE SKIP LOCKED`` on PostgreSQL; SQLite serialises
   writers) and, committed before anything is sent, ``attempts`` is counted and ``next_attempt_at``
   set to now + ``CCHC_OUTBOX_LEASE_SECONDS`` — a lease: no other worker touches the row until it
   runs out;
2. *send*, outside any transaction, with the message's :func:`delivery_key` (``cchc-outbox-<id>``):
   the e-mail's ``Message-ID`` header, and the ``key`` argument of an SMS backend whose ``send``
   accepts one;
3. *mark*: ``sent_at`` (or the error and the backoff) committed at once.

A worker killed before step 3 leaves the lease to run out; the next run sends the message again with
the same key. Killed between the gateway's acceptance and step 3, that is the one case of a second
send: at most one message per killed worker, and it carries the same key, so a gateway or mail
system that de-duplicates on it (``Message-ID`` for mail; an idempotency key or client reference for
SMS gateways that offer one) delivers it once. No design can do better against an external gateway
without such a key — it would have to choose between losing a notice and sending it twice, and a
citizen's receipt or result notice is better twice than never. Sending a whole batch inside one
transaction (as before) was worse: a kill rolled back every ``sent_at`` of the batch and all of it
went out again. The lease must outlast a send: ``EMAIL_TIMEOUT`` and the SMS backend's own timeout
must be shorter than ``CCHC_OUTBOX_LEASE_SECONDS``.
"""

from __future__ import annotations

import datetime as dt
import inspect
import logging

from django.conf import settings
from django.core.mail import EmailMessage
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

    def send(self, recipient: str, body: str, key: str = "") -> None:
        logger.info("SMS to %s: %s", recipient, body)


def sms_backend():
    """An instance of the class named by ``CCHC_SMS_BACKEND`` (its old path is still accepted)."""
    path = getattr(settings, "CCHC_SMS_BACKEND", DEFAULT_SMS_BACKEND)
    return import_string(_MOVED.get(path, path))()


def backoff(attempts: int) -> dt.timedelta:
    """1, 2, 4, 8 … minutes after each failure, at most 6 hours."""
    return min(dt.timedelta(minutes=2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def delivery_key(message: Outbox) -> str:
    """The message's stable key, the same on every attempt: what a gateway de-duplicates on."""
    return f"cchc-outbox-{message.pk}"


def lease() -> dt.timedelta:
    """How long a claimed message is left to the worker that claimed it (``CCHC_OUTBOX_LEASE_SECONDS``)."""
    return dt.timedelta(seconds=getattr(settings, "CCHC_OUTBOX_LEASE_SECONDS", 300))


def _takes_key(backend) -> bool:
    try:
        parameters = inspect.signature(backend.send).parameters
    except (TypeError, ValueError):
        return False
    return "key" in parameters or any(p.kind is p.VAR_KEYWORD for p in parameters.values())


def _deliver(message: Outbox, sms) -> None:
    key = delivery_key(message)
    if message.kind == Outbox.Kind.EMAIL:
        domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "localhost"
        EmailMessage(
            message.subject,
            message.body,
            settings.DEFAULT_FROM_EMAIL,
            [message.recipient],
            headers={"Message-ID": f"<{key}@{domain}>"},
        ).send()
    elif _takes_key(sms):
        sms.send(message.recipient, message.body, key=key)
    else:  # a backend written before keys existed: still sent, without the de-duplication key
        sms.send(message.recipient, message.body)


def _claim(now: dt.datetime) -> Outbox | None:
    """The next due message, leased to this worker in a committed transaction (step 1 above)."""
    with transaction.atomic():
        message = (
            Outbox.objects.select_for_update(skip_locked=True)
            .filter(sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS)
            .exclude(next_attempt_at__gt=now)
            .order_by("id")
            .first()
        )
        if message is None:
            return None
        message.attempts += 1
        message.next_attempt_at = now + lease()
        message.save(update_fields=["attempts", "next_attempt_at"])
    return message


def send_due(*, now: dt.datetime | None = None, limit: int = 200) -> tuple[int, int]:
    """Send what is due, one message at a time; return (sent, failed).

    Safe to run in several processes at once, and to kill at any moment (see the module's docstring).
    """
    now = now or timezone.now()
    sms = sms_backend()
    sent = failed = 0
    for _ in range(limit):
        message = _claim(now)
        if message is None:
            break
        try:
            _deliver(message, sms)
        except Exception as exc:  # a gateway error of any kind: retry later
            message.next_attempt_at = now + backoff(message.attempts)
            message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            message.save(update_fields=["next_attempt_at", "last_error"])
            logger.warning("outbox %s failed (attempt %s): %s", message.pk, message.attempts, exc)
            failed += 1
        else:
            message.sent_at = now
            message.save(update_fields=["sent_at"])
            sent += 1
    return sent, failed
