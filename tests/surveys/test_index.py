"""Index computation against hand-computed cases (domain.md §6.3 [C])."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc.surveys import selectors, tallies
from cchc.surveys.models import MethodVersion, Response
from cchc.surveys.selectors import Filters, margin_of_error, rounded, slovin

from .conftest import local, make_method, returned_dossier

pytestmark = pytest.mark.django_db

# The arithmetic below is the same for every channel; the responses are open-survey ones because those
# need no dossier, so the period selects that channel (without a channel, the index leaves it out:
# ``test_the_index_counts_dossier_holders_and_the_open_survey_apart``).
JAN = Filters(dt.date(2026, 1, 1), dt.date(2026, 1, 31), channel="public")


def respond(method, at, channel="public", dossier=None, **scores):
    """A response saved directly, added to its daily tally as ``services.submit`` does."""
    response = Response.objects.create(
        method=method, channel=channel, dossier=dossier, submitted_at=at, **scores
    )
    tallies.add_response(response)
    return response


@pytest.fixture
def small():
    """Element 1 = criteria in slots 1 and 2, element 2 = slot 3; no shipped method in January 2026
    except this one (the shipped 2023 method ends before it starts)."""
    MethodVersion.objects.update(valid_to=dt.date(2025, 11, 30))
    return make_method("thu", [[1, 2], [3]], valid_from=dt.date(2025, 12, 1))


def three_responses(method):
    at = local(2026, 1, 15, 9)
    respond(method, at, s01=5, s02=4, s03=2)
    respond(method, at, s01=3, s02=None, s03=4)  # slot 2: not applicable
    respond(method, at, s01=4, s02=1, s03=None)  # slot 3: skipped


def test_share_of_4_and_5_by_hand(small):
    three_responses(small)
    [r] = selectors.method_results(JAN, low=True)
    c1, c2, c3 = r.criteria
    # criterion 1: 5, 3, 4 -> 2 of 3 valid answers are 4-5
    assert (c1.valid, c1.satisfied) == (3, 2)
    assert rounded(c1.index) == Decimal("66.67")
    # criterion 2: 4, n/a, 1 -> 1 of 2
    assert (c2.valid, c2.satisfied, c2.low) == (2, 1, 1)
    assert c2.index == Decimal(50)
    # criterion 3: 2, 4, skipped -> 1 of 2
    assert c3.index == Decimal(50)
    # element 1 = mean(66.666…, 50) = 58.333…; element 2 = 50; overall = 54.1666… -> 54.17
    assert rounded(r.elements[0].index) == Decimal("58.33")
    assert r.elements[1].index == Decimal(50)
    assert rounded(r.index) == Decimal("54.17")
    assert r.responses == 3
    # mean scores: 4, 2.5, 3 -> element 3.25 and 3 -> overall 3.125, rounded half up to 3.13
    assert (c1.mean, c2.mean, c3.mean) == (Decimal(4), Decimal("2.5"), Decimal(3))
    assert r.mean == Decimal("3.125")
    assert rounded(r.mean) == Decimal("3.13")
    assert [c.criterion.slot for c in r.weakest()] == [2, 3, 1]


def test_mean_times_20_formula_is_a_choice_of_the_method(small):
    small.formula = "mean_x20"
    small.save()
    three_responses(small)
    [r] = selectors.method_results(JAN)
    assert [c.index for c in r.criteria] == [Decimal(80), Decimal(50), Decimal(60)]
    assert r.elements[0].index == Decimal(65)
    assert r.index == Decimal("62.5")


def test_criterion_without_valid_answers_is_left_out_not_zero(small):
    at = local(2026, 1, 10, 9)
    respond(small, at, s01=5)  # slots 2 and 3 not answered by anyone
    respond(small, at, s01=2)
    [r] = selectors.method_results(JAN)
    assert r.criteria[1].index is None
    assert r.elements[1].index is None
    assert r.elements[0].index == Decimal(50)
    assert r.index == Decimal(50)  # element 2 has no value: not counted as 0


def test_empty_period_is_no_data_never_zero(small, client):
    three_responses(small)
    data = selectors.results(Filters(dt.date(2026, 2, 1), dt.date(2026, 2, 28)))
    assert not data.has_data
    assert data.methods == []
    page = client.get(reverse("portal:surveys:results"), {"nam": 2026, "ky": "q2"})
    text = page.content.decode()
    assert "Chưa có dữ liệu" in text
    assert "0,00 %" not in text and "0.00 %" not in text and 'data-index="overall"' not in text


def test_method_change_inside_the_period_gives_one_result_per_method(db):
    MethodVersion.objects.update(valid_to=dt.date(2025, 12, 31))
    old = make_method("cu", [[1, 2]], valid_from=dt.date(2026, 1, 1), valid_to=dt.date(2026, 1, 15))
    new = make_method("moi", [[1], [2, 3]], valid_from=dt.date(2026, 1, 16))
    respond(old, local(2026, 1, 5, 9), s01=5, s02=5)
    respond(old, local(2026, 1, 6, 9), s01=1, s02=5)
    respond(new, local(2026, 1, 20, 9), s01=2, s02=2, s03=5)
    results = selectors.method_results(JAN)
    assert [r.method.code for r in results] == ["cu", "moi"]
    cu, moi = results
    assert cu.responses == 2 and moi.responses == 1
    # old: slot 1 = 50 %, slot 2 = 100 % -> one element 75 %
    assert cu.index == Decimal(75)
    # new: element 1 (slot 1) = 0 %, element 2 (slots 2, 3) = 50 % -> 25 %; old answers not mixed in
    assert moi.elements[0].index == Decimal(0)
    assert moi.index == Decimal(25)


def test_previous_period_and_target(small):
    respond(small, local(2025, 12, 20, 9), s01=5, s02=5, s03=5)  # December: the previous period
    three_responses(small)
    data = selectors.results(JAN)
    [r] = data.methods
    assert r.previous is not None and r.previous.index == Decimal(100)
    assert r.change == Decimal("54.17") - Decimal(100)
    assert r.meets_target is False


def _three_channels(world, method):
    """Link 100 %, kiosk 0 % (one response each, tied to returned dossiers), open survey 2 × 0 %."""
    at = local(2026, 1, 15, 9)
    link, kiosk = (returned_dossier(world, at=local(2026, 1, 14, 9)) for _ in range(2))
    respond(method, at, "link", link, s01=5, s02=5, s03=5)
    respond(method, at, "kiosk", kiosk, s01=1, s02=1, s03=1)
    respond(method, at, s01=1, s02=1, s03=1)
    respond(method, at, s01=2, s02=2, s03=2)


def test_the_index_counts_dossier_holders_and_the_open_survey_apart(small, world):
    """SIPAS measures the people served: the index (and T7, the public page) takes the responses
    tied to a dossier; the open survey is counted apart and has its own index only when chosen."""
    _three_channels(world, small)
    period = Filters(JAN.start, JAN.end)
    data = selectors.results(period)
    [r] = data.methods
    assert r.responses == 2 and r.index == Decimal(50)  # link 100 % and kiosk 0 %; 0 % open ones left out
    assert (data.collected, data.public) == (2, 2)
    [open_survey] = selectors.method_results(JAN)
    assert open_survey.responses == 2 and open_survey.index == Decimal(0)
    [kiosk] = selectors.method_results(Filters(JAN.start, JAN.end, channel="kiosk"))
    assert kiosk.responses == 1 and kiosk.index == Decimal(0)
    assert selectors.responses(period).count() == 2


def test_breakdown_by_channel_and_month_in_the_database(small, world):
    _three_channels(world, small)
    period = Filters(JAN.start, JAN.end)
    rows = selectors.breakdown(period, small, "channel")
    assert sorted((r["key"], r["responses"], r["index"]) for r in rows) == [
        ("kiosk", 1, Decimal(0)),
        ("link", 1, Decimal(100)),
    ]
    assert [(r["key"], r["responses"]) for r in selectors.breakdown(JAN, small, "channel")] == [("public", 2)]
    months = selectors.breakdown(period, small, "month")
    assert len(months) == 1 and months[0]["responses"] == 2


def test_slovin_and_margin_of_error():
    assert slovin(1000) == 286  # 1000 / (1 + 1000 × 0.0025) = 285.7
    assert slovin(0) == 0
    assert slovin(400) == 200
    assert rounded(margin_of_error(Decimal(50), 100)) == Decimal("9.80")
    assert margin_of_error(None, 10) is None
    assert margin_of_error(Decimal(80), 0) is None
    assert rounded(Decimal("12.505")) == Decimal("12.51")  # half up, not to even


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=5), min_size=1, max_size=40))
def test_index_bounds_and_formula_property(scores):
    valid = len(scores)
    satisfied = sum(1 for s in scores if s >= 4)
    c = selectors.CriterionResult(
        criterion=None, valid=valid, satisfied=satisfied, low=0, total=sum(scores), formula="share_4_5"
    )
    assert Decimal(0) <= c.index <= Decimal(100)
    assert c.index == Decimal(satisfied) * 100 / valid
    m = selectors.CriterionResult(
        criterion=None, valid=valid, satisfied=satisfied, low=0, total=sum(scores), formula="mean_x20"
    )
    assert Decimal(20) <= m.index <= Decimal(100)
