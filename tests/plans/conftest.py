"""A small Department for the plan tests: the Office, two divisions, leadership, the counter."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

import pytest
from django.utils import timezone

from cchc.org import roles
from cchc.org.models import Agency, Unit
from cchc.plans.models import Plan, Requirement, Task
from tests.factories import AgencyFactory, UnitFactory, staff_user

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def pdf(name="bao-cao.pdf"):
    f = io.BytesIO(PDF)
    f.name = name
    return f


def exe(name="bao-cao.exe"):
    f = io.BytesIO(EXE)
    f.name = name
    return f


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@dataclass
class World:
    agency: Agency
    office: Unit
    division: Unit
    other: Unit
    leadership: Unit
    counter: Unit
    plan: Plan
    requirement: Requirement
    users: dict

    def staff(self, key):
        return self.users[key].staff


def _user(username, role, unit, position="Chuyên viên"):
    return staff_user(role, unit, username, position=position, full_name=f"Nguyễn {username}")


@pytest.fixture
def world(db) -> World:
    agency = AgencyFactory(code="000.17.22.H56", is_home=True)
    office = UnitFactory(agency=agency, code="van-phong", name="Văn phòng Sở", kind=Unit.Kind.OFFICE)
    division = UnitFactory(agency=agency, code="lao-dong", name="Phòng Lao động", kind=Unit.Kind.DIVISION)
    other = UnitFactory(
        agency=agency, code="nguoi-co-cong", name="Phòng Người có công", kind=Unit.Kind.DIVISION
    )
    leadership = UnitFactory(agency=agency, code="bgd", name="Ban Giám đốc", kind=Unit.Kind.LEADERSHIP)
    counter = UnitFactory(agency=agency, code="mot-cua", name="Bộ phận Một cửa", kind=Unit.Kind.COUNTER)
    users = {
        "office": _user("vanphong", roles.OFFICE, office, "Chánh Văn phòng"),
        "sysadmin": _user("quantri", roles.SYSADMIN, office),
        "head": _user("truongphong", roles.UNIT_HEAD, division, "Trưởng phòng"),
        "official": _user("chuyenvien", roles.SPECIALIST, division),
        "colleague": _user("chuyenvien2", roles.SPECIALIST, division),
        "other_head": _user("truongphong2", roles.UNIT_HEAD, other, "Trưởng phòng"),
        "other_official": _user("chuyenvien3", roles.SPECIALIST, other),
        "director": _user("giamdoc", roles.DIRECTOR, leadership, "Giám đốc"),
        "counter": _user("motcua", roles.COUNTER_OFFICER, counter),
    }
    plan = Plan.objects.create(
        number="56/KH-SLĐTBXH",
        title="Kế hoạch nâng cao PAR Index, PAPI, SIPAS",
        issuer="Sở LĐTBXH",
        issued_on=dt.date(2021, 9, 1),
        period_from=2021,
        period_to=2025,
    )
    requirement = Requirement.objects.create(plan=plan, code="P-B3", section="B", title="Mẫu hóa", text="…")
    return World(agency, office, division, other, leadership, counter, plan, requirement, users)


def make_task(
    world: World,
    *,
    unit=None,
    year=2025,
    start=None,
    deadline=None,
    status="assigned",
    done_on=None,
    assignee=None,
    parent=None,
    is_reform=True,
    title="Nhiệm vụ thử",
    cancel_reason="",
) -> Task:
    """A task written directly (hand-made data for the selectors); services are tested separately."""
    deadline = deadline or dt.date(year, 6, 30)
    return Task.objects.create(
        plan=world.plan,
        requirement=world.requirement,
        parent=parent,
        title=title,
        lead_unit=unit or world.division,
        assignee=assignee,
        start=start or dt.date(year, 1, 5),
        deadline=deadline,
        year=year,
        is_reform=is_reform,
        status=status,
        progress=100 if status == "done" else 0,
        done_on=done_on if status == "done" else None,
        cancel_reason=cancel_reason or ("Không còn phù hợp" if status == "cancelled" else ""),
        created_by=world.users["office"],
        created_at=at(start or dt.date(year, 1, 5)),
    )
