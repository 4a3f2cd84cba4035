"""Requesting a report: role and unit checks, the period validated, one job row, nothing else.

Who may request what:

- the Department's periodic reform report (``Kind.DEPARTMENT``): the Office and the directors;
- the delay report (``Kind.DELAY``): the Office and the directors for the whole Department or any
  unit; a unit head for their own unit only.

The job is built later by ``cchc.reports.runner`` — by the worker command ``cchc reports``, or, when
``CCHC_REPORTS_RUN_IN_THREAD`` is on (the default, so ``make run`` needs no second process), by a
thread started after the request commits (the choice is explained in ``cchc.reports.runner``).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.org import roles
from cchc.org.access import staff_of
from cchc.org.models import Staff, Unit
from cchc.reports import periods
from cchc.reports.models import JobStatus, Kind, ReportJob

OVERSEERS = frozenset({roles.OFFICE, roles.DIRECTOR})


NOT_STAFF = gettext_lazy("Chỉ cán bộ có tài khoản thuộc một đơn vị mới được lập báo cáo.")


def allowed_kinds(actor) -> list[str]:
    held = roles.user_roles(actor)
    kinds = []
    if held & OVERSEERS:
        kinds.append(Kind.DEPARTMENT)
    if held & (OVERSEERS | {roles.UNIT_HEAD}):
        kinds.append(Kind.DELAY)
    return kinds


def check(actor, kind: str, unit: Unit | None) -> Staff:
    """Raise PermissionDenied (Vietnamese) unless ``actor`` may request ``kind`` for ``unit``."""
    staff = staff_of(actor, NOT_STAFF)
    held = roles.user_roles(actor)
    if kind == Kind.DEPARTMENT:
        if not held & OVERSEERS:
            raise PermissionDenied(
                _("Chỉ Văn phòng Sở và Lãnh đạo Sở được lập báo cáo kết quả thực hiện công tác CCHC của Sở.")
            )
        return staff
    if kind == Kind.DELAY:
        if held & OVERSEERS:
            return staff
        if roles.UNIT_HEAD in held:
            if unit is None or unit.pk != staff.unit_id:
                raise PermissionDenied(
                    _("Lãnh đạo đơn vị chỉ được lập báo cáo hồ sơ trễ hạn của đơn vị mình.")
                )
            return staff
        raise PermissionDenied(
            _("Chỉ Văn phòng Sở, Lãnh đạo Sở và lãnh đạo đơn vị được lập báo cáo hồ sơ trễ hạn.")
        )
    raise ValidationError(_("Loại báo cáo không hợp lệ."), code="kind")


def request_report(
    *,
    actor,
    kind: str,
    period_kind: str,
    year,
    number=None,
    unit: Unit | None = None,
    today: dt.date | None = None,
) -> ReportJob:
    """Queue a report job; ValidationError / PermissionDenied (Vietnamese) and nothing saved if refused.

    An identical job already queued or running is returned instead of a second one.
    """
    if kind not in Kind.values:
        raise ValidationError(_("Loại báo cáo không hợp lệ."), code="kind")
    if kind == Kind.DEPARTMENT:
        unit = None
    check(actor, kind, unit)
    staff = getattr(actor, "staff", None)
    if unit is not None and (staff is None or unit.agency_id != staff.unit.agency_id):
        raise ValidationError(_("Đơn vị không thuộc cơ quan của bạn."), code="unit")
    rp = periods.parse(period_kind, year, number, today=today)
    with transaction.atomic():
        existing = (
            ReportJob.objects.select_for_update()
            .filter(
                kind=kind,
                period_kind=rp.kind,
                year=rp.year,
                number=rp.number,
                unit=unit,
                requested_by=actor,
                status__in=[JobStatus.QUEUED, JobStatus.RUNNING],
            )
            .first()
        )
        if existing is not None:
            return existing
        job = ReportJob.objects.create(
            kind=kind,
            period_kind=rp.kind,
            year=rp.year,
            number=rp.number,
            period_start=rp.start,
            period_end=rp.end,
            period_label=rp.label,
            unit=unit,
            requested_by=actor,
            parameters={"phrase": rp.phrase},
            message=_("Đang chờ lập."),
        )
        if getattr(settings, "CCHC_REPORTS_RUN_IN_THREAD", True):
            from cchc.reports.runner import start_in_thread

            transaction.on_commit(lambda: start_in_thread(job.pk))
    return job


def can_download(user, job: ReportJob) -> bool:
    """By the actor's roles and unit *now*: having requested a report gives no lasting right to it
    (someone who moved to another unit or lost a role no longer downloads it)."""
    held = roles.user_roles(user)
    if held & OVERSEERS:
        return True
    staff = getattr(user, "staff", None)
    return bool(
        roles.UNIT_HEAD in held
        and staff is not None
        and job.unit_id is not None
        and job.unit_id == staff.unit_id
    )
