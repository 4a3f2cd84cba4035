"""The first connection: the dossiers the portal was never told of are queued once, as they stand, and
reach the stand-in portal with their current status."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from cchc.dossiers import services as dossier_services
from cchc.national import services
from cchc.national.client import Client
from cchc.national.models import DossierSync, Message
from cchc.national.worker import drain
from cchc.org import roles
from tests.factories import staff_user
from tests.national.conftest import local, person


def test_backfill_queues_each_dossier_once_as_it_stands_and_the_portal_gets_it(world, connector, portal):
    connector.CCHC_DVCQG_ENABLED = False  # dossiers handled before the province connected
    s = world.staff
    old, _ = dossier_services.receive_at_counter(
        actor=s["counter"], procedure_version=world.paper_version, applicant=person(), at=local(2025, 6, 2, 9)
    )
    new, _ = dossier_services.receive_at_counter(
        actor=s["counter"], procedure_version=world.paper_version, applicant=person(), at=local(2026, 5, 4, 9)
    )
    dossier_services.hand_over(
        actor=s["counter"], dossier=new, revision=new.revision, at=local(2026, 5, 4, 10)
    )
    assert not Message.objects.exists()

    connector.CCHC_DVCQG_ENABLED = True
    connector.CCHC_DVCQG_URL = portal.url
    portal.reset()
    it = staff_user(roles.SYSADMIN, world.counter, "it.office")
    with pytest.raises(PermissionDenied):
        services.backfill(actor=s["counter"], since=dt.date(2025, 7, 1))
    result = services.backfill(actor=it, since=dt.date(2025, 7, 1))
    assert (result.queued, result.dead) == (1, 0)  # the one received since the connection day
    assert services.backfill(actor=it, since=dt.date(2025, 7, 1)).queued == 0  # once
    message = Message.objects.get()
    assert (message.dossier_id, message.service, message.payload["isUpdating"]) == (
        new.pk,
        "dossier",
        "False",
    )
    assert not DossierSync.objects.filter(dossier=old).exists()

    assert drain(Client(), limit=50).delivered == 1
    assert portal.state()["dossiers"][new.code]["status"] == "4"  # in process: as it stands
    assert DossierSync.objects.get(dossier=new).acked_at is not None


def test_backfill_command_refuses_when_the_connector_is_off(settings):
    settings.CCHC_DVCQG_ENABLED = False
    with pytest.raises(Exception, match="CCHC_DVCQG_ENABLED"):
        call_command("national", "backfill", "--since", "2025-07-01")


def test_nothing_is_queued_while_paused_and_again_after(world, connector):
    s = world.staff
    with services.paused():
        dossier_services.receive_at_counter(
            actor=s["counter"],
            procedure_version=world.paper_version,
            applicant=person(),
            at=local(2026, 5, 4, 9),
        )
    assert not Message.objects.exists()
    dossier_services.receive_at_counter(
        actor=s["counter"], procedure_version=world.paper_version, applicant=person(), at=local(2026, 5, 4, 9)
    )
    assert Message.objects.count() == 1
