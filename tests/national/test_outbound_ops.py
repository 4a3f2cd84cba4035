"""The connector's backlog in Prometheus and in the readiness check."""

import datetime as dt

import pytest
from django.utils import timezone

from cchc.national.models import Message
from tests.national.test_outbound_queue import received
from tests.ops.test_metrics import scrape, value


@pytest.fixture(autouse=True)
def _media_exists(settings):
    settings.MEDIA_ROOT.mkdir(parents=True, exist_ok=True)


def test_backlog_oldest_age_and_dead_are_gauges(world, connector, client):
    before = scrape(client)
    assert value(before, "cchc_dvcqg_backlog") == 0 and value(before, "cchc_dvcqg_dead") == 0
    received(world)
    received(world)
    Message.objects.update(created_at=timezone.now() - dt.timedelta(minutes=10))
    Message.objects.filter(pk=Message.objects.first().pk).update(state="dead", dead_at=timezone.now())
    after = scrape(client)
    assert value(after, "cchc_dvcqg_backlog") == 1 and value(after, "cchc_dvcqg_dead") == 1
    assert 599 <= value(after, "cchc_dvcqg_oldest_pending_age_seconds") <= 700


@pytest.mark.django_db(transaction=True)  # readiness runs its checks in threads of their own
def test_readiness_warns_on_an_old_backlog_and_on_dead_letters(world, connector, client):
    connector.CCHC_HEALTH_DVCQG_WARN_SECONDS = 600
    received(world)
    assert client.get("/health/ready/?format=json").json()["PortalBacklog()"] == "OK"
    Message.objects.update(created_at=timezone.now() - dt.timedelta(minutes=20))
    warned = client.get("/health/ready/?format=json")
    assert warned.status_code == 200
    assert warned.json()["PortalBacklog()"].startswith("Warning: 1 messages to DVCQG pending")
    Message.objects.update(state="dead", dead_at=timezone.now())
    assert "dead letters" in client.get("/health/ready/?format=json").json()["PortalBacklog()"]
