"""The daily summary of the responses (``DailyTally``): kept up to date by each response, rebuilt in SQL.

- ``add_response(response)`` is called by ``services.submit`` inside the transaction that creates
  the response: an atomic ``UPDATE … SET n = n + 1, s01_n = s01_n + 1, …`` of its key; when the key
  has no row yet, an insert in a savepoint; when a concurrent transaction inserted the same key
  first (unique constraint), the insert fails and the update is retried — it then sees the other
  row (PostgreSQL READ COMMITTED re-reads committed rows per statement). No count is ever lost.
- ``rebuild_tallies(start, end)`` deletes the tallies of a date range and recomputes them from the
  responses with one ``INSERT … SELECT … GROUP BY`` (the database does the counting). Used after
  bulk inserts (demo loader, benchmark) and by ``cchc rebuild_survey_tallies``. On PostgreSQL the
  tally table is locked (SHARE ROW EXCLUSIVE) for the rebuild, so a response saved meanwhile waits
  and is then added on top of the rebuilt row instead of being counted twice or lost.

The day of a response is its local date in the default time zone (``settings.TIME_ZONE``), the
same day the staff and public filters use.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F, Q, Sum, Value
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from .models import SCORE_SLOTS, DailyTally, Response, score_field, tally_field

RETRIES = 5


def day_of(at: dt.datetime) -> dt.date:
    """The tally day of a response submitted at ``at``."""
    return timezone.localtime(at, timezone.get_default_timezone()).date()


def _increments(response) -> dict[str, int]:
    out = {"n": 1}
    for slot in range(1, SCORE_SLOTS + 1):
        value = getattr(response, score_field(slot))
        if value is None:
            continue
        out[tally_field(slot, "n")] = 1
        out[tally_field(slot, "sum")] = value
        if value >= 4:
            out[tally_field(slot, "ok")] = 1
        if value <= 2:
            out[tally_field(slot, "low")] = 1
    return out


def _key(response) -> dict:
    return {
        "day": day_of(response.submitted_at),
        "method_id": response.method_id,
        "unit_id": response.unit_id,
        "procedure_id": response.procedure_id,
        "field_id": response.field_id,
        "channel": response.channel,
    }


def _key_filter(key: dict) -> Q:
    q = Q()
    for name, value in key.items():
        q &= Q(**{f"{name}__isnull": True}) if value is None else Q(**{name: value})
    return q


def add_response(response: Response) -> None:
    """Add one saved response to its daily tally (call inside the response's transaction)."""
    key = _key(response)
    increments = _increments(response)
    update = {name: F(name) + value for name, value in increments.items()}
    rows = DailyTally.objects.filter(_key_filter(key))
    with transaction.atomic():  # all or nothing, also when called outside a transaction
        for _attempt in range(RETRIES):
            if rows.update(**update):
                return
            try:
                with transaction.atomic():
                    DailyTally.objects.create(**key, **increments)
                return
            except IntegrityError:
                continue  # another transaction inserted this key first: update its row
    raise RuntimeError("daily tally: the key kept changing under concurrent writers")


def _bounds(start: dt.date | None, end: dt.date | None) -> Q:
    tz = timezone.get_default_timezone()
    q = Q()
    if start is not None:
        q &= Q(submitted_at__gte=dt.datetime.combine(start, dt.time.min, tzinfo=tz))
    if end is not None:
        q &= Q(submitted_at__lt=dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz))
    return q


def _grouped_select(response_model, start: dt.date | None, end: dt.date | None):
    """The SELECT … GROUP BY that computes the tally rows, and its output columns in order."""
    keys = {
        "k_day": TruncDate("submitted_at", tzinfo=timezone.get_default_timezone()),
        "k_method": F("method_id"),
        "k_unit": F("unit_id"),
        "k_procedure": F("procedure_id"),
        "k_field": F("field_id"),
        "k_channel": F("channel"),
    }
    measures = {"n": Count("id")}
    for slot in range(1, SCORE_SLOTS + 1):
        f = score_field(slot)
        measures[tally_field(slot, "n")] = Count(f)
        measures[tally_field(slot, "ok")] = Count("id", filter=Q(**{f"{f}__gte": 4}))
        measures[tally_field(slot, "low")] = Count("id", filter=Q(**{f"{f}__lte": 2}))
        measures[tally_field(slot, "sum")] = Coalesce(Sum(f), Value(0))
    qs = (
        response_model.objects.filter(_bounds(start, end))
        .annotate(**keys)
        .values(*keys)
        .annotate(**measures)
        .order_by()
    )
    columns = ["day", "method_id", "unit_id", "procedure_id", "field_id", "channel", *measures]
    return qs, [*keys, *measures], columns


def rebuild_tallies(
    start: dt.date | None = None, end: dt.date | None = None, *, response_model=None, tally_model=None
) -> int:
    """Recompute the tallies of the days ``start``…``end`` (inclusive; None = unbounded) from the
    responses, in SQL. Idempotent. Returns the number of tally rows written.

    ``response_model``/``tally_model`` let a data migration pass its historical models."""
    response_model = response_model or Response
    tally_model = tally_model or DailyTally
    qs, aliases, columns = _grouped_select(response_model, start, end)
    sql, params = qs.query.sql_with_params()
    qn = connection.ops.quote_name
    insert = (
        f"INSERT INTO {qn(tally_model._meta.db_table)} ({', '.join(qn(c) for c in columns)}) "
        f"SELECT {', '.join(qn(a) for a in aliases)} FROM ({sql}) grouped"
    )
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"LOCK TABLE {qn(tally_model._meta.db_table)} IN SHARE ROW EXCLUSIVE MODE")
        days = Q()
        if start is not None:
            days &= Q(day__gte=start)
        if end is not None:
            days &= Q(day__lte=end)
        tally_model.objects.filter(days).delete()
        cursor.execute(insert, params)
        written = cursor.rowcount
    return written
