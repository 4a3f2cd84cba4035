"""Who acts: the Staff row of a user, as every service checks it first."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from cchc.org.models import Staff


def staff_of(actor, message: str | None = None) -> Staff:
    """The Staff row (with its unit) of ``actor``, an active user attached to a unit; else
    ``PermissionDenied`` with ``message`` (by default a general one).

    Read once per user object: the staff screens' ``staff_required`` puts the row on ``request.user``;
    otherwise it is read here, with its unit, and kept on the user object the same way."""
    if actor is None or not actor.is_authenticated or not actor.is_active:
        raise PermissionDenied(message or _not_staff())
    relation = actor._meta.get_field("staff")
    if not relation.is_cached(actor):
        staff = Staff.objects.select_related("unit").filter(user=actor).first()
        if staff is None:
            relation.set_cached_value(actor, None)
        else:
            actor.staff = staff  # both sides cached, as ``staff_required`` does
    staff = relation.get_cached_value(actor)
    if staff is None:
        raise PermissionDenied(message or _not_staff())
    return staff


def _not_staff() -> str:
    return _("Chỉ cán bộ có tài khoản thuộc một đơn vị mới được thực hiện thao tác này.")
