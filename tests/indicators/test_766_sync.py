"""QĐ 766 1.4 (dossiers synchronised to Cổng DVCQG) and 4.4 (results linked to the applicant's
personal data store): hold-out worlds with hand-computed values, per unit, per agency, for the province,
and on the dashboard."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from cchc.indicators import engine
from cchc.indicators.engine import Period
from cchc.indicators.models import Rule766
from tests.factories import (
    AgencyFactory,
    DossierFactory,
    DossierSyncFactory,
    ProcedureVersionFactory,
    UnitFactory,
)

from .conftest import NOW, at

D = Decimal
Q1 = Period.quarter(2026, 1)
HOUR = dt.timedelta(hours=1)


@pytest.fixture
def synced(world):
    """Agency A (the world's): eight dossiers received in Q1 2026 —

    - unit a (version va): four acknowledged within minutes, one acknowledged three hours late, one
      acknowledged but found missing on the portal by the reconciliation (``portal_missing_at``);
    - unit b (version vb): one queued and never acknowledged, one never queued (no DossierSync);
    - plus one received in April (acknowledged: outside the period) and one acknowledged only after
      ``NOW`` (not yet acknowledged when computed: not counted).

    Agency B (a commune): two received in Q1, both acknowledged.
    """
    w = world
    for day in (5, 6, 7, 8):
        d = w.dossier(w.va, received=at(2026, 1, day), due=at(2026, 2, 20, 17))
        DossierSyncFactory(dossier=d, acked_at=d.received_at + dt.timedelta(minutes=2))
    late = w.dossier(w.va, received=at(2026, 2, 2), due=at(2026, 3, 2, 17))
    DossierSyncFactory(dossier=late, acked_at=late.received_at + 3 * HOUR)
    lost = w.dossier(w.va, received=at(2026, 2, 3), due=at(2026, 3, 2, 17))
    DossierSyncFactory(
        dossier=lost, acked_at=lost.received_at + HOUR / 60, portal_missing_at=at(2026, 2, 4, 2)
    )
    stuck = w.dossier(w.vb, received=at(2026, 3, 10), due=at(2026, 4, 2, 17))
    DossierSyncFactory(dossier=stuck, acked_at=None, pending=2)
    w.dossier(w.vb, received=at(2026, 3, 11), due=at(2026, 4, 2, 17))  # never queued
    april = w.dossier(w.va, received=at(2026, 4, 1), due=at(2026, 4, 20, 17))
    DossierSyncFactory(dossier=april, acked_at=april.received_at + HOUR)
    future = w.dossier(w.vb, received=at(2026, 3, 12), due=at(2026, 4, 2, 17))
    DossierSyncFactory(dossier=future, acked_at=NOW + HOUR)

    other = AgencyFactory(name="UBND xã Hòa Bình", kind="commune")
    vo = ProcedureVersionFactory(agency=other)
    UnitFactory(agency=other)
    for day in (5, 6):
        d = DossierFactory(
            agency=other,
            procedure_version=vo,
            received_at=at(2026, 1, day),
            submitted_at=at(2026, 1, day),
            due_at=at(2026, 1, 30, 17),
        )
        DossierSyncFactory(dossier=d, acked_at=d.received_at + HOUR)
    w.other = other
    return w


def _ind(code, **scope):
    return engine.index_766(Q1, now=NOW, **scope).indicator(code)


def test_14_per_agency_unit_and_province(synced):
    """1.4 = dossiers received in the period that the portal acknowledged / dossiers received.

    Agency A: received in Q1 = 4 + 1 late + 1 lost + 1 stuck + 1 never + 1 acknowledged after NOW = 9;
    acknowledged = 4 + 1 late (a late acknowledgement counts) = 5 → 5/9 = 55.56 % → linear rule
    (no threshold): 55.56 × 6 / 100 = 3.3336 → 3.33 points.
    Unit a: 6 received, 5 acknowledged → 83.33 % → 4.9998 → 5.00. Unit b: 3 received, 0 → 0.00 %, 0.00.
    Agency B: 2/2 = 100 % → 6.00. Province: 7/11 = 63.64 % → 3.8184 → 3.82.
    """
    w = synced
    a = _ind("1.4", agency=w.agency)
    assert (a.numerator, a.denominator, a.rate, a.points) == (5, 9, D("55.56"), D("3.33"))
    ua = _ind("1.4", unit=w.a)
    assert (ua.numerator, ua.denominator, ua.rate, ua.points) == (5, 6, D("83.33"), D("5.00"))
    ub = _ind("1.4", unit=w.b)
    assert (ub.numerator, ub.denominator, ub.rate, ub.points) == (0, 3, D("0.00"), D("0.00"))
    b = _ind("1.4", agency=w.other)
    assert (b.numerator, b.denominator, b.rate, b.points) == (2, 2, D("100.00"), D("6.00"))
    p = _ind("1.4")
    assert (p.numerator, p.denominator, p.rate, p.points) == (7, 11, D("63.64"), D("3.82"))
    assert "Cổng DVCQG đã xác nhận" in p.note


def test_14_counts_what_was_acknowledged_by_the_moment_of_computing(synced):
    """Computed after the late dossier of 12/3 was acknowledged (NOW + 1 h): agency A 6/9 = 66.67 %
    → 66.67 × 6 / 100 = 4.0002 → 4.00."""
    later = engine.index_766(Q1, agency=synced.agency, now=NOW + 2 * HOUR).indicator("1.4")
    assert (later.numerator, later.denominator, later.points) == (6, 9, D("4.00"))


@pytest.fixture
def results(world):
    """Agency A, dossiers decided with a result in Q1 2026 (received in December 2025, so they stay
    out of 1.4's Q1 count):

    - VNeID-verified: two linked to the personal data store, one synchronised but not linked, one
      never queued;
    - not VNeID-verified but linked (outside the denominator);
    - VNeID-verified but refused (no result: outside); VNeID-verified, linked, decided in April
      (outside the period); VNeID-verified, linked only after NOW (not counted).

    Agency B: one VNeID-verified result, linked.
    """
    w = world
    received, due = at(2025, 12, 10), at(2026, 1, 30, 17)

    def result(version, day, *, vneid=True, linked=True, sync=True, month=1, **kw):
        d = w.dossier(
            version, received=received, due=due, finished=at(2026, month, day), vneid_verified=vneid, **kw
        )
        if sync:
            DossierSyncFactory(
                dossier=d,
                acked_at=received + HOUR,
                store_linked_at=(d.finished_at + HOUR) if linked is True else linked or None,
            )
        return d

    result(w.va, 5)
    result(w.vb, 6)
    result(w.va, 7, linked=False)
    result(w.va, 8, sync=False)
    result(w.va, 9, vneid=False)
    result(w.va, 12, outcome="rejected", status="returned")
    result(w.va, 2, month=4)
    result(w.vb, 13, linked=NOW + HOUR)

    other = AgencyFactory(name="UBND phường Bến Thành", kind="commune")
    vo = ProcedureVersionFactory(agency=other)
    d = DossierFactory(
        agency=other,
        procedure_version=vo,
        status="returned",
        outcome="approved",
        received_at=received,
        submitted_at=received,
        due_at=due,
        finished_at=at(2026, 2, 2),
        returned_at=at(2026, 2, 2),
        vneid_verified=True,
    )
    DossierSyncFactory(dossier=d, acked_at=received, store_linked_at=at(2026, 2, 2, 10))
    w.other = other
    return w


def test_44_per_agency_unit_and_province(results):
    """4.4 = VNeID-verified dossiers with a result in the period whose result reached the personal data
    store / VNeID-verified dossiers with a result in the period.

    Agency A: denominator = 2 linked + 1 not linked + 1 never queued + 1 linked after NOW = 5;
    numerator 2 → 40.00 % → 40 × 4 / 100 = 1.60 points.
    Unit a: results 5/1, 7/1, 8/1 → 1/3 = 33.33 % → 1.3332 → 1.33. Unit b: 6/1 and the late link →
    1/2 = 50.00 % → 2.00. Agency B: 1/1 → 4.00. Province: 3/6 = 50.00 % → 2.00.
    """
    w = results
    a = _ind("4.4", agency=w.agency)
    assert (a.numerator, a.denominator, a.rate, a.points) == (2, 5, D("40.00"), D("1.60"))
    ua = _ind("4.4", unit=w.a)
    assert (ua.numerator, ua.denominator, ua.rate, ua.points) == (1, 3, D("33.33"), D("1.33"))
    ub = _ind("4.4", unit=w.b)
    assert (ub.numerator, ub.denominator, ub.points) == (1, 2, D("2.00"))
    b = _ind("4.4", agency=w.other)
    assert (b.numerator, b.denominator, b.points) == (1, 1, D("4.00"))
    p = _ind("4.4")
    assert (p.numerator, p.denominator, p.rate, p.points) == (3, 6, D("50.00"), D("2.00"))
    assert "kho dữ liệu cá nhân" in p.note


def test_rules_are_data_valid_from_july_2025(world):
    """Before 1/7/2025 the 2022 rows (not computable) apply: N/A with their reason; from then, the
    new rows. Points stay 6 and 4, the index still totals 100."""
    for code in ("1.4", "4.4"):
        rows = list(Rule766.objects.filter(code=code).order_by("valid_from"))
        assert [(r.valid_from, r.valid_to, r.computable) for r in rows] == [
            (dt.date(2022, 6, 23), dt.date(2025, 6, 30), False),
            (dt.date(2025, 7, 1), None, True),
        ]
        assert rows[0].max_points == rows[1].max_points
    old = engine.index_766(Period.quarter(2025, 2), now=NOW).indicator("1.4")
    assert old.points is None and "N/A: cần dữ liệu đồng bộ" in old.note
    new = engine.index_766(Period.quarter(2025, 3), now=NOW)
    assert new.indicator("1.4").note.startswith("Mẫu số bằng 0")  # computable, nothing received
    assert new.max_total == D(100)


def test_dashboard_shows_14_and_44_values(client, people, synced):
    """The dashboard's QĐ 766 table shows 1.4 with its rate and points instead of N/A."""
    client.force_login(people["director"])
    body = client.get(reverse("backoffice:indicators_staff:dashboard"), {"ky": "2026-q1"}).content.decode()
    table = body[body.index('id="bang-766"') :]
    row = table[table.index("Hồ sơ đồng bộ lên Cổng DVCQG") :]
    row = row[: row.index("</tr>")]
    assert "55,56 %" in row and "3,33" in row and "N/A" not in row
    assert reverse("backoffice:national:reconciliation") in row  # the director may open the reconciliation
    row44 = table[table.index("Hồ sơ kết nối kho dữ liệu cá nhân trên Cổng DVCQG") :]
    row44 = row44[: row44.index("</tr>")]
    # No result in Q1 in this world: computable, denominator 0 → N/A with that reason, not the old one.
    assert "Mẫu số bằng 0" in row44 and "cần dữ liệu đồng bộ" not in row44
