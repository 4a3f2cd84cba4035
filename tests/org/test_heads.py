"""The heads of a unit (decision 0003): the unit-head role, and the Office role only in the Office.

One rule (``cchc.org.selectors.heads_of`` / ``heads``) behind the plan's mails and its 90 % table,
the early warnings and the survey follow-ups.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from cchc.org import roles
from cchc.org.models import Unit
from cchc.org.selectors import heads, heads_of
from tests.factories import AgencyFactory, StaffFactory, UnitFactory

pytestmark = pytest.mark.django_db


def _staff(unit, *names, active=True, email=None):
    extra = {} if email is None else {"user__email": email}
    staff = StaffFactory(unit=unit, user__is_active=active, **extra)
    for name in names:
        staff.user.groups.add(Group.objects.get_or_create(name=name)[0])
    return staff


@pytest.fixture
def units():
    agency = AgencyFactory(is_home=True)
    return (
        UnitFactory(agency=agency, kind=Unit.Kind.OFFICE, code="van-phong"),
        UnitFactory(agency=agency, kind=Unit.Kind.DIVISION, code="lao-dong"),
    )


def test_heads_of_a_division_and_of_the_office(units):
    office, division = units
    head = _staff(division, roles.UNIT_HEAD)
    both = _staff(division, roles.UNIT_HEAD, roles.OFFICE)  # one row, not two
    _staff(division, roles.OFFICE)  # the Office role given by mistake in a division: not a head
    _staff(division, roles.SPECIALIST)
    closed = _staff(division, roles.UNIT_HEAD, active=False)  # a closed account is told nothing
    office_head = _staff(office, roles.UNIT_HEAD)
    office_role = _staff(office, roles.OFFICE)
    assert set(heads_of(division)) == {head, both}
    assert heads_of(division).count() == 2
    assert set(heads_of(office)) == {office_head, office_role}
    # Every head of every unit, one row each (the 90 % table measures closed accounts too).
    assert set(heads()) == {head, both, closed, office_head, office_role}
    assert heads().count() == 5


def test_the_early_warning_goes_to_the_heads_with_an_address(units):
    from cchc.indicators import warnings

    office, division = units
    head = _staff(division, roles.UNIT_HEAD)
    _staff(division, roles.UNIT_HEAD, email="")
    _staff(division, roles.OFFICE)
    office_role = _staff(office, roles.OFFICE)
    assert list(warnings.heads(division)) == [head]
    assert list(warnings.heads(office)) == [office_role]
