"""The on-time rule (QĐ 766 2.1, T5) on hand-computed data."""

from __future__ import annotations

from decimal import Decimal

from cchc.dossiers.models import Status
from cchc.indicators import engine
from cchc.indicators.engine import Period

from .conftest import NOW, at

Q1 = Period.quarter(2026, 1)


def test_no_dossiers_is_no_data_not_zero(world):
    value = engine.on_time(Q1, now=NOW)
    assert value.value is None
    assert value.status == "nodata"
    assert value.denominator == 0
    assert engine.on_time(Q1, world.a, now=NOW).value is None


def test_finished_on_time_and_late(world):
    world.dossier(received=at(2026, 1, 5), due=at(2026, 1, 20, 17), finished=at(2026, 1, 20, 16))  # on time
    world.dossier(received=at(2026, 1, 5), due=at(2026, 1, 20, 17), finished=at(2026, 1, 10))  # early
    world.dossier(received=at(2026, 1, 5), due=at(2026, 1, 20, 17), finished=at(2026, 1, 21, 8))  # late
    world.dossier(received=at(2026, 1, 5), due=at(2026, 1, 20, 17), finished=at(2026, 1, 20, 17, 1))  # late
    value = engine.on_time(Q1, now=NOW)
    assert (value.numerator, value.denominator) == (2, 4)
    assert value.value == Decimal("50.00")


def test_open_at_period_end_within_time_vs_overdue(world):
    # Still open after the quarter: due after 31/3 → within time at the period's end; due before → late.
    world.dossier(received=at(2026, 3, 25), due=at(2026, 4, 8, 17))
    world.dossier(received=at(2026, 3, 2), due=at(2026, 3, 16, 17))
    # Finished in April, due in April: open and within time at the end of March.
    world.dossier(received=at(2026, 3, 26), due=at(2026, 4, 9, 17), finished=at(2026, 4, 15))
    value = engine.on_time(Q1, now=NOW)
    assert (value.numerator, value.denominator) == (2, 3)
    # At the end of April all three are late: two still open past their date, one finished late.
    april = engine.on_time(Period.month(2026, 4), now=NOW)
    assert (april.numerator, april.denominator) == (0, 3)


def test_supplemented_more_than_once_is_late(world):
    world.dossier(
        received=at(2026, 1, 5), due=at(2026, 2, 20, 17), finished=at(2026, 1, 30), supplement_count=2
    )
    world.dossier(
        received=at(2026, 1, 5), due=at(2026, 2, 20, 17), finished=at(2026, 1, 30), supplement_count=1
    )
    world.dossier(
        received=at(2026, 3, 5), due=at(2026, 4, 20, 17), supplement_count=2
    )  # open, within, but 2×
    value = engine.on_time(Q1, now=NOW)
    assert (value.numerator, value.denominator) == (1, 3)


def test_reappointed_is_still_late_against_original_date(world):
    late = world.dossier(
        received=at(2026, 1, 5),
        due=at(2026, 1, 20, 17),
        finished=at(2026, 1, 25),
        apologised_at=at(2026, 1, 19),
        new_due_at=at(2026, 1, 27, 17),
    )
    value = engine.on_time(Q1, now=NOW)
    assert (value.numerator, value.denominator) == (0, 1)
    assert list(engine.late_dossiers(Q1, now=NOW)) == [late]
    assert list(engine.late_dossiers(Q1, without_apology=True, now=NOW)) == []
    assert list(engine.late_dossiers(Q1, without_apology=False, now=NOW)) == [late]


def test_population_is_received_or_processed_in_period(world):
    # Finished before the period: not counted. Received before, finished in it: counted.
    world.dossier(received=at(2025, 12, 1), due=at(2025, 12, 15, 17), finished=at(2025, 12, 10))
    world.dossier(received=at(2025, 12, 20), due=at(2026, 1, 8, 17), finished=at(2026, 1, 7))
    # Received after the period: not counted.
    world.dossier(received=at(2026, 4, 2), due=at(2026, 4, 20, 17))
    # Refused at intake: never counted.
    world.dossier(received=at(2026, 1, 2), due=at(2026, 1, 10, 17), status=Status.REFUSED)
    value = engine.on_time(Q1, now=NOW)
    assert (value.numerator, value.denominator) == (1, 1)


def test_waiting_for_supplement_before_due_is_within_time(world):
    world.dossier(
        received=at(2026, 3, 2),
        due=at(2026, 3, 20, 17),
        status=Status.WAITING_SUPPLEMENT,
        paused_since=at(2026, 3, 10),
        supplement_count=1,
    )
    value = engine.on_time(Q1, now=NOW)
    assert (value.numerator, value.denominator) == (1, 1)


def test_unit_scope_and_ranking(world):
    world.dossier(world.va, received=at(2026, 1, 5), due=at(2026, 1, 20, 17), finished=at(2026, 1, 10))
    world.dossier(world.va, received=at(2026, 1, 5), due=at(2026, 1, 20, 17), finished=at(2026, 1, 22))
    world.dossier(world.vb, received=at(2026, 1, 5), due=at(2026, 1, 20, 17), finished=at(2026, 1, 10))
    assert engine.on_time(Q1, world.a, now=NOW).value == Decimal("50.00")
    assert engine.on_time(Q1, world.b, now=NOW).value == Decimal("100.00")
    ranking = engine.unit_ranking(Q1, now=NOW)
    assert [(r["unit"], r["rank"], r["late"], r["late_without_apology"]) for r in ranking] == [
        (world.b, 1, 0, 0),
        (world.a, 2, 1, 1),
    ]
    assert [d.code for d in engine.late_dossiers(Q1, world.b, now=NOW)] == []
    assert len(engine.late_dossiers(Q1, world.a, now=NOW)) == 1


def test_previous_year_note_and_trend(world):
    world.dossier(received=at(2025, 2, 5), due=at(2025, 2, 20, 17), finished=at(2025, 2, 10))
    world.dossier(received=at(2026, 2, 5), due=at(2026, 2, 20, 17), finished=at(2026, 2, 25))
    value = engine.on_time(Q1, now=NOW)
    assert "100,00 %" in value.note
    trend = engine.on_time_trend(Q1, now=NOW)
    assert trend == [("01/2026", None), ("02/2026", Decimal("0.00")), ("03/2026", None)]


def test_dashboard_matches_single_functions(world):
    world.dossier(world.va, received=at(2026, 1, 5), due=at(2026, 1, 20, 17), finished=at(2026, 1, 22))
    world.dossier(world.vb, received=at(2026, 2, 5), due=at(2026, 2, 20, 17), finished=at(2026, 2, 10))
    data = engine.dashboard(Q1, now=NOW)
    t5 = next(v for v in data["targets"] if v.key == "T5")
    single = engine.on_time(Q1, now=NOW)
    assert (t5.value, t5.numerator, t5.denominator) == (single.value, single.numerator, single.denominator)
    assert data["ranking"] == engine.unit_ranking(Q1, now=NOW)
    assert [v.key for v in data["targets"]] == [f"T{i}" for i in range(1, 10)]
