"""The catalog of a province: procedures performed by many agencies, filtered by agency, level and
commune; the procedure page lists the performing agencies and where to file (decision 0021)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from cchc.procedures import selectors
from cchc.procedures.models import Performer, ProcedureVersion, ProcessStep
from cchc.procedures.selectors import CatalogFilter, search
from tests.factories import (
    AgencyFactory,
    FeeFactory,
    ProcedureVersionFactory,
    ProcessStepFactory,
    UnitFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def province(db):
    from cchc.org.models import Agency

    noi_vu = AgencyFactory(code="000.00.10.H35", name="Sở Nội vụ", level="province")
    y_te = AgencyFactory(code="000.00.11.H35", name="Sở Y tế", level="province")
    phu_quy = AgencyFactory(
        code="000.01.21.H35",
        name="UBND xã Phú Quý",
        kind=Agency.Kind.COMMUNE,
        level="commune",
        admin_unit_code="22945",
    )
    tan_hai = AgencyFactory(
        code="000.02.21.H35",
        name="UBND phường Tân Hải",
        kind=Agency.Kind.COMMUNE,
        level="commune",
        admin_unit_code="22946",
    )
    centre = AgencyFactory(
        code="000.00.01.H35",
        name="Trung tâm Phục vụ hành chính công tỉnh",
        kind=Agency.Kind.SERVICE_CENTRE,
        level="province",
        address="Số 1 Trần Hưng Đạo",
    )
    centre.serves.set([noi_vu, y_te])
    phu_quy_centre = AgencyFactory(
        code="000.01.01.H35",
        name="Trung tâm Phục vụ hành chính công xã Phú Quý",
        kind=Agency.Kind.SERVICE_CENTRE,
        level="commune",
        parent=phu_quy,
    )
    phu_quy_centre.serves.set([phu_quy])

    shared = ProcedureVersionFactory(name="Cấp giấy phép hoạt động khám bệnh", agency=noi_vu)
    Performer.objects.create(version=shared, agency=noi_vu)
    Performer.objects.create(version=shared, agency=y_te, online_level="full")
    commune_level = ProcedureVersionFactory(
        name="Đăng ký khai sinh", agency=phu_quy, level=ProcedureVersion.Level.COMMUNE
    )
    Performer.objects.create(version=commune_level, agency=tan_hai)
    anywhere = ProcedureVersionFactory(name="Cấp bản sao trích lục hộ tịch", agency=noi_vu, anywhere=True)
    y_te_only = ProcedureVersionFactory(name="Cấp chứng chỉ hành nghề dược", agency=y_te)
    return {
        "noi_vu": noi_vu,
        "y_te": y_te,
        "phu_quy": phu_quy,
        "tan_hai": tan_hai,
        "centre": centre,
        "phu_quy_centre": phu_quy_centre,
        "shared": shared,
        "commune_level": commune_level,
        "anywhere": anywhere,
        "y_te_only": y_te_only,
    }


def test_a_procedure_performed_by_many_agencies_is_found_under_each(province):
    p = province
    assert set(search(CatalogFilter(agency=p["y_te"].code))) == {p["shared"], p["y_te_only"]}
    assert set(search(CatalogFilter(agency=p["noi_vu"].code))) == {p["shared"], p["anywhere"]}
    assert set(search(CatalogFilter(agency=p["tan_hai"].code))) == {p["commune_level"]}


def test_filter_by_level(province):
    assert list(search(CatalogFilter(level="commune"))) == [province["commune_level"]]
    assert province["commune_level"] not in search(CatalogFilter(level="province"))


def test_a_commune_sees_what_its_committee_performs_and_the_anywhere_list(province):
    p = province
    assert set(search(CatalogFilter(commune="22946"))) == {p["commune_level"], p["anywhere"]}
    assert set(search(CatalogFilter(commune="22945", q="khai sinh"))) == {p["commune_level"]}


def test_unknown_filter_values_are_dropped_with_a_message(province):
    filters, messages = selectors.catalog_filter(agency="999.99.99.H99", level="huyen", commune="00000")
    assert filters == CatalogFilter()
    assert len(messages) == 3
    assert "999.99.99.H99" in messages[0]
    filters, messages = selectors.catalog_filter(commune="229450", agency=province["y_te"].code + "9")
    assert filters == CatalogFilter() and len(messages) == 2  # never cut to match a shorter code
    filters, messages = selectors.catalog_filter(
        agency=province["y_te"].code, level="commune", commune="22945"
    )
    assert messages == []
    assert (filters.agency, filters.level, filters.commune) == (province["y_te"].code, "commune", "22945")


def test_catalog_page_filters_in_the_url(client, province):
    url = reverse("portal:procedure_list")
    response = client.get(url, {"co-quan": province["y_te"].code})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Cấp chứng chỉ hành nghề dược" in body and "Cấp giấy phép hoạt động khám bệnh" in body
    assert "Cấp bản sao trích lục hộ tịch" not in body
    assert 'value="000.00.11.H35" selected' in body
    response = client.get(url, {"xa": "22946", "cap": "commune"})
    body = response.content.decode()
    assert "Đăng ký khai sinh" in body and "Cấp bản sao trích lục hộ tịch" not in body
    assert 'value="22946" selected' in body


@pytest.mark.parametrize(
    "params",
    [{"co-quan": "không-có"}, {"cap": "<script>"}, {"xa": "abc"}, {"xa": "9" * 500, "cap": "x" * 500}],
)
def test_catalog_page_never_fails_on_a_bad_filter(client, province, params):
    response = client.get(reverse("portal:procedure_list"), params)
    assert response.status_code == 200
    assert "đã bỏ lọc" in response.content.decode()
    assert "Cấp chứng chỉ hành nghề dược" in response.content.decode()


def test_english_catalog_filters(client, province):
    response = client.get("/en" + reverse("portal:procedure_list"), {"co-quan": "nope"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Implementing agency" in body and "Commune or ward" in body
    assert "the agency filter was dropped" in body


def test_procedure_page_lists_performers_and_where_to_file(client, province):
    p = province
    unit = UnitFactory(agency=p["y_te"], name="Phòng Nghiệp vụ Y")
    own = Performer.objects.get(version=p["shared"], agency=p["y_te"])
    ProcessStepFactory(version=p["shared"], order=1, name="Thẩm định chung", budget=Decimal("2"))
    ProcessStepFactory(
        version=p["shared"],
        performer=own,
        order=1,
        name="Thẩm định riêng của Sở Y tế",
        unit=unit,
        budget=Decimal("3"),
    )
    FeeFactory(version=p["shared"], name="Phí thẩm định", amount=Decimal("100000"))
    FeeFactory(version=p["shared"], performer=own, name="Phí thẩm định riêng", amount=Decimal("250000"))
    response = client.get(reverse("portal:procedure_detail", args=[p["shared"].procedure.code]))
    body = response.content.decode()
    performers = body.split('id="co-quan-thuc-hien"')[1].split("</dd>")[0]
    assert "Sở Nội vụ" in performers and "Sở Y tế" in performers
    places = body.split('id="noi-nop"')[1].split("</dd>")[0]
    assert places.count("Trung tâm Phục vụ hành chính công tỉnh") == 1  # both served there: said once
    assert "xã Phú Quý" not in places
    common = body.split('id="quy-trinh-noi-bo"')[1].split("</table>")[0]
    assert "Thẩm định chung" in common and "riêng" not in common
    fees = body.split('id="phi-le-phi"')[1].split("</dd>")[0]
    assert "Phí thẩm định" in fees and "riêng" not in fees
    own_part = body.split(f'id="rieng-{p["y_te"].pk}"')[1].split("</section>")[0]
    assert "Thẩm định riêng của Sở Y tế" in own_part and "Phòng Nghiệp vụ Y" in own_part
    assert "Phí thẩm định riêng" in own_part and "250.000" in own_part
    assert "Toàn trình" in own_part or "toàn trình" in own_part.lower()


def test_procedure_page_anywhere_and_commune_places(client, province):
    p = province
    body = client.get(
        reverse("portal:procedure_detail", args=[p["anywhere"].procedure.code])
    ).content.decode()
    assert "Nộp tại mọi Trung tâm Phục vụ hành chính công, chi nhánh trong tỉnh" in body
    body = client.get(
        reverse("portal:procedure_detail", args=[p["commune_level"].procedure.code])
    ).content.decode()
    places = body.split('id="noi-nop"')[1].split("</dd>")[0]
    assert "UBND xã Phú Quý: Trung tâm Phục vụ hành chính công xã Phú Quý" in places
    assert "Nộp tại mọi" not in body


def test_public_list_shows_the_common_process_only(client, province):
    p = province
    own = Performer.objects.get(version=p["shared"], agency=p["y_te"])
    ProcessStepFactory(version=p["shared"], order=1, name="Bước chung")
    ProcessStepFactory(version=p["shared"], performer=own, order=1, name="Bước riêng", unit__agency=p["y_te"])
    body = client.get(reverse("portal:public_list", args=["tat-ca"])).content.decode()
    assert "Bước chung" in body and "Bước riêng" not in body
    assert ProcessStep.objects.count() == 2


def test_api_catalog_filters_like_the_portal(client, province):
    p = province
    data = client.get("/api/procedures", {"agency": p["y_te"].code}).json()
    assert {r["code"] for r in data["results"]} == {p["shared"].procedure.code, p["y_te_only"].procedure.code}
    shared = next(r for r in data["results"] if r["code"] == p["shared"].procedure.code)
    assert shared["agency"] == p["noi_vu"].code
    assert shared["agencies"] == [p["noi_vu"].code, p["y_te"].code]
    assert data["messages"] == []
    data = client.get("/api/procedures", {"commune": "22946"}).json()
    found = {r["code"]: r for r in data["results"]}
    assert set(found) == {p["commune_level"].procedure.code, p["anywhere"].procedure.code}
    assert found[p["anywhere"].procedure.code]["anywhere"] is True
    assert found[p["commune_level"].procedure.code]["level"] == "commune"
    response = client.get("/api/procedures", {"agency": "x" * 300, "level": "huyen", "page": "abc"})
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 4 and len(data["messages"]) == 2


def test_the_p_b4_check_counts_the_common_process_the_lists_publish(province):
    from cchc.disclosure import selectors as disclosure

    p = province
    ProcedureVersion.objects.update(steps="")
    for version in (p["commune_level"], p["anywhere"], p["y_te_only"]):
        ProcessStepFactory(version=version, order=1)
    own = Performer.objects.get(version=p["shared"], agency=p["y_te"])
    ProcessStepFactory(version=p["shared"], performer=own, order=1, unit__agency=p["y_te"])
    b4 = next(item for item in disclosure.checklist() if item.code == "P-B4")
    assert b4.published[0] == "4 thủ tục đang công bố, 3 có trình tự, quy trình"
    assert any("Cấp giấy phép hoạt động khám bệnh" in m for m in b4.missing)


def test_a_new_commune_is_offered_at_once(client, province):
    from cchc.org.models import Agency

    assert "22999" not in {c.admin_unit_code for c in selectors.catalog_communes()}
    AgencyFactory(
        code="000.09.21.H35",
        name="UBND xã Mới",
        kind=Agency.Kind.COMMUNE,
        level="commune",
        admin_unit_code="22999",
    )
    assert "22999" in {c.admin_unit_code for c in selectors.catalog_communes()}


def test_a_copy_of_the_common_process_on_a_communes_own_units_is_no_difference(client, province):
    p = province
    for commune in (p["phu_quy"], p["tan_hai"]):
        UnitFactory(agency=commune, code="vhxh", name="Phòng Văn hóa – Xã hội")
    ProcessStepFactory(
        version=p["commune_level"],
        order=1,
        unit=p["phu_quy"].units.get(),
        name="Thẩm định",
        budget=Decimal("2"),
    )
    # Tân Hải's copy: same step, same unit name, same budget → shown once, in the common table.
    ProcessStepFactory(
        version=p["commune_level"],
        performer=Performer.objects.get(version=p["commune_level"], agency=p["tan_hai"]),
        order=1,
        unit=p["tan_hai"].units.get(),
        name="Thẩm định",
        budget=Decimal("2"),
    )
    shown = {x.agency.pk: x for x in selectors.performing_agencies(p["commune_level"])}
    assert not shown[p["tan_hai"].pk].differs
    body = client.get(
        reverse("portal:procedure_detail", args=[p["commune_level"].procedure.code])
    ).content.decode()
    assert "Quy định riêng của" not in body


def test_the_performers_own_processes_cost_the_same_queries_however_many_performers(province):
    """A commune-level procedure has a performer per commune, each with its own steps and fees: the page's
    list of performers reads them in a fixed number of queries, and each performer's own rows are exactly
    what ``process_steps`` / ``fees`` give it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cchc.org.models import Agency
    from cchc.procedures.models import Fee

    version = province["commune_level"]

    def add_communes(n: int, start: int) -> None:
        for i in range(start, start + n):
            commune = AgencyFactory(name=f"UBND xã Số {i}", kind=Agency.Kind.COMMUNE, level="commune")
            unit = UnitFactory(agency=commune, code="vhxh", name=f"Phòng Văn hóa – Xã hội {i}")
            performer = Performer.objects.create(version=version, agency=commune)
            ProcessStepFactory(
                version=version, performer=performer, order=1, unit=unit, name=f"Thẩm định {i}", budget=2
            )
            Fee.objects.create(version=version, performer=performer, name=f"Lệ phí {i}", amount=1000 + i)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            selectors.performing_agencies(version)
        return len(captured.captured_queries)

    add_communes(2, 0)
    few = queries()
    add_communes(8, 2)
    assert queries() == few
    for shown in selectors.performing_agencies(version):
        if shown.own_steps:
            assert shown.own_steps == list(selectors.process_steps(version.pk, shown.agency.pk))
            assert shown.own_fees == list(selectors.fees(version.pk, shown.agency.pk))
