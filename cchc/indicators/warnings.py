"""Early warning: per unit, the dossiers due within one working day that are not at their
last step, and the plan tasks due within five working days; the unit heads are told through the
Outbox once a day. Used by ``cchc warn``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone

from cchc.dossiers import timeliness
from cchc.dossiers.models import Dossier, Status
from cchc.indicators.models import WarningNotice
from cchc.notifications.services import Notice, enqueue
from cchc.org.models import Unit
from cchc.org.selectors import heads_of
from cchc.procedures.models import ProcessStep
from cchc.workdays import calendar

TASK_DAYS = 5
_WORKING = [Status.RECEIVED, Status.IN_PROCESS, Status.INTER_AGENCY]


@dataclass
class UnitWarning:
    unit: Unit
    dossiers: list = field(default_factory=list)
    tasks: list = field(default_factory=list)


def task_limit(today: dt.date, n: int = TASK_DAYS) -> dt.date:
    """The ``n``-th working day after ``today`` (the working-day calendar's)."""
    day = today
    for _ in range(n):
        day = calendar.next_working_day(day)
    return day


def dossiers_due_soon(now: dt.datetime):
    """Open dossiers a unit holds, due soon (``timeliness.due_soon_q``: within one working day, not
    already late), not at the last step."""
    return (
        Dossier.objects.filter(
            timeliness.due_soon_q(now),
            status__in=_WORKING,
            holder_unit__isnull=False,
            finished_at__isnull=True,
        )
        .exclude(current_step__role=ProcessStep.Role.RETURN)
        .select_related("holder_unit", "procedure_version")
        .order_by("holder_unit__name", "due_at", "code")
    )


def tasks_due_soon(today: dt.date):
    from cchc.plans.models import OPEN_TASK_STATUSES, Task

    return (
        Task.objects.filter(
            status__in=list(OPEN_TASK_STATUSES), deadline__gte=today, deadline__lte=task_limit(today)
        )
        .select_related("lead_unit")
        .order_by("lead_unit__name", "deadline", "pk")
    )


def collect(now: dt.datetime | None = None) -> list[UnitWarning]:
    now = now or timezone.now()
    today = timezone.localdate(now)
    by_unit: dict[int, UnitWarning] = {}
    for d in dossiers_due_soon(now):
        by_unit.setdefault(d.holder_unit_id, UnitWarning(d.holder_unit)).dossiers.append(d)
    for t in tasks_due_soon(today):
        by_unit.setdefault(t.lead_unit_id, UnitWarning(t.lead_unit)).tasks.append(t)
    return sorted(by_unit.values(), key=lambda w: w.unit.name)


def heads(unit: Unit):
    """The unit's heads (``org.selectors.heads_of``) who have an e-mail address to be warned at."""
    return heads_of(unit).exclude(user__email="")


def _body(w: UnitWarning, today: dt.date) -> str:
    lines = [f"Cảnh báo sớm ngày {today:%d/%m/%Y} — {w.unit.name}", ""]
    if w.dossiers:
        lines.append(f"Hồ sơ đến hạn trong 1 ngày làm việc, chưa ở bước cuối ({len(w.dossiers)}):")
        lines += [
            f"- {d.code}: {d.procedure_version.name}, hẹn trả {timezone.localtime(d.due_at):%H:%M %d/%m/%Y}"
            for d in w.dossiers
        ]
        lines.append("")
    if w.tasks:
        lines.append(f"Nhiệm vụ CCHC đến hạn trong {TASK_DAYS} ngày làm việc ({len(w.tasks)}):")
        lines += [f"- {t.title} (hạn {t.deadline:%d/%m/%Y})" for t in w.tasks]
    return "\n".join(lines)


def notify(warnings: list[UnitWarning], now: dt.datetime | None = None) -> int:
    """Queue one e-mail per unit head with the unit's list; a head already told today is skipped."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    queued = 0
    for w in warnings:
        for staff in heads(w.unit):
            try:
                with transaction.atomic():
                    WarningNotice.objects.create(
                        day=today,
                        unit=w.unit,
                        recipient=staff.user.email,
                        dossiers=len(w.dossiers),
                        tasks=len(w.tasks),
                    )
                    subject = (
                        f"[Cảnh báo sớm] {w.unit.name}: {len(w.dossiers)} hồ sơ, "
                        f"{len(w.tasks)} nhiệm vụ sắp đến hạn"
                    )
                    enqueue(Notice(subject, _body(w, today)), emails=[staff.user.email])
            except IntegrityError:  # already told today (unique day, unit, recipient)
                continue
            queued += 1
    return queued
