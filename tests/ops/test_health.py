"""Liveness and readiness endpoints (django-health-check) and their checks."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.cache import caches
from django.urls import reverse
from django.utils import timezone
from health_check.exceptions import ServiceUnavailable

from cchc.notifications.models import Outbox
from cchc.notifications.services import Notice, enqueue
from cchc.ops import checks

READY_CHECKS = {
    "Database(alias='default')",
    "Cache(alias='default')",
    "WritableDirectory(setting='MEDIA_ROOT')",
    "WritableDirectory(setting='VAR_DIR')",
    "MigrationsApplied(alias='default')",
    "OutboxBacklog()",
    "PortalBacklog()",
    "CalendarLoaded()",
}


@pytest.fixture(autouse=True)
def _media_exists(settings):
    settings.MEDIA_ROOT.mkdir(parents=True, exist_ok=True)


def test_liveness_answers_without_the_database(client):
    response = client.get("/health/")  # no django_db mark: any query would raise
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/health/", "/health/ready/", "/metrics"])
def test_monitoring_urls_live_outside_the_language_prefixes(client, path):
    assert client.get(f"/en{path}").status_code == 404
    assert (
        reverse({"/health/": "ops:health", "/health/ready/": "ops:ready", "/metrics": "ops:metrics"}[path])
        == path
    )


@pytest.mark.ratelimit
def test_monitors_are_not_rate_limited(client):
    assert {client.get("/health/").status_code for _ in range(150)} == {200}


@pytest.mark.django_db(transaction=True)
def test_readiness_lists_every_check_as_json(client):
    response = client.get("/health/ready/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200, response.content
    assert response.json() == dict.fromkeys(READY_CHECKS, "OK")
    by_param = client.get("/health/ready/?format=json")
    assert by_param.json() == response.json()
    text = client.get("/health/ready/", HTTP_ACCEPT="text/html")
    assert text["Content-Type"].startswith("text/plain") and "OutboxBacklog(): OK" in text.content.decode()


@pytest.mark.django_db(transaction=True)
def test_an_old_outbox_backlog_warns_then_makes_the_server_not_ready(client, settings):
    settings.CCHC_HEALTH_OUTBOX_WARN_SECONDS = 600
    settings.CCHC_HEALTH_OUTBOX_FAIL_SECONDS = 3600
    enqueue(Notice("Tiêu đề", "Nội dung"), emails=["an@example.com"])
    assert client.get("/health/ready/?format=json").json()["OutboxBacklog()"] == "OK"  # fresh: fine

    Outbox.objects.update(created_at=timezone.now() - dt.timedelta(minutes=20))
    warned = client.get("/health/ready/?format=json")
    assert warned.status_code == 200  # a warning does not take the server out of the balancer
    assert warned.json()["OutboxBacklog()"].startswith("Warning: 1 notices pending")

    Outbox.objects.update(created_at=timezone.now() - dt.timedelta(hours=2))
    failed = client.get("/health/ready/?format=json")
    assert failed.status_code == 500
    assert failed.json()["OutboxBacklog()"].startswith("Unavailable: 1 notices pending")
    assert {k for k, v in failed.json().items() if v != "OK"} == {"OutboxBacklog()"}

    Outbox.objects.update(sent_at=timezone.now())
    assert client.get("/health/ready/?format=json").status_code == 200


@pytest.mark.django_db
def test_readiness_detail_and_metrics_can_be_limited_to_addresses_and_a_token(client, settings):
    settings.CCHC_HEALTH_ALLOWED_IPS = ["10.0.0.0/8"]
    for path in ("/health/ready/", "/metrics"):
        assert client.get(path, REMOTE_ADDR="203.0.113.9").status_code == 403
    assert client.get("/health/", REMOTE_ADDR="203.0.113.9").status_code == 200  # liveness stays open
    settings.CCHC_HEALTH_TOKEN = "s3cret-token"
    assert client.get("/metrics", REMOTE_ADDR="10.1.2.3").status_code == 403
    assert (
        client.get("/metrics", REMOTE_ADDR="10.1.2.3", HTTP_AUTHORIZATION="Bearer wrong").status_code == 403
    )
    ok = client.get("/metrics", REMOTE_ADDR="10.1.2.3", HTTP_AUTHORIZATION="Bearer s3cret-token")
    assert ok.status_code == 200


def test_a_folder_that_cannot_be_written_fails(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path / "media"  # not made yet (no upload so far): made now
    checks.WritableDirectory(setting="MEDIA_ROOT").run()
    assert settings.MEDIA_ROOT.is_dir()
    settings.MEDIA_ROOT = tmp_path / "media" / "a-file"
    settings.MEDIA_ROOT.write_bytes(b"")
    with pytest.raises(ServiceUnavailable, match="MEDIA_ROOT is not a folder"):
        checks.WritableDirectory(setting="MEDIA_ROOT").run()
    settings.VAR_DIR = tmp_path
    checks.WritableDirectory(setting="VAR_DIR").run()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["media"]  # the probe file is gone

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(checks.tempfile, "NamedTemporaryFile", refuse)  # tests run as root here
    with pytest.raises(ServiceUnavailable, match=r"VAR_DIR is not writable \(Permission denied\)"):
        checks.WritableDirectory(setting="VAR_DIR").run()


@pytest.mark.django_db
def test_unapplied_migrations_fail(monkeypatch):
    checks._all_applied.clear()
    checks.MigrationsApplied().run()  # the test database is migrated
    assert "default" in checks._all_applied

    checks._all_applied.clear()
    from django.db.migrations.executor import MigrationExecutor

    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: [("x", False)])
    with pytest.raises(ServiceUnavailable, match="1 migrations not applied"):
        checks.MigrationsApplied().run()
    assert "default" not in checks._all_applied


@pytest.mark.django_db(transaction=True)
def test_a_cache_that_fails_is_reported(client, monkeypatch):
    monkeypatch.setattr(type(caches["default"]), "aget", _none)
    body = json.loads(client.get("/health/ready/?format=json").content)
    assert body["Cache(alias='default')"].startswith("Unavailable")


async def _none(*args, **kwargs):
    return None


@pytest.mark.django_db(transaction=True)
def test_readiness_works_in_a_thread_where_an_event_loop_runs(client):
    """E.g. the Playwright tests' thread; asgiref refuses to start a loop inside a running one."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    async def from_the_loop():
        return client.get("/health/ready/?format=json")

    # A thread of the test's own: the test process's main thread may already run a loop (Playwright's,
    # after the browser tests in the same worker), where asyncio.run itself is refused.
    with ThreadPoolExecutor(max_workers=1) as pool:
        response = pool.submit(asyncio.run, from_the_loop()).result()
    assert response.status_code == 200 and set(response.json()) == READY_CHECKS
