"""Readiness check of the outbox (django-health-check): notices waiting too long mean the sender
(``cchc outbox``) is stopped or its gateway refuses them."""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.conf import settings
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable, ServiceWarning

from cchc.notifications.selectors import outbox_state


@dataclasses.dataclass
class OutboxBacklog(HealthCheck):
    """Warning when a pending notice is older than ``warn_after``, unavailable past ``fail_after``.

    Defaults: ``CCHC_HEALTH_OUTBOX_WARN_SECONDS`` and ``CCHC_HEALTH_OUTBOX_FAIL_SECONDS``.
    """

    warn_after: dt.timedelta | None = dataclasses.field(default=None, repr=False)
    fail_after: dt.timedelta | None = dataclasses.field(default=None, repr=False)

    def run(self) -> None:
        warn = self.warn_after or dt.timedelta(seconds=settings.CCHC_HEALTH_OUTBOX_WARN_SECONDS)
        fail = self.fail_after or dt.timedelta(seconds=settings.CCHC_HEALTH_OUTBOX_FAIL_SECONDS)
        state = outbox_state()
        age = state.oldest_pending_age()
        if state.pending and age > fail.total_seconds():
            raise ServiceUnavailable(f"{state.pending} notices pending, the oldest for {age:.0f} s")
        if state.pending and age > warn.total_seconds():
            raise ServiceWarning(f"{state.pending} notices pending, the oldest for {age:.0f} s")
