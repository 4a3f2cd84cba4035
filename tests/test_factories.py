"""The suite's shared factories: staff with a role in a unit, and dossier rows written directly."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from cchc.org import roles
from cchc.org.models import Unit
from tests.factories import DossierFactory, StaffFactory, UnitFactory, staff_user

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def test_staff_with_a_role_in_a_unit():
    office = UnitFactory(kind=Unit.Kind.OFFICE)
    user = staff_user(roles.OFFICE, office, "vanphong", full_name="Trần Thị Bình", position="Chánh Văn phòng")
    assert user.username == "vanphong" and user.check_password("mat-khau-thu-nghiem")
    assert (user.staff.unit, user.staff.full_name, user.staff.position) == (
        office,
        "Trần Thị Bình",
        "Chánh Văn phòng",
    )
    assert roles.user_roles(user) == {roles.OFFICE}
    assert not staff_user(None, office, "khongvaitro").groups.exists()
    head = StaffFactory(role=roles.UNIT_HEAD)
    assert list(head.user.groups.values_list("name", flat=True)) == [roles.UNIT_HEAD]


def test_dossier_rows_get_an_intake_code_of_their_agency_and_day():
    first = DossierFactory(received_at=dt.datetime(2026, 3, 2, 23, 30, tzinfo=dt.UTC))
    second = DossierFactory(
        procedure_version=first.procedure_version, submitted_at=dt.datetime(2026, 3, 3, 8, tzinfo=TZ)
    )
    assert first.agency == first.procedure_version.agency
    assert first.code.startswith(f"{first.agency.code}-260303-")  # the local day of receipt
    assert second.code.startswith(f"{first.agency.code}-260303-") and second.code != first.code
