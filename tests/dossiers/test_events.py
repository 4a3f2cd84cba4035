"""``dossier_changed`` is heard once per appended event, inside the change's transaction, so what a
receiver writes commits or rolls back with the change."""

import pytest
from django.db import connection

from cchc.dossiers import services
from cchc.dossiers.events import dossier_changed
from cchc.dossiers.models import Dossier, DossierEvent
from tests.dossiers.conftest import local, person


@pytest.fixture
def heard():
    calls = []

    def receiver(sender, dossier, event, **kwargs):
        calls.append((dossier.code, event.seq, event.action, event.to_status, connection.in_atomic_block))

    dossier_changed.connect(receiver, dispatch_uid="test-events")
    yield calls
    dossier_changed.disconnect(dispatch_uid="test-events")


def test_every_event_is_heard_in_order_inside_its_transaction(world, heard):
    dossier, _ = services.submit_online(
        procedure_version=world.version, applicant=person(), at=local(2026, 5, 4, 9)
    )
    services.receive(actor=world.staff["counter"], dossier=dossier, revision=dossier.revision)
    events = list(
        DossierEvent.objects.filter(dossier=dossier).order_by("seq").values_list("seq", "action", "to_status")
    )
    assert [(seq, action, status) for _, seq, action, status, _ in heard] == events
    assert [a for *_, a in heard] == [True, True]
    assert events[-1][1:] == ("receive", "received")


def test_what_a_receiver_writes_rolls_back_with_the_change(world):
    class Boom(Exception):
        pass

    def receiver(sender, dossier, event, **kwargs):
        raise Boom

    dossier_changed.connect(receiver, dispatch_uid="test-events-boom")
    try:
        with pytest.raises(Boom):
            services.submit_online(
                procedure_version=world.version, applicant=person(), at=local(2026, 5, 4, 9)
            )
    finally:
        dossier_changed.disconnect(dispatch_uid="test-events-boom")
    assert not Dossier.objects.exists()
