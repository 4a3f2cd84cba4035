"""The Office's transparency checklist (P-B3–P-B9, P-B21) on hand-made data."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from cchc.disclosure import selectors, services
from cchc.disclosure.models import Commune, Kind
from cchc.procedures.models import ProcedureVersion
from tests.disclosure.conftest import make
from tests.factories import FormTemplateFactory, ProcedureVersionFactory, ProcessStepFactory, StaffFactory

pytestmark = pytest.mark.django_db
DAY = dt.date(2025, 11, 20)


def _by_code(day=DAY):
    return {item.code: item for item in selectors.checklist(day)}


def test_empty_database_everything_missing(world):
    Commune.objects.all().delete()
    items = _by_code()
    assert list(items) == ["P-B3", "P-B4", "P-B5", "P-B6", "P-B7", "P-B8", "P-B9", "P-B21"]
    for code in ("P-B3", "P-B4", "P-B6", "P-B7", "P-B8", "P-B9", "P-B21"):
        assert not items[code].ok and items[code].missing, code


def test_checklist_on_hand_made_data(world):
    # P-B3: two forms of a published procedure, one without guidance; a draft procedure's form ignored.
    good = FormTemplateFactory(code="Mẫu 01")
    FormTemplateFactory(code="Mẫu 02", guidance="   ", document__version=good.document.version)
    FormTemplateFactory(code="Mẫu 09", guidance="", document__version__status=ProcedureVersion.Status.DRAFT)
    # P-B4: one published version with a process step, one with neither steps text nor process.
    ProcessStepFactory(version=good.document.version)
    ProcedureVersionFactory(
        name="Thủ tục chưa có quy trình", steps="", online_level="full", postal_submission=True
    )
    # P-B5: one public contact without phone.
    StaffFactory(is_public_contact=True, phone="", full_name="Trần Thị Bình")
    # P-B6: one survey result this year, on time.
    survey = {"kind": Kind.SURVEY, "number": "", "issuer": "Văn phòng Sở", "effective_on": None, "year": 2025}
    make(
        world,
        title="Kết quả khảo sát quý III",
        issued_on=dt.date(2025, 10, 8),
        publish_on=dt.date(2025, 10, 9),
        **survey,
    )
    # P-B7: one legal document on time, one late (Fri 29/8/2025 -> Fri 5/9: 3 working days), one draft.
    make(world, title="Thông tư đúng hạn", issued_on=dt.date(2025, 8, 29), publish_on=dt.date(2025, 9, 3))
    make(
        world,
        title="Thông tư chậm",
        number="7/2025/TT-BNV",
        issued_on=dt.date(2025, 8, 29),
        publish_on=dt.date(2025, 9, 5),
    )
    make(world, title="Thông tư dự thảo")
    # P-B8: a recruitment plan published late, still open on DAY.
    make(
        world,
        kind=Kind.RECRUITMENT,
        title="Tuyển dụng viên chức",
        number="5/KH",
        issued_on=dt.date(2025, 10, 1),
        round_ends_on=dt.date(2025, 12, 31),
        publish_on=dt.date(2025, 10, 10),
    )
    # P-B9: the plan of the year, but no results report.
    plan = {"kind": Kind.PLAN, "number": "12/KH", "effective_on": None, "year": 2025}
    make(
        world,
        title="Kế hoạch công tác năm 2025",
        issued_on=dt.date(2025, 1, 10),
        publish_on=dt.date(2025, 1, 13),
        **plan,
    )
    # P-B21: two communes valid, one merged away before DAY; one review of 2025 published, one of 2024.
    other = Commune.objects.create(code="mui-ne", name="Phường Mũi Né")
    Commune.objects.create(code="cu", name="Xã đã sáp nhập", valid_to=dt.date(2025, 6, 30))
    review = {
        "kind": Kind.POOR_HOUSEHOLD,
        "number": "",
        "effective_on": None,
        "poor_households": 3,
        "near_poor_households": 4,
    }
    make(
        world,
        title="Rà soát Phú Thủy",
        commune=world.commune,
        year=2025,
        issued_on=dt.date(2025, 11, 3),
        publish_on=dt.date(2025, 11, 4),
        **review,
    )
    make(
        world,
        title="Rà soát Mũi Né 2024",
        commune=other,
        year=2024,
        issued_on=dt.date(2024, 11, 4),
        publish_on=dt.date(2024, 11, 5),
        **review,
    )

    items = _by_code()
    b3 = items["P-B3"]
    assert not b3.ok and b3.published == ["1/2 mẫu đơn, tờ khai có tệp mẫu và hướng dẫn kê khai"]
    assert len(b3.missing) == 1 and "Mẫu 02" in b3.missing[0] and "hướng dẫn kê khai" in b3.missing[0]

    b4 = items["P-B4"]
    assert not b4.ok
    assert b4.published == [
        "2 thủ tục đang công bố, 1 có trình tự, quy trình",
        "1 thủ tục trực tuyến; 1 thủ tục qua bưu chính công ích",
    ]
    assert any("Thủ tục chưa có quy trình" in m for m in b4.missing)
    assert {url for _label, url in b4.links} == {
        reverse("portal:public_list", args=[s]) for s in ("tat-ca", "truc-tuyen", "buu-chinh")
    }

    b5 = items["P-B5"]
    assert not b5.ok and b5.missing == ["Trần Thị Bình: chưa có số điện thoại"]

    assert items["P-B6"].ok and not items["P-B6"].missing

    b7 = items["P-B7"]
    assert not b7.ok and len(b7.late) == 1 and b7.late[0].startswith("7/2025/TT-BNV Thông tư chậm")
    assert "1 dự thảo chờ công khai" in b7.published

    b8 = items["P-B8"]
    assert not b8.ok and len(b8.late) == 1 and "1 đợt tuyển dụng đang mở" in b8.published

    b9 = items["P-B9"]
    assert not b9.ok and b9.missing == ["Chưa công khai kết quả thực hiện kế hoạch năm 2025 hoặc 2024."]

    b21 = items["P-B21"]
    assert not b21.ok
    assert b21.published == ["1/2 xã, phường đã công khai kết quả rà soát năm 2025"]
    assert b21.missing == ["Phường Mũi Né: chưa công khai kết quả rà soát năm 2025"]


def test_withdrawn_items_do_not_count_as_published(world):
    item = make(world, title="Thông tư", issued_on=dt.date(2025, 8, 29), publish_on=dt.date(2025, 9, 3))
    assert _by_code()["P-B7"].ok
    services.withdraw(actor=world.office, publication=item, reason="Sai")
    assert not _by_code()["P-B7"].ok


def test_checklist_page_for_office_and_director_only(client, world):
    url = reverse("backoffice:disclosure_staff:checklist")
    client.force_login(world.specialist)
    assert client.get(url).status_code == 403
    client.force_login(world.office)
    response = client.get(url)
    assert response.status_code == 200 and "P-B21" in response.content.decode()
