"""Who acts, and what they may see: ``staff_of`` for every service, ``staff_required`` for every staff view.

Role **and unit** checks of a change belong to the service function it calls; this decorator only
establishes who the actor is. What a screen *offers* (the counter's buttons, the oversight lists,
the menu's entries) reads the same few predicates below, so the menu and the pages agree.
"""

from __future__ import annotations

import functools

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from cchc.org import roles
from cchc.org.models import Agency, Staff, Unit


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


def oversees_province(names: set[str], staff: Staff | None) -> bool:
    """Every agency's lists, read-only, with a choice of agency: whoever sees the province
    (``roles.sees_province``)."""
    return roles.sees_province(names, staff)


def can_oversee(names: set[str], staff: Staff | None = None) -> bool:
    """Leaders and the Office: their agency's lists (overview, late dossiers, statistics); the
    province's oversight role: the same lists for every agency (read-only)."""
    return bool(names & {roles.DIRECTOR, roles.OFFICE, roles.UNIT_HEAD}) or oversees_province(names, staff)


def can_read_register(names: set[str], staff: Staff | None) -> bool:
    """The register of dossiers (sổ theo dõi): the counter that keeps it, the Director and the Office
    (an agency's own book; the province's oversight role reads the lists instead)."""
    return is_counter_officer(names, staff) or bool(names & {roles.DIRECTOR, roles.OFFICE})


def staff_context(request, **extra) -> dict:
    """The context every staff page of every app starts from (after ``staff_required``)."""
    return {
        "staff": request.staff,
        "is_counter": is_counter_officer(request.roles, request.staff),
        "is_director": is_director(request.roles),
        "can_oversee": can_oversee(request.roles, request.staff),
        **extra,
    }


def chosen_agency(request, refused: str) -> Agency | None:
    """Whose figures or dossiers a page shows: the actor's own agency; a province viewer
    (``roles.sees_province``) chooses one with ``?co-quan=<code>`` or, without, sees the whole province
    (None). Another agency's code from anyone else: ``PermissionDenied(refused)``; an unknown code: 404."""
    code = (request.GET.get("co-quan") or "").strip()[:13]
    own = request.staff.unit.agency
    if not roles.sees_province(request.roles, getattr(request, "staff", None)):
        if code and code != own.code:
            raise PermissionDenied(refused)
        return own
    if not code:
        return None
    agency = Agency.objects.filter(code=code).first()
    if agency is None:
        raise Http404("Không có cơ quan này.")
    return agency
