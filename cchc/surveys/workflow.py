"""The two small workflows of the survey app, as data.

- A follow-up of a low answer (``FollowUp``): open → closed, by the head of the unit it was given to
  (or the Office, for its own items: the Office role counts only for Office staff, decision 0003).
- A counter tablet in kiosk mode (``KioskDevice``): opened by a counter officer (or the counter's
  head) on the counter, closed by one of them. Its state is read from ``closed_at`` (open until
  closed), which the service sets: the targets are ``DECIDED``.

The operations are named as their events are recorded in ``SurveyEvent``. ``scope``: ``UNIT`` the
actor's unit is the row's unit; ``COUNTER`` the actor's unit is a one-stop counter.
``cchc.surveys.services`` runs them in the workflow kernel's frame (``cchc.common.workflow``).
"""

from __future__ import annotations

from cchc.common.workflow import DECIDED, NEW, Operation, Table
from cchc.org import roles
from cchc.surveys.models import FollowUp, KioskDevice

UNIT = "unit"
COUNTER = "counter"

FOLLOW_UP_OPERATIONS = Table(
    Operation.of(
        "follow_up_closed",
        {FollowUp.State.OPEN},
        FollowUp.State.CLOSED,
        {roles.UNIT_HEAD, roles.OFFICE},
        UNIT,
    ),
)

KIOSK_ROLES = frozenset({roles.COUNTER_OFFICER, roles.UNIT_HEAD})
KIOSK_OPERATIONS = Table(
    Operation.of("kiosk_opened", {NEW}, DECIDED, KIOSK_ROLES, COUNTER),
    Operation.of("kiosk_closed", {KioskDevice.State.OPEN}, DECIDED, KIOSK_ROLES, UNIT),
)
