"""The outbox's readiness check and monitoring selector."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from health_check.exceptions import ServiceUnavailable, ServiceWarning

from cchc.notifications.health import OutboxBacklog
from cchc.notifications.models import Outbox
from cchc.notifications.selectors import outbox_state
from cchc.notifications.services import Notice, enqueue

pytestmark = pytest.mark.django_db

CHECK = OutboxBacklog(warn_after=dt.timedelta(minutes=10), fail_after=dt.timedelta(hours=1))


def _age(**delta):
    Outbox.objects.update(created_at=timezone.now() - dt.timedelta(**delta))


def test_thresholds():
    CHECK.run()  # empty outbox
    enqueue(Notice("Tiêu đề", "Nội dung"), emails=["an@example.com"], phones=["0987654321"])
    CHECK.run()  # just queued
    _age(minutes=11)
    with pytest.raises(ServiceWarning, match=r"2 notices pending, the oldest for 66\d s"):
        CHECK.run()
    _age(hours=2)
    with pytest.raises(ServiceUnavailable, match="2 notices pending"):
        CHECK.run()
    # Given up after the last attempt: no longer pending (the metric cchc_outbox_given_up shows them).
    Outbox.objects.update(attempts=10)
    CHECK.run()
    state = outbox_state()
    assert (state.pending, state.given_up, state.failed_attempts, state.oldest_pending_age()) == (
        0,
        2,
        20,
        0.0,
    )


def test_notices_marked_sent_without_an_attempt_count_as_sent_not_failed():
    enqueue(Notice("Tiêu đề", "Nội dung"), emails=["an@example.com"])
    Outbox.objects.update(sent_at=timezone.now())  # history loaded after the fact (attempts 0)
    state = outbox_state()
    assert (state.pending, state.sent, state.failed_attempts) == (0, 1, 0)
