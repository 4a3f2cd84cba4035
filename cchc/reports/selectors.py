"""Read-side queries of report jobs."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from cchc.org import roles
from cchc.org.models import Unit
from cchc.reports.models import JobStatus, ReportJob
from cchc.reports.services import OVERSEERS


def jobs_for(user) -> QuerySet[ReportJob]:
    """The jobs ``user`` may see (the same rule as ``services.can_download``): all for the Office and
    directors; for a unit head, every job about their unit; nothing for others."""
    qs = ReportJob.objects.select_related("unit", "requested_by__staff")
    held = roles.user_roles(user)
    if held & OVERSEERS:
        return qs
    staff = getattr(user, "staff", None)
    if roles.UNIT_HEAD in held and staff is not None:
        return qs.filter(unit_id=staff.unit_id)
    return qs.none()


def delay_units(user) -> QuerySet[Unit]:
    """The units ``user`` may pick for a delay report."""
    staff = getattr(user, "staff", None)
    if staff is None:
        return Unit.objects.none()
    qs = (
        Unit.objects.filter(agency_id=staff.unit.agency_id)
        .exclude(kind=Unit.Kind.LEADERSHIP)
        .order_by("name")
    )
    if roles.user_roles(user) & OVERSEERS:
        return qs.valid_on()
    return qs.filter(pk=staff.unit_id) if staff is not None else qs.none()


def job_counts() -> dict[str, int]:
    """Number of report jobs in each status (every status listed, 0 when none), for monitoring."""
    counts = dict(ReportJob.objects.order_by().values_list("status").annotate(n=Count("id")))
    return {status: counts.get(status, 0) for status in JobStatus.values}
