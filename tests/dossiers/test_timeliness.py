import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc.dossiers import services, timeliness
from cchc.dossiers.models import Dossier, Status
from tests.dossiers.conftest import local, person

DUE = local(2026, 5, 11, 17, 0)  # Monday


@pytest.fixture
def dossier(world):
    dossier, _ = services.receive_at_counter(
        actor=world.staff["counter"],
        procedure_version=world.paper_version,
        applicant=person(),
        at=local(2026, 5, 4, 9),
    )
    return dossier


@pytest.mark.parametrize(
    ("finished", "apologised", "expected"),
    [
        (local(2026, 5, 8, 16), False, timeliness.EARLY),  # the Friday before the due day
        (local(2026, 5, 11, 8), False, timeliness.ON_TIME),  # the due day, morning
        (local(2026, 5, 11, 17, 0), False, timeliness.ON_TIME),  # the due minute itself
        (local(2026, 5, 11, 17, 1), False, timeliness.LATE_WITHOUT_APOLOGY),
        (local(2026, 5, 12, 9), True, timeliness.LATE_WITH_APOLOGY),
    ],
)
def test_finished_classes_against_the_original_date(dossier, finished, apologised, expected):
    Dossier.objects.filter(pk=dossier.pk).update(
        finished_at=finished,
        status=Status.RETURNED,
        apologised_at=finished if apologised else None,
        new_due_at=local(2026, 5, 20, 17) if apologised else None,
    )
    dossier.refresh_from_db()
    assert timeliness.classify(dossier) == expected
    assert timeliness.annotate(Dossier.objects.filter(pk=dossier.pk)).get().timeliness == expected


@pytest.mark.parametrize(
    ("now", "status", "expected"),
    [
        (local(2026, 5, 7, 9), Status.IN_PROCESS, timeliness.WITHIN),
        (local(2026, 5, 8, 17, 0), Status.IN_PROCESS, timeliness.DUE_SOON),  # one working day left
        (local(2026, 5, 11, 16), Status.IN_PROCESS, timeliness.DUE_SOON),
        (local(2026, 5, 11, 17, 5), Status.IN_PROCESS, timeliness.OVERDUE),
        (local(2026, 5, 12, 9), Status.WAITING_SUPPLEMENT, timeliness.PAUSED),
    ],
)
def test_open_classes(dossier, now, status, expected):
    Dossier.objects.filter(pk=dossier.pk).update(status=status)
    dossier.refresh_from_db()
    assert dossier.due_at == DUE
    assert timeliness.classify(dossier, now) == expected
    assert timeliness.annotate(Dossier.objects.filter(pk=dossier.pk), now).get().timeliness == expected


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    finished_offset=st.one_of(st.none(), st.integers(min_value=-20 * 24 * 60, max_value=20 * 24 * 60)),
    now_offset=st.integers(min_value=-20 * 24 * 60, max_value=20 * 24 * 60),
    apologised=st.booleans(),
    paused=st.booleans(),
    paused_offset=st.one_of(st.none(), st.integers(min_value=-10 * 24 * 60, max_value=10 * 24 * 60)),
    supplements=st.integers(min_value=0, max_value=3),
    stopped=st.booleans(),
)
def test_python_and_sql_agree(
    world,  # the same dossier row is rewritten by every example
    finished_offset,
    now_offset,
    apologised,
    paused,
    paused_offset,
    supplements,
    stopped,
):
    dossier = (
        Dossier.objects.filter(procedure_version=world.paper_version).first()
        or services.receive_at_counter(
            actor=world.staff["counter"],
            procedure_version=world.paper_version,
            applicant=person(),
            at=local(2026, 5, 4, 9),
        )[0]
    )
    finished = None if finished_offset is None else DUE + dt.timedelta(minutes=finished_offset)
    if finished is not None:  # never before receipt (a check constraint)
        finished = max(finished, dossier.received_at)
    if finished is not None:
        status = Status.STOPPED if stopped else Status.RETURNED
    else:
        status = Status.WAITING_SUPPLEMENT if paused else Status.IN_PROCESS
    pause_start = None if paused_offset is None else DUE + dt.timedelta(minutes=paused_offset)
    Dossier.objects.filter(pk=dossier.pk).update(
        finished_at=finished,
        apologised_at=DUE if apologised else None,
        status=status,
        paused_since=pause_start if status == Status.WAITING_SUPPLEMENT else None,
        supplement_count=supplements,
    )
    dossier.refresh_from_db()
    now = DUE + dt.timedelta(minutes=now_offset)
    verdict = timeliness.classify(dossier, now)
    this = Dossier.objects.filter(pk=dossier.pk)
    assert timeliness.annotate(this, now).get().timeliness == verdict
    # The plain conditions the lists and the indicators filter and count by.
    assert this.filter(timeliness.late_q(now)).exists() is (verdict in timeliness.LATE)
    assert this.filter(timeliness.due_soon_q(now)).exists() is (verdict == timeliness.DUE_SOON)


@pytest.mark.parametrize("finished", [local(2026, 5, 6, 10), None])
def test_supplemented_twice_is_late_with_its_reason_whatever_the_dates(dossier, finished):
    """QĐ 766 2.1 counts a dossier asked to supplement more than once as late: every screen says so."""
    Dossier.objects.filter(pk=dossier.pk).update(
        supplement_count=2, finished_at=finished, status=Status.RETURNED if finished else Status.IN_PROCESS
    )
    dossier.refresh_from_db()
    now = local(2026, 5, 7, 9)  # well before the appointment
    assert timeliness.classify(dossier, now) == timeliness.LATE_SUPPLEMENTS
    assert timeliness.annotate(Dossier.objects.filter(pk=dossier.pk), now).get().timeliness == (
        timeliness.LATE_SUPPLEMENTS
    )
    assert str(timeliness.LABELS[timeliness.LATE_SUPPLEMENTS]) == "Trễ hạn — bổ sung quá 1 lần"


def test_a_supplement_asked_after_the_appointment_does_not_stop_being_late(dossier):
    Dossier.objects.filter(pk=dossier.pk).update(
        status=Status.WAITING_SUPPLEMENT, paused_since=local(2026, 5, 12, 9), supplement_count=1
    )
    dossier.refresh_from_db()
    assert timeliness.classify(dossier, local(2026, 5, 13, 9)) == timeliness.OVERDUE
