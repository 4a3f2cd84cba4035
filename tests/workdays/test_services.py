"""Editing overrides: rules, permissions, invalidation, the admin (domain.md §5)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cchc.org.models import Unit
from cchc.org.roles import COUNTER_OFFICER, OFFICE, SYSADMIN
from cchc.workdays.admin import CalendarOverrideForm
from cchc.workdays.calendar import add_working_days, holidays_in, is_working_day
from cchc.workdays.models import CalendarOverride
from cchc.workdays.services import remove_override, set_override
from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
VAN_HOA = dt.date(2026, 11, 24)  # Tue, listed by the package as "Ngày Văn hóa Việt Nam"


def member_of(group_name, unit_kind=None, **kwargs):
    """A user in the role ``group_name``; with ``unit_kind``, working in a unit of that kind."""
    user = UserFactory(**kwargs)
    user.groups.add(Group.objects.get_or_create(name=group_name)[0])
    if unit_kind is not None:
        StaffFactory(user=user, unit__kind=unit_kind)
    return user


@pytest.fixture
def office():
    """The Office role, held by staff of the Office (decision 0003: it counts only there)."""
    return member_of(OFFICE, Unit.Kind.OFFICE)


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run the on-commit callbacks (the cache invalidation) of what happens inside."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_work_override_switches_a_package_holiday_back_on_immediately(office, commit):
    assert not is_working_day(VAN_HOA)
    with commit():
        set_override(
            actor=office, date=VAN_HOA, kind="work", name="Chưa có hiệu lực", announcement="TB 1/2026"
        )
    assert is_working_day(VAN_HOA)
    received = dt.datetime(2026, 11, 23, 9, tzinfo=HCM)
    assert add_working_days(received, 1) == dt.datetime(2026, 11, 24, 17, tzinfo=HCM)
    entry = next(e for e in holidays_in(2026) if e.date == VAN_HOA)
    assert (entry.name, entry.source) == ("Chưa có hiệu lực", "override")
    with commit():
        remove_override(actor=office, date=VAN_HOA)
    assert not is_working_day(VAN_HOA)


def test_off_override_adds_a_day_off(office, commit):
    day = dt.date(2026, 3, 3)
    received = dt.datetime(2026, 3, 2, 9, tzinfo=HCM)
    assert add_working_days(received, 1) == dt.datetime(2026, 3, 3, 17, tzinfo=HCM)
    with commit():
        row = set_override(actor=office, date=day, kind="off", name="Nghỉ đột xuất")
    assert row.created_by == office
    assert not is_working_day(day)
    assert add_working_days(received, 1) == dt.datetime(2026, 3, 4, 17, tzinfo=HCM)


def test_same_kind_again_updates_the_row(office):
    day = dt.date(2026, 3, 3)
    first = set_override(actor=office, date=day, kind="off", name="A")
    second = set_override(actor=office, date=day, kind="off", name="B", announcement="TB 2")
    assert first.pk == second.pk
    assert CalendarOverride.objects.get().name == "B"


def test_a_day_cannot_be_both_off_and_worked(office):
    day = dt.date(2026, 3, 7)  # Saturday: may become a make-up working day
    set_override(actor=office, date=day, kind="work", name="Làm bù")
    with pytest.raises(ValidationError) as err:
        set_override(actor=office, date=day, kind="off", name="Nghỉ")
    assert "không thể vừa là ngày nghỉ vừa là ngày làm việc" in str(err.value)
    assert CalendarOverride.objects.count() == 1


@pytest.mark.parametrize(
    ("day", "kind", "message"),
    [
        (dt.date(2026, 3, 3), "work", "vốn đã là ngày làm việc"),  # an ordinary Tuesday
        (dt.date(2025, 4, 26), "work", "vốn đã là ngày làm việc"),  # make-up Saturday the package knows
        (dt.date(2026, 3, 7), "off", "vốn đã là ngày nghỉ"),  # Saturday
        (dt.date(2026, 2, 17), "off", "Tết Nguyên Đán"),
    ],
)
def test_pointless_overrides_are_refused(office, day, kind, message):
    with pytest.raises(ValidationError) as err:
        set_override(actor=office, date=day, kind=kind, name="x")
    assert message in str(err.value)
    assert not CalendarOverride.objects.exists()


def test_other_refusals(office):
    with pytest.raises(ValidationError, match="ngoài phạm vi"):
        set_override(actor=office, date=dt.date(2050, 1, 3), kind="off", name="x")
    with pytest.raises(ValidationError, match="Loại điều chỉnh"):
        set_override(actor=office, date=dt.date(2026, 3, 3), kind="holiday", name="x")
    with pytest.raises(ValidationError):
        set_override(actor=office, date=dt.date(2026, 3, 3), kind="off", name="  ")
    with pytest.raises(ValidationError, match="không có điều chỉnh"):
        remove_override(actor=office, date=dt.date(2026, 3, 3))


@pytest.mark.parametrize("who", ["superuser", SYSADMIN, OFFICE])
def test_allowed_actors(who):
    if who == "superuser":
        actor = UserFactory(is_superuser=True)
    else:
        actor = member_of(who, Unit.Kind.OFFICE if who == OFFICE else None)
    set_override(actor=actor, date=dt.date(2026, 3, 3), kind="off", name="x")
    remove_override(actor=actor, date=dt.date(2026, 3, 3))


def test_other_actors_are_denied(office):
    set_override(actor=office, date=dt.date(2026, 3, 3), kind="off", name="x")
    for actor in (
        member_of(COUNTER_OFFICER),
        UserFactory(is_staff=True),
        None,
        member_of(OFFICE, is_active=False),
    ):
        with pytest.raises(PermissionDenied):
            set_override(actor=actor, date=dt.date(2026, 3, 4), kind="off", name="x")
        with pytest.raises(PermissionDenied):
            remove_override(actor=actor, date=dt.date(2026, 3, 3))
    assert CalendarOverride.objects.count() == 1


@pytest.mark.parametrize("unit_kind", [Unit.Kind.DIVISION, None])
def test_the_office_role_outside_the_office_cannot_edit_the_calendar(office, unit_kind):
    """Decision 0003: the Office role counts only for staff of the Office — not for someone of a
    division who holds it by mistake, nor for an account without a unit."""
    set_override(actor=office, date=dt.date(2026, 3, 3), kind="off", name="x")
    mistaken = member_of(OFFICE, unit_kind)
    with pytest.raises(PermissionDenied):
        set_override(actor=mistaken, date=dt.date(2026, 3, 4), kind="off", name="x")
    with pytest.raises(PermissionDenied):
        remove_override(actor=mistaken, date=dt.date(2026, 3, 3))
    assert CalendarOverride.objects.count() == 1


def test_admin_form_uses_the_same_rules(office):
    form = CalendarOverrideForm(data={"date": "2026-03-03", "kind": "work", "name": "x"})
    assert not form.is_valid()
    assert "vốn đã là ngày làm việc" in str(form.errors["kind"])
    set_override(actor=office, date=dt.date(2026, 3, 7), kind="work", name="Làm bù")
    form = CalendarOverrideForm(data={"date": "2026-03-07", "kind": "off", "name": "x"})
    assert not form.is_valid()
    assert "không thể vừa" in str(form.errors)
    # editing the existing row is not a conflict with itself
    row = CalendarOverride.objects.get()
    form = CalendarOverrideForm(
        data={"date": "2026-03-07", "kind": "work", "name": "Làm bù (sửa)"}, instance=row
    )
    assert form.is_valid(), form.errors


def test_admin_add_change_delete_go_through_the_services(client, office, commit):
    # On a fresh database org's post_migrate hook runs before the workdays permissions exist
    # (cchc.org comes first in INSTALLED_APPS); a second migrate assigns them, as this call does.
    office.is_staff = True
    office.save()
    client.force_login(office)
    add_url = reverse("admin:workdays_calendaroverride_add")
    with commit():
        response = client.post(add_url, {"date": "24/11/2026", "kind": "work", "name": "Chưa áp dụng"})
    if response.status_code == 200:  # the admin's date widget may expect ISO input
        with commit():
            response = client.post(add_url, {"date": "2026-11-24", "kind": "work", "name": "Chưa áp dụng"})
    assert response.status_code == 302, response.content.decode()[:2000]
    row = CalendarOverride.objects.get()
    assert row.created_by == office
    assert is_working_day(VAN_HOA)

    changelist = client.get(reverse("admin:workdays_calendaroverride_changelist"))
    assert changelist.status_code == 200
    assert "Chưa áp dụng" in changelist.content.decode()

    refused = client.post(add_url, {"date": row.date.isoformat(), "kind": "off", "name": "x"})
    assert refused.status_code == 200
    assert CalendarOverride.objects.count() == 1

    with commit():
        response = client.post(
            reverse("admin:workdays_calendaroverride_delete", args=[row.pk]), {"post": "yes"}
        )
    assert response.status_code == 302
    assert not CalendarOverride.objects.exists()
    assert not is_working_day(VAN_HOA)


def test_admin_denies_counter_officers(client):
    clerk = member_of(COUNTER_OFFICER, is_staff=True)
    client.force_login(clerk)
    response = client.post(
        reverse("admin:workdays_calendaroverride_add"), {"date": "2026-11-24", "kind": "work", "name": "x"}
    )
    assert response.status_code == 403
    assert not CalendarOverride.objects.exists()
