"""The admin follows decision 0003: the Office group's permissions count only for Office staff."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from cchc.org import roles
from cchc.org.models import Unit
from cchc.workdays.models import CalendarOverride
from tests.factories import ProcedureVersionFactory, StaffFactory

pytestmark = pytest.mark.django_db


def _office_role_holder(unit_kind):
    roles.ensure_roles()  # the groups' permissions (a fresh test database may lack some)
    staff = StaffFactory(unit__kind=unit_kind, user__is_staff=True)
    staff.user.groups.add(Group.objects.get(name=roles.OFFICE))
    return staff.user


@pytest.mark.parametrize(("unit_kind", "allowed"), [(Unit.Kind.OFFICE, True), (Unit.Kind.DIVISION, False)])
def test_the_catalog_and_the_calendar_in_the_admin(client, unit_kind, allowed):
    user = _office_role_holder(unit_kind)
    assert user.has_perm("procedures.change_procedureversion") is allowed
    assert user.has_perm("workdays.add_calendaroverride") is allowed
    client.force_login(user)
    version = ProcedureVersionFactory()
    page = client.get(reverse("admin:procedures_procedureversion_change", args=[version.pk]))
    assert page.status_code == (200 if allowed else 403)
    response = client.post(
        reverse("admin:workdays_calendaroverride_add"),
        {"date": "2026-03-03", "kind": "off", "name": "Nghỉ bù"},
    )
    assert response.status_code == (302 if allowed else 403)
    assert CalendarOverride.objects.filter(date=dt.date(2026, 3, 3)).exists() is allowed
