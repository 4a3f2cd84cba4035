"""Sending the outbox: the worker, retries with backoff, the SMS backend setting."""

import datetime as dt
import logging

import pytest
from django.core import mail
from django.core.management import call_command

from cchc.dossiers import services
from cchc.notifications import senders
from cchc.notifications.models import Outbox
from cchc.notifications.services import Notice, enqueue
from tests.dossiers.conftest import person, world  # noqa: F401  (the fixture)


class FailingSms:
    def send(self, recipient, body):
        raise ConnectionError("gateway down")


def test_notifications_are_queued_in_the_transaction_and_sent_by_the_worker(world, settings):  # noqa: F811
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    dossier, _ = services.submit_online(procedure_version=world.version, applicant=person())
    queued = Outbox.objects.filter(dossier=dossier)
    assert set(queued.values_list("kind", flat=True)) == {"email", "sms"}
    call_command("outbox")
    assert len(mail.outbox) == 1 and dossier.code in mail.outbox[0].subject
    assert not queued.filter(sent_at__isnull=True).exists()


def test_a_failing_gateway_is_retried_with_backoff_and_loses_nothing(world, settings):  # noqa: F811
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.CCHC_SMS_BACKEND = "tests.notifications.test_senders.FailingSms"
    services.submit_online(procedure_version=world.version, applicant=person())
    now = Outbox.objects.get(kind="sms").created_at
    assert senders.send_due(now=now) == (1, 1)
    sms = Outbox.objects.get(kind="sms")
    assert (sms.attempts, sms.sent_at) == (1, None) and "gateway down" in sms.last_error
    assert senders.send_due(now=now + dt.timedelta(seconds=30)) == (0, 0)  # not due yet
    settings.CCHC_SMS_BACKEND = "cchc.notifications.senders.LogSmsBackend"
    assert senders.send_due(now=now + dt.timedelta(minutes=2)) == (1, 0)


@pytest.mark.parametrize(("attempts", "minutes"), [(1, 1), (2, 2), (5, 16), (20, 360)])
def test_backoff(attempts, minutes):
    assert senders.backoff(attempts) == dt.timedelta(minutes=minutes)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["cchc.notifications.senders.LogSmsBackend", "cchc.dossiers.notifications.LogSmsBackend"]
)
def test_the_log_backend_is_found_by_its_path_and_by_its_former_path(path, settings, caplog):
    """Deployed settings may still name the backend where it lived before it moved to this app."""
    settings.CCHC_SMS_BACKEND = path
    enqueue(Notice("Đã tiếp nhận", "Hẹn trả kết quả ngày 10/03/2026."), phones=["0987654321"])
    with caplog.at_level(logging.INFO, logger="cchc.notifications.senders"):
        assert senders.send_due() == (1, 0)
    assert "SMS to 0987654321: Đã tiếp nhận. Hẹn trả kết quả ngày 10/03/2026." in caplog.text


def test_the_default_backend_is_the_log(settings):
    del settings.CCHC_SMS_BACKEND
    assert isinstance(senders.sms_backend(), senders.LogSmsBackend)


class WorkerKilled(BaseException):
    """Stands for ``kill -9``: not an ``Exception``, so no ``except`` of the worker catches it."""


class Gateway:
    """An SMS gateway that records every message it accepts, with its key; it can "kill" the worker
    right after accepting the n-th message — the moment between the send and marking it sent."""

    accepted: list[tuple[str, str]] = []
    kill_after: int | None = None

    def send(self, recipient, body, key=""):
        Gateway.accepted.append((key, recipient))
        if Gateway.kill_after is not None and len(Gateway.accepted) == Gateway.kill_after:
            raise WorkerKilled


@pytest.mark.django_db
def test_a_worker_killed_after_the_gateway_accepted_resends_only_that_message_with_its_key(settings):
    """Each message is claimed and marked in its own transaction: a kill loses no other mark (a batch
    in one transaction rolled back every mark and sent the whole batch again). The one message in
    flight goes again after its lease, with the same key, so the gateway can drop the copy."""
    settings.CCHC_SMS_BACKEND = "tests.notifications.test_senders.Gateway"
    Gateway.accepted, Gateway.kill_after = [], 3
    phones = [f"098765432{i}" for i in range(6)]
    rows = enqueue(Notice("Đã tiếp nhận", "Hồ sơ của ông/bà đã được tiếp nhận."), phones=phones)
    now = rows[0].created_at
    with pytest.raises(WorkerKilled):
        senders.send_due(now=now)
    Gateway.kill_after = None
    assert senders.send_due(now=now + dt.timedelta(seconds=1)) == (3, 0)  # the other three; one leased
    assert Outbox.objects.filter(sent_at__isnull=True).count() == 1
    assert senders.send_due(now=now + senders.lease() + dt.timedelta(seconds=1)) == (1, 0)  # lease over
    keys = [key for key, _ in Gateway.accepted]
    assert sorted(set(keys)) == sorted(senders.delivery_key(row) for row in rows)
    assert len(keys) == len(rows) + 1 and keys.count(keys[2]) == 2  # one copy, of the message in flight
    assert not Outbox.objects.filter(sent_at__isnull=True).exists()


def test_an_email_carries_its_delivery_key_as_message_id(world, settings):  # noqa: F811
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    services.submit_online(procedure_version=world.version, applicant=person())
    message = Outbox.objects.get(kind="email")
    senders.send_due()
    assert mail.outbox[0].extra_headers["Message-ID"].startswith(f"<cchc-outbox-{message.pk}@")
