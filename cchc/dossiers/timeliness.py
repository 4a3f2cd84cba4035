"""Is a dossier early, on time or late? (domain.md §5 "Classes") — the one verdict every screen shows.

A dossier asked to supplement **more than once** is late whatever its dates (QĐ 766 indicator 2.1;
the indicators count it so), shown with its reason ("Trễ hạn — bổ sung quá 1 lần").
Otherwise finished dossiers are classed against the **original** appointment (``due_at``, moved only
by supplement pauses): early = finished before the due *day*; on time = on the due day, by the due
time; late = after it — split by whether an apology and new date were issued (P-B13).
Open dossiers are classed at a moment ``now``: within time, due soon (one working day or less
left), overdue; a dossier waiting for the applicant's supplement has its clock stopped — unless it
was already overdue when the supplement was asked for (then it stays overdue, as the indicator says).

The same rules exist twice on purpose, with one test holding them together: ``classify`` for
one dossier in Python, ``annotate`` as SQL for lists and indicators (no rows looped in Python).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.conf import settings
from django.db.models import Case, CharField, F, Q, QuerySet, Value, When
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cchc.dossiers.models import Dossier, Status
from cchc.workdays import calendar

EARLY = "early"
ON_TIME = "on_time"
LATE_WITH_APOLOGY = "late_apology"
LATE_WITHOUT_APOLOGY = "late_no_apology"
LATE_SUPPLEMENTS = "late_supplements"  # asked to supplement more than once: late, open or finished
WITHIN = "within"
DUE_SOON = "due_soon"
OVERDUE = "overdue"
PAUSED = "paused"
NOT_STARTED = "not_started"  # not received (online, awaiting the counter) or refused at intake

LABELS = {
    EARLY: _("Trước hạn"),
    ON_TIME: _("Đúng hạn"),
    LATE_WITH_APOLOGY: _("Quá hạn, có xin lỗi"),
    LATE_WITHOUT_APOLOGY: _("Quá hạn, không xin lỗi"),
    LATE_SUPPLEMENTS: _("Trễ hạn — bổ sung quá 1 lần"),
    WITHIN: _("Trong hạn"),
    DUE_SOON: _("Sắp đến hạn"),
    OVERDUE: _("Quá hạn"),
    PAUSED: _("Tạm dừng chờ bổ sung"),
    NOT_STARTED: _("Chưa tính thời hạn"),
}


def soon_limit(now: dt.datetime) -> dt.datetime:
    """Due at or before this moment = "due soon" (one working day of office time from ``now``)."""
    return calendar.add_working_minutes(now, calendar.get_calendar().day_minutes)


# The classes that count as late (the indicators' "late" and the late lists).
LATE = frozenset({LATE_WITH_APOLOGY, LATE_WITHOUT_APOLOGY, LATE_SUPPLEMENTS, OVERDUE})


def classify(dossier: Dossier, now: dt.datetime | None = None) -> str:
    if dossier.due_at is None:
        return NOT_STARTED
    if dossier.supplement_count > 1:
        return LATE_SUPPLEMENTS
    if dossier.finished_at is not None:
        local_done = timezone.localtime(dossier.finished_at)
        local_due = timezone.localtime(dossier.due_at)
        if local_done.date() < local_due.date():
            return EARLY
        if dossier.finished_at <= dossier.due_at:
            return ON_TIME
        return LATE_WITH_APOLOGY if dossier.apologised_at else LATE_WITHOUT_APOLOGY
    now = now or timezone.now()
    if dossier.status == Status.WAITING_SUPPLEMENT:
        paused_in_time = dossier.paused_since is None or dossier.paused_since <= dossier.due_at
        return PAUSED if paused_in_time else OVERDUE
    if now > dossier.due_at:
        return OVERDUE
    return DUE_SOON if dossier.due_at <= soon_limit(now) else WITHIN


def annotate(queryset: QuerySet[Dossier], now: dt.datetime | None = None) -> QuerySet[Dossier]:
    """Add ``timeliness`` (one of the keys of LABELS), computed by the database."""
    now = now or timezone.now()
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    finished = Q(finished_at__isnull=False)
    return queryset.alias(
        finished_day=TruncDate("finished_at", tzinfo=tz), due_day=TruncDate("due_at", tzinfo=tz)
    ).annotate(
        timeliness=Case(
            When(due_at__isnull=True, then=Value(NOT_STARTED)),
            When(supplement_count__gt=1, then=Value(LATE_SUPPLEMENTS)),
            When(finished & Q(finished_day__lt=F("due_day")), then=Value(EARLY)),
            When(finished & Q(finished_at__lte=F("due_at")), then=Value(ON_TIME)),
            When(finished & Q(apologised_at__isnull=False), then=Value(LATE_WITH_APOLOGY)),
            When(finished, then=Value(LATE_WITHOUT_APOLOGY)),
            When(
                Q(status=Status.WAITING_SUPPLEMENT)
                & (Q(paused_since__isnull=True) | Q(paused_since__lte=F("due_at"))),
                then=Value(PAUSED),
            ),
            When(status=Status.WAITING_SUPPLEMENT, then=Value(OVERDUE)),
            When(due_at__lt=now, then=Value(OVERDUE)),
            When(due_at__lte=soon_limit(now), then=Value(DUE_SOON)),
            default=Value(WITHIN),
            output_field=CharField(),
        )
    )
