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
