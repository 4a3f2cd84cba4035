"""``services.intake_facts`` (plain SQL, run on every intake) agrees with the catalog's ORM rules."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Sum
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc.dossiers import services
from cchc.procedures.models import ProcedureVersion, ProcessStep
from tests.dossiers.conftest import local
from tests.factories import FeeFactory, ProcedureVersionFactory, ProcessStepFactory

DAY = dt.date(2026, 3, 10)
dates = st.one_of(
    st.none(), st.dates(min_value=DAY - dt.timedelta(days=3), max_value=DAY + dt.timedelta(days=3))
)


@pytest.mark.django_db
@settings(max_examples=40, deadline=None)
@given(
    status=st.sampled_from(ProcedureVersion.Status.values),
    valid_from=dates,
    valid_to=dates,
    fees=st.lists(st.integers(min_value=0, max_value=5_000_000), max_size=3),
    step_orders=st.lists(st.integers(min_value=1, max_value=9), max_size=4, unique=True),
)
def test_facts_match_the_orm(status, valid_from, valid_to, fees, step_orders):
    if valid_from and valid_to and valid_to < valid_from:
        valid_from, valid_to = valid_to, valid_from
    version = ProcedureVersionFactory(status=status, valid_from=valid_from, valid_to=valid_to)
    for amount in fees:
        FeeFactory(version=version, amount=Decimal(amount))
    for order in step_orders:
        ProcessStepFactory(version=version, order=order, budget=Decimal("1.5"))
    at = local(2026, 3, 10, 9, 0)

    in_force = ProcedureVersion.objects.published(DAY).filter(pk=version.pk).exists()
    if not in_force:
        with pytest.raises(ValidationError):
            services.intake_facts(version, at)
        return
    facts = services.intake_facts(version, at)
    assert facts.agency_id == version.agency_id
    assert facts.agency_code == version.agency.code
    assert facts.fee_total == (version.fees.aggregate(s=Sum("amount"))["s"] or Decimal(0))
    first = ProcessStep.objects.filter(version=version).order_by("order", "id").first()
    if first is None:
        assert facts.first_step is None
    else:
        assert (facts.first_step.pk, facts.first_step.unit_id, facts.first_step.agency_id) == (
            first.pk,
            first.unit_id,
            first.agency_id,
        )
        assert facts.first_step.budget == first.budget


@pytest.mark.django_db
@settings(max_examples=25, deadline=None)
@given(
    performers=st.lists(
        st.tuples(st.booleans(), st.booleans(), st.booleans()),  # own steps, own fees, agency in force
        max_size=3,
    ),
    lead_row=st.booleans(),
    served=st.lists(st.booleans(), min_size=4, max_size=4),
)
def test_each_performer_has_the_selectors_steps_and_fees(performers, lead_row, served):
    """``intake_options`` (one SQL statement) = ``procedures.selectors.process_steps/fees`` per performer;
    the lead agency is a performer with or without its row; a closed agency is left out."""
    from cchc.procedures import selectors
    from cchc.procedures.models import Performer
    from tests.factories import AgencyFactory

    version = ProcedureVersionFactory(valid_from=None, valid_to=None)
    FeeFactory(version=version, amount=Decimal(1000))
    ProcessStepFactory(version=version, order=1, budget=Decimal(1))
    place = AgencyFactory(kind="service_centre")
    agencies = [version.agency]
    if lead_row:
        Performer.objects.create(version=version, agency=version.agency)
    for n, (own_steps, own_fees, in_force) in enumerate(performers):
        agency = AgencyFactory(valid_to=None if in_force else DAY - dt.timedelta(days=1))
        performer = Performer.objects.create(version=version, agency=agency)
        if own_steps:
            ProcessStepFactory(version=version, performer=performer, order=5 + n, unit__agency=agency)
            ProcessStepFactory(version=version, performer=performer, order=2 + n, unit__agency=agency)
        if own_fees:
            FeeFactory(version=version, performer=performer, amount=Decimal(300 + n))
            FeeFactory(version=version, performer=performer, amount=Decimal(7))
        if in_force:
            agencies.append(agency)
    for agency, serves in zip(agencies, served, strict=False):
        if serves:
            place.serves.add(agency)
    options = services.intake_options(version, local(2026, 3, 10, 9, 0), place_id=place.pk)
    assert sorted(o.agency_id for o in options) == sorted(a.pk for a in agencies)
    for option in options:
        first = selectors.process_steps(version.pk, option.agency_id).first()
        assert option.first_step.pk == first.pk
        expected = selectors.fees(version.pk, option.agency_id).aggregate(s=Sum("amount"))["s"]
        assert option.fee_total == expected
        assert option.served == place.serves.filter(pk=option.agency_id).exists()
