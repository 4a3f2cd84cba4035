"""Amending a published procedure (decision 0002) through ``services.publish_amended_version``: a new
version from a day, the old one ending the day before, everything of the province's own copied."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cchc.org import roles
from cchc.procedures import services
from cchc.procedures.models import Fee, Performer, ProcedureVersion, ProcessStep
from tests.factories import (
    AgencyFactory,
    FeeFactory,
    ProcedureVersionFactory,
    ProcessStepFactory,
    UnitFactory,
    staff_user,
)

pytestmark = pytest.mark.django_db
TOMORROW = timezone.localdate() + dt.timedelta(days=1)


def test_each_performers_own_process_and_fees_follow_it_to_the_new_version():
    version = ProcedureVersionFactory()
    commune = AgencyFactory()
    own = Performer.objects.create(version=version, agency=commune, online_level="full", note="riêng")
    ProcessStepFactory(version=version, order=1)
    ProcessStepFactory(version=version, order=1, performer=own, unit=UnitFactory(agency=commune))
    FeeFactory(version=version, amount=Decimal(10000))
    FeeFactory(version=version, performer=own, amount=Decimal(5000))
    new = services.publish_amended_version(
        actor=services.SYSTEM, base=version, valid_from=TOMORROW, changes={"name": "Tên mới"}
    )
    assert new.number == 2 and new.name == "Tên mới" and new.status == ProcedureVersion.Status.PUBLISHED
    [copied] = new.performers.all()
    assert (copied.agency, copied.online_level, copied.note) == (commune, "full", "riêng")
    assert ProcessStep.objects.get(version=new, performer=copied).unit.agency == commune
    assert ProcessStep.objects.filter(version=new, performer__isnull=True).count() == 1
    assert Fee.objects.get(version=new, performer=copied).amount == 5000
    assert Fee.objects.get(version=new, performer__isnull=True).amount == 10000
    version.refresh_from_db()
    assert version.valid_to == timezone.localdate()
    assert list(ProcedureVersion.objects.published(TOMORROW)) == [new]
    assert list(ProcedureVersion.objects.published(timezone.localdate())) == [version]


def test_refused_for_someone_who_does_not_edit_the_catalogue():
    version = ProcedureVersionFactory()
    counter = staff_user(roles.COUNTER_OFFICER, UnitFactory(), "motcua")
    with pytest.raises(PermissionDenied):
        services.publish_amended_version(actor=counter, base=version, valid_from=TOMORROW)
    assert ProcedureVersion.objects.count() == 1


def test_refused_over_a_later_version_or_a_draft():
    version = ProcedureVersionFactory()
    ProcedureVersionFactory(procedure=version.procedure, number=2, valid_from=TOMORROW + dt.timedelta(days=9))
    with pytest.raises(ValidationError, match="phiên bản khác"):
        services.publish_amended_version(actor=services.SYSTEM, base=version, valid_from=TOMORROW)
    draft = ProcedureVersionFactory(status=ProcedureVersion.Status.DRAFT)
    with pytest.raises(ValidationError, match="đang công bố"):
        services.publish_amended_version(actor=services.SYSTEM, base=draft, valid_from=TOMORROW)
    assert ProcedureVersion.objects.count() == 3
