"""Reads of the survey app: the indices (computed by the database), follow-up lists, kiosk devices.

Index rules (domain.md §6.3 [C], configurable per method version through ``MethodVersion.formula``):
- criterion: share of answers 4 or 5 among its valid answers × 100 (``share_4_5``), or mean score × 20
  (``mean_x20``); "not applicable" and skipped answers are NULL and are not valid answers;
- element: mean of its criteria that have at least one valid answer;
- overall: mean of the elements that have a value.
Values are kept exact (Decimal) and rounded half up to 2 decimals only when shown.

A period spanning a method change gives **one result per method version** — criteria of different
methods are never mixed into one index. A period without responses gives no result ("Chưa có dữ
liệu"), never 0 %.

**Whose answers count.** The index is the satisfaction of people who used the service: responses
tied to a returned dossier (the signed link or QR, and the counter's kiosk) — the same population
as the Slovin sample it is checked against. Responses of the open survey (channel ``public``,
anyone, no dossier) are counted separately: they are in the index only when that channel is chosen
explicitly (``Filters(channel="public")``), never mixed into the Department's SIPAS index or T7.

The database does the counting, over the **daily summary** (``DailyTally``, kept by each response
and rebuilt in SQL, see ``tallies.py``) rather than the responses themselves: one aggregate query per
method version (and per group for the breakdowns) of ``Sum("sNN_ok")``, ``Sum("sNN_n")``,
``Sum("sNN_sum")`` (and ``Sum("sNN_low")``) per slot. Filters are by whole days (local time), which
is all the staff and public filters ask for.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import F, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from cchc.dossiers.models import Dossier, Status

from .models import (
    Criterion,
    DailyTally,
    Element,
    FollowUp,
    Formula,
    MethodVersion,
    Response,
    ResponseChannel,
    score_field,
    tally_field,
)

HUNDRED = Decimal(100)
Z95 = Decimal("1.96")


def rounded(value: Decimal | None, places: str = "0.01") -> Decimal | None:
    return None if value is None else value.quantize(Decimal(places), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Filters:
    start: dt.date
    end: dt.date  # inclusive
    unit_id: int | None = None
    procedure_id: int | None = None
    field_id: int | None = None
    channel: str | None = None  # None: the dossier-linked channels (link + kiosk), never "public"
    agency_id: int | None = None  # the responses of this agency's units (its dossiers and its Office)

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        tz = timezone.get_current_timezone()
        start = dt.datetime.combine(self.start, dt.time.min, tzinfo=tz)
        end = dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
        return start, end

    def previous(self) -> Filters:
        """The period of the same length right before this one (same filters)."""
        days = (self.end - self.start).days + 1
        end = self.start - dt.timedelta(days=1)
        return Filters(
            end - dt.timedelta(days=days - 1),
            end,
            self.unit_id,
            self.procedure_id,
            self.field_id,
            self.channel,
            self.agency_id,
        )


def _filtered(qs: QuerySet, filters: Filters, *, every_channel: bool = False) -> QuerySet:
    """The unit, procedure, field and channel filters shared by responses and tallies; without a
    channel, the open survey is left out (unless ``every_channel``)."""
    if filters.unit_id:
        qs = qs.filter(unit_id=filters.unit_id)
    if filters.agency_id:
        qs = qs.filter(unit__agency_id=filters.agency_id)
    if filters.procedure_id:
        qs = qs.filter(procedure_id=filters.procedure_id)
    if filters.field_id:
        qs = qs.filter(field_id=filters.field_id)
    if filters.channel:
        qs = qs.filter(channel=filters.channel)
    elif not every_channel:
        qs = qs.exclude(channel=ResponseChannel.PUBLIC)
    return qs


def responses(filters: Filters) -> QuerySet[Response]:
    start, end = filters.bounds()
    return _filtered(Response.objects.filter(submitted_at__gte=start, submitted_at__lt=end), filters)


def tallies(filters: Filters, *, every_channel: bool = False) -> QuerySet[DailyTally]:
    """The daily tallies of the period and filters (what every result below aggregates)."""
    qs = DailyTally.objects.filter(day__gte=filters.start, day__lte=filters.end)
    return _filtered(qs, filters, every_channel=every_channel)


@dataclass
class CriterionResult:
    criterion: Criterion
    valid: int
    satisfied: int
    low: int
    total: int  # sum of scores
    formula: str

    @property
    def index(self) -> Decimal | None:
        if not self.valid:
            return None
        if self.formula == Formula.MEAN_X20:
            return Decimal(self.total) * 20 / self.valid
        return Decimal(self.satisfied) * HUNDRED / self.valid

    @property
    def mean(self) -> Decimal | None:
        return Decimal(self.total) / self.valid if self.valid else None

    @property
    def margin(self) -> Decimal | None:
        return margin_of_error(self.index, self.valid)


@dataclass
class ElementResult:
    element: Element
    criteria: list[CriterionResult]

    @property
    def index(self) -> Decimal | None:
        return _mean([c.index for c in self.criteria])

    @property
    def mean(self) -> Decimal | None:
        return _mean([c.mean for c in self.criteria])


@dataclass
class MethodResult:
    method: MethodVersion
    responses: int
    elements: list[ElementResult]
    previous: MethodResult | None = None

    @property
    def index(self) -> Decimal | None:
        return _mean([e.index for e in self.elements])

    @property
    def mean(self) -> Decimal | None:
        return _mean([e.mean for e in self.elements])

    @property
    def margin(self) -> Decimal | None:
        return margin_of_error(self.index, self.responses)

    @property
    def meets_target(self) -> bool | None:
        index = self.index
        return None if index is None else rounded(index) >= self.method.target

    @property
    def change(self) -> Decimal | None:
        if self.previous is None or self.previous.index is None or self.index is None:
            return None
        return rounded(self.index) - rounded(self.previous.index)

    @property
    def criteria(self) -> list[CriterionResult]:
        return [c for e in self.elements for c in e.criteria]

    def weakest(self, n: int = 5) -> list[CriterionResult]:
        """Criteria with a value, lowest index first (what to fix first)."""
        rated = [c for c in self.criteria if c.index is not None]
        return sorted(rated, key=lambda c: (c.index, c.criterion.slot))[:n]


@dataclass
class Results:
    filters: Filters
    methods: list[MethodResult] = field(default_factory=list)
    returned: int = 0  # dossiers returned in the period (Slovin's N)
    collected: int = 0  # responses tied to a dossier (link + kiosk)
    public: int = 0  # responses of the open survey (counted separately, not in the index)
    margin_e: Decimal = Decimal("0.05")

    @property
    def has_data(self) -> bool:
        return bool(self.methods)

    @property
    def sample_needed(self) -> int | None:
        return slovin(self.returned, self.margin_e) if self.returned else None


def _mean(values) -> Decimal | None:
    values = [v for v in values if v is not None]
    return sum(values, Decimal(0)) / len(values) if values else None


def margin_of_error(index: Decimal | None, n: int) -> Decimal | None:
    """Half-width of the 95 % confidence interval of a proportion, in percentage points."""
    if index is None or not n:
        return None
    p = min(max(float(index) / 100, 0.0), 1.0)
    return Decimal(str(1.96 * math.sqrt(p * (1 - p) / n) * 100))


def slovin(population: int, e: Decimal = Decimal("0.05")) -> int:
    """Sample size n = N / (1 + N·e²), rounded up."""
    if population <= 0:
        return 0
    n = Decimal(population) / (1 + Decimal(population) * e * e)
    return int(n.to_integral_value(rounding="ROUND_CEILING"))


def _aggregates(slots: list[int], *, low: bool = False) -> dict:
    """Per slot, summed over the tallies: answers 4–5, valid answers, sum of scores (and answers 1–2
    when ``low``); ``n`` = responses."""
    agg = {"n": Sum("n")}
    for slot in slots:
        f = score_field(slot)
        agg[f"{f}_ok"] = Sum(tally_field(slot, "ok"))
        agg[f"{f}_n"] = Sum(tally_field(slot, "n"))
        agg[f"{f}_sum"] = Sum(tally_field(slot, "sum"))
        if low:
            agg[f"{f}_low"] = Sum(tally_field(slot, "low"))
    return agg


def _structure(method: MethodVersion) -> list[tuple[Element, list[Criterion]]]:
    criteria = list(
        Criterion.objects.filter(method=method).select_related("element").order_by("element__order", "order")
    )
    elements: dict[int, tuple[Element, list[Criterion]]] = {}
    for c in criteria:
        elements.setdefault(c.element_id, (c.element, []))[1].append(c)
    return list(elements.values())


def _method_result(method: MethodVersion, structure, row: dict) -> MethodResult:
    elements = []
    for element, criteria in structure:
        results = [
            CriterionResult(
                criterion=c,
                valid=row[f"{c.field_name}_n"] or 0,
                satisfied=row[f"{c.field_name}_ok"] or 0,
                low=row.get(f"{c.field_name}_low") or 0,
                total=row[f"{c.field_name}_sum"] or 0,
                formula=method.formula,
            )
            for c in criteria
        ]
        elements.append(ElementResult(element, results))
    return MethodResult(method=method, responses=row["n"] or 0, elements=elements)


def _candidate_methods(filters: Filters) -> list[MethodVersion]:
    """Method versions whose validity overlaps the period (a response takes the method in force on
    its day, so no other method can have responses in it)."""
    overlapping = MethodVersion.objects.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=filters.end),
        Q(valid_to__isnull=True) | Q(valid_to__gte=filters.start),
    )
    return list(overlapping.order_by("valid_from", "id"))


def method_results(filters: Filters, *, with_previous: bool = False, low: bool = False) -> list[MethodResult]:
    """One result per method version with responses in the period (none: the list is empty)."""
    out = []
    base = tallies(filters)
    for method in _candidate_methods(filters):
        structure = _structure(method)
        slots = [c.slot for _e, cs in structure for c in cs]
        row = base.filter(method=method).aggregate(**_aggregates(slots, low=low))
        if not row["n"]:
            continue
        result = _method_result(method, structure, row)
        if with_previous:
            previous = [p for p in method_results(filters.previous()) if p.method.pk == method.pk]
            result.previous = previous[0] if previous else None
        out.append(result)
    return out


def monthly_method_results(filters: Filters) -> dict[dt.date, list[MethodResult]]:
    """``method_results`` of each calendar month of the period (first day → results), one grouped
    query per method version (the dashboard's monthly trend of T7)."""
    out: dict[dt.date, list[MethodResult]] = {}
    base = tallies(filters)
    for method in _candidate_methods(filters):
        structure = _structure(method)
        slots = [c.slot for _e, cs in structure for c in cs]
        rows = (
            base.filter(method=method)
            .annotate(month=TruncMonth("day"))
            .values("month")
            .annotate(**_aggregates(slots))
            .order_by("month")
        )
        for row in rows:
            if row["n"]:
                out.setdefault(row["month"], []).append(_method_result(method, structure, row))
    return out


def returned_dossiers(filters: Filters) -> QuerySet[Dossier]:
    start, end = filters.bounds()
    qs = Dossier.objects.filter(status=Status.RETURNED, returned_at__gte=start, returned_at__lt=end)
    if filters.unit_id:
        qs = qs.filter(handovers__to_unit_id=filters.unit_id).distinct()
    if filters.agency_id:
        qs = qs.filter(agency_id=filters.agency_id)
    if filters.procedure_id:
        qs = qs.filter(procedure_version__procedure_id=filters.procedure_id)
    if filters.field_id:
        qs = qs.filter(procedure_version__field_id=filters.field_id)
    return qs


def results(filters: Filters, *, low: bool = False) -> Results:
    out = Results(filters=filters, methods=method_results(filters, with_previous=True, low=low))
    if out.methods:
        out.margin_e = out.methods[-1].method.margin
    counts = tallies(
        Filters(
            filters.start,
            filters.end,
            filters.unit_id,
            filters.procedure_id,
            filters.field_id,
            agency_id=filters.agency_id,
        ),
        every_channel=True,
    ).aggregate(
        public=Sum("n", filter=Q(channel=ResponseChannel.PUBLIC)),
        collected=Sum("n", filter=~Q(channel=ResponseChannel.PUBLIC)),
    )
    out.public = counts["public"] or 0
    out.collected = counts["collected"] or 0
    if filters.channel != "public":
        out.returned = returned_dossiers(filters).count()
    return out


def breakdown(filters: Filters, method: MethodVersion, by: str) -> list[dict]:
    """Overall index per group (``unit``, ``procedure``, ``field``, ``channel`` or ``month``) of one
    method version, in one grouped query over the tallies; rows ``{"key", "responses", "index"}``.
    A month key is the first instant of the month (aware datetime, current time zone)."""
    structure = _structure(method)
    slots = [c.slot for _e, cs in structure for c in cs]
    qs = tallies(filters).filter(method=method)
    key = TruncMonth("day") if by == "month" else _group_expr(by)
    qs = qs.annotate(key=key)
    rows = qs.values("key").annotate(**_aggregates(slots)).order_by("key")
    tz = timezone.get_current_timezone()
    out = []
    for row in rows:
        result = _method_result(method, structure, row)
        key = row["key"]
        if by == "month" and isinstance(key, dt.date) and not isinstance(key, dt.datetime):
            key = dt.datetime.combine(key, dt.time.min, tzinfo=tz)
        out.append({"key": key, "responses": result.responses, "index": result.index, "result": result})
    return out


def _group_expr(by: str):
    return F({"unit": "unit_id", "procedure": "procedure_id", "field": "field_id", "channel": "channel"}[by])


def open_follow_ups(*, unit=None) -> QuerySet[FollowUp]:
    qs = FollowUp.objects.filter(state=FollowUp.State.OPEN).select_related(
        "unit", "response__dossier", "response__method"
    )
    if unit is not None:
        qs = qs.filter(unit=unit)
    return qs.order_by("opened_at", "id")


def follow_ups(*, unit=None, state: str | None = None) -> QuerySet[FollowUp]:
    qs = FollowUp.objects.select_related("unit", "response__dossier", "closed_by")
    if unit is not None:
        qs = qs.filter(unit=unit)
    if state:
        qs = qs.filter(state=state)
    return qs.order_by("state", "-opened_at", "-id")
