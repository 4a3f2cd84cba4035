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


def test_the_office_role_counts_only_for_staff_of_the_office():
    """The Office role acts for the whole Department; given by mistake to someone of a division it
    gives nothing, in every app (disclosure publishing, plan tasks, index results…)."""
    from django.contrib.auth.models import Group

    from cchc.disclosure import services as disclosure
    from cchc.org import roles

    agency = AgencyFactory(is_home=True)
    office = UnitFactory(agency=agency, code="van-phong", kind=Unit.Kind.OFFICE)
    division = UnitFactory(agency=agency, code="lao-dong", kind=Unit.Kind.DIVISION)
    group = Group.objects.get_or_create(name=roles.OFFICE)[0]
    real = StaffFactory(unit=office, user__username="vanphong").user
    mistaken = StaffFactory(unit=division, user__username="nhamvaitro").user
    no_staff = StaffFactory(unit=office, user__username="khongdonvi").user
    no_staff.staff.delete()
    for user in (real, mistaken, no_staff):
        user.groups.add(group)
    assert roles.OFFICE in roles.user_roles(real)
    assert roles.OFFICE not in roles.user_roles(mistaken)
    assert roles.OFFICE not in roles.user_roles(type(no_staff).objects.get(pk=no_staff.pk))
    # the disclosure workflow therefore refuses the mistaken one a draft for the Office
    from django.contrib.auth import get_user_model
    from django.core.exceptions import PermissionDenied

    from cchc.disclosure.models import Publication

    with pytest.raises(PermissionDenied, match="không được soạn thông tin công khai"):
        disclosure.create_draft(actor=get_user_model().objects.get(pk=mistaken.pk), values={}, unit=office)
    assert not Publication.objects.exists()


def test_document_symbol_is_capitals_without_spaces():
    agency = Agency(code="000.17.22.H56", name="Sở", kind=Agency.Kind.DEPARTMENT, document_symbol="SLĐTBXH")
    agency.full_clean()
    agency.document_symbol = "Sở LĐTBXH"
    with pytest.raises(ValidationError) as err:
        agency.full_clean()
    assert "không dấu cách" in str(err.value)
