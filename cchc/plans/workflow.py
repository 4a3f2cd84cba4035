"""The task workflow as data: assigned → in_progress → done; cancelled with a reason.

Overdue is not a status: it is derived from the deadline (``selectors.with_overdue``).

Each operation names the statuses it may start from, the status it leads to (``UNCHANGED``: the
status stays; ``DECIDED``: the service sets it), the roles allowed and the scope the actor's unit
must satisfy:

- ``ANY``: any unit (the Office assigns and cancels for the whole Department);
- ``LEAD``: the actor belongs to the task's lead unit (its head splits and closes, P-A5/P-B1);
- ``WORKER``: the official the task is assigned to, or — when it is assigned to nobody — a member
  of the lead unit; the lead unit's head may always report too.

The Office's own head is the Chánh Văn phòng, who holds the OFFICE role: for tasks the Office
leads, OFFICE acts as the unit head. ``cchc.plans.services`` runs every operation in the workflow
kernel's frame (``cchc.common.workflow``), which checks these tables and applies the target; the
tests walk every operation × status × role × unit.

Initiatives have a table of their own: the council's conclusion (accepted or rejected), then the
application, both recorded by the Office or the Director.
"""

from __future__ import annotations

from dataclasses import dataclass

from cchc.common.workflow import DECIDED, UNCHANGED, Operation, Table
from cchc.org import roles
from cchc.plans.models import Initiative, TaskStatus

ANY = "any"
LEAD = "lead"
WORKER = "worker"

OPEN = frozenset({TaskStatus.ASSIGNED, TaskStatus.IN_PROGRESS})
HEADS = frozenset({roles.UNIT_HEAD, roles.OFFICE})


@dataclass(frozen=True)
class TaskOperation(Operation):
    subtasks: bool = True  # may apply to a sub-task


_op = TaskOperation.of

OPERATIONS = Table(
    _op("split", OPEN, UNCHANGED, HEADS, LEAD, label="Giao nhiệm vụ con", subtasks=False),
    _op(
        "report",
        OPEN,
        TaskStatus.IN_PROGRESS,
        {roles.SPECIALIST, roles.UNIT_HEAD, roles.OFFICE},
        WORKER,
        label="Báo cáo tiến độ",
    ),
    _op("complete", OPEN, TaskStatus.DONE, HEADS, LEAD, label="Xác nhận hoàn thành"),
    _op("cancel", OPEN, TaskStatus.CANCELLED, {roles.OFFICE}, ANY, label="Hủy nhiệm vụ"),
)
# Creating a task is not a transition but has the same kind of rule.
CREATE_ROLES = frozenset({roles.OFFICE})

allowed_from = OPERATIONS.allowed_from

# The Office or the Director records the council's conclusion on an initiative, then its application.
INITIATIVE_DECIDERS = frozenset({roles.OFFICE, roles.DIRECTOR})
INITIATIVE_OPERATIONS = Table(
    Operation.of("evaluate", {Initiative.Status.REGISTERED}, DECIDED, INITIATIVE_DECIDERS, ANY),
    Operation.of("apply", {Initiative.Status.ACCEPTED}, Initiative.Status.APPLIED, INITIATIVE_DECIDERS, ANY),
)
