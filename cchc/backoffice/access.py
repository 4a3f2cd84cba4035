"""Access to the staff screens: every staff view of every app starts with ``staff_required``.

Role **and unit** checks of a change belong to the service function it calls; this decorator only
establishes who the actor is.
"""

from __future__ import annotations

import functools

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from cchc.org import roles
from cchc.org.models import Staff


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
