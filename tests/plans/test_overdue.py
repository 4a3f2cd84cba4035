"""Overdue is derived in the database: deadline strictly before today and the task still open."""

from __future__ import annotations

import datetime as dt

import pytest

from cchc.plans import selectors
from cchc.plans.models import Task
from tests.plans.conftest import make_task

pytestmark = pytest.mark.django_db

DEADLINE = dt.date(2025, 6, 30)


@pytest.mark.parametrize(
    ("today", "status", "overdue"),
    [
        (DEADLINE - dt.timedelta(days=1), "in_progress", False),
        (DEADLINE, "in_progress", False),  # the deadline day itself is still in time
        (DEADLINE + dt.timedelta(days=1), "in_progress", True),
        (DEADLINE + dt.timedelta(days=1), "assigned", True),
        (DEADLINE + dt.timedelta(days=1), "done", False),
        (DEADLINE + dt.timedelta(days=1), "cancelled", False),
    ],
)
def test_overdue_flag_around_the_deadline(world, today, status, overdue):
    task = make_task(world, deadline=DEADLINE, status=status, done_on=DEADLINE)
    row = selectors.with_overdue(Task.objects.filter(pk=task.pk), today).get()
    assert row.is_overdue is overdue
    assert selectors.with_overdue(Task.objects.all(), today).filter(is_overdue=True).count() == int(overdue)


def test_lists_put_overdue_first(world):
    today = DEADLINE + dt.timedelta(days=1)
    later = make_task(world, deadline=DEADLINE + dt.timedelta(days=20), title="Còn hạn")
    done = make_task(
        world, deadline=DEADLINE - dt.timedelta(days=20), status="done", done_on=DEADLINE, title="Xong"
    )
    late = make_task(world, deadline=DEADLINE, title="Quá hạn")
    rows = list(selectors.task_list(world.staff("head"), scope="unit", today=today))
    assert [r.pk for r in rows] == [late.pk, later.pk, done.pk]


def test_requirement_summary_counts_overdue(world):
    today = DEADLINE + dt.timedelta(days=1)
    make_task(world, deadline=DEADLINE)
    make_task(world, deadline=DEADLINE + dt.timedelta(days=2))
    make_task(world, deadline=DEADLINE - dt.timedelta(days=2), status="done", done_on=DEADLINE)
    req = selectors.requirement_summary(world.plan, today=today).get(code="P-B3")
    assert (req.n_tasks, req.n_done, req.n_open, req.n_overdue) == (3, 1, 2, 1)
