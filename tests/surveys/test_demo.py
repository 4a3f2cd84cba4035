"""Demo survey data: deterministic, idempotent, realistic share of answers."""

import pytest

from cchc.demo import surveys as demo
from cchc.surveys.models import FollowUp, Response

from .conftest import local, returned_dossier

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent_and_answers_about_two_thirds(world):
    for day in range(1, 29):
        returned_dossier(world, at=local(2026, 2, day, 9))
    line = demo.load(progress=False)
    assert "Phiếu khảo sát minh họa" in line
    linked = Response.objects.exclude(channel="public")
    assert 10 <= linked.count() <= 26
    assert Response.objects.filter(channel="public").exists()
    assert all(r.illustrative for r in Response.objects.all())
    assert set(linked.values_list("unit", flat=True)) == {world.division.pk}
    before = (Response.objects.count(), FollowUp.objects.count())
    assert "mới tạo 0" in demo.load(progress=False)
    assert (Response.objects.count(), FollowUp.objects.count()) == before
