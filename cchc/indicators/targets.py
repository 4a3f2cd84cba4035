"""The plan targets T1–T9 of a period (T5 is ``cchc.indicators.on_time``), each a ``Value`` against
the goal of the plan in force.
"""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q

from cchc.common.formats import format_number as _n  # Vietnamese: "1.234", "4,24"
from cchc.common.periods import Period
from cchc.disclosure.models import Publication
from cchc.disclosure.models import Status as PubStatus
from cchc.disclosure.selectors import late_condition
from cchc.indicators.goals import _target_value
from cchc.indicators.on_time import on_time
from cchc.indicators.qd766 import _Ctx
from cchc.indicators.scope import _published_versions
from cchc.indicators.values import Value, pct, q2, status_for
from cchc.org.models import Agency, Unit
from cchc.plans.selectors import applied_initiatives, digital_tasks, training_participation
from cchc.procedures.models import FormTemplate, ProcessStep
from cchc.surveys.selectors import Filters, method_results

# A form counts for T1 with its template file and non-blank filling guidance (the procedures' rule).
_FORM_COMPLETE = FormTemplate.templated_q()


def _t1_row(period: Period, unit: Unit | None, agency: Agency | None = None) -> dict:
    forms = FormTemplate.objects.filter(document__version__in=_published_versions(period, unit, agency))
    return forms.aggregate(n=Count("pk"), ok=Count("pk", filter=_FORM_COMPLETE))


def t1_forms(period: Period, unit: Unit | None = None, *, agency: Agency | None = None) -> Value:
    row = _t1_row(period, unit, agency)
    return _target_value(
        "T1",
        "Biểu mẫu được mẫu hóa, có hướng dẫn kê khai",
        pct(row["ok"], row["n"]),
        row["ok"],
        row["n"],
        "%",
        period.end.year,
        note=f"{_n(row['ok'])}/{_n(row['n'])} mẫu có tệp mẫu và hướng dẫn kê khai",
        agency=agency,
    )


def _publications(period: Period, unit: Unit | None, agency: Agency | None = None):
    """T2's population: items published in the period (withdrawn ones too: they were published)."""
    qs = Publication.objects.filter(
        status__in=[PubStatus.PUBLISHED, PubStatus.WITHDRAWN],
        published_on__gte=period.start,
        published_on__lte=period.end,
    )
    if unit is not None:
        return qs.filter(unit=unit)
    return qs.filter(unit__agency=agency) if agency is not None else qs


def t2_publication(period: Period, unit: Unit | None = None, *, agency: Agency | None = None) -> Value:
    row = _publications(period, unit, agency).aggregate(
        n=Count("pk"), late=Count("pk", filter=late_condition())
    )
    ok = row["n"] - row["late"]
    return _target_value(
        "T2",
        "Thông tin được công khai đầy đủ, kịp thời",
        pct(ok, row["n"]),
        ok,
        row["n"],
        "%",
        period.end.year,
        note=f"{_n(row['late'])} mục công khai chậm",
        agency=agency,
    )


def _t3_row(period: Period, unit: Unit | None, agency: Agency | None = None) -> dict:
    qs = _published_versions(period, unit, agency).annotate(
        has_process=Exists(ProcessStep.objects.filter(version=OuterRef("pk")))
    )
    return qs.aggregate(n=Count("pk"), ok=Count("pk", filter=Q(has_process=True)))


def t3_electronic(period: Period, unit: Unit | None = None, *, agency: Agency | None = None) -> Value:
    row = _t3_row(period, unit, agency)
    return _target_value(
        "T3",
        "Thủ tục có quy trình giải quyết điện tử",
        pct(row["ok"], row["n"]),
        row["ok"],
        row["n"],
        "%",
        period.end.year,
        note=f"{_n(row['ok'])}/{_n(row['n'])} thủ tục có quy trình nội bộ điện tử",
        agency=agency,
    )


def t4_paper(
    period: Period,
    unit: Unit | None = None,
    *,
    agency: Agency | None = None,
    now=None,
    totals: dict | None = None,
) -> Value:
    """T4: dossiers received on paper (counter, post) for procedures offered online (goal: none)."""
    if totals is None:
        totals = _Ctx(period, unit, now, agency=agency).received()
    n, paper = totals["online_versions_n"], totals["paper"]
    return _target_value(
        "T4",
        "Hồ sơ giấy của thủ tục có dịch vụ công trực tuyến",
        paper if n else None,
        paper,
        n,
        "count",
        period.end.year,
        note=f"trên {_n(n)} hồ sơ của thủ tục trực tuyến; "
        f"{_n(totals['paper_no_reason'])} hồ sơ không ghi lý do",
        drill="paper_dossiers",
        agency=agency,
    )


def t6_training(period: Period, unit: Unit | None = None, *, agency: Agency | None = None) -> Value:
    row = training_participation(period.end.year, unit, agency=agency)
    return _target_value(
        "T6",
        "Cán bộ tham gia đào tạo, bồi dưỡng theo kế hoạch",
        row["rate"],
        row["attended"],
        row["planned"],
        "%",
        period.end.year,
        note=f"cả năm {period.end.year}",
        agency=agency,
    )


def sipas(period: Period, unit: Unit | None = None, *, agency: Agency | None = None) -> list[Value]:
    """SIPAS satisfaction, one value per method version with responses in the period (of ``unit``, of
    ``agency``'s units, or of the whole province)."""
    results = method_results(_survey_filters(period, unit, agency))
    out = []
    for r in results:
        index = r.index
        target = r.method.target
        out.append(
            Value(
                key=f"sipas:{r.method.code}",
                label=f"Mức độ hài lòng (SIPAS) — {r.method.name}",
                value=q2(index),
                numerator=None,
                denominator=r.responses,
                unit="%",
                goal=target,
                comparator=">=",
                status=status_for(q2(index), target, ">="),
                note=f"{_n(r.responses)} phiếu; điểm trung bình {_n(q2(r.mean), 2) or '—'}/5",
            )
        )
    return out


def _survey_filters(period: Period, unit: Unit | None, agency: Agency | None) -> Filters:
    return Filters(
        period.start,
        period.end,
        unit.pk if unit else None,
        agency_id=agency.pk if agency is not None and unit is None else None,
    )


def t7_satisfaction(
    period: Period, unit: Unit | None = None, sipas_values=None, *, agency: Agency | None = None
) -> Value:
    values = sipas(period, unit, agency=agency) if sipas_values is None else sipas_values
    last = values[-1] if values else None
    return _target_value(
        "T7",
        "Mức độ hài lòng của người dân, tổ chức (SIPAS)",
        last.value if last else None,
        None,
        last.denominator if last else 0,
        "%",
        period.end.year,
        note=(last.label.split("— ", 1)[-1] + f", {_n(last.denominator)} phiếu") if last else "",
        agency=agency,
    )


def t8_digital(period: Period, unit: Unit | None = None, *, agency: Agency | None = None) -> Value:
    row = digital_tasks(period.end.year, unit, agency=agency)
    return _target_value(
        "T8",
        "Nhiệm vụ chuyển đổi số, một cửa hoàn thành",
        row["rate"],
        row["done"],
        row["total"],
        "%",
        period.end.year,
        note=f"nhiệm vụ năm {period.end.year}" + (" do đơn vị chủ trì" if unit is not None else ""),
        drill="tasks",
        agency=agency,
    )


def t9_initiatives(period: Period, unit: Unit | None = None, *, agency: Agency | None = None) -> Value:
    n = applied_initiatives(period.start, period.end, unit, agency=agency).count()
    return _target_value(
        "T9", "Sáng kiến, giải pháp mới được áp dụng", n, n, None, "count", period.end.year, agency=agency
    )


def plan_targets(
    period: Period,
    unit: Unit | None = None,
    *,
    agency: Agency | None = None,
    now=None,
    _on_time: Value | None = None,
) -> list[Value]:
    """T1 … T9 in order, of ``unit``, of ``agency`` or of the whole province."""
    a = {"agency": agency}
    return [
        t1_forms(period, unit, **a),
        t2_publication(period, unit, **a),
        t3_electronic(period, unit, **a),
        t4_paper(period, unit, now=now, **a),
        _on_time or on_time(period, unit, now=now, **a),
        t6_training(period, unit, **a),
        t7_satisfaction(period, unit, **a),
        t8_digital(period, unit, **a),
        t9_initiatives(period, unit, **a),
    ]
