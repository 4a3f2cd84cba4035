"""CCHC's own Prometheus metrics, next to django-prometheus' request and database metrics.

Two kinds:

- **state read from the database at scrape time** (:class:`DatabaseCollector`): the outbox
  backlog and the age of its oldest notice, notices sent and failed attempts (counters kept by the
  outbox rows themselves), report jobs by status. Every gunicorn worker answers the same, whichever
  the scrape reaches.
- **events counted in the process** (sign-in failures, lock-outs): ``prometheus_client`` counters.
  Under several gunicorn workers set ``PROMETHEUS_MULTIPROC_DIR`` to an empty folder before the
  server starts (README, "Monitoring"): every worker then writes its counts there and the
  ``/metrics`` view adds them up, so a scrape sees the total of all workers.
"""

from __future__ import annotations

import logging
import os

import prometheus_client
from django.apps import apps
from django.contrib.auth.signals import user_login_failed
from django.db import DatabaseError
from django.utils import timezone
from prometheus_client import CollectorRegistry, Counter, multiprocess
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

from cchc.national.selectors import outbox_state as portal_outbox_state
from cchc.notifications.selectors import outbox_state
from cchc.reports.selectors import job_counts

logger = logging.getLogger(__name__)

SIGNIN_FAILURES = Counter("cchc_signin_failures", "Failed sign-ins (wrong password or unknown user).")
LOCKOUTS = Counter("cchc_signin_lockouts", "Sign-ins refused because the account or address is locked out.")


class DatabaseCollector:
    """Gauges and counters computed from the database when Prometheus scrapes."""

    def describe(self):
        return []  # no query at registration time

    def collect(self):
        up = GaugeMetricFamily("cchc_metrics_database_up", "1 when the database answered this scrape.")
        try:
            outbox = outbox_state()
            jobs = job_counts()
            portal = portal_outbox_state()
        except DatabaseError:
            logger.warning("metrics: database unavailable", exc_info=True)
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        yield GaugeMetricFamily("cchc_outbox_backlog", "Notices waiting to be sent.", value=outbox.pending)
        yield GaugeMetricFamily(
            "cchc_outbox_oldest_pending_age_seconds",
            "Seconds the oldest waiting notice has waited (0 when none waits).",
            value=outbox.oldest_pending_age(),
        )
        yield GaugeMetricFamily(
            "cchc_outbox_given_up", "Notices not sent after the last attempt.", value=outbox.given_up
        )
        yield CounterMetricFamily("cchc_outbox_sent", "Notices sent.", value=outbox.sent)
        yield CounterMetricFamily(
            "cchc_outbox_failed_attempts",
            "Attempts to send a notice that failed.",
            value=outbox.failed_attempts,
        )
        yield GaugeMetricFamily(
            "cchc_dvcqg_backlog", "Messages to Cổng DVCQG waiting to be delivered.", value=portal.pending
        )
        yield GaugeMetricFamily(
            "cchc_dvcqg_oldest_pending_age_seconds",
            "Seconds the oldest message to Cổng DVCQG has waited (0 when none waits).",
            value=portal.oldest_age(timezone.now()),
        )
        yield GaugeMetricFamily(
            "cchc_dvcqg_dead", "Messages to Cổng DVCQG not delivered (dead letters).", value=portal.dead
        )
        by_status = GaugeMetricFamily("cchc_report_jobs", "Report jobs by status.", labels=["status"])
        for status, count in jobs.items():
            by_status.add_metric([status], count)
        yield by_status


_database = CollectorRegistry(auto_describe=False)
_database.register(DatabaseCollector())


def exposition() -> bytes:
    """The text of ``/metrics``: the process (or all workers') metrics, then the database's."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = prometheus_client.REGISTRY
    return prometheus_client.generate_latest(registry) + prometheus_client.generate_latest(_database)


def _on_login_failed(sender, credentials=None, request=None, **kwargs) -> None:
    SIGNIN_FAILURES.inc()


def _on_locked_out(sender, request=None, username=None, ip_address=None, **kwargs) -> None:
    LOCKOUTS.inc()


def connect_signals() -> None:
    """Count Django's ``user_login_failed`` and, when django-axes is installed, its lock-outs."""
    user_login_failed.connect(_on_login_failed, dispatch_uid="cchc.ops.metrics.login_failed")
    if not apps.is_installed("axes"):  # importing axes.signals would load its models and receivers
        return
    from axes.signals import user_locked_out

    user_locked_out.connect(_on_locked_out, dispatch_uid="cchc.ops.metrics.locked_out")
