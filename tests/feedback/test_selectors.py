"""Statistics and the inputs of indicators 5.2 and 5.4, computed in the database."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cchc.feedback import selectors, services
from cchc.feedback.models import Kind, Status, Subject
from tests.factories import ProcedureVersionFactory
from tests.feedback.conftest import local, submit, walk
from tests.feedback.test_services import make_dossier

pytestmark = pytest.mark.django_db

START, END = dt.date(2026, 3, 1), dt.date(2026, 3, 31)


@pytest.fixture
def items(world):
    on_time = walk(world, submit(at=local(2026, 3, 2, 9)), Status.PUBLISHED, at=local(2026, 3, 6, 9))
    late = walk(world, submit(at=local(2026, 3, 2, 9)), Status.ANSWERED, at=local(2026, 4, 30, 9))
    open_ = walk(world, submit(at=local(2026, 3, 20, 9)), Status.DRAFTED)
    open_late = walk(world, submit(at=local(2026, 3, 2, 9)), Status.ASSIGNED)
    rejected = walk(world, submit(at=local(2026, 3, 3, 9)), Status.REJECTED)
    outside = walk(world, submit(at=local(2026, 2, 2, 9)), Status.ANSWERED, at=local(2026, 2, 5, 9))
    services.vote(feedback=on_time, voter="a", value=-1)
    services.vote(feedback=on_time, voter="b", value=1)
    return {
        "on_time": on_time,
        "late": late,
        "open": open_,
        "open_late": open_late,
        "rejected": rejected,
        "outside": outside,
    }


def test_received_in_period_with_on_time_status(world, items):
    rows = dict(selectors.received_in_period(START, END).values_list("code", "on_time"))
    assert rows == {
        items["on_time"].code: True,
        items["late"].code: False,
        items["open"].code: True,  # due after the period's end
        items["open_late"].code: False,  # due 2026-03-23, still open at the end
    }


def test_statistics_in_one_query(world, items):
    with CaptureQueriesContext(connection) as queries:
        rows = selectors.statistics(START, END)
    assert len(queries) == 1
    (row,) = rows
    assert row["unit__name"] == "Phòng Việc làm"
    assert (row["received"], row["answered"], row["on_time"], row["open"], row["open_late"]) == (
        4,
        2,
        1,
        2,
        1,
    )
    assert row["on_time_share"] == pytest.approx(50.0)
    expected_days = (items["on_time"].working_days_taken + items["late"].working_days_taken) / 2
    assert row["avg_working_days"] == pytest.approx(expected_days)
    assert (row["likes"], row["dislikes"]) == (1, 1)
    (total,) = selectors.statistics(START, END, by_unit=False)
    assert total["received"] == 4 and total["on_time_share"] == pytest.approx(50.0)
    (empty,) = selectors.statistics(dt.date(2020, 1, 1), dt.date(2020, 1, 31), by_unit=False)
    assert empty["received"] == 0 and empty["on_time_share"] is None


def test_dossiers_with_complaint_or_dislike(world):
    version = ProcedureVersionFactory(agency=world.agency)
    complained = make_dossier(version, "000.00.15.H10-260302-0001")
    disliked = make_dossier(version, "000.00.15.H10-260302-0002")
    asked_only = make_dossier(version, "000.00.15.H10-260302-0003")
    submit(at=local(2026, 3, 5, 9), kind=Kind.FEEDBACK, subject=Subject.DOSSIER, dossier_code=complained.code)
    submit(at=local(2026, 3, 5, 9), kind=Kind.QUESTION, subject=Subject.DOSSIER, dossier_code=asked_only.code)
    q = walk(
        world,
        submit(
            at=local(2026, 3, 5, 9), kind=Kind.QUESTION, subject=Subject.DOSSIER, dossier_code=disliked.code
        ),
        Status.PUBLISHED,
        at=local(2026, 3, 10, 9),
    )
    assert list(selectors.dossiers_with_complaint_or_dislike(START, END)) == [complained]
    services.vote(feedback=q, voter="x", value=-1)
    assert list(selectors.dossiers_with_complaint_or_dislike(START, END)) == [complained, disliked]
    assert list(selectors.dossiers_with_complaint_or_dislike(dt.date(2026, 1, 1), dt.date(2026, 1, 31))) == []
