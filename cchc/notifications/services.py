"""Queueing notifications: the one place that turns a notice into ``Outbox`` rows.

``enqueue`` is called inside the caller's transaction, so a notice is queued if and only if the
change it reports is saved; ``cchc outbox`` sends it afterwards (``cchc.notifications.senders``).
The rules every notice follows live here, once: an SMS is one message of at most ``SMS_MAX``
characters that keeps the link at its end, a subject fits its column, and an empty contact
queues nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models
from django.db.models import F

from cchc.notifications.models import Outbox

SMS_MAX = 480
SUBJECT_MAX = Outbox._meta.get_field("subject").max_length
RECIPIENT_MAX = Outbox._meta.get_field("recipient").max_length


@dataclass(frozen=True)
class Notice:
    """What one person is told: the subject of the e-mail and its body (an SMS joins the two)."""

    subject: str
    body: str


def shorten(text: str, limit: int) -> str:
    """``text`` in at most ``limit`` characters, a cut marked with "…"; a link at the end is kept whole."""
    if len(text) <= limit:
        return text
    head, _space, last = text.rpartition(" ")
    if head and last.startswith(("http://", "https://")) and len(last) + 2 < limit:
        return f"{head[: limit - len(last) - 2].rstrip()}… {last}"
    return text[: limit - 1] + "…"


def sms_text(notice: Notice) -> str:
    """The notice as one SMS: "subject. body", at most ``SMS_MAX`` characters, its link kept."""
    return shorten(f"{notice.subject}. {notice.body}", SMS_MAX)


def _contacts(values: Iterable[str]) -> list[str]:
    if isinstance(values, str):
        raise TypeError("pass a list of contacts, not one string")
    seen: dict[str, None] = {}
    for value in values:
        value = (value or "").strip()[:RECIPIENT_MAX]
        if value:
            seen.setdefault(value)
    return list(seen)


def enqueue(
    notice: Notice | None,
    *,
    emails: Iterable[str] = (),
    phones: Iterable[str] = (),
    dossier: models.Model | None = None,
) -> list[Outbox]:
    """Queue ``notice`` by e-mail to each of ``emails`` and by SMS to each of ``phones``.

    Empty contacts are skipped (the applicant gave none) and a contact listed twice gets one
    message; ``dossier`` links the rows to the dossier the notice is about. One INSERT, in the
    caller's transaction. ``notice=None`` (a step that tells nobody anything) queues nothing.
    """
    if notice is None:
        return []
    subject = shorten(notice.subject, SUBJECT_MAX)
    messages = [
        Outbox(kind=Outbox.Kind.EMAIL, recipient=email, subject=subject, body=notice.body, dossier=dossier)
        for email in _contacts(emails)
    ]
    phones = _contacts(phones)
    if phones:
        text = sms_text(notice)
        messages += [
            Outbox(kind=Outbox.Kind.SMS, recipient=phone, body=text, dossier=dossier) for phone in phones
        ]
    if not messages:
        return []
    return Outbox.objects.bulk_create(messages)


def mark_sent_when_queued(*, dossier_ids: Iterable[int]) -> int:
    """Mark the unsent notices of these dossiers as sent at the moment they were queued.

    For history loaded after the fact (the demo's past dossiers): their notices describe the past
    and must never reach anybody. Returns the number of rows marked.
    """
    return Outbox.objects.filter(dossier_id__in=list(dossier_ids), sent_at__isnull=True).update(
        sent_at=F("created_at")
    )
