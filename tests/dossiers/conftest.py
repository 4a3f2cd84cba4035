"""A small department with a full internal process, and staff for every role."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from cchc.dossiers import services
from cchc.dossiers.models import ApplicantKind
from cchc.org import roles
from cchc.org.models import Agency, Unit
from cchc.procedures.models import ProcedureVersion, ProcessStep
from tests.factories import AgencyFactory, FeeFactory, ProcedureVersionFactory, UnitFactory, staff_user

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def local(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=TZ)


@dataclass
class World:
    agency: Agency
    partner: Agency
    counter: Unit
    division: Unit
    other_division: Unit
    leadership: Unit
    version: ProcedureVersion
    paper_version: ProcedureVersion
    staff: dict  # role key -> user


def make_user(role: str, unit: Unit, name: str):
    """A staff user whose username and full name are ``name``."""
    return staff_user(role, unit, name, full_name=name)


@pytest.fixture
def world(db) -> World:
    agency = AgencyFactory(code="000.00.15.H10", name="Sở Lao động – Thương binh và Xã hội", is_home=True)
    partner = AgencyFactory(code="000.00.20.H10", name="Bảo hiểm xã hội tỉnh")
    counter = UnitFactory(agency=agency, code="mot-cua", name="Bộ phận Một cửa", kind=Unit.Kind.COUNTER)
    division = UnitFactory(agency=agency, code="viec-lam", name="Phòng Việc làm")
    other = UnitFactory(agency=agency, code="nguoi-co-cong", name="Phòng Người có công")
    leadership = UnitFactory(
        agency=agency, code="ban-giam-doc", name="Ban Giám đốc", kind=Unit.Kind.LEADERSHIP
    )
    version = ProcedureVersionFactory(
        procedure__code="1.001978",
        name="Giải quyết hưởng trợ cấp thất nghiệp",
        agency=agency,
        processing_time=Decimal(10),
        online_level=ProcedureVersion.OnlineLevel.FULL,
        inter_agency=True,
    )
    steps = [
        (ProcessStep.Role.COUNTER, counter, None, "0.5"),
        (ProcessStep.Role.SPECIALIST, division, None, "3"),
        (ProcessStep.Role.UNIT_HEAD, division, None, "1"),
        (ProcessStep.Role.PARTNER, None, partner, "2"),
        (ProcessStep.Role.DIRECTOR, leadership, None, "1"),
        (ProcessStep.Role.RETURN, counter, None, "0.5"),
    ]
    for order, (role, unit, other_agency, budget) in enumerate(steps, start=1):
        ProcessStep.objects.create(
            version=version,
            order=order,
            name=f"Bước {order}",
            role=role,
            unit=unit,
            agency=other_agency,
            budget=Decimal(budget),
        )
    FeeFactory(version=version, amount=Decimal(0))
    paper = ProcedureVersionFactory(agency=agency, processing_time=Decimal(5), name="Thủ tục chỉ nộp giấy")
    for order, (role, unit, budget) in enumerate(
        [
            (ProcessStep.Role.COUNTER, counter, "0.5"),
            (ProcessStep.Role.UNIT_HEAD, division, "4"),
            (ProcessStep.Role.RETURN, counter, "0.5"),
        ],
        start=1,
    ):
        ProcessStep.objects.create(
            version=paper, order=order, name=f"Bước {order}", role=role, unit=unit, budget=Decimal(budget)
        )
    staff = {
        "counter": make_user(roles.COUNTER_OFFICER, counter, "motcua"),
        "specialist": make_user(roles.SPECIALIST, division, "chuyenvien"),
        "head": make_user(roles.UNIT_HEAD, division, "truongphong"),
        "director": make_user(roles.DIRECTOR, leadership, "giamdoc"),
        "office": make_user(roles.OFFICE, UnitFactory(agency=agency, kind=Unit.Kind.OFFICE), "vanphong"),
        "other_specialist": make_user(roles.SPECIALIST, other, "cv.khac"),
        "other_head": make_user(roles.UNIT_HEAD, other, "tp.khac"),
        "other_counter": make_user(
            roles.COUNTER_OFFICER, UnitFactory(agency=partner, kind=Unit.Kind.COUNTER), "motcua.khac"
        ),
    }
    return World(agency, partner, counter, division, other, leadership, version, paper, staff)


def person(**overrides) -> services.Applicant:
    values = {
        "kind": ApplicantKind.PERSON,
        "name": "Nguyễn Văn An",
        "id_number": "060090001234",
        "phone": "0912345678",
        "email": "an@example.com",
        "address": "Phan Thiết, Lâm Đồng",
    }
    values.update(overrides)
    return services.Applicant(**values)
