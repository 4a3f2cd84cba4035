"""The hot paths keep their statement counts (docs/benchmarks.md, intake): the workflow kernel's
frame must not add a query to an intake or to an operation on a dossier.

Counted inside the test's transaction, so each ``atomic`` shows as SAVEPOINT and RELEASE. The same
counts were measured on the services before the kernel (the per-app frame of the dossiers)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cchc.dossiers import services
from cchc.org import roles
from tests.dossiers.conftest import local, person

pytestmark = pytest.mark.django_db


def _count(call) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as queries:
        result = call()
    return len(queries.captured_queries), result


def test_an_intake_at_the_counter(world):
    counter = world.staff["counter"]

    def intake():
        return services.receive_at_counter(
            actor=counter, procedure_version=world.paper_version, applicant=person(), at=local(2026, 5, 4, 9)
        )

    intake()  # the first of the day creates the day's counter row; the actor's roles are read once
    statements, _ = _count(intake)
    # savepoint, catalog facts, code, dossier, slip row, event, notices (e-mail and SMS), release
    assert statements == 8


def test_operations_on_a_dossier(world):
    counter, specialist = world.staff["counter"], world.staff["specialist"]
    for user in (counter, specialist):  # as ``staff_required`` leaves it: Staff and roles known
        user.staff.unit  # noqa: B018
        roles.user_roles(user)
    dossier, _ = services.submit_online(procedure_version=world.version, applicant=person())
    statements, dossier = _count(
        lambda: services.receive(actor=counter, dossier=dossier, revision=dossier.revision)
    )
    # savepoint, lock, first step, slip row number and row, dossier, event number and row, notices, release
    assert statements == 10
    statements, dossier = _count(
        lambda: services.hand_over(actor=counter, dossier=dossier, revision=dossier.revision)
    )
    # savepoint, lock, next step, open slip row, close it, slip row number and row, dossier, event
    # number and row, release
    assert statements == 11
    statements, dossier = _count(
        lambda: services.request_supplement(
            actor=specialist, dossier=dossier, revision=dossier.revision, items="Bản sao sổ BHXH"
        )
    )
    # savepoint, lock, dossier, event number and row, notices, release
    assert statements == 7
