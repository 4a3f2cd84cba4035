import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command

from cchc.dossiers import notifications, services
from cchc.dossiers.models import Outbox
from tests.dossiers.conftest import person


class FailingSms:
    def send(self, recipient, body):
        raise ConnectionError("gateway down")


def test_notifications_are_queued_in_the_transaction_and_sent_by_the_worker(world, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    dossier, _ = services.submit_online(procedure_version=world.version, applicant=person())
    queued = Outbox.objects.filter(dossier=dossier)
    assert set(queued.values_list("kind", flat=True)) == {"email", "sms"}
    call_command("outbox")
    assert len(mail.outbox) == 1 and dossier.code in mail.outbox[0].subject
    assert not queued.filter(sent_at__isnull=True).exists()


def test_a_failing_gateway_is_retried_with_backoff_and_loses_nothing(world, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.CCHC_SMS_BACKEND = "tests.dossiers.test_outbox.FailingSms"
    services.submit_online(procedure_version=world.version, applicant=person())
    now = Outbox.objects.get(kind="sms").created_at
    assert notifications.send_due(now=now) == (1, 1)
    sms = Outbox.objects.get(kind="sms")
    assert (sms.attempts, sms.sent_at) == (1, None) and "gateway down" in sms.last_error
    assert notifications.send_due(now=now + dt.timedelta(seconds=30)) == (0, 0)  # not due yet
    settings.CCHC_SMS_BACKEND = "cchc.dossiers.notifications.LogSmsBackend"
    assert notifications.send_due(now=now + dt.timedelta(minutes=2)) == (1, 0)


@pytest.mark.parametrize(("attempts", "minutes"), [(1, 1), (2, 2), (5, 16), (20, 360)])
def test_backoff(attempts, minutes):
    assert notifications.backoff(attempts) == dt.timedelta(minutes=minutes)
