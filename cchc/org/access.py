"""Access to the staff screens: every staff view of every app starts with ``staff_required``.

Role **and unit** checks of a change belong to the service function it calls; this decorator only
establishes who the actor is. What a screen *offers* (the counter's buttons, the oversight lists,
the menu's entries) reads the same few predicates below, so the menu and the pages agree.
"""

from __future__ import annotations

import functools

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from cchc.org import roles
from cchc.org.models import Staff, Unit


def staff_required(view):
    """Login (admin login page) and a Staff profile; puts ``request.staff`` and ``request.roles``."""

    @login_required
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        staff = Staff.objects.select_related("unit__agency").filter(user=request.user).first()
        if staff is None or not request.user.is_active:
            raise PermissionDenied(_("Chỉ cán bộ có tài khoản thuộc một đơn vị mới dùng được chức năng này."))
        request.staff = staff
        request.user.staff = staff  # the same row, so ``display_name(request.user)`` needs no query
        request.roles = roles.user_roles(request.user)
        return view(request, *args, **kwargs)

    return wrapper


def is_counter_officer(names: set[str], staff: Staff | None) -> bool:
    """A counter officer working at a counter unit: receives and returns dossiers."""
    return roles.COUNTER_OFFICER in names and staff is not None and staff.unit.kind == Unit.Kind.COUNTER


def is_director(names: set[str]) -> bool:
    return roles.DIRECTOR in names


def can_oversee(names: set[str]) -> bool:
    """Leaders and the Office: the department-wide lists (overview, late dossiers, statistics)."""
    return bool(names & {roles.DIRECTOR, roles.OFFICE, roles.UNIT_HEAD})


def can_read_register(names: set[str], staff: Staff | None) -> bool:
    """The register of dossiers (sổ theo dõi): the counter that keeps it, the Director and the Office."""
    return is_counter_officer(names, staff) or bool(names & {roles.DIRECTOR, roles.OFFICE})


def staff_context(request, **extra) -> dict:
    """The context every staff page of every app starts from (after ``staff_required``)."""
    return {
        "staff": request.staff,
        "is_counter": is_counter_officer(request.roles, request.staff),
        "is_director": is_director(request.roles),
        "can_oversee": can_oversee(request.roles),
        **extra,
    }
