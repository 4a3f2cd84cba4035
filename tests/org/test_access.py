"""Who acts: ``staff_of``, the one check every service makes of its actor."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.utils.functional import SimpleLazyObject

from cchc.org.access import staff_of
from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_staff_row_with_its_unit_in_one_query_then_none(django_assert_num_queries):
    staff = StaffFactory()
    user = get_user_model().objects.get(pk=staff.user_id)
    with django_assert_num_queries(1):
        assert staff_of(user) == staff
        assert staff_of(user).unit == staff.unit  # kept on the user object, unit included
        assert user.staff.user is user


def test_the_row_staff_required_put_on_the_request_user_is_used_as_it_is(django_assert_num_queries):
    staff = StaffFactory()
    user = SimpleLazyObject(
        lambda: get_user_model().objects.select_related("staff__unit").get(pk=staff.user_id)
    )
    user.is_active  # noqa: B018  (the request's user is loaded by the authentication middleware)
    with django_assert_num_queries(0):
        assert staff_of(user).unit == staff.unit


@pytest.mark.parametrize("who", ["nobody", "anonymous", "inactive", "no_staff"])
def test_anyone_else_is_refused_with_the_callers_message(who):
    user = {
        "nobody": lambda: None,
        "anonymous": AnonymousUser,
        "inactive": lambda: StaffFactory(user__is_active=False).user,
        "no_staff": lambda: UserFactory(),
    }[who]()
    with pytest.raises(PermissionDenied, match="được lập báo cáo"):
        staff_of(user, "Chỉ cán bộ có tài khoản thuộc một đơn vị mới được lập báo cáo.")
    with pytest.raises(PermissionDenied, match="mới được thực hiện thao tác này"):
        staff_of(user)
