"""``/metrics``: django-prometheus' request and database metrics and CCHC's own, each moving when
the thing it counts happens."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import textwrap

import pytest
from django.contrib.auth import authenticate
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from cchc.notifications.models import Outbox
from cchc.notifications.senders import send_due
from cchc.notifications.services import Notice, enqueue
from cchc.reports.models import JobStatus, ReportJob
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def scrape(client) -> dict[tuple[str, tuple], float]:
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.content.decode())
        for sample in family.samples
    }


def value(samples, name, **labels) -> float:
    return samples[(name, tuple(sorted(labels.items())))]


def test_outbox_backlog_age_and_totals(client):
    before = scrape(client)
    assert value(before, "cchc_metrics_database_up") == 1
    assert value(before, "cchc_outbox_backlog") == 0
    assert value(before, "cchc_outbox_oldest_pending_age_seconds") == 0

    enqueue(Notice("Tiêu đề", "Nội dung"), emails=["an@example.com"])
    Outbox.objects.update(created_at=timezone.now() - dt.timedelta(minutes=5))
    queued = scrape(client)
    assert value(queued, "cchc_outbox_backlog") == 1
    assert 299 <= value(queued, "cchc_outbox_oldest_pending_age_seconds") <= 400

    enqueue(Notice("Tiêu đề", "Nội dung"), phones=["0987654321"])
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("cchc.notifications.senders.LogSmsBackend.send", _gateway_down)
        assert send_due() == (1, 1)  # the e-mail goes, the SMS fails and waits for a retry
    after = scrape(client)
    assert value(after, "cchc_outbox_backlog") == 1
    assert value(after, "cchc_outbox_sent_total") == value(before, "cchc_outbox_sent_total") + 1
    assert (
        value(after, "cchc_outbox_failed_attempts_total")
        == value(before, "cchc_outbox_failed_attempts_total") + 1
    )
    assert value(after, "cchc_outbox_given_up") == 0
    Outbox.objects.filter(sent_at__isnull=True).update(attempts=10)
    assert value(scrape(client), "cchc_outbox_given_up") == 1


def _gateway_down(self, recipient, body):
    raise ConnectionError("gateway down")


def test_report_jobs_by_status(client):
    assert {value(scrape(client), "cchc_report_jobs", status=s) for s in JobStatus.values} == {0}
    user = UserFactory()
    for status in (JobStatus.QUEUED, JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.FAILED):
        ReportJob.objects.create(
            kind="department",
            period_kind="year",
            year=2026,
            period_start=dt.date(2026, 1, 1),
            period_end=dt.date(2026, 12, 31),
            period_label="Năm 2026",
            requested_by=user,
            status=status,
        )
    samples = scrape(client)
    counts = {s: value(samples, "cchc_report_jobs", status=s) for s in JobStatus.values}
    assert counts == {"queued": 2, "running": 1, "done": 0, "failed": 1}


def test_sign_in_failures_are_counted(client):
    before = value(scrape(client), "cchc_signin_failures_total")
    UserFactory(username="canbo.x")
    assert authenticate(RequestFactory().post("/"), username="canbo.x", password="sai") is None
    client.post(reverse("backoffice:login"), {"username": "canbo.x", "password": "sai-nua"})
    assert value(scrape(client), "cchc_signin_failures_total") == before + 2


def test_requests_are_timed_by_view_and_queries_counted(client):
    client.get("/health/")
    samples = scrape(client)
    assert (
        value(
            samples,
            "django_http_requests_total_by_view_transport_method_total",
            view="ops:health",
            transport="http",
            method="GET",
        )
        >= 1
    )
    assert any(
        name == "django_http_requests_latency_seconds_by_view_method_count"
        and ("view", "ops:health") in labels
        for name, labels in samples
    )
    assert any(name == "django_db_execute_total" and value > 0 for (name, _l), value in samples.items())


def test_database_down_still_answers(client, monkeypatch):
    from django.db import OperationalError

    def down():
        raise OperationalError("no database")

    monkeypatch.setattr("cchc.ops.metrics.outbox_state", down)
    samples = scrape(client)
    assert value(samples, "cchc_metrics_database_up") == 0
    assert not any(name.startswith("cchc_outbox") for name, _labels in samples)


@pytest.mark.django_db(transaction=True)
def test_counters_add_up_across_worker_processes(tmp_path):
    """Under gunicorn each worker counts its own sign-in failures; with PROMETHEUS_MULTIPROC_DIR the
    scrape answered by any worker shows the sum of all."""
    script = textwrap.dedent(
        """
        import sys, django
        django.setup()
        # The metrics receiver of Django's user_login_failed alone (the lock-out and the security log,
        # also listening, need a database this bare process has not got).
        from cchc.ops.metrics import _on_login_failed, exposition
        for _ in range(int(sys.argv[1])):
            _on_login_failed(sender=None, credentials={}, request=None)
        if sys.argv[1] == "0":
            print(exposition().decode())
        """
    )
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "cchc.settings"}

    def run(n: str) -> str:
        done = subprocess.run([sys.executable, "-c", script, n], env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return done.stdout

    run("2")
    run("3")
    families = {f.name: f for f in text_string_to_metric_families(run("0"))}
    [sample] = [s for s in families["cchc_signin_failures"].samples if s.name.endswith("_total")]
    assert sample.value == 5
