"""QĐ 766 indicator 3.5 in the hold-out style: a small catalog whose value is computed by hand.

3.5 = published versions in force at the period's end that carry a fee or charge (> 0 đồng) and are
marked "Tích hợp thanh toán trực tuyến trên Cổng DVCQG", over all such versions.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from cchc.indicators import engine
from cchc.indicators.engine import Period
from cchc.indicators.models import Rule766
from cchc.procedures.models import ProcedureVersion
from tests.factories import FeeFactory, ProcedureVersionFactory

from .conftest import NOW

D = Decimal
Q1 = Period.quarter(2026, 1)


def _version(world, *, fee: str | None, pays_online: bool, **kw) -> ProcedureVersion:
    version = ProcedureVersionFactory(agency=world.agency, pays_online=pays_online, **kw)
    if fee is not None:
        FeeFactory(version=version, amount=D(fee))
    return version


def test_rule_35_is_computable_with_its_note(db):
    rule = Rule766.objects.get(code="3.5")
    assert rule.computable and "Tích hợp thanh toán trực tuyến" in rule.note


def test_indicator_35_from_the_catalog_hand_computed(world):
    # In the population (published, in force on 31/03/2026, a fee > 0):
    _version(world, fee="50000", pays_online=True)  # 1 integrated
    _version(world, fee="20000", pays_online=False)  # 2 not integrated
    _version(world, fee="10000", pays_online=True)  # 3 integrated
    # Out of it:
    _version(world, fee="0", pays_online=True)  # no fee (0 đồng)
    _version(world, fee=None, pays_online=True)  # no fee row
    _version(world, fee="10000", pays_online=True, status=ProcedureVersion.Status.DRAFT)
    _version(world, fee="10000", pays_online=False, valid_to=dt.date(2026, 2, 1))  # ended before 31/3
    # world.va and world.vb carry no fee: outside too.
    index = engine.index_766(Q1, now=NOW)
    i35 = index.indicator("3.5")
    # 2 of 3 = 66.67 % against an 80 % threshold for 2 points → 66.67 × 2 / 80 = 1.67.
    assert (i35.numerator, i35.denominator, i35.rate, i35.points) == (2, 3, D("66.67"), D("1.67"))


def test_indicator_35_is_na_without_fee_bearing_procedures(world):
    i35 = engine.index_766(Q1, now=NOW).indicator("3.5")
    assert i35.denominator in (0, None) and i35.points is None
