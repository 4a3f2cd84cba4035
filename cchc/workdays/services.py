"""Editing the calendar overrides (domain.md §5: the override table for announcements the
``holidays`` package does not know yet, e.g. a day swap, or switching 24/11 on or off).

Rules enforced by :func:`validate_override` — shared by these services and the admin form:

- one date is never both off and worked: a date that already has an override of the *other* kind
  is refused (edit or remove the existing row instead);
- pointless overrides are refused: kind ``work`` on a date the official calendar (the ``holidays``
  package) already counts as a working day, kind ``off`` on a date it already counts as a day off.
  Such a row would change nothing today and would silently start to matter — probably wrongly — if
  the package data changed, so it is better not to keep it;
- the date must lie in the precomputed years (``CCHC_CALENDAR_FIRST_YEAR`` .. ``LAST_YEAR``).

Only superusers and the roles "Quản trị hệ thống" and "Văn phòng Sở (quản trị kế hoạch)" may edit — the
latter only for staff of the Office (``cchc.org.roles.user_roles``, decision 0003).
The calendar cache is rebuilt after commit by the signals connected in ``apps.py``.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from cchc.org.roles import OFFICE, SYSADMIN, user_roles

from .calendar import WEEKDAYS_VI, get_calendar
from .models import CalendarOverride

MANAGER_ROLES = frozenset({SYSADMIN, OFFICE})


def can_manage_calendar(user) -> bool:
    """Superusers and the roles SYSADMIN or OFFICE (``user_roles``: the Office role only for staff
    of the Office, decision 0003)."""
    if user is None or not getattr(user, "is_active", False):
        return False
    if user.is_superuser:
        return True
    return bool(user_roles(user) & MANAGER_ROLES)


def _check_permission(actor) -> None:
    if not can_manage_calendar(actor):
        raise PermissionDenied(
            "Chỉ Quản trị hệ thống hoặc Văn phòng Sở (quản trị kế hoạch) được sửa lịch làm việc."
        )


def _describe(day: dt.date) -> str:
    return f"{WEEKDAYS_VI[day.weekday()]} {day:%d/%m/%Y}"


def validate_override(*, date: dt.date, kind: str, exclude_pk: int | None = None) -> None:
    """Raise :class:`ValidationError` (Vietnamese, keyed by field) if the override is not allowed.

    ``exclude_pk`` is the row being edited, if any (it does not conflict with itself).
    """
    if kind not in CalendarOverride.Kind.values:
        raise ValidationError({"kind": "Loại điều chỉnh phải là “Ngày nghỉ” hoặc “Ngày làm việc”."})
    if not isinstance(date, dt.date):
        raise ValidationError({"date": "Hãy nhập ngày điều chỉnh."})
    calendar = get_calendar()
    if not calendar.first_year <= date.year <= calendar.last_year:
        raise ValidationError(
            {
                "date": f"Ngày {date:%d/%m/%Y} nằm ngoài phạm vi lịch làm việc "
                f"({calendar.first_year}–{calendar.last_year})."
            }
        )
    others = CalendarOverride.objects.filter(date=date)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    existing = others.first()
    if existing is not None:
        if existing.kind != kind:
            raise ValidationError(
                {
                    "kind": f"{_describe(date)} đã được điều chỉnh thành “{existing.get_kind_display()}” "
                    f"({existing.name}); một ngày không thể vừa là ngày nghỉ vừa là ngày làm việc. "
                    "Hãy sửa hoặc xoá điều chỉnh đã có."
                }
            )
        raise ValidationError({"date": f"{_describe(date)} đã có điều chỉnh; hãy sửa dòng đã có."})
    official_working = calendar.base_is_working_day(date)
    if kind == CalendarOverride.Kind.WORKING_DAY and official_working:
        raise ValidationError(
            {
                "kind": f"{_describe(date)} vốn đã là ngày làm việc theo lịch chung; "
                "điều chỉnh thành ngày làm việc là thừa nên không được lưu."
            }
        )
    if kind == CalendarOverride.Kind.DAY_OFF and not official_working:
        reason = calendar.days_off.get(date) or ("ngày cuối tuần" if date.weekday() >= 5 else "ngày nghỉ")
        raise ValidationError(
            {
                "kind": f"{_describe(date)} vốn đã là ngày nghỉ theo lịch chung ({reason}); "
                "điều chỉnh thành ngày nghỉ là thừa nên không được lưu."
            }
        )


def set_override(
    *,
    actor,
    date: dt.date,
    kind: str,
    name: str,
    announcement: str = "",
    instance: CalendarOverride | None = None,
) -> CalendarOverride:
    """Create (or update) the override of ``date``.

    Without ``instance``: creates a row, or updates the name/announcement of an existing row of the
    same kind for that date. With ``instance`` (the admin's edit form): that row is updated, and
    its date or kind may change. Raises ``PermissionDenied`` or ``ValidationError``.
    """
    _check_permission(actor)
    with transaction.atomic():
        if instance is None:
            existing = CalendarOverride.objects.select_for_update().filter(date=date).first()
            if existing is not None and existing.kind == kind:
                instance = existing
        validate_override(date=date, kind=kind, exclude_pk=instance.pk if instance else None)
        obj = instance if instance is not None else CalendarOverride()
        if obj.pk is None and obj.created_by_id is None:
            obj.created_by = actor
        obj.date, obj.kind, obj.name, obj.announcement = date, kind, (name or "").strip(), announcement or ""
        obj.full_clean(exclude=["created_by"])
        obj.save()
    return obj


def remove_override(*, actor, date: dt.date) -> None:
    """Delete the override of ``date`` (the day goes back to the official calendar)."""
    _check_permission(actor)
    with transaction.atomic():
        deleted, _ = CalendarOverride.objects.filter(date=date).delete()
        if not deleted:
            raise ValidationError({"date": f"{_describe(date)} không có điều chỉnh nào để xoá."})
