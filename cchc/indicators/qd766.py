"""The QĐ 766 index from our own data: what each computable component counts (``_COMPUTE_766``), the
rules (points, thresholds) in force at the period's end (``Rule766``), the index and the "what if"
solver.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils import timezone

from cchc.common.periods import Period
from cchc.dossiers.models import Outcome
from cchc.feedback.models import Feedback
from cchc.feedback.selectors import dossiers_with_complaint_or_dislike, received_in_period
from cchc.indicators.counts import _population, grouped_counts, on_time_counts, received_totals
from cchc.indicators.models import Rule766
from cchc.indicators.scope import _published_versions, dossiers, in_scope
from cchc.indicators.values import HUNDRED, Group766, Index766, Indicator766, pct, q2, score_766
from cchc.national import selectors as national
from cchc.org.models import Agency, Unit
from cchc.procedures.models import Fee, ProcedureVersion


@dataclass
class _Ctx:
    period: Period
    unit: Unit | None
    now: dt.datetime | None
    cache: dict = field(default_factory=dict)
    agency: Agency | None = None

    def received(self) -> dict:
        if "received" not in self.cache:
            rows = grouped_counts(received=self.period, unit=self.unit, agency=self.agency, now=self.now)
            self.cache["received"] = received_totals(rows)
        return self.cache["received"]

    def on_time(self) -> dict:
        if "on_time" not in self.cache:
            self.cache["on_time"] = on_time_counts(self.period, self.unit, agency=self.agency, now=self.now)
        return self.cache["on_time"]


def _r(num, den) -> tuple[int | None, int | None, Decimal | None]:
    return num, den, pct(num, den) if den else None


def _c13(ctx: _Ctx):
    """Published versions with every component (the rule of the portal's badge)."""
    row = _published_versions(ctx.period, ctx.unit, ctx.agency).aggregate(
        n=Count("pk"), ok=Count("pk", filter=ProcedureVersion.components_766_q())
    )
    return _r(row["ok"], row["n"])


def _c14(ctx: _Ctx):
    """Dossiers received in the period whose intake the portal acknowledged (by now; a late
    acknowledgement counts, one the reconciliation found missing does not: ``national.synchronised``)
    / dossiers received in the period."""
    start, cut = ctx.period.bounds(ctx.now)
    row = (
        dossiers(ctx.agency, ctx.unit)
        .filter(received_at__gte=start, received_at__lt=cut)
        .alias(synced=national.synchronised(ctx.now or timezone.now()))
        .aggregate(n=Count("pk"), ok=Count("pk", filter=Q(synced=True)))
    )
    return _r(row["ok"], row["n"])


def _c44(ctx: _Ctx):
    """Dossiers with a result in the period (decided with a result, as 4.1 counts them) whose applicant
    was VNeID-verified, and of them those whose result reached the applicant's personal data store on
    the portal (``national.result_in_store``)."""
    start, cut = ctx.period.bounds(ctx.now)
    row = (
        dossiers(ctx.agency, ctx.unit)
        .filter(finished_at__gte=start, finished_at__lt=cut, outcome=Outcome.APPROVED, vneid_verified=True)
        .alias(linked=national.result_in_store(ctx.now or timezone.now()))
        .aggregate(n=Count("pk"), ok=Count("pk", filter=Q(linked=True)))
    )
    return _r(row["ok"], row["n"])


def _c21(ctx: _Ctx):
    row = ctx.on_time()
    return _r(row["on_time"], row["n"])


def _c31(ctx: _Ctx):
    row = _published_versions(ctx.period, ctx.unit, ctx.agency).aggregate(
        n=Count("pk"), ok=Count("pk", filter=~Q(online_level="none"))
    )
    return _r(row["ok"], row["n"])


def _c33(ctx: _Ctx):
    row = ctx.received()
    return _r(row["online_ok"], row["n"])


def _c35(ctx: _Ctx):
    """Published versions with a fee or charge whose payment is integrated with the national portal
    (``ProcedureVersion.pays_online``), of all published versions with a fee or charge."""
    fee = Exists(Fee.objects.filter(version=OuterRef("pk"), amount__gt=0))
    row = (
        _published_versions(ctx.period, ctx.unit, ctx.agency)
        .filter(fee)
        .aggregate(n=Count("pk"), ok=Count("pk", filter=Q(pays_online=True)))
    )
    return _r(row["ok"], row["n"])


def _c35b(ctx: _Ctx):
    row = ctx.received()
    return _r(row["paid_versions"], row["fee_versions"])


def _c36(ctx: _Ctx):
    row = ctx.received()
    return _r(row["paid"], row["fee"])


def _c41(ctx: _Ctx):
    row = ctx.received()
    return _r(row["finished_e"], row["finished"])


def _c42(ctx: _Ctx):
    row = ctx.received()
    return _r(row["digitised"], row["n"])


def _c43(ctx: _Ctx):
    row = ctx.received()
    return _r(row["reused"], row["n"])


def _c45b(ctx: _Ctx):
    row = ctx.received()
    return _r(row["vneid"], row["n"])


def _feedback(ctx: _Ctx):
    if "feedback" not in ctx.cache:
        qs = received_in_period(ctx.period.start, ctx.period.end)
        if ctx.unit is not None:
            qs = qs.filter(unit=ctx.unit)
        elif ctx.agency is not None:
            qs = qs.filter(unit__agency=ctx.agency)
        row = qs.aggregate(
            fb_n=Count("pk"),
            fb_ok=Count("pk", filter=Q(on_time=True)),
            fb_unhappy=Count("pk", filter=Q(on_time=False) | Q(dislikes__gt=F("likes"))),
        )
        ctx.cache["feedback"] = {"n": row["fb_n"], "on_time": row["fb_ok"], "unhappy": row["fb_unhappy"]}
    return ctx.cache["feedback"]


def _c52(ctx: _Ctx):
    row = _feedback(ctx)
    return _r(row["on_time"], row["n"])


def _c53(ctx: _Ctx):
    row = _feedback(ctx)
    return _r(row["n"] - row["unhappy"], row["n"])


def _c54(ctx: _Ctx):
    """100 % − (late rate + share of dossiers received in the period with a complaint or a dislike)."""
    row = ctx.on_time()
    if not row["n"]:
        return None, None, None
    start, cut = ctx.period.bounds(ctx.now)
    complained = (
        dossiers_with_complaint_or_dislike(ctx.period.start, ctx.period.end)
        .filter(pk__in=Feedback.objects.filter(dossier__isnull=False).values("dossier_id"))
        .filter(_population(start, cut))
    )
    complained = in_scope(complained, ctx.unit, agency=ctx.agency).count()
    late = row["n"] - row["on_time"]
    good = max(row["n"] - late - complained, 0)
    rate = max(
        Decimal(0), HUNDRED - Decimal(late) * HUNDRED / row["n"] - Decimal(complained) * HUNDRED / row["n"]
    )
    return good, row["n"], q2(rate)


_COMPUTE_766 = {
    "1.3": _c13,
    "1.4": _c14,
    "2.1": _c21,
    "3.1": _c31,
    "3.3": _c33,
    "3.5": _c35,
    "3.5b": _c35b,
    "3.6": _c36,
    "4.1": _c41,
    "4.2": _c42,
    "4.3": _c43,
    "4.4": _c44,
    "4.5b": _c45b,
    "5.2": _c52,
    "5.3": _c53,
    "5.4": _c54,
}


def rules_766(day: dt.date):
    return list(Rule766.objects.valid_on(day).order_by("group_order", "order", "code"))


def index_766(
    period: Period,
    unit: Unit | None = None,
    *,
    agency: Agency | None = None,
    now: dt.datetime | None = None,
    _ctx=None,
    _rules: list | None = None,
) -> Index766:
    """The QĐ 766 index from our own data, with the rules (points, thresholds) in force at the
    period's end: of ``agency`` (with its lineage), of ``unit``, or of the whole province."""
    ctx = _ctx or _Ctx(period, unit, now, agency=agency)
    groups: dict[int, Group766] = {}
    for rule in rules_766(period.end) if _rules is None else _rules:
        group = groups.setdefault(rule.group_order, Group766(rule.group_name, Decimal(0), [], None))
        group.max_points += rule.max_points
        compute = _COMPUTE_766.get(rule.code) if rule.computable else None
        if compute is None:
            ind = Indicator766(
                rule.code,
                rule.label,
                rule.max_points,
                rule.threshold,
                None,
                None,
                None,
                None,
                note=rule.note or "Không tính được từ dữ liệu của hệ thống (N/A).",
            )
        else:
            num, den, rate = compute(ctx)
            ind = Indicator766(
                rule.code,
                rule.label,
                rule.max_points,
                rule.threshold,
                num,
                den,
                rate,
                score_766(rate, rule.max_points, rule.threshold),
                note=rule.note if rate is not None else "Mẫu số bằng 0 (N/A).",
            )
        group.indicators.append(ind)
    scored_max = Decimal(0)
    for group in groups.values():
        scored = [i for i in group.indicators if i.points is not None]
        group.points = q2(sum((i.points for i in scored), Decimal(0))) if scored else None
        scored_max += sum((i.max_points for i in scored), Decimal(0))
    ordered = [groups[k] for k in sorted(groups)]
    points = [g.points for g in ordered if g.points is not None]
    return Index766(
        groups=ordered,
        total=q2(sum(points, Decimal(0))) if points else None,
        max_total=q2(sum((g.max_points for g in ordered), Decimal(0))),
        scored_max=q2(scored_max),
    )


def what_if(index: Index766, code: str, gain: Decimal) -> dict | None:
    """How many more "good" dossiers (on time, online, paid online…) indicator ``code`` needs for its
    points to rise by ``gain`` — solved from the scoring rule on the aggregated numbers.

    Returns {"needed": n, "reachable": bool, "new_points": p, "max_gain": g} or None when N/A.
    """
    ind = index.indicator(code)
    if ind is None or ind.rate is None or not ind.denominator:
        return None
    threshold = ind.threshold or HUNDRED
    current = ind.points or Decimal(0)
    max_gain = q2(ind.max_points - current)
    target_points = current + gain
    if gain <= 0:
        return {"needed": 0, "reachable": True, "new_points": current, "max_gain": max_gain}
    if target_points > ind.max_points:
        target_points = ind.max_points
    # points = rate × Pmax / threshold  ⇒  rate = points × threshold / Pmax; rate = (num + x) / den × 100
    needed_rate = target_points * threshold / ind.max_points
    needed_num = needed_rate * ind.denominator / HUNDRED
    x = int((needed_num - ind.numerator).to_integral_value(rounding="ROUND_CEILING"))
    x = max(0, min(x, ind.denominator - ind.numerator))
    new_rate = pct(ind.numerator + x, ind.denominator)
    return {
        "needed": x,
        "reachable": current + gain <= ind.max_points,
        "new_points": score_766(new_rate, ind.max_points, ind.threshold),
        "max_gain": max_gain,
    }
