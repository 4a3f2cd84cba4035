"""Is a dossier early, on time or late? (domain.md §5 "Classes") — the one verdict every screen shows.

A dossier asked to supplement **more than once** is late whatever its dates (QĐ 766 indicator 2.1),
shown with its reason ("Trễ hạn — bổ sung quá 1 lần").
Otherwise finished dossiers are classed against the **original** appointment (``due_at``, moved only
by supplement pauses): early = finished before the due *day*; on time = on the due day, by the due
time; late = after it — split by whether an apology and new date were issued (P-B13). A dossier
stopped at the applicant's request is a finished one like the others: late only if it was stopped
after its appointment. Open dossiers are classed at a moment ``now``: within time, due soon (one
working day or less left, ``clock.soon_limit``), overdue; a dossier waiting for the applicant's
supplement has its clock stopped — unless it was already overdue when the supplement was asked for
(then it stays overdue); one waiting with no recorded start of the pause counts as paused.

Every verdict is "as of ``now``" from the row as it is: a dossier finished after ``now`` is classed
as it stood open at ``now``. So the indicators, measuring a past period at its cut-off, apply the
same rule as the pages do today.

The rules are written three ways, held together by tests (tests/dossiers/test_timeliness.py,
tests/indicators/test_late_rule.py): ``classify`` for one dossier in Python; ``annotate`` as one SQL
``CASE`` for the labels of lists; ``late_q`` and ``due_soon_q`` as plain conditions for what filters
and counts by them — the worklist's tabs, the late list (P-B13), the indicators (QĐ 766 2.1, T5).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.conf import settings
from django.db.models import Case, CharField, F, Q, QuerySet, Value, When
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cchc.dossiers.clock import soon_limit
from cchc.dossiers.models import Dossier, Status

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


# The classes that count as late (the indicators' "late" and the late lists).
LATE = frozenset({LATE_WITH_APOLOGY, LATE_WITHOUT_APOLOGY, LATE_SUPPLEMENTS, OVERDUE})


def _is_paused(dossier: Dossier) -> bool:
    """Waiting for the applicant's supplement, asked in time (or since an unknown moment)."""
    return (
        dossier.finished_at is None
        and dossier.status == Status.WAITING_SUPPLEMENT
        and (dossier.paused_since is None or dossier.paused_since <= dossier.due_at)
    )


def classify(dossier: Dossier, now: dt.datetime | None = None) -> str:
    """The class of ``dossier`` at ``now`` (default: the present), one of the keys of LABELS."""
    if dossier.due_at is None:
        return NOT_STARTED
    if dossier.supplement_count > 1:
        return LATE_SUPPLEMENTS
    now = now or timezone.now()
    if dossier.finished_at is not None and dossier.finished_at <= now:
        local_done = timezone.localtime(dossier.finished_at)
        local_due = timezone.localtime(dossier.due_at)
        if local_done.date() < local_due.date():
            return EARLY
        if dossier.finished_at <= dossier.due_at:
            return ON_TIME
        return LATE_WITH_APOLOGY if dossier.apologised_at else LATE_WITHOUT_APOLOGY
    if _is_paused(dossier):
        return PAUSED
    if now > dossier.due_at:
        return OVERDUE
    return DUE_SOON if dossier.due_at <= soon_limit(now) else WITHIN


# The same rules as conditions on the dossier table (``at`` is the moment of the verdict).
def _finished_by(at: dt.datetime) -> Q:
    return Q(finished_at__lte=at)


def _open_at(at: dt.datetime) -> Q:
    return Q(finished_at__isnull=True) | Q(finished_at__gt=at)


def _paused() -> Q:
    return Q(finished_at__isnull=True, status=Status.WAITING_SUPPLEMENT) & (
        Q(paused_since__isnull=True) | Q(paused_since__lte=F("due_at"))
    )


def _clock_runs() -> Q:
    """Not ``_paused()``, written without negation (so the database can use plain comparisons)."""
    return (
        Q(finished_at__isnull=False) | ~Q(status=Status.WAITING_SUPPLEMENT) | Q(paused_since__gt=F("due_at"))
    )


def late_q(at: dt.datetime) -> Q:
    """The dossiers ``classify(d, at)`` puts in ``LATE``: supplemented more than once; finished by
    ``at`` after the appointment; or open at ``at``, past the appointment, its clock running.

    The one "late" of the worklist's overdue tab, the late list (P-B13) and the indicators.
    """
    return Q(due_at__isnull=False) & (
        Q(supplement_count__gt=1)
        | (_finished_by(at) & Q(finished_at__gt=F("due_at")))
        | (_open_at(at) & _clock_runs() & Q(due_at__lt=at))
    )


def due_soon_q(at: dt.datetime) -> Q:
    """The dossiers ``classify(d, at)`` calls ``DUE_SOON``: open at ``at``, clock running, not late,
    due within one working day (``soon_limit``)."""
    return (
        Q(supplement_count__lte=1, due_at__gte=at, due_at__lte=soon_limit(at)) & _open_at(at) & _clock_runs()
    )


def annotate(queryset: QuerySet[Dossier], now: dt.datetime | None = None) -> QuerySet[Dossier]:
    """Add ``timeliness`` (one of the keys of LABELS), computed by the database."""
    now = now or timezone.now()
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    finished = _finished_by(now)
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
            When(_paused(), then=Value(PAUSED)),
            When(due_at__lt=now, then=Value(OVERDUE)),
            When(due_at__lte=soon_limit(now), then=Value(DUE_SOON)),
            default=Value(WITHIN),
            output_field=CharField(),
        )
    )
