"""Readiness check of the connector (django-health-check): a message waiting for Cổng DVCQG longer than
``CCHC_HEALTH_DVCQG_WARN_SECONDS`` means the worker (``cchc national send``) is stopped or the portal is
down; dead letters mean the IT office has work. A warning, never a failure: the portal being down must
not take CCHC out of its load balancer."""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.conf import settings
from django.utils import timezone
from health_check.base import HealthCheck
from health_check.exceptions import ServiceWarning

from cchc.national.selectors import outbox_state


@dataclasses.dataclass
class PortalBacklog(HealthCheck):
    warn_after: dt.timedelta | None = dataclasses.field(default=None, repr=False)

    def run(self) -> None:
        if not settings.CCHC_DVCQG_ENABLED:
            return
        warn = self.warn_after or dt.timedelta(seconds=settings.CCHC_HEALTH_DVCQG_WARN_SECONDS)
        state = outbox_state()
        age = state.oldest_age(timezone.now())
        if state.pending and age > warn.total_seconds():
            raise ServiceWarning(f"{state.pending} messages to DVCQG pending, the oldest for {age:.0f} s")
        if state.dead:
            raise ServiceWarning(f"{state.dead} messages to DVCQG not delivered (dead letters)")
