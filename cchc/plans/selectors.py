"""Read-side queries of the plan, computed in the database.

**The 90 % rule (P-A7).** For a year, a unit, its head or an official is measured on the reform
tasks (``is_reform``) of that year assigned to them, cancelled tasks left out:

    rate = tasks done on or before their deadline / tasks assigned × 100 %

A task finished after its deadline is *not* counted as completed: the plan makes the completion
date part of every task (P-A4), so a task done late was not completed as assigned; the tables show
the late ones separately. Tasks still open count in the denominator (the year's figure is provisional
until the year ends). Below 90 % the subject "không được xếp loại hoàn thành tốt nhiệm vụ trở lên";
exactly 90 % passes (compared in integers: ``done × 10 ≥ total × 9``). A year with no assigned
task gives ``rate = None`` and ``passes = None`` ("no data"), never 0 %.

Whose tasks: a **unit** answers for the top-level tasks it leads; its **head** (the unit's staff
with the unit-head role, or the Office role for the Office) answers for the same tasks as the unit;
an **official** answers for the tasks assigned to them by name (sub-tasks, P-B1).

**Training (T6):** participation = planned attendees who attended / planned attendees, by the year
the course starts. **Initiatives (T9):** applied initiatives counted by the year of ``applied_on``.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    FilteredRelation,
    FloatField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
    Window,
)
from django.db.models.functions import Cast, ExtractYear, NullIf, Rank
from django.db.models.lookups import GreaterThanOrEqual
from django.utils import timezone

from cchc.org.models import Agency, Staff, Unit
from cchc.org.selectors import heads
from cchc.plans.models import (
    OPEN_TASK_STATUSES,
    Attendance,
    Initiative,
    Plan,
    Task,
    TaskStatus,
)

THRESHOLD = 90  # per cent, P-A7
COUNTED = (TaskStatus.ASSIGNED, TaskStatus.IN_PROGRESS, TaskStatus.DONE)


# --- tasks -----------------------------------------------------------------------------------------


def overdue_expression(today: dt.date | None = None):
    today = today or timezone.localdate()
    return Case(
        When(status__in=list(OPEN_TASK_STATUSES), deadline__lt=today, then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )


def with_overdue(qs: QuerySet[Task], today: dt.date | None = None) -> QuerySet[Task]:
    """Annotate ``is_overdue``: deadline passed (strictly before today) and neither done nor cancelled."""
    return qs.annotate(is_overdue=overdue_expression(today))


def tasks(today: dt.date | None = None) -> QuerySet[Task]:
    return with_overdue(
        Task.objects.select_related("lead_unit", "assignee__user", "requirement", "parent", "plan"), today
    )


def plans_of(agency: Agency | None) -> QuerySet[Plan]:
    """The reform plans of ``agency``; with None, the system owner's (the province's view). A plan
    without a recorded agency is the owner's. A merged agency's plan stays its own: its successor
    does not take it over."""
    owner = Q(agency__isnull=True) | Q(agency__is_home=True)
    if agency is None:
        return Plan.objects.filter(owner)
    return Plan.objects.filter(Q(agency=agency) | (owner if agency.is_home else Q(pk__in=[])))


def current_plan(agency: Agency | None = None) -> Plan | None:
    """The newest plan of ``agency`` (see ``plans_of``)."""
    return plans_of(agency).order_by("-issued_on").first()


def task_list(
    staff: Staff, *, scope: str, year: int | None = None, today: dt.date | None = None
) -> QuerySet[Task]:
    """Tasks for the list screen, overdue first, then by deadline.

    ``scope``: ``mine`` (assigned to ``staff`` by name), ``unit`` (led or coordinated by their unit),
    ``all`` (every task; the screen offers it to the Office and directors).
    """
    qs = tasks(today)
    if scope == "mine":
        qs = qs.filter(assignee=staff)
    elif scope == "unit":
        coordinated = Task.coordinating_units.through.objects.filter(unit_id=staff.unit_id).values("task_id")
        qs = qs.filter(Q(lead_unit=staff.unit_id) | Q(pk__in=coordinated))
    if year:
        qs = qs.filter(year=year)
    return qs.order_by(
        "-is_overdue", Case(When(status__in=list(OPEN_TASK_STATUSES), then=0), default=1), "deadline", "pk"
    )


def requirement_summary(plan: Plan, year: int | None = None, today: dt.date | None = None):
    """Each requirement of ``plan`` with the counts of its top-level tasks by state."""
    today = today or timezone.localdate()
    task_filter = Q(tasks__parent__isnull=True)
    if year:
        task_filter &= Q(tasks__year=year)
    open_q = Q(tasks__status__in=list(OPEN_TASK_STATUSES))
    return plan.requirements.annotate(
        n_tasks=Count("tasks", filter=task_filter),
        n_done=Count("tasks", filter=task_filter & Q(tasks__status=TaskStatus.DONE)),
        n_open=Count("tasks", filter=task_filter & open_q),
        n_overdue=Count("tasks", filter=task_filter & open_q & Q(tasks__deadline__lt=today)),
        n_cancelled=Count("tasks", filter=task_filter & Q(tasks__status=TaskStatus.CANCELLED)),
    ).order_by("order", "code")


def task_years() -> list[int]:
    return list(Task.objects.order_by("year").values_list("year", flat=True).distinct())


# --- the 90 % rule ---------------------------------------------------------------------------------


def _counted(prefix: str, year: int) -> Q:
    return Q(**{f"{prefix}year": year, f"{prefix}is_reform": True, f"{prefix}status__in": COUNTED})


def _rate_annotations(qs: QuerySet, relation: str, year: int, top_level: bool) -> QuerySet:
    """Annotate ``total``, ``done_on_time``, ``done_late``: a LEFT JOIN on ``relation`` restricted
    (in its ON clause, via FilteredRelation, so an index range per row) to the counted tasks of
    ``year``, then one GROUP BY."""
    condition = _counted(f"{relation}__", year)
    if top_level:
        condition &= Q(**{f"{relation}__parent__isnull": True})
    qs = qs.annotate(counted_tasks=FilteredRelation(relation, condition=condition))
    done = Q(counted_tasks__status=TaskStatus.DONE)
    return qs.annotate(
        total=Count("counted_tasks"),
        done_on_time=Count(
            "counted_tasks", filter=done & Q(counted_tasks__done_on__lte=F("counted_tasks__deadline"))
        ),
        done_late=Count(
            "counted_tasks", filter=done & Q(counted_tasks__done_on__gt=F("counted_tasks__deadline"))
        ),
    )


def _with_rate(qs: QuerySet) -> QuerySet:
    """Add ``rate`` (None without data), ``passes`` (None without data) and ``rank`` (by rate)."""
    rate = Cast(F("done_on_time"), FloatField()) * Value(100.0) / NullIf(F("total"), Value(0))
    return qs.annotate(
        rate=rate,
        passes=Case(
            When(total=0, then=Value(None)),
            When(GreaterThanOrEqual(F("done_on_time") * 100, F("total") * THRESHOLD), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(null=True),
        ),
        rank=Window(expression=Rank(), order_by=[F("rate").desc(nulls_last=True)]),
    )


def _of(qs: QuerySet, agency: Agency | None, path: str = "agency") -> QuerySet:
    """The rows of ``agency`` (the actor's or the one chosen); every agency's with None."""
    return qs.filter(**{path: agency}) if agency is not None else qs


def task_completion(year: int, unit: Unit | None = None, *, agency: Agency | None = None) -> QuerySet[Unit]:
    """Units of ``agency`` with ``total``, ``done_on_time``, ``done_late``, ``rate``, ``passes``,
    ``rank`` for ``year`` (top-level tasks they lead). ``unit``: only that unit."""
    qs = _of(Unit.objects.all(), agency).exclude(kind=Unit.Kind.LEADERSHIP)
    if unit is not None:
        qs = qs.filter(pk=unit.pk)
    else:  # the units of that year, and any older unit that still has tasks in it
        qs = qs.filter(
            Q(pk__in=Unit.objects.valid_on(dt.date(year, 12, 31)).values("pk"))
            | Exists(Task.objects.filter(lead_unit=OuterRef("pk"), year=year))
        )
    qs = _rate_annotations(qs, "plan_tasks", year, top_level=True)
    return _with_rate(qs).order_by("rank", "name")


def head_completion(year: int, unit: Unit | None = None, *, agency: Agency | None = None) -> QuerySet[Staff]:
    """Heads of units of ``agency`` (``org.selectors.heads``: the unit-head role; the Office role for
    the Office) with their unit's figures."""
    qs = _of(heads(), agency, "unit__agency").exclude(unit__kind=Unit.Kind.LEADERSHIP)
    if unit is not None:
        qs = qs.filter(unit=unit)
    qs = _rate_annotations(qs, "unit__plan_tasks", year, top_level=True)
    return _with_rate(qs).select_related("user", "unit").order_by("rank", "unit__name")


def official_completion(year: int, unit: Unit | None = None) -> QuerySet[Staff]:
    """Officials with tasks assigned to them by name in ``year`` (those without any: no data)."""
    qs = Staff.objects.filter(Exists(Task.objects.filter(assignee=OuterRef("pk"), year=year)))
    if unit is not None:
        qs = qs.filter(unit=unit)
    qs = _rate_annotations(qs, "plan_tasks", year, top_level=False)
    return _with_rate(qs).select_related("user", "unit").order_by("rank", "unit__name", "full_name")


def completion_summary(year: int, *, agency: Agency | None = None) -> dict:
    """An agency's overall figure for ``year`` (top-level reform tasks its units lead; every agency's
    with None) — the total of ``task_completion``'s rows."""
    counted = _counted("", year) & Q(parent__isnull=True)
    row = _of(Task.objects.all(), agency, "lead_unit__agency").aggregate(
        total=Count("pk", filter=counted),
        done_on_time=Count("pk", filter=counted & Q(status=TaskStatus.DONE, done_on__lte=F("deadline"))),
        done_late=Count("pk", filter=counted & Q(status=TaskStatus.DONE, done_on__gt=F("deadline"))),
    )
    total, done = row["total"], row["done_on_time"]
    return {
        "total": total,
        "done_on_time": done,
        "done_late": row["done_late"],
        "rate": (done * 100 / total) if total else None,
        "passes": (done * 100 >= total * THRESHOLD) if total else None,
    }


def digital_task_queryset(
    year: int | None = None, unit: Unit | None = None, *, agency: Agency | None = None
) -> QuerySet[Task]:
    """T8's tasks: top-level tasks of the digital-transformation requirement (P-B19), not cancelled;
    with ``unit``, those it leads; with ``agency``, those its units lead."""
    qs = Task.objects.filter(parent__isnull=True, requirement__code="P-B19", status__in=COUNTED)
    if year:
        qs = qs.filter(year=year)
    if unit is not None:
        qs = qs.filter(lead_unit=unit)
    elif agency is not None:
        qs = qs.filter(lead_unit__agency=agency)
    return qs


def digital_tasks(year: int | None = None, unit: Unit | None = None, *, agency: Agency | None = None) -> dict:
    """T8: top-level tasks of the plan's digital-transformation requirement (P-B19) done / assigned."""
    qs = digital_task_queryset(year, unit, agency=agency)
    row = qs.aggregate(total=Count("pk"), done=Count("pk", filter=Q(status=TaskStatus.DONE)))
    row["rate"] = row["done"] * 100 / row["total"] if row["total"] else None
    return row


# --- initiatives (T9) ------------------------------------------------------------------------------


def initiatives(year: int | None = None) -> QuerySet[Initiative]:
    qs = Initiative.objects.select_related("unit", "registered_by")
    if year:
        qs = qs.filter(year=year)
    return qs.order_by("-year", "status", "title")


def applied_initiatives(
    start: dt.date, end: dt.date, unit: Unit | None = None, *, agency: Agency | None = None
) -> QuerySet[Initiative]:
    """T9's population: initiatives applied from ``start`` to ``end`` (both included, by the date
    applied); with ``unit``, those of that unit; with ``agency``, of its units. The indicator, its
    trend and the report read it."""
    qs = Initiative.objects.filter(
        status=Initiative.Status.APPLIED, applied_on__gte=start, applied_on__lte=end
    )
    if unit is not None:
        return qs.filter(unit=unit)
    return qs.filter(unit__agency=agency) if agency is not None else qs


def initiatives_applied(year: int) -> int:
    """Initiatives applied in ``year`` (by the date applied)."""
    return applied_initiatives(dt.date(year, 1, 1), dt.date(year, 12, 31)).count()


def initiatives_applied_by_year() -> dict[int, int]:
    rows = (
        Initiative.objects.filter(status=Initiative.Status.APPLIED)
        .annotate(y=ExtractYear("applied_on"))
        .values("y")
        .annotate(n=Count("pk"))
        .order_by("y")
    )
    return {row["y"]: row["n"] for row in rows}


# --- training (T6) ---------------------------------------------------------------------------------


def training_q(year: int, prefix: str = "") -> Q:
    """T6's population as a condition on attendances (through ``prefix``, e.g. ``"staff__attendance__"``):
    the planned attendees of the courses that start in ``year``."""
    return Q(**{f"{prefix}planned": True, f"{prefix}course__starts_on__year": year})


def training_attendance(
    year: int, unit: Unit | None = None, *, agency: Agency | None = None
) -> QuerySet[Attendance]:
    """T6's population (``training_q``); with ``unit``, its staff's; with ``agency``, its units' staff's.
    The indicator and its trend read it."""
    qs = Attendance.objects.filter(training_q(year))
    if unit is not None:
        return qs.filter(staff__unit=unit)
    return qs.filter(staff__unit__agency=agency) if agency is not None else qs


def training_participation(year: int, unit: Unit | None = None, *, agency: Agency | None = None) -> dict:
    """``planned``, ``attended`` (among the planned) and ``rate`` (None without planned attendees)."""
    qs = training_attendance(year, unit, agency=agency)
    row = qs.aggregate(planned=Count("pk"), attended=Count("pk", filter=Q(attended=True)))
    row["rate"] = row["attended"] * 100 / row["planned"] if row["planned"] else None
    return row


def training_by_unit(year: int) -> QuerySet[Unit]:
    """Units with ``planned``, ``attended`` and ``rate`` (None without planned attendees) for ``year``."""
    counted = training_q(year, "staff__attendance__")
    qs = Unit.objects.filter(staff__attendance__course__starts_on__year=year).distinct()
    return (
        Unit.objects.filter(pk__in=qs.values("pk"))
        .annotate(
            planned=Count("staff__attendance", filter=counted),
            attended=Count("staff__attendance", filter=counted & Q(staff__attendance__attended=True)),
        )
        .annotate(rate=Cast(F("attended"), FloatField()) * Value(100.0) / NullIf(F("planned"), Value(0)))
        .order_by("name")
    )


def courses(year: int | None = None):
    from cchc.plans.models import Course

    qs = Course.objects.annotate(
        planned=Count("attendance", filter=Q(attendance__planned=True)),
        attended=Count("attendance", filter=Q(attendance__planned=True, attendance__attended=True)),
    )
    if year:
        qs = qs.filter(starts_on__year=year)
    return qs.order_by("-starts_on", "title")
