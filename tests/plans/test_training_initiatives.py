"""Training participation (T6) and initiatives applied per year (T9), on hand-made data."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cchc.plans import selectors, services
from cchc.plans.models import Attendance, Initiative, PlanEvent
from tests.plans.conftest import exe, pdf

pytestmark = pytest.mark.django_db


def _course(world, year, people, title="Lớp"):
    return services.create_course(
        actor=world.users["office"],
        title=title,
        organiser="Văn phòng Sở",
        starts_on=dt.date(year, 4, 1),
        ends_on=dt.date(year, 4, 3),
        planned=people,
    )


def test_participation_overall_and_per_unit(world):
    s = world.staff
    c1 = _course(world, 2025, [s("head"), s("official"), s("colleague"), s("other_official")], "Lớp 1")
    c2 = _course(world, 2025, [s("head"), s("other_head")], "Lớp 2")
    _course(world, 2024, [s("head")], "Lớp năm trước")
    # somebody attended who was not planned: recorded as a row with planned=False, not counted
    Attendance.objects.create(course=c2, staff=s("official"), planned=False, attended=True)
    services.record_attendance(
        actor=world.users["office"], course=c1, attended=[s("head").pk, s("official").pk]
    )
    services.record_attendance(
        actor=world.users["office"], course=c2, attended=[s("head").pk, s("other_head").pk]
    )
    overall = selectors.training_participation(2025)
    assert (overall["planned"], overall["attended"]) == (6, 4)
    assert overall["rate"] == pytest.approx(400 / 6)
    division = selectors.training_participation(2025, unit=world.division)
    assert (division["planned"], division["attended"]) == (4, 3)
    by_unit = {u.pk: u for u in selectors.training_by_unit(2025)}
    assert (by_unit[world.division.pk].planned, by_unit[world.division.pk].attended) == (4, 3)
    assert by_unit[world.other.pk].rate == pytest.approx(50.0)
    assert selectors.training_participation(2023) == {"planned": 0, "attended": 0, "rate": None}


def test_attendance_only_by_the_office_and_only_for_planned(world):
    course = _course(world, 2025, [world.staff("head")])
    with pytest.raises(PermissionDenied):
        services.record_attendance(
            actor=world.users["head"], course=course, attended=[world.staff("head").pk]
        )
    with pytest.raises(ValidationError):
        services.record_attendance(
            actor=world.users["office"], course=course, attended=[world.staff("official").pk]
        )
    assert not Attendance.objects.filter(attended=True).exists()
    with pytest.raises(ValidationError) as exc:
        services.create_course(
            actor=world.users["office"],
            title="Lớp",
            organiser="VP",
            starts_on=dt.date(2025, 5, 2),
            ends_on=dt.date(2025, 5, 1),
        )
    assert "Ngày kết thúc không được trước ngày bắt đầu" in str(exc.value)


def _initiative(world, year, actor="official", **kwargs):
    return services.register_initiative(
        actor=world.users[actor],
        title=kwargs.get("title", f"Sáng kiến {year}"),
        authors="Nguyễn An",
        unit=kwargs.get("unit", world.division),
        year=year,
        description="Mô tả",
        file=kwargs.get("file"),
    )


def test_initiatives_applied_per_year(world):
    office = world.users["office"]
    a = _initiative(world, 2024, title="A")
    b = _initiative(world, 2024, title="B")
    c = _initiative(world, 2025, title="C")
    _initiative(world, 2025, title="D")  # registered only
    for item, accepted in ((a, True), (b, True), (c, False)):
        services.evaluate_initiative(
            actor=office,
            initiative=item,
            revision=item.revision,
            accepted=accepted,
            note="Kết luận",
            decided_on=dt.date(item.year, 6, 1),
        )
    a.refresh_from_db()
    b.refresh_from_db()
    services.apply_initiative(
        actor=office, initiative=a, revision=a.revision, applied_on=dt.date(2024, 9, 1), scope="Toàn Sở"
    )
    # registered in 2024, applied in 2025: counts for 2025 (the year it was applied)
    services.apply_initiative(
        actor=world.users["director"],
        initiative=b,
        revision=b.revision,
        applied_on=dt.date(2025, 1, 10),
        scope="Bộ phận Một cửa",
    )
    assert selectors.initiatives_applied(2024) == 1
    assert selectors.initiatives_applied(2025) == 1
    assert selectors.initiatives_applied(2023) == 0
    assert selectors.initiatives_applied_by_year() == {2024: 1, 2025: 1}
    assert PlanEvent.objects.filter(initiative__isnull=False).count() == 4 + 3 + 2


def test_initiative_rules(world):
    item = _initiative(world, 2025)
    with pytest.raises(PermissionDenied):  # an official cannot register for another unit
        _initiative(world, 2025, unit=world.other)
    _initiative(world, 2025, actor="office", unit=world.other, title="Của đơn vị khác")  # the Office can
    with pytest.raises(PermissionDenied):
        services.evaluate_initiative(
            actor=world.users["head"], initiative=item, revision=item.revision, accepted=True, note="x"
        )
    with pytest.raises(ValidationError):  # not accepted yet
        services.apply_initiative(
            actor=world.users["office"],
            initiative=item,
            revision=item.revision,
            applied_on=dt.date(2025, 8, 1),
            scope="Toàn Sở",
        )
    services.evaluate_initiative(
        actor=world.users["office"],
        initiative=item,
        revision=item.revision,
        accepted=True,
        note="Công nhận",
        decided_on=dt.date(2025, 6, 1),
    )
    with pytest.raises(ValidationError):  # stale revision
        services.apply_initiative(
            actor=world.users["office"],
            initiative=item,
            revision=item.revision,
            applied_on=dt.date(2025, 8, 1),
            scope="Toàn Sở",
        )
    item.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        services.apply_initiative(
            actor=world.users["office"],
            initiative=item,
            revision=item.revision,
            applied_on=dt.date(2025, 5, 1),
            scope="",
        )
    assert "Nhập phạm vi áp dụng" in str(exc.value)
    assert "không được trước ngày Hội đồng công nhận" in str(exc.value)
    item.refresh_from_db()
    assert item.status == Initiative.Status.ACCEPTED


def test_initiative_file_checked_by_content(world):
    with pytest.raises(ValidationError) as exc:
        _initiative(world, 2025, file=exe())
    assert "không phải PDF" in str(exc.value)
    assert not Initiative.objects.exists()
    item = _initiative(world, 2025, file=pdf("thuyết minh.pdf"))
    assert item.file_name == "thuyết minh.pdf" and item.file.name.endswith(".pdf")
