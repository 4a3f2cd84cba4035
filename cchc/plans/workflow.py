"""The task workflow as data: assigned → in_progress → done; cancelled with a reason.

Overdue is not a status: it is derived from the deadline (``selectors.with_overdue``).

Each operation names the statuses it may start from, the status it leads to (``None``: unchanged),
the roles allowed and the scope the actor's unit must satisfy:

- ``ANY``: any unit (the Office assigns and cancels for the whole Department);
- ``LEAD``: the actor belongs to the task's lead unit (its head splits and closes, P-A5/P-B1);
- ``WORKER``: the official the task is assigned to, or — when it is assigned to nobody — a member
  of the lead unit; the lead unit's head may always report too.

The Office's own head is the Chánh Văn phòng, who holds the OFFICE role: for tasks the Office
leads, OFFICE acts as the unit head. ``cchc.plans.services`` consults this table first; the tests
walk every operation × status × role × unit.
"""

from __future__ import annotations

from dataclasses import dataclass

from cchc.org import roles
from cchc.plans.models import TaskStatus

ANY = "any"
LEAD = "lead"
WORKER = "worker"

OPEN = frozenset({TaskStatus.ASSIGNED, TaskStatus.IN_PROGRESS})
HEADS = frozenset({roles.UNIT_HEAD, roles.OFFICE})


@dataclass(frozen=True)
class Operation:
    name: str
    label: str
    sources: frozenset[str]
    target: str | None
    roles: frozenset[str]
    scope: str
    subtasks: bool = True  # may apply to a sub-task


OPERATIONS: dict[str, Operation] = {
    op.name: op
    for op in [
        Operation("split", "Giao nhiệm vụ con", OPEN, None, HEADS, LEAD, subtasks=False),
        Operation(
            "report",
            "Báo cáo tiến độ",
            OPEN,
            TaskStatus.IN_PROGRESS,
            frozenset({roles.SPECIALIST, roles.UNIT_HEAD, roles.OFFICE}),
            WORKER,
        ),
        Operation("complete", "Xác nhận hoàn thành", OPEN, TaskStatus.DONE, HEADS, LEAD),
        Operation("cancel", "Hủy nhiệm vụ", OPEN, TaskStatus.CANCELLED, frozenset({roles.OFFICE}), ANY),
    ]
}
# Creating a task is not a transition but has the same kind of rule.
CREATE_ROLES = frozenset({roles.OFFICE})


def allowed_from(status: str) -> list[str]:
    return [op.name for op in OPERATIONS.values() if status in op.sources]
