"""Fixtures: a home agency, two units each in charge of one procedure, and a dossier builder."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest

from cchc.dossiers.models import Dossier, Status
from cchc.org.models import Agency, Unit
from cchc.procedures.models import ProcedureVersion, ProcessStep
from tests.factories import (
    AgencyFactory,
    DossierFactory,
    ProcedureVersionFactory,
    ProcessStepFactory,
    UnitFactory,
    staff_user,
)

TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
# A fixed "now" far after the test periods, so open dossiers are measured at the period's end.
NOW = dt.datetime(2027, 6, 1, 9, 0, tzinfo=TZ)


def at(y, m, d, h=9, mi=0) -> dt.datetime:
    return dt.datetime(y, m, d, h, mi, tzinfo=TZ)


def ensure_rules_766() -> None:
    """Transactional tests (browser) flush the tables, seeded rules included: seed them again."""
    import importlib

    from django.apps import apps

    from cchc.indicators.models import ExternalResult, Rule766

    if not Rule766.objects.exists() or not ExternalResult.objects.filter(year=2020).exists():
        importlib.import_module("cchc.indicators.migrations.0002_seed_rules_766").seed(apps, None)
        importlib.import_module("cchc.indicators.migrations.0003_rules_14_44").forwards(apps, None)
        importlib.import_module("cchc.indicators.migrations.0004_rule_35_computable").computable(apps, None)


@pytest.fixture(autouse=True)
def _rules_766(request):
    if (
        "db" in request.fixturenames
        or "transactional_db" in request.fixturenames
        or "world" in request.fixturenames
    ):
        request.getfixturevalue("db")
        ensure_rules_766()


@pytest.fixture
def world(db):
    agency = AgencyFactory(is_home=True)
    a = UnitFactory(agency=agency, code="viec-lam", name="Phòng Việc làm")
    b = UnitFactory(agency=agency, code="nguoi-co-cong", name="Phòng Người có công")
    counter = UnitFactory(agency=agency, code="mot-cua", name="Bộ phận Một cửa", kind=Unit.Kind.COUNTER)
    va = ProcedureVersionFactory(agency=agency, online_level=ProcedureVersion.OnlineLevel.FULL)
    vb = ProcedureVersionFactory(agency=agency)
    ProcessStepFactory(version=va, unit=a, order=2)
    ProcessStepFactory(version=vb, unit=b, order=2)
    ProcessStepFactory(version=va, unit=counter, order=1, role=ProcessStep.Role.COUNTER)

    class World:
        pass

    w = World()
    w.agency, w.a, w.b, w.counter, w.va, w.vb = agency, a, b, counter, va, vb

    def dossier(version=None, *, received, due, finished=None, status=None, **kw) -> Dossier:
        if status is None:
            status = Status.RETURNED if finished else Status.IN_PROCESS
        extra = {"returned_at": finished, "outcome": "approved"} if status == Status.RETURNED else {}
        extra.update(kw)
        return DossierFactory(
            agency=agency,
            procedure_version=version or va,
            status=status,
            received_at=received,
            submitted_at=received,
            due_at=due,
            finished_at=finished,
            holder_unit=counter,
            **extra,
        )

    w.dossier = dossier
    return w


@pytest.fixture
def home(world) -> Agency:
    return world.agency


def make_user(username, role, unit):
    return staff_user(role, unit, username, position="Lãnh đạo", full_name=f"Nguyễn {username}")


@pytest.fixture
def people(world):
    from cchc.org import roles

    leadership = UnitFactory(agency=world.agency, code="ban-giam-doc", kind=Unit.Kind.LEADERSHIP)
    office = UnitFactory(agency=world.agency, code="van-phong", kind=Unit.Kind.OFFICE)
    return {
        "director": make_user("giamdoc", roles.DIRECTOR, leadership),
        "office": make_user("vanphong", roles.OFFICE, office),
        "head_a": make_user("truongphong.a", roles.UNIT_HEAD, world.a),
        "head_b": make_user("truongphong.b", roles.UNIT_HEAD, world.b),
        "specialist": make_user("chuyenvien", roles.SPECIALIST, world.a),
    }


def make_plan(number: str = "56/KH-SLĐTBXH"):
    """A plan in force from 2021 (its targets are added by each test)."""
    from cchc.plans.models import Plan

    return Plan.objects.create(
        number=number,
        title="Kế hoạch",
        issuer="Sở",
        issued_on=dt.date(2021, 9, 1),
        period_from=2021,
        period_to=2026,
    )
