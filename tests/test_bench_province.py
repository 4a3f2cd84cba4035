"""The province-scale benchmark data (bench/province.py), built small: what it promises holds."""

from __future__ import annotations

import pytest
from django.db.models import Count, F, Q

from bench import province
from cchc.dossiers import tallies
from cchc.dossiers.models import OPEN_STATUSES, Channel, DayCounter, Dossier, DossierEvent, Status
from cchc.org.models import Agency, Staff
from cchc.procedures.models import Performer, ProcedureVersion, ProcessStep

SMALL = province.Scale(
    departments=3,
    communes=4,
    branches=1,
    procedures=40,
    commune_procedures=4,
    shared_procedures=2,
    dossiers=3_000,
    years=2,
)


@pytest.fixture
def built(db):
    return province.build(SMALL, log=lambda _s: None)


def test_agencies_places_and_performers(built):
    assert Agency.objects.filter(kind=Agency.Kind.DEPARTMENT).count() == 3
    assert Agency.objects.filter(kind=Agency.Kind.COMMUNE).count() == 4
    # the provincial centre, its branch and a centre per commune, each serving its agencies
    centres = Agency.objects.filter(kind=Agency.Kind.SERVICE_CENTRE)
    assert centres.count() == 1 + 1 + 4
    assert all(c.serves.exists() for c in centres)
    assert Agency.objects.get(is_home=True).kind == Agency.Kind.PROVINCE
    assert Performer.objects.count() == SMALL.performer_rows == 36 + 4 * 4 + 2
    # a commune-level procedure: every commune performs it; all but the lead with steps of its own
    version = ProcedureVersion.objects.filter(level=ProcedureVersion.Level.COMMUNE).first()
    assert version.performers.count() == 4
    own = ProcessStep.objects.filter(version=version, performer__isnull=False)
    assert own.values("performer").distinct().count() == 3
    assert Staff.objects.filter(unit__kind="counter").count() >= 6


def test_dossiers_places_statuses_and_tallies(built):
    assert built["dossiers"] == Dossier.objects.count() == SMALL.dossiers
    counter = Dossier.objects.filter(channel=Channel.COUNTER)
    assert counter.exists() and not counter.filter(receipt_place__isnull=True).exists()
    assert not Dossier.objects.exclude(channel=Channel.COUNTER).filter(receipt_place__isnull=False).exists()
    assert (
        not Dossier.objects.exclude(receipt_place__kind=Agency.Kind.SERVICE_CENTRE)
        .filter(receipt_place__isnull=False)
        .exists()
    )
    opened = Dossier.objects.filter(status__in=OPEN_STATUSES).count()
    assert 0 < opened < SMALL.dossiers * 0.1  # most finished, an open tail
    assert Dossier.objects.filter(status=Status.RETURNED).count() > SMALL.dossiers * 0.8
    # finished no earlier than received, returned no earlier than finished
    assert not Dossier.objects.filter(finished_at__lt=F("received_at")).exists()
    assert not Dossier.objects.filter(returned_at__lt=F("finished_at")).exists()
    # each dossier has its intake event; the day counters continue the codes
    assert DossierEvent.objects.filter(seq=1).count() == SMALL.dossiers
    assert sum(DayCounter.objects.values_list("last_number", flat=True)) == SMALL.dossiers
    per_day = Dossier.objects.values("agency", "code").annotate(n=Count("pk")).filter(n__gt=1)
    assert not per_day.exists()
    # the monthly tallies of decision 0010 agree with the dossiers, and the triggers are back
    assert tallies.differences() == []
    d = Dossier.objects.filter(status=Status.IN_PROCESS).first()
    before = tallies.row_count()
    Dossier.objects.filter(pk=d.pk).update(
        status=Status.RETURNED, finished_at=d.received_at, outcome="approved"
    )
    assert tallies.differences() == [] and tallies.row_count() >= before


def test_building_again_changes_nothing(built):
    again = province.build(SMALL, log=lambda _s: None)
    assert again["dossiers"] == SMALL.dossiers
    assert Dossier.objects.count() == SMALL.dossiers
    assert Dossier.objects.filter(Q(status=Status.RETURNED) | Q(status=Status.IN_PROCESS)).exists()
