"""Concurrent intake and concurrent actions, with real processes on PostgreSQL."""

import multiprocessing

import pytest
from django.db import connection, connections

from cchc.common.workflow import Stale
from cchc.dossiers import services
from cchc.dossiers.models import Dossier
from tests.dossiers.conftest import local, person

pytestmark = pytest.mark.django_db(transaction=True)

PROCESSES = 8
PER_PROCESS = 250


def _needs_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("row locks across processes are tested on PostgreSQL (SQLite serialises writers)")


def _intake(args):
    user_pk, version_pk, count = args
    connections.close_all()  # a forked child must not share the parent's connection
    from django.contrib.auth import get_user_model

    from cchc.procedures.models import ProcedureVersion

    actor = get_user_model().objects.get(pk=user_pk)
    version = ProcedureVersion.objects.get(pk=version_pk)
    codes = []
    for _ in range(count):
        dossier, _secret = services.receive_at_counter(
            actor=actor, procedure_version=version, applicant=person(), at=local(2026, 6, 1, 9, 0)
        )
        codes.append(dossier.code)
    connections.close_all()
    return codes


def test_parallel_intake_gives_gap_free_unique_codes(world):
    _needs_postgresql()
    args = [(world.staff["counter"].pk, world.paper_version.pk, PER_PROCESS)] * PROCESSES
    connections.close_all()
    with multiprocessing.get_context("fork").Pool(PROCESSES) as pool:
        results = pool.map(_intake, args)
    codes = sorted(code for chunk in results for code in chunk)
    expected = [f"000.00.15.H10-260601-{n:04d}" for n in range(1, PROCESSES * PER_PROCESS + 1)]
    assert codes == expected
    assert Dossier.objects.count() == PROCESSES * PER_PROCESS


def _act(args):
    user_pk, dossier_pk, revision, barrier = args
    connections.close_all()
    from django.contrib.auth import get_user_model

    actor = get_user_model().objects.get(pk=user_pk)
    dossier = Dossier.objects.get(pk=dossier_pk)
    barrier.wait()
    try:
        services.hand_over(actor=actor, dossier=dossier, revision=revision)
        return "ok"
    except Stale as exc:
        return exc.messages[0]
    finally:
        connections.close_all()


def test_two_officers_at_once_exactly_one_succeeds(world):
    _needs_postgresql()
    dossier, _ = services.receive_at_counter(
        actor=world.staff["counter"], procedure_version=world.paper_version, applicant=person()
    )
    context = multiprocessing.get_context("fork")
    barrier = context.Manager().Barrier(2)
    connections.close_all()
    with context.Pool(2) as pool:
        outcomes = pool.map(_act, [(world.staff["counter"].pk, dossier.pk, dossier.revision, barrier)] * 2)
    assert outcomes.count("ok") == 1
    [refused] = [o for o in outcomes if o != "ok"]
    assert "vừa được người khác thay đổi" in refused
    assert Dossier.objects.get(pk=dossier.pk).events.filter(action="hand_over").count() == 1


def test_eight_centres_receiving_for_one_agency_give_gap_free_unique_codes(world):
    """Intake anywhere: eight service places receive for the same agency at once; the codes are the
    agency's one series (decision 0021, "Codes"), with no gap and no duplicate."""
    _needs_postgresql()
    from cchc.org import roles
    from cchc.org.models import Agency, Unit
    from tests.factories import AgencyFactory, UnitFactory, staff_user

    officers = []
    for n in range(PROCESSES):
        centre = AgencyFactory(
            code=f"000.{n + 40:02d}.99.H37",
            name=f"Trung tâm Phục vụ hành chính công {n}",
            kind="service_centre",
        )
        centre.serves.add(world.agency)
        counter = UnitFactory(agency=centre, code="mot-cua", kind=Unit.Kind.COUNTER)
        officers.append(staff_user(roles.COUNTER_OFFICER, counter, f"mc.trungtam{n}"))
    assert Agency.objects.filter(kind="service_centre").count() == PROCESSES
    args = [(officer.pk, world.paper_version.pk, PER_PROCESS) for officer in officers]
    connections.close_all()
    with multiprocessing.get_context("fork").Pool(PROCESSES) as pool:
        results = pool.map(_intake, args)
    codes = sorted(code for chunk in results for code in chunk)
    expected = [f"000.00.15.H10-260601-{n:04d}" for n in range(1, PROCESSES * PER_PROCESS + 1)]
    assert codes == expected
    received_at = Dossier.objects.values_list("receipt_place__code", flat=True).distinct()
    assert len(set(received_at)) == PROCESSES
