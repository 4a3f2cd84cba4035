"""Reads of questions and feedback: portal lists, staff lists, statistics and indicator inputs.

Statistics are computed in the database. "Working days to answer" is the column
``Feedback.working_days_taken``, computed with the working-day calendar (holidays, make-up days)
when the answer is sent, so the average is an SQL ``AVG`` over real working days.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import (
    Avg,
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce

from cchc.common.text import terms
from cchc.dossiers.models import Dossier
from cchc.feedback.models import ANSWERED_STATUSES, OPEN_STATUSES, Feedback, FeedbackEvent, Kind, Status

_STAFF_RELATED = ("unit", "field", "procedure", "dossier")


def published(query: str = "", field_code: str = "") -> QuerySet[Feedback]:
    """Published Q&A, newest first; accent-insensitive search on the public text, filter by field."""
    qs = Feedback.objects.filter(status=Status.PUBLISHED).select_related("field", "unit")
    for word in terms(query):
        qs = qs.filter(search_text__icontains=word)
    if field_code:
        qs = qs.filter(field__code=field_code)
    return qs.order_by("-published_at", "-id")


def of_person(personal_id: str, *, limit: int = 100) -> list[Feedback]:
    """The questions and feedback sent by the citizen of ``personal_id`` while signed in (national
    sign-on), newest first."""
    if not (len(personal_id or "") == 12 and personal_id.isdigit()):
        return []
    return list(
        Feedback.objects.filter(asker_personal_id=personal_id).order_by("-received_at", "-id")[:limit]
    )


def published_by_code(code: str) -> Feedback | None:
    return published().filter(code=code).first()


def by_code(code: str) -> Feedback | None:
    return (
        Feedback.objects.select_related(*_STAFF_RELATED, "dossier__procedure_version", "duplicate_of")
        .filter(code=code)
        .first()
    )


def timeline(feedback: Feedback, *, public_only: bool = False) -> QuerySet[FeedbackEvent]:
    qs = feedback.events.select_related("actor__staff", "unit").order_by("seq")
    return qs.filter(public=True) if public_only else qs


def office_inbox() -> QuerySet[Feedback]:
    """New items the Office must classify and assign (oldest first)."""
    return (
        Feedback.objects.filter(status=Status.RECEIVED)
        .select_related(*_STAFF_RELATED)
        .order_by("received_at")
    )


def office_to_send() -> QuerySet[Feedback]:
    """Answers approved by their unit, waiting for the Office to publish or send them."""
    return Feedback.objects.filter(status=Status.APPROVED).select_related(*_STAFF_RELATED).order_by("due_on")


def unit_queue(unit_id: int, status: str) -> QuerySet[Feedback]:
    """A unit's items in ``status`` (assigned: to draft; drafted: to approve), by due date."""
    return (
        Feedback.objects.filter(unit_id=unit_id, status=status)
        .select_related(*_STAFF_RELATED)
        .order_by("due_on")
    )


def all_items(query: str = "") -> QuerySet[Feedback]:
    qs = Feedback.objects.select_related(*_STAFF_RELATED)
    query = (query or "").strip()
    if query:
        qs = qs.filter(Q(code__icontains=query) | Q(title__icontains=query) | Q(asker_name__icontains=query))
    return qs.order_by("-received_at")


# --- timeliness (QĐ 766 indicator 5.2) -------------------------------------------------------------


def _on_time_expression(period_end: dt.date):
    """True when answered by the due date, or still open and not yet due at ``period_end``."""
    return Case(
        When(status__in=ANSWERED_STATUSES, answered_at__date__lte=F("due_on"), then=Value(True)),
        When(status__in=OPEN_STATUSES, due_on__gte=period_end, then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )


def received_in_period(start: dt.date, end: dt.date) -> QuerySet[Feedback]:
    """Items received between ``start`` and ``end`` (inclusive, local dates), excluding those closed as
    rejected or duplicate, annotated with ``on_time`` (indicator 5.2: answered within the due date;
    an item still open counts as on time while its due date is not past at the period's end)
    and ``late`` (its negation)."""
    return (
        Feedback.objects.filter(received_at__date__gte=start, received_at__date__lte=end)
        .exclude(status__in=[Status.REJECTED, Status.DUPLICATE])
        .annotate(on_time=_on_time_expression(end))
        .annotate(
            late=Case(When(on_time=True, then=Value(False)), default=Value(True), output_field=BooleanField())
        )
        .select_related("unit", "field")
    )


def dossiers_with_complaint_or_dislike(start: dt.date, end: dt.date) -> QuerySet[Dossier]:
    """Dossiers with a complaint (a feedback item, not a question) received in the period, or whose
    published answer readers disliked (QĐ 766 indicator 5.4)."""
    related = Feedback.objects.filter(
        dossier=OuterRef("pk"), received_at__date__gte=start, received_at__date__lte=end
    )
    complaint = related.filter(kind=Kind.FEEDBACK).exclude(status__in=[Status.REJECTED, Status.DUPLICATE])
    disliked = Feedback.objects.filter(dossier=OuterRef("pk"), dislikes__gt=0, published_at__date__lte=end)
    return (
        Dossier.objects.filter(Exists(complaint) | Exists(disliked))
        .select_related("procedure_version", "agency")
        .order_by("code")
    )


# --- statistics ------------------------------------------------------------------------------------


def statistics(
    start: dt.date, end: dt.date, *, by_unit: bool = True, unit_id: int | None = None
) -> list[dict]:
    """Per unit (or one total row): received, answered, answered on time, share answered on time (%),
    average working days to answer, open, open past due, likes and dislikes. One SQL query.
    ``unit_id`` limits it to the items assigned to that unit (a unit head's view)."""
    qs = Feedback.objects.filter(received_at__date__gte=start, received_at__date__lte=end).exclude(
        status__in=[Status.REJECTED, Status.DUPLICATE]
    )
    if unit_id is not None:
        qs = qs.filter(unit_id=unit_id)
    answered = Q(status__in=ANSWERED_STATUSES)
    on_time = answered & Q(answered_at__date__lte=F("due_on"))
    aggregates = {
        "received": Count("id"),
        "answered": Count("id", filter=answered),
        "on_time": Count("id", filter=on_time),
        "open": Count("id", filter=Q(status__in=OPEN_STATUSES)),
        "open_late": Count("id", filter=Q(status__in=OPEN_STATUSES, due_on__lt=end)),
        "avg_working_days": Avg("working_days_taken", filter=answered),
        "likes": Coalesce(Sum("likes"), 0),
        "dislikes": Coalesce(Sum("dislikes"), 0),
    }
    if by_unit:
        rows = (
            qs.values("unit_id", "unit__name")
            .annotate(**aggregates)
            .annotate(
                on_time_share=Case(
                    When(answered=0, then=Value(None)),
                    default=ExpressionWrapper(
                        Cast("on_time", FloatField()) * 100.0 / Cast("answered", FloatField()),
                        output_field=FloatField(),
                    ),
                    output_field=FloatField(),
                )
            )
            .order_by("unit__name")
        )
        return list(rows)
    total = qs.aggregate(**aggregates)
    total["on_time_share"] = total["on_time"] * 100.0 / total["answered"] if total["answered"] else None
    return [total]
