"""The dossiers test department (``world``), plus returned dossiers and survey helpers."""

from __future__ import annotations

import datetime as dt

import pytest

from cchc.dossiers.models import Dossier, Handover, Status
from cchc.surveys.models import Criterion, Element, MethodVersion
from cchc.surveys.services import Answers
from tests.dossiers.conftest import TZ, World, local, make_user, person, world  # noqa: F401
from tests.factories import DossierFactory


def returned_dossier(
    w: World, *, at: dt.datetime | None = None, status=Status.RETURNED, unit=None
) -> Dossier:
    """A dossier of ``w.version`` handled by ``unit`` (the division by default), returned at ``at``."""
    at = at or local(2026, 3, 2, 9, 0)
    returned = status == Status.RETURNED
    dossier = DossierFactory(
        agency=w.agency,
        procedure_version=w.version,
        phone="0912345678",
        status=status,
        received_at=at - dt.timedelta(days=10),
        due_at=at,
        finished_at=at if returned else None,
        returned_at=at if returned else None,
        outcome="approved" if returned else "",
        holder_unit=w.counter,
    )
    Handover.objects.create(
        dossier=dossier,
        seq=1,
        from_unit=w.counter,
        to_unit=unit or w.division,
        handed_at=at - dt.timedelta(days=9),
    )
    Handover.objects.create(
        dossier=dossier,
        seq=2,
        from_unit=unit or w.division,
        to_unit=w.counter,
        handed_at=at - dt.timedelta(days=1),
    )
    return dossier


def all_fives(method: MethodVersion, overrides: dict | None = None) -> Answers:
    scores = {slot: 5 for slot in Criterion.objects.filter(method=method).values_list("slot", flat=True)}
    scores.update(overrides or {})
    return Answers(scores=scores)


def make_method(
    code: str, structure: list[list[int]], *, valid_from=None, valid_to=None, formula="share_4_5"
):
    """A method version: ``structure`` lists the slots of each element, e.g. [[1, 2], [3]]."""
    method = MethodVersion.objects.create(
        code=code, name=f"Phương pháp {code}", valid_from=valid_from, valid_to=valid_to, formula=formula
    )
    for e_order, slots in enumerate(structure, start=1):
        element = Element.objects.create(method=method, order=e_order, name=f"Yếu tố {e_order}")
        for c_order, slot in enumerate(slots, start=1):
            Criterion.objects.create(
                method=method, element=element, slot=slot, order=c_order, text=f"Tiêu chí {slot}"
            )
    return method


@pytest.fixture
def sipas(db) -> MethodVersion:
    return MethodVersion.objects.get(code="sipas-2023")
