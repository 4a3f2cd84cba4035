"""The idle timeout of staff sessions: the time of a signed-in session's last request, in the session.

Only signed-in sessions carry it: a citizen's session (drafts of online forms) has no user and never
times out here."""

from __future__ import annotations

import time

from django.conf import settings

LAST_SEEN = "cchc_last_seen"
# The stored time is refreshed at most this often, so most requests do not rewrite the session.
REFRESH_SECONDS = 60


def mark_active(request, now: float | None = None) -> None:
    request.session[LAST_SEEN] = int(now if now is not None else time.time())


def idle_expired(request, now: float | None = None) -> bool:
    """True when the signed-in session saw no request for ``CCHC_STAFF_IDLE_SECONDS``; else refreshes it."""
    now = now if now is not None else time.time()
    seen = request.session.get(LAST_SEEN)
    if seen is not None and now - seen > settings.CCHC_STAFF_IDLE_SECONDS:
        return True
    if seen is None or now - seen >= REFRESH_SECONDS:
        mark_active(request, now)
    return False
