"""The task workflow, exhaustively: every operation × status × actor (role and unit), for a task
led by a division, a sub-task given by name to an official, and a task led by the Office.

The expected rule is written out here independently of ``cchc.plans.workflow``; each combination
calls the real service function and checks that an allowed action changes the task and appends an
event, and that a refused one raises and leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cchc.plans import services, workflow
from cchc.plans.models import Evidence, PlanEvent, ProgressReport, Task, TaskStatus
from tests.plans.conftest import at, make_task, pdf

pytestmark = pytest.mark.django_db

ACTORS = [
    "office",
    "sysadmin",
    "head",
    "official",
    "colleague",
    "other_head",
    "other_official",
    "director",
    "counter",
]
STATUSES = [TaskStatus.ASSIGNED, TaskStatus.IN_PROGRESS, TaskStatus.DONE, TaskStatus.CANCELLED]
OPERATIONS = ["split", "report", "complete", "cancel"]
KINDS = ["division_task", "subtask", "office_task"]

# Who is in which unit, with which role (tests/plans/conftest.py).
UNIT_OF = {
    "office": "office",
    "sysadmin": "office",
    "head": "division",
    "official": "division",
    "colleague": "division",
    "other_head": "other",
    "other_official": "other",
    "director": "leadership",
    "counter": "counter",
}
HEADS = {"office", "head", "other_head"}  # unit-head role, or the Office role (head of the Office)
REPORTERS = {
    "office",
    "head",
    "official",
    "colleague",
    "other_head",
    "other_official",
}  # roles that may report


def expected(op: str, status: str, actor: str, kind: str) -> bool:
    if status not in (TaskStatus.ASSIGNED, TaskStatus.IN_PROGRESS):
        return False
    lead = "office" if kind == "office_task" else "division"
    in_lead = UNIT_OF[actor] == lead
    if op == "split":
        return kind != "subtask" and in_lead and actor in HEADS
    if op == "complete":
        return in_lead and actor in HEADS
    if op == "cancel":
        return actor == "office"
    # report
    if actor not in REPORTERS:
        return False
    if kind == "subtask":
        return actor == "official" or (in_lead and actor in HEADS)
    return in_lead


def _task(world, kind: str, status: str) -> Task:
    year = timezone.localdate().year
    deadline = timezone.localdate() + dt.timedelta(days=30)
    if kind == "office_task":
        task = make_task(world, unit=world.office, year=year, deadline=deadline)
    elif kind == "subtask":
        parent = make_task(world, year=year, deadline=deadline)
        task = make_task(world, year=year, deadline=deadline, parent=parent, assignee=world.staff("official"))
    else:
        task = make_task(world, year=year, deadline=deadline)
    fields = {"status": status}
    if status == TaskStatus.DONE:
        fields |= {"done_on": timezone.localdate(), "progress": 100}
    if status == TaskStatus.CANCELLED:
        fields["cancel_reason"] = "Không còn phù hợp"
    Task.objects.filter(pk=task.pk).update(**fields)
    task.refresh_from_db()
    return task


def _run(op: str, world, actor, task: Task):
    common = {"actor": actor, "task": task, "revision": task.revision}
    if op == "split":
        assignee = (
            world.staff("official") if task.lead_unit_id == world.division.pk else world.staff("sysadmin")
        )
        return services.split_task(
            **common, title="Nhiệm vụ con", assignee=assignee, start=task.start, deadline=task.deadline
        )
    if op == "report":
        return services.report_progress(**common, progress=40, note="Đang thực hiện")
    if op == "complete":
        return services.complete_task(**common, note="Xong", files=[pdf()])
    return services.cancel_task(**common, reason="Không còn phù hợp")


TARGET = {"report": TaskStatus.IN_PROGRESS, "complete": TaskStatus.DONE, "cancel": TaskStatus.CANCELLED}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("op", OPERATIONS)
def test_every_status_and_actor(world, op, kind):
    for status, actor_key in itertools.product(STATUSES, ACTORS):
        task = _task(world, kind, status)
        actor = world.users[actor_key]
        events = PlanEvent.objects.count()
        tasks = Task.objects.count()
        allowed = expected(op, status, actor_key, kind)
        assert (op in services.allowed_actions(actor, task)) == allowed, (op, status, actor_key, kind)
        if allowed:
            _run(op, world, actor, task)
            task.refresh_from_db()
            assert PlanEvent.objects.count() > events
            if op == "split":
                assert task.subtasks.count() == 1 and task.status == status
            else:
                assert task.status == TARGET[op], (op, status, actor_key, kind)
        else:
            with pytest.raises((PermissionDenied, ValidationError)):
                _run(op, world, actor, task)
            after = Task.objects.get(pk=task.pk)
            assert (after.status, after.progress, after.revision) == (
                task.status,
                task.progress,
                task.revision,
            )
            assert PlanEvent.objects.count() == events and Task.objects.count() == tasks


def test_table_matches_the_documented_rule():
    """The workflow table itself: sources, targets and roles (a change here must be deliberate)."""
    assert set(workflow.OPERATIONS) == set(OPERATIONS)
    for op in workflow.OPERATIONS.values():
        assert op.sources == {TaskStatus.ASSIGNED, TaskStatus.IN_PROGRESS}
    assert workflow.OPERATIONS["split"].subtasks is False


def test_create_only_by_the_office(world):
    today = timezone.localdate()
    for key in ACTORS:
        actor = world.users[key]
        kwargs = dict(
            actor=actor,
            plan=world.plan,
            title="Giao mới",
            lead_unit=world.division,
            start=today,
            deadline=today + dt.timedelta(days=10),
        )
        if key == "office":
            task = services.create_task(**kwargs)
            assert task.status == TaskStatus.ASSIGNED and task.events.filter(action="create").exists()
        else:
            with pytest.raises(PermissionDenied):
                services.create_task(**kwargs)
    assert Task.objects.count() == 1


def test_anonymous_and_inactive_refused(world):
    from django.contrib.auth.models import AnonymousUser

    task = _task(world, "division_task", TaskStatus.ASSIGNED)
    with pytest.raises(PermissionDenied):
        services.report_progress(
            actor=AnonymousUser(), task=task, revision=task.revision, progress=5, note="x"
        )
    head = world.users["head"]
    head.is_active = False
    head.save()
    with pytest.raises(PermissionDenied):
        services.complete_task(actor=head, task=task, revision=task.revision, files=[pdf()])


def test_split_assignee_must_be_of_the_lead_unit(world):
    task = _task(world, "division_task", TaskStatus.ASSIGNED)
    with pytest.raises(ValidationError) as exc:
        services.split_task(
            actor=world.users["head"],
            task=task,
            revision=task.revision,
            title="Con",
            assignee=world.staff("other_official"),
            start=task.start,
            deadline=task.deadline,
        )
    assert "cán bộ đang làm việc tại đơn vị chủ trì" in str(exc.value)
    assert task.subtasks.count() == 0


def test_complete_needs_evidence_and_closed_subtasks(world):
    task = _task(world, "division_task", TaskStatus.IN_PROGRESS)
    head = world.users["head"]
    with pytest.raises(ValidationError) as exc:
        services.complete_task(actor=head, task=task, revision=task.revision)
    assert "minh chứng" in str(exc.value)
    sub = services.split_task(
        actor=head,
        task=task,
        revision=task.revision,
        title="Con",
        assignee=world.staff("official"),
        start=task.start,
        deadline=task.deadline,
    )
    task.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        services.complete_task(actor=head, task=task, revision=task.revision, files=[pdf()])
    assert "nhiệm vụ con" in str(exc.value)
    assert not Evidence.objects.exists() and not ProgressReport.objects.exists()
    services.complete_task(actor=head, task=sub, revision=sub.revision, files=[pdf()])
    task.refresh_from_db()
    services.complete_task(actor=head, task=task, revision=task.revision, files=[pdf()])
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE and task.progress == 100 and task.done_on == timezone.localdate()


def test_cancel_takes_open_subtasks_along(world):
    task = _task(world, "division_task", TaskStatus.ASSIGNED)
    sub = services.split_task(
        actor=world.users["head"],
        task=task,
        revision=task.revision,
        title="Con",
        assignee=world.staff("official"),
        start=task.start,
        deadline=task.deadline,
    )
    task.refresh_from_db()
    services.cancel_task(
        actor=world.users["office"], task=task, revision=task.revision, reason="Trùng nhiệm vụ"
    )
    sub.refresh_from_db()
    assert sub.status == TaskStatus.CANCELLED and sub.cancel_reason == "Trùng nhiệm vụ"


def test_notifications_queued(world):
    from cchc.notifications.models import Outbox

    today = timezone.localdate()
    task = services.create_task(
        actor=world.users["office"],
        plan=world.plan,
        title="Giao",
        lead_unit=world.division,
        start=today,
        deadline=today + dt.timedelta(days=5),
        at=at(today),
    )
    assert Outbox.objects.filter(recipient=world.users["head"].email).count() == 1
    services.split_task(
        actor=world.users["head"],
        task=task,
        revision=task.revision,
        title="Con",
        assignee=world.staff("official"),
        start=today,
        deadline=today,
    )
    assert Outbox.objects.filter(recipient=world.users["official"].email).count() == 1
