"""Plan targets T1–T9 on hand-computed data, goals from plans.Target, "no data" never 0 %."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cchc.dossiers.models import Channel
from cchc.indicators import engine
from cchc.indicators.engine import Period
from cchc.plans.models import Target
from tests.factories import FormTemplateFactory

from .conftest import NOW, at, make_plan

Y = Period.year(2026)


@pytest.fixture
def plan(db):
    plan = make_plan()
    for code, indicator, comp, value, measure in [
        ("T1", "forms_templated", "gte", 100, "percent"),
        ("T3", "electronic_processing", "gte", 100, "percent"),
        ("T4", "paper_for_online", "eq", 0, "count"),
        ("T5", "on_time_rate", "gte", 98, "percent"),
        ("T5", "on_time_rate", "above_previous", None, "percent"),
        ("T9", "initiatives_applied", "gte", 1, "count"),
    ]:
        Target.objects.create(
            plan=plan,
            code=code,
            text=code,
            indicator=indicator,
            comparator=comp,
            value=value,
            measure=measure,
        )
    return plan


def test_t1_forms_templated(world, plan):
    FormTemplateFactory(document__version=world.va)
    FormTemplateFactory(document__version=world.vb, guidance="  ")
    value = engine.t1_forms(Y)
    assert (value.numerator, value.denominator, value.value) == (1, 2, Decimal("50.00"))
    assert (value.goal, value.comparator, value.status) == (Decimal(100), ">=", "bad")
    assert engine.t1_forms(Y, world.a).value == Decimal("100.00")


def test_t1_no_forms_is_no_data(world, plan):
    value = engine.t1_forms(Y)
    assert value.value is None and value.status == "nodata"


def test_t3_electronic_process(world, plan):
    from tests.factories import ProcedureVersionFactory

    ProcedureVersionFactory(agency=world.agency)  # no internal process
    value = engine.t3_electronic(Y)
    assert (value.numerator, value.denominator) == (2, 3)


def test_t4_paper_for_online(world, plan):
    world.dossier(world.va, received=at(2026, 2, 2), due=at(2026, 2, 20, 17), paper_reason="")
    world.dossier(world.va, received=at(2026, 2, 2), due=at(2026, 2, 20, 17), channel=Channel.ONLINE)
    world.dossier(world.vb, received=at(2026, 2, 2), due=at(2026, 2, 20, 17))  # not an online procedure
    value = engine.t4_paper(Y, now=NOW)
    assert (value.value, value.denominator, value.status) == (Decimal(1), 2, "bad")
    assert "1 hồ sơ không ghi lý do" in value.note
    assert engine.t4_paper(Period.year(2024), now=NOW).value is None


def test_t5_goal_and_higher_than_last_year(world, plan):
    world.dossier(received=at(2025, 2, 5), due=at(2025, 2, 20, 17), finished=at(2025, 2, 10))
    world.dossier(received=at(2026, 2, 5), due=at(2026, 2, 20, 17), finished=at(2026, 2, 10))
    value = engine.on_time(Y, now=NOW)
    # 100 % ≥ 98 % but not higher than last year's 100 %: amber.
    assert (value.value, value.goal, value.status) == (Decimal("100.00"), Decimal(98), "warn")


def test_t6_t7_t8_t9_without_data_are_no_data(world, plan):
    values = {v.key: v for v in engine.plan_targets(Y, now=NOW)}
    assert list(values) == [f"T{i}" for i in range(1, 10)]
    for key in ("T6", "T7", "T8"):
        assert values[key].value is None and values[key].status == "nodata"
    assert values["T9"].value == 0 and values["T9"].status == "bad"


def test_a_measured_target_without_a_goal_is_not_called_achieved(world):
    """No plan, so no goals: T3 is measured (100 %) but neither "achieved" nor "missed"."""
    value = engine.t3_electronic(Y)
    assert (value.value, value.goal, value.status) == (Decimal("100.00"), None, "nogoal")
    world.dossier(received=at(2026, 2, 5), due=at(2026, 2, 20, 17), finished=at(2026, 2, 10))
    assert engine.on_time(Y, now=NOW).status == "nogoal"


@pytest.mark.parametrize(
    ("last_year_on_time", "status"),
    [(None, "nogoal"), (True, "warn"), (False, "good")],
)
def test_t5_only_higher_than_last_year(world, last_year_on_time, status):
    plan = make_plan()
    Target.objects.create(
        plan=plan,
        code="T5",
        text="T5",
        indicator="on_time_rate",
        comparator="above_previous",
        measure="percent",
    )
    if last_year_on_time is not None:
        finished = at(2025, 2, 10) if last_year_on_time else at(2025, 2, 25)
        world.dossier(received=at(2025, 2, 5), due=at(2025, 2, 20, 17), finished=finished)
    world.dossier(received=at(2026, 2, 5), due=at(2026, 2, 20, 17), finished=at(2026, 2, 10))
    # this year 100 %; last year 100 % (not higher: amber), 0 % (higher: green) or none (no comparison)
    assert engine.on_time(Y, now=NOW).status == status


def test_t7_is_the_index_of_dossier_holders_not_of_the_open_survey(world, plan):
    """T7 (and the SIPAS value) count responses tied to a returned dossier; an open-survey response,
    anyone's, is counted apart. Two linked responses: criterion 1 answered 5 and 2, every other
    criterion 5 → criterion 1 at 50 %, the others 100 %."""
    from cchc.surveys import selectors as survey_selectors
    from cchc.surveys import services as survey_services
    from cchc.surveys.models import Criterion, MethodVersion
    from cchc.surveys.services import Answers

    method = MethodVersion.objects.get(code="sipas-2023")
    slots = list(Criterion.objects.filter(method=method).values_list("slot", flat=True))
    first = Criterion.objects.filter(method=method).order_by("element__order", "order").first()
    elements = method.elements.count()
    first_element_size = Criterion.objects.filter(element=first.element).count()

    def answers(first_score: int) -> Answers:
        return Answers(scores={s: (first_score if s == first.slot else 5) for s in slots})

    for score in (5, 2):
        d = world.dossier(received=at(2026, 3, 2), due=at(2026, 3, 10), finished=at(2026, 3, 5))
        survey_services.submit(channel="link", dossier=d, answers=answers(score), at=at(2026, 3, 6))
    for _ in range(3):
        survey_services.submit(channel="public", answers=answers(1), at=at(2026, 3, 6))

    # element of the first criterion: (50 + 100 × (k − 1)) / k; the overall: mean over the elements
    element = (Decimal(50) + Decimal(100) * (first_element_size - 1)) / first_element_size
    expected = (element + Decimal(100) * (elements - 1)) / elements
    t7 = {v.key: v for v in engine.plan_targets(Y, now=NOW)}["T7"]
    assert t7.value == expected.quantize(Decimal("0.01")) and t7.denominator == 2
    data = survey_selectors.results(survey_selectors.Filters(Y.start, Y.end))
    assert (data.collected, data.public) == (2, 3)
