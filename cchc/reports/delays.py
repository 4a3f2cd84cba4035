"""The delay report (plan P-B13): steps of the internal process that overran their time budget.

Source: ``cchc.dossiers.models.Handover`` rows whose ``result`` is LATE — the receiving side (the
unit ``to_unit`` of the Department, or the partner agency ``to_agency`` of an inter-agency step) took
longer than the step's budget (``done_at > step_due_at``). A step counts in the period when it was
finished (``done_at``, local dates, both ends included).

Attribution: the delay belongs to whoever held the dossier during the step — a unit of the
Department, or another agency (``to_agency`` set). The second part is what P-B13 asks to report in
writing to Sở Nội vụ, naming the dossier, the process step, the slow agency and the cause.

Scope ``unit``: the steps that unit overran, plus the partner steps of dossiers that unit sent out
(the partner's delay reaches the unit's own figures, so its head sees it too).

The counts are database aggregates; the list is a queryset. The overrun of one row (working days
and hours between the step's deadline and its end) uses the working-day calendar, for the rows
shown only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.dossiers.models import Handover
from cchc.org.models import Unit
from cchc.workdays import calendar


def bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    return (
        dt.datetime.combine(start, dt.time.min, tzinfo=tz),
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz),
    )


def late_steps(start: dt.date, end: dt.date, unit: Unit | None = None) -> QuerySet[Handover]:
    """Late steps finished in the period, the slow side first by name, then by time."""
    low, high = bounds(start, end)
    qs = Handover.objects.filter(result=Handover.Result.LATE, done_at__gte=low, done_at__lt=high)
    if unit is not None:
        qs = qs.filter(Q(to_unit=unit) | Q(to_agency__isnull=False, from_unit=unit))
    return qs.select_related(
        "dossier__procedure_version__procedure", "step", "to_unit", "to_agency", "from_unit"
    ).order_by(
        F("to_agency__name").asc(nulls_last=True), F("to_unit__name").asc(nulls_last=True), "done_at", "pk"
    )


def other_agency_steps(start: dt.date, end: dt.date, unit: Unit | None = None) -> QuerySet[Handover]:
    """Only the steps another agency overran (the letter to Sở Nội vụ)."""
    return late_steps(start, end, unit).filter(to_agency__isnull=False)


def summary(qs: QuerySet[Handover]) -> dict:
    """Totals, and per unit / per agency counts (database aggregates)."""
    base = qs.order_by()
    totals = base.aggregate(
        steps=Count("pk"),
        dossiers=Count("dossier", distinct=True),
        internal=Count("pk", filter=Q(to_agency__isnull=True)),
        external=Count("pk", filter=Q(to_agency__isnull=False)),
        external_dossiers=Count("dossier", distinct=True, filter=Q(to_agency__isnull=False)),
        without_apology=Count("dossier", distinct=True, filter=Q(dossier__apologised_at__isnull=True)),
    )
    per = {
        "steps": Count("pk"),
        "dossiers": Count("dossier", distinct=True),
        "without_apology": Count("dossier", distinct=True, filter=Q(dossier__apologised_at__isnull=True)),
    }
    units = list(
        base.filter(to_agency__isnull=True, to_unit__isnull=False)
        .values("to_unit", "to_unit__name")
        .annotate(**per)
        .order_by("-steps", "to_unit__name")
    )
    agencies = list(
        base.filter(to_agency__isnull=False)
        .values("to_agency", "to_agency__name")
        .annotate(**per)
        .order_by("-steps", "to_agency__name")
    )
    return {
        "totals": totals,
        "units": [{"name": r["to_unit__name"], **{k: r[k] for k in per}} for r in units],
        "agencies": [{"name": r["to_agency__name"], **{k: r[k] for k in per}} for r in agencies],
    }


@dataclass
class Overrun:
    minutes: int  # working minutes after the step's deadline

    @property
    def days(self) -> float:
        return self.minutes / calendar.get_calendar().day_minutes

    @property
    def hours(self) -> float:
        return self.minutes / 60

    def __str__(self) -> str:
        day = calendar.get_calendar().day_minutes
        d, rest = divmod(self.minutes, day)
        h, m = divmod(rest, 60)
        parts = []
        if d:
            parts.append(_("%(n)s ngày làm việc") % {"n": d})
        if h:
            parts.append(_("%(n)s giờ") % {"n": h})
        if m or not parts:
            parts.append(_("%(n)s phút") % {"n": m})
        return " ".join(parts)


def overrun(step: Handover) -> Overrun:
    if step.step_due_at is None or step.done_at is None or step.done_at <= step.step_due_at:
        return Overrun(0)
    return Overrun(calendar.working_minutes_between(step.step_due_at, step.done_at))


def responsible(step: Handover) -> str:
    return (step.to_agency or step.to_unit).name if (step.to_agency or step.to_unit) else "—"


def row(step: Handover) -> dict:
    """What a line of the report shows for one late step."""
    dossier = step.dossier
    late = overrun(step)
    return {
        "code": dossier.code,
        "procedure": dossier.procedure_version.name,
        "procedure_code": dossier.procedure_version.procedure.code,
        "step": step.step.name if step.step_id else "—",
        "responsible": responsible(step),
        "external": step.to_agency_id is not None,
        "sender": step.from_unit.name if step.from_unit_id else "",
        "due": timezone.localtime(step.step_due_at) if step.step_due_at else None,
        "done": timezone.localtime(step.done_at) if step.done_at else None,
        "overrun": str(late),
        "overrun_minutes": late.minutes,
        "overrun_days": round(late.days, 2),
        "overrun_hours": round(late.hours, 2),
        "reason": dossier.apology_reason or _("(chưa ghi nhận lý do: hồ sơ không có văn bản xin lỗi)"),
        "apologised": dossier.apologised_at is not None,
    }
