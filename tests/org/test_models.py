import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from cchc.org.models import Agency, Unit
from cchc.org.roles import ROLES
from cchc.org.selectors import public_contacts
from tests.factories import AgencyFactory, StaffFactory, UnitFactory

pytestmark = pytest.mark.django_db


def test_agency_code_follows_qcvn_102():
    agency = Agency(code="000.17.22.H56", name="Sở", kind=Agency.Kind.DEPARTMENT)
    agency.full_clean()
    agency.code = "17.22.H56"
    with pytest.raises(ValidationError) as err:
        agency.full_clean()
    assert "QCVN 102:2016" in str(err.value)


def test_only_one_home_agency():
    AgencyFactory(is_home=True)
    with pytest.raises(IntegrityError):
        AgencyFactory(is_home=True)


def test_unit_validity_and_replacement_chain():
    old = UnitFactory(name="Phòng Lao động – Việc làm", valid_to=dt.date(2025, 6, 30))
    merged = UnitFactory(
        agency=old.agency, name="Phòng Lao động – Việc làm – BHXH", valid_from=dt.date(2025, 7, 1)
    )
    old.replaced_by = merged
    old.full_clean()
    old.save()
    assert old.current() == merged
    assert list(Unit.objects.valid_on(dt.date(2025, 6, 1))) == [old]
    assert list(Unit.objects.valid_on(dt.date(2025, 7, 1))) == [merged]


def test_replaced_unit_needs_an_end_date():
    unit = UnitFactory()
    other = UnitFactory(agency=unit.agency)
    unit.replaced_by = other
    with pytest.raises(ValidationError) as err:
        unit.full_clean()
    assert "ngày hết hiệu lực" in str(err.value)


def test_validity_range_enforced_by_database():
    with pytest.raises(IntegrityError):
        UnitFactory(valid_from=dt.date(2025, 1, 2), valid_to=dt.date(2025, 1, 1))


def test_roles_exist_after_migrate():
    from django.contrib.auth.models import Group

    assert set(Group.objects.values_list("name", flat=True)) >= set(ROLES)


def test_public_contacts_only_lists_published_active_staff_of_current_units():
    shown = StaffFactory(is_public_contact=True)
    StaffFactory(is_public_contact=False)
    StaffFactory(is_public_contact=True, user__is_active=False)
    StaffFactory(is_public_contact=True, unit__valid_to=dt.date(2020, 1, 1))
    assert list(public_contacts()) == [shown]


def test_roles_get_permissions_of_apps_migrated_after_org():
    from django.contrib.auth.models import Group

    from cchc.org.roles import COUNTER_OFFICER, OFFICE, SYSADMIN

    office = set(Group.objects.get(name=OFFICE).permissions.values_list("codename", flat=True))
    assert {"change_procedureversion", "change_calendaroverride", "view_unit"} <= office
    assert "change_unit" not in office
    sysadmin = set(Group.objects.get(name=SYSADMIN).permissions.values_list("codename", flat=True))
    assert {"change_unit", "change_staff", "change_calendaroverride"} <= sysadmin
    counter = set(Group.objects.get(name=COUNTER_OFFICER).permissions.values_list("codename", flat=True))
    assert "view_procedureversion" in counter
    assert not any(code.startswith("change_") for code in counter)
