"""Demo dossiers (`cchc demo --dossiers N`): walked through the services, varied, idempotent."""

from __future__ import annotations

import io
import itertools
import re
from collections import Counter

import pytest
from django.core.management import call_command
from django.utils import timezone

from cchc.demo import dossiers as demo_dossiers
from cchc.demo import org_data, province_data
from cchc.dossiers import timeliness
from cchc.dossiers.models import Channel, Dossier, DossierEvent, Handover, Status

pytestmark = pytest.mark.django_db

N = 60
CODE = re.compile(r"^\d{3}\.\d{2}\.\d{2}\.H\d{2}-\d{6}-\d{4}$")


def run_demo(n: int) -> str:
    out = io.StringIO()
    call_command("demo", dossiers=n, verbosity=0, stdout=out, stderr=out)
    return out.getvalue()


def test_demo_dossiers_are_real_varied_and_loaded_once():
    output = run_demo(N)
    assert "Không đi hết quy trình" not in output  # no walk failed in the services
    dossiers = list(Dossier.objects.order_by("pk"))
    assert len(dossiers) == N

    codes = [d.code for d in dossiers]
    assert len(set(codes)) == N and all(CODE.match(c) for c in codes), codes[:5]
    for d in dossiers:  # the code's day is the local day it arrived
        assert f"-{timezone.localtime(d.submitted_at):%y%m%d}-" in d.code, d.code

    # Every dossier's history chains from one status to the next and ends at its status.
    events: dict[int, list[DossierEvent]] = {}
    for event in DossierEvent.objects.order_by("dossier_id", "seq"):
        events.setdefault(event.dossier_id, []).append(event)
    for d in dossiers:
        chain = events[d.pk]
        assert [e.seq for e in chain] == list(range(1, len(chain) + 1))
        assert chain[0].from_status == ""
        for before, after in itertools.pairwise(chain):
            assert after.from_status == before.to_status, (d.code, after.action)
            assert after.at >= before.at, (d.code, after.action)
        assert chain[-1].to_status == d.status, d.code
    # Received dossiers have a control slip.
    slipped = set(Handover.objects.values_list("dossier_id", flat=True))
    assert all(d.pk in slipped for d in dossiers if d.received_at)

    statuses = Counter(d.status for d in dossiers)
    assert statuses[Status.RETURNED] > N / 2 and len(statuses) >= 3, statuses
    channels = Counter(d.channel for d in dossiers)
    assert len(channels) >= 2, channels
    classes = Counter(timeliness.annotate(Dossier.objects.all()).values_list("timeliness", flat=True))
    assert classes[timeliness.LATE_WITH_APOLOGY] >= 1, classes
    assert classes[timeliness.EARLY] + classes[timeliness.ON_TIME] > N / 2, classes
    assert len(classes) >= 4, classes
    assert any(d.supplement_count for d in dossiers)
    apologised = [d for d in dossiers if d.apologised_at]
    assert all(d.new_due_at > d.due_at for d in apologised)

    # Places (decision 0021): a paper dossier names where it was received, a result collected at a counter
    # where it is returned. Before the merger the former Department's dossiers; after it the new agencies'
    # (once the services take the competent agency), some received or returned at a place of another agency.
    for d in dossiers:
        assert bool(d.receipt_place_id) == (d.channel in (Channel.COUNTER, Channel.POST)), d.code
        assert bool(d.return_place_id) == (d.return_channel == Channel.COUNTER), d.code
    before = [d for d in dossiers if timezone.localdate(d.submitted_at) < province_data.MERGER]
    assert before and all(d.agency.code == org_data.HOME for d in before)
    if demo_dossiers.PLACES_IN_SERVICES:
        after = [d for d in dossiers if timezone.localdate(d.submitted_at) >= province_data.MERGER]
        assert after and all(d.agency.valid_from == province_data.MERGER for d in after)
        assert any(d.agency.kind == "commune" for d in after)
        assert any(d.receipt_place_id and d.receipt_place_id != d.agency_id for d in after)
        assert any(
            d.return_place_id and d.receipt_place_id and d.return_place_id != d.receipt_place_id
            for d in after
        )

    # Again: nothing new.
    events_before, slips_before = DossierEvent.objects.count(), Handover.objects.count()
    run_demo(N)
    assert Dossier.objects.count() == N
    assert (DossierEvent.objects.count(), Handover.objects.count()) == (events_before, slips_before)


def test_zero_skips_dossiers():
    run_demo(0)
    assert not Dossier.objects.exists()
