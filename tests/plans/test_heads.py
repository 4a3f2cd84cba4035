"""The plan's heads are the heads of decision 0003: an Office-role holder of a division is none.

Before, the plan counted the Office role in any unit: such a person was mailed the division's new
and cancelled tasks and measured as a head in the 90 % table.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from cchc.notifications.models import Outbox
from cchc.org import roles
from cchc.plans import selectors, services

from .conftest import _user, at

pytestmark = pytest.mark.django_db


@pytest.fixture
def mistaken(world):
    """Someone of the division given the Office role by mistake."""
    return _user("nhamvaitro", roles.OFFICE, world.division, "Chuyên viên")


def test_an_office_role_in_a_division_is_not_mailed_as_a_head(world, mistaken):
    today = timezone.localdate()
    task = services.create_task(
        actor=world.users["office"],
        plan=world.plan,
        title="Giao",
        lead_unit=world.division,
        start=today,
        deadline=today + dt.timedelta(days=5),
        at=at(today),
    )
    services.cancel_task(actor=world.users["office"], task=task, revision=task.revision, reason="Trùng")
    assert Outbox.objects.filter(recipient=world.users["head"].email).count() == 2
    assert not Outbox.objects.filter(recipient=mistaken.email).exists()


def test_an_office_role_in_a_division_is_not_in_the_heads_table(world, mistaken):
    heads = {h.user.username for h in selectors.head_completion(2025)}
    assert {"truongphong", "truongphong2", "vanphong"} <= heads
    assert "nhamvaitro" not in heads
