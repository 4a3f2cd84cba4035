"""A dossier's time rules (domain.md §5), in one module.

The working-day calendar itself — office hours, holidays and make-up days, the counting rules of a
procedure (``cchc.workdays.calendar``, ``cchc.workdays.rules``) — knows nothing of dossiers. This
module applies it to them:

- :func:`due_for` — the appointment: the procedure's legal time counted by its rule from receipt;
  half days are counted in working minutes after the whole days;
- :func:`budget_minutes`, :func:`step_due` — a process step's time budget in office minutes, and when
  a step handed over at a moment falls due;
- :func:`step_result` — early, on time or late of one step against its due time (the control slip);
- :func:`end_pause` — closing a supplement pause moves the due dates and the open step's due time by
  the working time paused;
- :func:`apology_is_late` — an apology given less than one working day before the appointment is
  late (P-B13);
- :func:`soon_limit` — "due soon" means due within one working day of office time.

Which class a dossier is in (early, on time, late, due soon, paused…) is ``cchc.dossiers.timeliness``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from cchc.dossiers.models import Dossier, Handover
from cchc.procedures.models import ProcedureVersion
from cchc.workdays import calendar


def day_minutes() -> int:
    """Office minutes in one working day (450 with the default office hours)."""
    return calendar.get_calendar().day_minutes


def budget_minutes(version: ProcedureVersion, budget: Decimal) -> int:
    """A step's budget (in the procedure's time unit: working hours or days) in office minutes."""
    if version.time_unit == ProcedureVersion.TimeUnit.WORKING_HOURS:
        return int(budget * 60)
    return int(budget * day_minutes())


def due_for(version: ProcedureVersion, received_at: dt.datetime) -> dt.datetime:
    """The appointment: the procedure's legal time counted by its rule (domain.md §5)."""
    n = version.processing_time
    if version.time_unit == ProcedureVersion.TimeUnit.WORKING_HOURS:
        return calendar.add_working_days(received_at, n, version.counting_rule)
    whole = int(n)
    due = calendar.add_working_days(received_at, whole, version.counting_rule) if whole else received_at
    if n != whole:  # half days: counted in working time after the whole days
        due = calendar.add_working_minutes(due, int((n - whole) * day_minutes()))
    return due


def step_due(version: ProcedureVersion, budget: Decimal, at: dt.datetime) -> dt.datetime:
    """When a step with ``budget`` handed over at ``at`` falls due."""
    return calendar.add_working_minutes(at, budget_minutes(version, budget))


def step_result(done_at: dt.datetime, due_at: dt.datetime) -> str:
    """A step's result for the control slip: early (done before its due day), on time, late."""
    local_done, local_due = timezone.localtime(done_at), timezone.localtime(due_at)
    if local_done > local_due:
        return Handover.Result.LATE
    if local_done.date() < local_due.date():
        return Handover.Result.EARLY
    return Handover.Result.ON_TIME


def end_pause(dossier: Dossier, at: dt.datetime) -> int:
    """Close a supplement pause: the paused working time moves the due dates and the open step.

    Changes ``dossier`` in memory (the caller saves it) and saves the open control-slip row; returns
    the working minutes paused.
    """
    paused = calendar.working_minutes_between(dossier.paused_since, at) if dossier.paused_since else 0
    dossier.paused_since = None
    dossier.paused_minutes += paused
    if paused and dossier.due_at:
        dossier.due_at = calendar.add_working_minutes(dossier.due_at, paused)
        if dossier.new_due_at:
            dossier.new_due_at = calendar.add_working_minutes(dossier.new_due_at, paused)
        step = (
            dossier.handovers.filter(done_at__isnull=True, step_due_at__isnull=False).order_by("-seq").first()
        )
        if step is not None:  # the pause does not count against the step's budget either
            step.step_due_at = calendar.add_working_minutes(step.step_due_at, paused)
            step.save(update_fields=["step_due_at"])
    return paused


def apology_is_late(at: dt.datetime, due_at: dt.datetime) -> bool:
    """An apology is due no later than one working day before the appointment (P-B13)."""
    return calendar.working_minutes_between(at, due_at) < day_minutes()


def soon_limit(now: dt.datetime) -> dt.datetime:
    """Due at or before this moment = "due soon" (one working day of office time from ``now``)."""
    return calendar.add_working_minutes(now, day_minutes())
