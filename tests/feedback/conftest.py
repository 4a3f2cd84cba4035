"""A department with its Office, two divisions and a counter; staff of every role in three units."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest

from cchc.feedback import services
from cchc.feedback.models import Feedback, Kind, Status, Subject
from cchc.org import roles
from cchc.org.models import Agency, Unit
from tests.factories import AgencyFactory, FieldFactory, UnitFactory, staff_user

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
PASSWORD = "mat-khau-thu-nghiem"
ROLE_KEYS = {
    "counter": roles.COUNTER_OFFICER,
    "specialist": roles.SPECIALIST,
    "head": roles.UNIT_HEAD,
    "director": roles.DIRECTOR,
    "office": roles.OFFICE,
    "sysadmin": roles.SYSADMIN,
}
UNIT_KEYS = ("office", "division", "other")


def local(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=TZ)


@dataclass
class World:
    agency: Agency
    office: Unit
    division: Unit
    other: Unit
    counter: Unit
    field: object
    users: dict  # (unit key, role key) -> user

    def user(self, role: str, unit: str = "division"):
        return self.users[(unit, role)]

    @property
    def office_user(self):
        return self.users[("office", "office")]

    @property
    def specialist(self):
        return self.users[("division", "specialist")]

    @property
    def head(self):
        return self.users[("division", "head")]


@pytest.fixture
def world(db) -> World:
    agency = AgencyFactory(code="000.00.15.H10", name="Sở Lao động – Thương binh và Xã hội", is_home=True)
    office = UnitFactory(agency=agency, code="van-phong", name="Văn phòng Sở", kind=Unit.Kind.OFFICE)
    division = UnitFactory(agency=agency, code="viec-lam", name="Phòng Việc làm")
    other = UnitFactory(agency=agency, code="nguoi-co-cong", name="Phòng Người có công")
    counter = UnitFactory(agency=agency, code="mot-cua", name="Bộ phận Một cửa", kind=Unit.Kind.COUNTER)
    units = {"office": office, "division": division, "other": other}
    users = {}
    for unit_key, unit in units.items():
        for role_key, role in ROLE_KEYS.items():
            name = f"{role_key}.{unit_key}"
            users[(unit_key, role_key)] = staff_user(role, unit, name, full_name=name)
    field = FieldFactory(code="viec-lam", name="Việc làm", name_en="Employment")
    return World(agency, office, division, other, counter, field, users)


def question(**overrides) -> services.Submission:
    values = {
        "kind": Kind.QUESTION,
        "subject": Subject.GENERAL,
        "asker_name": "Trần Thị Bình",
        "title": "Điều kiện hưởng trợ cấp thất nghiệp",
        "body": "Tôi nghỉ việc ngày 01/3, đóng bảo hiểm thất nghiệp 14 tháng. Tôi có được hưởng không?",
        "phone": "0987654321",
        "email": "binh@example.com",
    }
    values.update(overrides)
    return services.Submission(**values)


def submit(at: dt.datetime | None = None, **overrides) -> Feedback:
    item, _secret = services.submit(data=question(**overrides), at=at)
    return item


def walk(world: World, item: Feedback, to: str, at: dt.datetime | None = None) -> Feedback:
    """Move ``item`` through the services to status ``to`` (received → … → published/answered)."""
    path = {
        Status.RECEIVED: [],
        Status.ASSIGNED: ["assign"],
        Status.DRAFTED: ["assign", "draft"],
        Status.APPROVED: ["assign", "draft", "approve"],
        Status.PUBLISHED: ["assign", "draft", "approve", "publish"],
        Status.ANSWERED: ["assign", "draft", "approve", "answer_privately"],
        Status.REJECTED: ["reject"],
    }[to]
    for op in path:
        item.refresh_from_db()
        if op == "assign":
            services.assign(
                actor=world.office_user,
                feedback=item,
                revision=None,
                kind=item.kind,
                unit=world.division,
                field=world.field,
                at=at,
            )
        elif op == "draft":
            services.draft(actor=world.specialist, feedback=item, revision=None, answer="Trả lời: có.", at=at)
        elif op == "approve":
            services.approve(actor=world.head, feedback=item, revision=None, at=at)
        elif op == "publish":
            services.publish(
                actor=world.office_user,
                feedback=item,
                revision=None,
                public_title="Trợ cấp thất nghiệp",
                public_question="Người lao động đóng 14 tháng có được hưởng không?",
                public_answer="Có, nếu đủ điều kiện theo Luật Việc làm.",
                at=at,
            )
        elif op == "answer_privately":
            services.answer_privately(actor=world.office_user, feedback=item, revision=None, at=at)
        elif op == "reject":
            services.reject(
                actor=world.office_user, feedback=item, revision=None, reason="Ngoài thẩm quyền", at=at
            )
    item.refresh_from_db()
    return item
