"""QĐ 766: the scoring rule, the versioned rules, the index from our data, the "what if" solver."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cchc.dossiers.models import Channel
from cchc.indicators import engine
from cchc.indicators.engine import Period, score_766
from cchc.indicators.models import Rule766

from .conftest import NOW, at

D = Decimal
Q1 = Period.quarter(2026, 1)


def test_scoring_rule_at_below_above_threshold_and_na():
    assert score_766(D(80), D(4), D(80)) == D("4.00")  # at
    assert score_766(D(95), D(4), D(80)) == D("4.00")  # above
    assert score_766(D(40), D(4), D(80)) == D("2.00")  # below: 40 × 4 / 80
    assert score_766(D("97.28"), D(20), None) == D("19.46")  # no threshold: linear
    assert score_766(D(0), D(6), D(90)) == D("0.00")
    assert score_766(None, D(6), D(90)) is None  # N/A


@given(
    st.decimals(min_value=0, max_value=100, places=2),
    st.decimals(min_value=1, max_value=20, places=2),
    st.decimals(min_value=1, max_value=100, places=2),
)
def test_scoring_rule_properties(rate, pmax, threshold):
    points = score_766(rate, pmax, threshold)
    assert D(0) <= points <= pmax
    if rate >= threshold:
        assert points == pmax.quantize(D("0.01"))


def test_rules_are_seeded_and_total_100(db):
    rules = Rule766.objects.valid_on(dt.date(2026, 1, 1))
    assert sum(r.max_points for r in rules) == D(100)
    groups = {}
    for r in rules:
        groups[r.group_order] = groups.get(r.group_order, D(0)) + r.max_points
    assert groups == {1: 18, 2: 20, 3: 12, 4: 10, 5: 22, 6: 18}


def test_rules_are_versioned_data(world):
    """A new rule version (new points) applies from its date; the engine reads it, not a constant."""
    old = Rule766.objects.get(code="2.1")
    old.valid_to = dt.date(2026, 12, 31)
    old.save()
    Rule766.objects.create(
        code="2.1",
        label=old.label,
        group_order=2,
        group_name=old.group_name,
        max_points=D(20),
        threshold=D(98),
        valid_from=dt.date(2027, 1, 1),
    )
    world.dossier(received=at(2026, 1, 5), due=at(2026, 1, 20, 17), finished=at(2026, 1, 10))
    world.dossier(received=at(2027, 1, 5), due=at(2027, 1, 20, 17), finished=at(2027, 1, 10))
    world.dossier(received=at(2027, 1, 5), due=at(2027, 1, 20, 17), finished=at(2027, 1, 10))
    world.dossier(received=at(2027, 1, 5), due=at(2027, 1, 20, 17), finished=at(2027, 1, 30))
    later = dt.datetime(2028, 1, 1, tzinfo=NOW.tzinfo)
    i2026 = engine.index_766(Q1, now=later).indicator("2.1")
    i2027 = engine.index_766(Period.quarter(2027, 1), now=later).indicator("2.1")
    assert (i2026.threshold, i2026.points) == (None, D("20.00"))
    assert (i2027.threshold, i2027.rate) == (D(98), D("66.67"))
    assert i2027.points == D("13.61")  # 66.67 × 20 / 98


def test_index_without_dossiers_is_na_not_zero(world):
    index = engine.index_766(Q1, now=NOW)
    assert index.indicator("2.1").rate is None and index.indicator("2.1").points is None
    assert index.indicator("3.3").points is None
    assert index.indicator("5.2").points is None
    # Indicators we cannot compute are N/A with a reason.
    na = index.indicator("1.1")
    assert na.points is None and "N/A" in na.note
    assert index.max_total == D(100)


def test_index_from_dossiers(world):
    world.dossier(
        received=at(2026, 1, 5),
        due=at(2026, 1, 20, 17),
        finished=at(2026, 1, 10),
        channel=Channel.ONLINE,
        fee_amount=D(50000),
        paid_online=1,
        digitised_components=True,
        result_code="X-KQ1",
        vneid_verified=True,
    )
    world.dossier(
        received=at(2026, 1, 5),
        due=at(2026, 1, 20, 17),
        finished=at(2026, 1, 25),
        fee_amount=D(50000),
        data_reused=True,
    )
    world.dossier(received=at(2026, 1, 6), due=at(2026, 1, 21, 17), finished=at(2026, 1, 12))
    world.dossier(received=at(2026, 1, 6), due=at(2026, 1, 21, 17), finished=at(2026, 1, 12))
    index = engine.index_766(Q1, now=NOW)
    i21 = index.indicator("2.1")
    assert (i21.numerator, i21.denominator, i21.rate, i21.points) == (3, 4, D("75.00"), D("15.00"))
    # 3.3: 1 online of 4 received = 25 % against a 50 % threshold → 25 × 6 / 50 = 3.
    i33 = index.indicator("3.3")
    assert (i33.numerator, i33.denominator, i33.points) == (1, 4, D("3.00"))
    i36 = index.indicator("3.6")
    assert (i36.numerator, i36.denominator, i36.points) == (1, 2, D("3.00"))
    i41 = index.indicator("4.1")
    assert (i41.numerator, i41.denominator) == (1, 4)
    assert index.indicator("4.3").numerator == 1
    assert index.indicator("4.5b").numerator == 1
    # 5.4 = 100 − (25 % late + 0 % complaints) = 75 % < 90 % → 75 × 6 / 90 = 5.
    assert index.indicator("5.4").points == D("5.00")
    group2 = next(g for g in index.groups if g.name == "Tiến độ giải quyết")
    assert group2.points == D("15.00")
    assert index.total == sum((g.points for g in index.groups if g.points is not None), D(0))


def test_what_if_solves_from_the_scoring_rule(world):
    for day in range(5, 9):
        world.dossier(received=at(2026, 1, day), due=at(2026, 1, 20, 17), finished=at(2026, 1, 10))
    for day in range(5, 9):
        world.dossier(received=at(2026, 1, day), due=at(2026, 1, 20, 17), finished=at(2026, 1, 25))
    index = engine.index_766(Q1, now=NOW)
    assert index.indicator("2.1").points == D("10.00")  # 50 %
    answer = engine.what_if(index, "2.1", D("5"))
    # 15 points ⇔ 75 % of 8 = 6 on time: 2 more.
    assert answer["needed"] == 2 and answer["new_points"] == D("15.00") and answer["reachable"]
    too_much = engine.what_if(index, "2.1", D("50"))
    assert not too_much["reachable"] and too_much["needed"] == 4
    assert engine.what_if(index, "1.1", D(1)) is None


@pytest.mark.parametrize(
    ("key", "period"),
    [
        ("2026", Period.year(2026)),
        ("2026-h2", Period.half(2026, 2)),
        ("2026-q3", Period.quarter(2026, 3)),
        ("2026-m03", Period.month(2026, 3)),
        ("2026-m3", Period.month(2026, 3)),
    ],
)
def test_period_parse(key, period):
    assert Period.parse(key) == period
    assert Period.parse(period.key) == period


@pytest.mark.parametrize("bad", ["abc", "2026-q5", "2026-m13", "1800", "2026-h3", "2026;drop", "9" * 50])
def test_period_parse_refuses(bad):
    with pytest.raises(engine.PeriodError):
        Period.parse(bad)


def test_period_labels_and_months():
    assert Period.quarter(2026, 3).label == "Quý III/2026"
    assert Period.half(2026, 1).label == "6 tháng đầu năm 2026"
    assert Period.month(2026, 3).label == "Tháng 3/2026"
    assert Period.year(2026).previous_year() == Period.year(2025)
    assert Period.month(2024, 2).previous_year().end == dt.date(2023, 2, 28)
    assert [m.start.month for m in Period.quarter(2026, 2).months()] == [4, 5, 6]
