"""The monthly trend of each plan target on the dashboard, on hand-computed data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from cchc.dossiers.models import Channel
from cchc.indicators import engine
from cchc.indicators.engine import Period
from tests.factories import FormTemplateFactory, ProcedureVersionFactory, UserFactory

from .conftest import NOW, at, make_plan

Q1 = Period.quarter(2026, 1)
pytestmark = pytest.mark.django_db


def _trend(key, unit=None, period=Q1):
    return engine.dashboard(period, unit, now=NOW)["trend"][key]


def test_every_target_has_a_trend_of_the_period_months(world):
    trends = engine.dashboard(Q1, now=NOW)["trend"]
    assert sorted(trends) == [f"T{i}" for i in range(1, 10)]
    for points in trends.values():
        assert [label for label, _v in points] == ["01/2026", "02/2026", "03/2026"]


def test_t4_paper_dossiers_per_month_of_online_procedures_only(world):
    world.dossier(world.va, received=at(2026, 2, 2), due=at(2026, 2, 20, 17))  # paper, counter
    world.dossier(world.va, received=at(2026, 2, 3), due=at(2026, 2, 20, 17), channel=Channel.POST)
    world.dossier(world.va, received=at(2026, 2, 4), due=at(2026, 2, 20, 17), channel=Channel.ONLINE)
    world.dossier(world.vb, received=at(2026, 2, 5), due=at(2026, 2, 20, 17))  # not an online procedure
    # finished: counted from the monthly tallies
    world.dossier(world.va, received=at(2026, 3, 2), due=at(2026, 3, 20, 17), finished=at(2026, 3, 5))
    # January: no dossier of an online procedure → no data, as T4 itself says for such a month
    assert _trend("T4") == [("01/2026", None), ("02/2026", Decimal(2)), ("03/2026", Decimal(1))]
    assert engine.t4_paper(Period.month(2026, 1), now=NOW).value is None
    assert _trend("T4", world.b) == [("01/2026", None), ("02/2026", None), ("03/2026", None)]


def test_t1_is_read_at_each_month_end(world):
    """A procedure published from 15 February adds a form without guidance from February on."""
    FormTemplateFactory(document__version=world.va)
    late = ProcedureVersionFactory(agency=world.agency, valid_from=dt.date(2026, 2, 15))
    FormTemplateFactory(document__version=late, guidance="")
    assert _trend("T1") == [
        ("01/2026", Decimal("100.00")),
        ("02/2026", Decimal("50.00")),
        ("03/2026", Decimal("50.00")),
    ]
    # T3 likewise: the new procedure has no internal process yet (2 of 3 from February)
    assert _trend("T3") == [
        ("01/2026", Decimal("100.00")),
        ("02/2026", Decimal("66.67")),
        ("03/2026", Decimal("66.67")),
    ]
    # the same numbers as the targets computed for each month alone
    for month, (_label, value) in zip(Q1.months(), _trend("T1"), strict=True):
        assert engine.t1_forms(month).value == value


def test_t9_initiatives_applied_per_month(world):
    from cchc.plans.models import Initiative

    user = UserFactory()
    for applied in (dt.date(2026, 2, 10), dt.date(2026, 3, 1), dt.date(2026, 3, 31), dt.date(2026, 4, 1)):
        Initiative.objects.create(
            title="Sáng kiến",
            authors="Nguyễn Văn An",
            unit=world.a,
            year=2026,
            description="Mô tả",
            status=Initiative.Status.APPLIED,
            decided_on=applied,
            applied_on=applied,
            scope="Toàn Sở",
            registered_by=user,
            registered_at=at(2026, 1, 5),
        )
    assert _trend("T9") == [("01/2026", Decimal(0)), ("02/2026", Decimal(1)), ("03/2026", Decimal(2))]
    assert _trend("T9", world.b)[2] == ("03/2026", Decimal(0))


def test_t8_digital_tasks_done_cumulative_from_january(world):
    from cchc.plans.models import Requirement, Task

    plan = make_plan()
    user = UserFactory()
    req = Requirement.objects.create(plan=plan, code="P-B19", section="B", title="Chuyển đổi số", text="…")

    def task(status, done_on=None):
        return Task.objects.create(
            plan=plan,
            requirement=req,
            title="Số hóa",
            lead_unit=world.a,
            start=dt.date(2026, 1, 5),
            deadline=dt.date(2026, 6, 30),
            year=2026,
            status=status,
            done_on=done_on,
            progress=100 if status == "done" else 0,
            created_at=at(2026, 1, 5),
            created_by=user,
        )

    task("done", dt.date(2026, 1, 20))
    task("done", dt.date(2026, 3, 3))
    task("in_progress")
    task("in_progress")
    other = task("done", dt.date(2026, 2, 2))
    Task.objects.filter(pk=other.pk).update(
        lead_unit=world.b
    )  # led by unit B: only in B's and the Department's
    assert _trend("T8", world.b) == [
        ("01/2026", Decimal("0.00")),
        ("02/2026", Decimal("100.00")),
        ("03/2026", Decimal("100.00")),
    ]
    value = engine.t8_digital(Q1, world.a)
    assert (value.numerator, value.denominator) == (2, 4)
    Task.objects.filter(pk=other.pk).delete()
    assert _trend("T8") == [
        ("01/2026", Decimal("25.00")),
        ("02/2026", Decimal("25.00")),
        ("03/2026", Decimal("50.00")),
    ]


def test_t5_trend_matches_the_on_time_trend(world):
    world.dossier(received=at(2026, 2, 2), due=at(2026, 2, 5, 17), finished=at(2026, 2, 4))
    world.dossier(received=at(2026, 2, 2), due=at(2026, 2, 5, 17), finished=at(2026, 2, 9))
    assert _trend("T5") == engine.on_time_trend(Q1, now=NOW)
    assert _trend("T5")[1] == ("02/2026", Decimal("50.00"))


def test_months_without_data_are_no_data(world):
    for key in ("T1", "T2", "T5", "T6", "T7", "T8"):
        assert all(value is None for _label, value in _trend(key)), key
    # the two procedures of the fixture both have an internal process
    assert _trend("T3") == [(m, Decimal("100.00")) for m in ("01/2026", "02/2026", "03/2026")]


def test_t6_and_t9_read_the_plans_populations(world):
    """One queryset each (plans.selectors): the target, its trend and the plan's own figures agree."""
    from cchc.plans import selectors
    from cchc.plans.models import Attendance, Course, Initiative
    from tests.factories import StaffFactory

    user = UserFactory()
    course = Course.objects.create(
        title="Lớp",
        organiser="Sở",
        starts_on=dt.date(2026, 2, 9),
        ends_on=dt.date(2026, 2, 10),
        created_by=user,
    )
    for unit, planned, attended in [
        (world.a, True, True),
        (world.a, True, False),
        (world.b, True, True),
        (world.a, False, True),
    ]:
        Attendance.objects.create(
            course=course, staff=StaffFactory(unit=unit), planned=planned, attended=attended
        )
    for n, applied in enumerate((dt.date(2025, 12, 31), dt.date(2026, 2, 10), dt.date(2026, 3, 31))):
        Initiative.objects.create(
            title=f"Sáng kiến {n}",
            authors="Nguyễn Văn An",
            unit=world.a,
            year=applied.year,
            description="Mô tả",
            status=Initiative.Status.APPLIED,
            decided_on=applied,
            applied_on=applied,
            scope="Toàn Sở",
            registered_by=user,
            registered_at=at(2025, 12, 1),
        )
    for unit in (None, world.a, world.b):
        t6 = engine.t6_training(Q1, unit)
        plan_t6 = selectors.training_participation(2026, unit)
        assert (t6.numerator, t6.denominator) == (plan_t6["attended"], plan_t6["planned"])
        assert _trend("T6", unit)[-1][1] == t6.value
        t9 = engine.t9_initiatives(Q1, unit)
        assert t9.value == selectors.applied_initiatives(Q1.start, Q1.end, unit).count()
        assert sum(v for _label, v in _trend("T9", unit)) == t9.value
    assert (engine.t6_training(Q1).numerator, engine.t6_training(Q1).denominator) == (2, 3)
    assert engine.t9_initiatives(Q1).value == 2
    assert engine.t9_initiatives(Q1, world.b).value == 0
