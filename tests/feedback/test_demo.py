"""Demo questions and feedback: about 200 items, consistent history, deterministic, idempotent."""

from __future__ import annotations

import io
import itertools
from collections import Counter

import pytest
from django.core.management import call_command

from cchc.demo import feedback as demo
from cchc.feedback.models import Feedback, FeedbackEvent, Status, Vote
from cchc.feedback.workflow import OPERATIONS

pytestmark = pytest.mark.django_db


def test_demo_items(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    out = io.StringIO()
    call_command("demo", dossiers=40, verbosity=0, stdout=out, stderr=out)
    assert "Hỏi đáp, phản ánh minh họa: 200 mục" in out.getvalue()
    items = Feedback.objects.all()
    assert items.count() == demo.COUNT
    statuses = Counter(items.values_list("status", flat=True))
    assert 130 <= statuses[Status.PUBLISHED] <= 175
    assert statuses[Status.ANSWERED] > 5
    assert sum(statuses[s] for s in (Status.RECEIVED, Status.ASSIGNED, Status.DRAFTED, Status.APPROVED)) > 0
    late = [i for i in items if i.answered_at and i.is_late]
    assert 3 <= len(late) <= 40
    assert items.filter(dossier__isnull=False).exists()
    # History consistent with the status: seq 1..n, chained statuses, allowed operations only.
    for item in items.prefetch_related("events"):
        events = list(item.events.all())
        assert [e.seq for e in events] == list(range(1, len(events) + 1))
        assert events[0].action == "submit" and events[-1].to_status == item.status
        for before, after in itertools.pairwise(events):
            assert before.to_status == after.from_status
            assert before.at <= after.at
            op = OPERATIONS[after.action]
            assert after.from_status in op.sources and after.to_status == op.target
    # Public text never carries the asker's contacts.
    for item in items.filter(status=Status.PUBLISHED):
        public = f"{item.public_title} {item.public_question} {item.public_answer}"
        assert item.phone not in public and item.asker_name not in public
        assert "{" not in public and "{" not in item.body  # templates filled in
        assert item.likes == item.votes.filter(value=1).count()
        assert item.dislikes == item.votes.filter(value=-1).count()
    counts = (Feedback.objects.count(), FeedbackEvent.objects.count(), Vote.objects.count())
    assert "không tạo thêm" in demo.load(progress=False)
    assert (Feedback.objects.count(), FeedbackEvent.objects.count(), Vote.objects.count()) == counts
