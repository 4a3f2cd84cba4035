"""People and units of the disclosure tests: the Office, two units with a specialist and a head."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from cchc.disclosure import services
from cchc.disclosure.models import Commune, Kind
from cchc.org import roles
from tests.factories import AgencyFactory, UnitFactory, staff_user

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def person(role: str | None, unit, username: str):
    return staff_user(role, unit, username)


class World:
    pass


@pytest.fixture
def world(db):
    w = World()
    w.agency = AgencyFactory(is_home=True, name="Sở Lao động – Thương binh và Xã hội tỉnh Bình Thuận")
    w.office_unit = UnitFactory(agency=w.agency, code="van-phong", name="Văn phòng Sở", kind="office")
    w.social = UnitFactory(agency=w.agency, code="bao-tro-xa-hoi", name="Phòng Bảo trợ xã hội")
    w.jobs = UnitFactory(agency=w.agency, code="lao-dong-viec-lam", name="Phòng Lao động – Việc làm")
    w.office = person(roles.OFFICE, w.office_unit, "vanphong")
    w.specialist = person(roles.SPECIALIST, w.social, "cv.baotro")
    w.head = person(roles.UNIT_HEAD, w.social, "tp.baotro")
    w.other_specialist = person(roles.SPECIALIST, w.jobs, "cv.vieclam")
    w.counter = person(roles.COUNTER_OFFICER, w.jobs, "motcua")
    w.director = person(roles.DIRECTOR, w.office_unit, "giamdoc")
    w.nobody = person(None, w.jobs, "khongvaitro")
    w.commune = Commune.objects.create(code="phu-thuy", name="Phường Phú Thủy")
    return w


def pdf_file(name: str = "van-ban.pdf", data: bytes = PDF):
    handle = io.BytesIO(data)
    handle.name = name
    return handle


def legal_values(**extra) -> dict:
    values = {
        "kind": Kind.LEGAL,
        "title": "Thông tư hướng dẫn trợ cấp thất nghiệp",
        "number": "15/2023/TT-BLĐTBXH",
        "issuer": "Bộ Lao động – Thương binh và Xã hội",
        "issued_on": dt.date(2025, 8, 29),
        "effective_on": dt.date(2025, 10, 15),
    }
    values.update(extra)
    return values


def make(world, *, actor=None, upload="default", publish_on=None, unit=None, **values):
    """A draft (with a PDF by default), published on ``publish_on`` when given."""
    upload = pdf_file() if upload == "default" else upload
    item = services.create_draft(
        actor=actor or world.office, values=legal_values(**values), unit=unit, upload=upload
    )
    if publish_on is not None:
        item = services.publish(actor=world.office, publication=item, published_on=publish_on)
    return item
