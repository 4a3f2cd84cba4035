"""The portal stopped while a thousand dossiers change status: once it is back, every message is delivered
exactly once per idempotency key, in each dossier's order (real stand-in process, real HTTP)."""

import datetime as dt
import os
import time

import pytest
from django.utils import timezone

from cchc.dossiers import services
from cchc.dossiers.models import Status
from cchc.national.client import Client
from cchc.national.models import DossierSync, Message
from cchc.national.worker import drain
from tests.national.conftest import local, person
from tests.standins import StandIn

N = int(os.environ.get("CCHC_FAULT_DOSSIERS", 1000))


@pytest.mark.fault
def test_a_thousand_status_changes_during_an_outage_are_delivered_once_each(world, connector):
    portal = StandIn("dvcqg", agency_codes="000.00.15.H10").start()
    try:
        connector.CCHC_DVCQG_URL = portal.url
        connector.CCHC_DVCQG_BATCH = 100
        s = world.staff
        start = local(2026, 5, 4, 8)
        t0 = time.monotonic()
        dossiers = []
        for i in range(N):  # received at the counter: the portal hears of each (its dossier record)
            d, _ = services.receive_at_counter(
                actor=s["counter"],
                procedure_version=world.paper_version,
                applicant=person(),
                at=start + dt.timedelta(seconds=i),
            )
            dossiers.append(d)
        worker = Client()
        assert drain(worker, limit=500).delivered == N
        portal.stop()  # the portal goes down
        for i, d in enumerate(dossiers):  # every dossier changes status while it is down
            services.hand_over(
                actor=s["counter"],
                dossier=d,
                revision=d.revision,
                at=start + dt.timedelta(hours=1, seconds=i),
            )
        now = timezone.now()
        down = drain(worker, limit=500, now=now)  # the worker tries, fails, backs off
        assert down.delivered == 0 and down.failed > 0
        assert Message.objects.filter(state=Message.State.PENDING).count() == 2 * N
        portal.start()  # back, with what it had received
        later = now + dt.timedelta(hours=1)
        delivered = 0
        while (r := drain(worker, limit=500, now=later)).claimed:
            delivered += r.delivered
        assert delivered == 2 * N
        assert not Message.objects.exclude(state=Message.State.DELIVERED).exists()
        state = portal.state()
        assert state["accepted_keys"] == Message.objects.count() == 3 * N
        assert state["duplicates"] == 0 and state["rejected"] == [] and state["out_of_order"] == []
        for d in dossiers[:: max(N // 50, 1)]:
            assert state["dossiers"][d.code]["status"] == "4"
            assert [p["key"] for p in state["dossiers"][d.code]["progress"]] == [f"{d.code}:2:progress"]
        assert not DossierSync.objects.exclude(pending=0).exists()
        assert DossierSync.objects.filter(dossier__status=Status.IN_PROCESS).count() == N
        print(f"\n{N} dossiers, {3 * N} messages: {time.monotonic() - t0:.1f} s")
    finally:
        portal.stop()
