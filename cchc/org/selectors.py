"""Read-side queries for organisations."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import QuerySet

from cchc.org.models import Staff, Unit


def display_name(user) -> str:
    """How any person who acts in the system is named on every screen, slip and report.

    Staff are named by ``Staff.full_name``, written as they write it (Vietnamese order); an account
    without a staff profile (a system administrator) by its user name. ``""`` for no user.
    """
    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    try:
        staff = user.staff
    except ObjectDoesNotExist:
        staff = None
    return (staff.full_name if staff is not None else "") or user.get_username()


def public_contacts(day: dt.date | None = None) -> QuerySet[Staff]:
    """Officials who receive, guide and answer feedback on procedures (plan P-B5), by unit."""
    units = Unit.objects.valid_on(day)
    return (
        Staff.objects.filter(is_public_contact=True, user__is_active=True, unit__in=units)
        .select_related("user", "unit", "unit__agency")
        .order_by("unit__kind", "unit__name", "contact_order", "full_name")
    )
