"""Read-side queries for organisations."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from cchc.org.models import Staff, Unit


def public_contacts(day: dt.date | None = None) -> QuerySet[Staff]:
    """Officials who receive, guide and answer feedback on procedures (plan P-B5), by unit."""
    units = Unit.objects.valid_on(day)
    return (
        Staff.objects.filter(is_public_contact=True, user__is_active=True, unit__in=units)
        .select_related("user", "unit", "unit__agency")
        .order_by("unit__kind", "unit__name", "contact_order", "user__last_name")
    )
