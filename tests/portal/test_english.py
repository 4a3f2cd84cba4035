"""The English portal (/en/): catalog content in English where the catalog has it, the Vietnamese marked
where it does not, the department's name, real plural forms and the error pages."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.http import Http404
from django.test import Client, RequestFactory
from django.utils import translation
from openpyxl import load_workbook

from cchc.portal import errors
from cchc.procedures.models import Fee, LegalBasis, ProcedureVersion
from tests.factories import (
    AgencyFactory,
    FieldFactory,
    FormTemplateFactory,
    ProcedureVersionFactory,
    ProcessStepFactory,
    RequiredDocumentFactory,
    UnitFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog():
    cache.clear()  # the header's home agency is cached
    province = AgencyFactory(
        code="000.00.00.H56",
        name="Ủy ban nhân dân tỉnh Bình Thuận",
        name_en="Binh Thuan Provincial People's Committee",
    )
    home = AgencyFactory(
        is_home=True,
        parent=province,
        name="Sở Lao động – Thương binh và Xã hội tỉnh Bình Thuận",
        name_en="Binh Thuan Department of Labour, Invalids and Social Affairs",
    )
    field = FieldFactory(code="lao-dong-nuoc-ngoai", name="Lao động nước ngoài", name_en="Foreign workers")
    division = UnitFactory(
        agency=home, name="Phòng Lao động – Việc làm", name_en="Labour and Employment Division"
    )
    permit = ProcedureVersionFactory(
        procedure__code="1.000105",
        name="Cấp giấy phép lao động cho người lao động nước ngoài",
        name_en="Issuance of work permits to foreign workers",
        field=field,
        agency=home,
        online_level=ProcedureVersion.OnlineLevel.FULL,
        steps="Bước 1: Nộp hồ sơ\nBước 2: Nhận kết quả",
        steps_en="Step 1: Submit the application\nStep 2: Collect the work permit",
        conditions="Đủ 18 tuổi trở lên",
        conditions_en="Aged 18 or over",
        result_name="Giấy phép lao động",
        result_name_en="Work permit",
        processing_time=Decimal("5"),
    )
    document = RequiredDocumentFactory(
        version=permit,
        order=1,
        name="Văn bản đề nghị cấp giấy phép lao động",
        name_en="Work permit application",
    )
    FormTemplateFactory(
        document=document,
        code="Mẫu số 11/PLI",
        title="Văn bản đề nghị",
        title_en="Application form",
        guidance="Ghi tên doanh nghiệp.",
        guidance_en="Write the employer's name.",
    )
    RequiredDocumentFactory(version=permit, order=2, name="Hộ chiếu còn giá trị")  # not translated
    ProcessStepFactory(
        version=permit,
        order=1,
        name="Tiếp nhận hồ sơ",
        name_en="Receive the application",
        unit=division,
        budget=Decimal("0.5"),
    )
    ProcessStepFactory(
        version=permit, order=2, name="Thẩm định", name_en="Appraisal", unit=division, budget=Decimal("1")
    )
    Fee.objects.create(version=permit, name="Lệ phí cấp giấy phép", name_en="Work permit fee", amount=600000)
    LegalBasis.objects.create(
        version=permit,
        number="45/2019/QH14",
        title="Bộ luật Lao động",
        title_en="Labour Code",
        issuer="Quốc hội",
    )
    plain = ProcedureVersionFactory(
        procedure__code="1.010815",
        name="Cấp trích lục hồ sơ người có công",
        field=field,
        agency=home,
        processing_time=Decimal("1"),
    )
    return permit, plain


def test_english_procedure_page_shows_the_catalog_in_english(client, catalog):
    permit, _plain = catalog
    html = client.get(f"/en/thu-tuc/{permit.procedure.code}/").content.decode()
    for english in (
        "Issuance of work permits to foreign workers",
        "<li>Collect the work permit</li>",
        "Aged 18 or over",
        "Work permit application",
        "Application form",
        "Write the employer&#x27;s name.",
        "Work permit fee: VND 600,000",
        "Work permit (",
        "Receive the application",
        "Labour and Employment Division",
        "Labour Code",
        "Foreign workers",
        "BINH THUAN DEPARTMENT OF LABOUR, INVALIDS AND SOCIAL AFFAIRS",
        "BINH THUAN PROVINCIAL PEOPLE&#x27;S COMMITTEE",
        "5 working days",
        "0.5 working days",
        "1 working day<",
    ):
        assert english in html, english
    for vietnamese in (
        "Nhận kết quả",
        "Đủ 18 tuổi trở lên",
        "Tiếp nhận hồ sơ",
        "Phòng Lao động – Việc làm",
    ):
        assert vietnamese not in html, vietnamese
    # The official Vietnamese name stays under the English one; the untranslated document is marked.
    assert (
        '<small class="text-muted fs-6" lang="vi">Cấp giấy phép lao động cho người lao động nước ngoài'
        "</small>" in html
    )
    assert (
        '<span lang="vi">Hộ chiếu còn giá trị</span> <span class="badge vi-only">Vietnamese only</span>'
        in html
    )
    assert html.count("vi-only") == 1 + 1  # the document, and the explanation above the content
    assert "1 working days" not in html


def test_a_procedure_without_english_is_shown_in_vietnamese_marked(client, catalog):
    _permit, plain = catalog
    html = client.get(f"/en/thu-tuc/{plain.procedure.code}/").content.decode()
    assert "has not been translated into English yet" in html
    assert (
        '<h1 class="h3"><span lang="vi">Cấp trích lục hồ sơ người có công</span> <span class="badge vi-only">'
        in html
    )
    assert '<ol lang="vi"><li>Nộp hồ sơ</li>' in html
    assert "1 working day<" in html
    assert "Foreign workers" in html  # the field has its English


def test_the_vietnamese_page_is_unchanged(client, catalog):
    permit, _plain = catalog
    html = client.get(f"/thu-tuc/{permit.procedure.code}/").content.decode()
    assert "Cấp giấy phép lao động cho người lao động nước ngoài" in html and "<li>Nhận kết quả</li>" in html
    assert "Issuance of work permits" not in html and "vi-only" not in html
    assert "0,5 ngày làm việc" in html and "600.000 đồng" in html
    assert "SỞ LAO ĐỘNG – THƯƠNG BINH VÀ XÃ HỘI TỈNH BÌNH THUẬN" in html


def test_english_catalog_lists_and_finds_english_names(client, catalog):
    html = client.get("/en/thu-tuc/", {"q": "work permit"}).content.decode()
    assert "Found 1 procedure." in html
    assert "Issuance of work permits to foreign workers" in html
    html = client.get("/en/thu-tuc/", {"q": "collect the work permit"}).content.decode()  # steps in English
    assert "Issuance of work permits to foreign workers" in html
    html = client.get("/en/thu-tuc/").content.decode()
    assert "Found 2 procedures." in html
    assert 'lang="vi">Cấp trích lục hồ sơ người có công</a> <span class="badge vi-only">' in html


def test_english_public_list_and_its_excel(client, catalog):
    html = client.get("/en/thu-tuc/danh-sach/tat-ca/").content.decode()
    assert "Issuance of work permits to foreign workers" in html
    assert "<td>1 working day</td>" in html and "<td>5 working days</td>" in html
    assert "Receive the application — Labour and Employment Division (0.5 working days)" in html
    xlsx = client.get("/en/thu-tuc/danh-sach/tat-ca/", {"dinh-dang": "xlsx"})
    rows = [
        [c for c in row if c is not None] for row in load_workbook(io.BytesIO(xlsx.content)).active.values
    ]
    permit_row = next(r for r in rows if "1.000105" in r)
    assert "Issuance of work permits to foreign workers" in permit_row
    assert "5 working days" in permit_row and "Work permit fee: VND 600,000" in permit_row


def test_contacts_show_unit_names_in_english(client, catalog):
    from tests.factories import StaffFactory

    StaffFactory(
        unit=catalog[0].process_steps.first().unit,
        is_public_contact=True,
        user__first_name="Hoa",
        position="Chuyên viên",
    )
    html = client.get("/en/lien-he/").content.decode()
    assert "Labour and Employment Division" in html and '<td lang="vi">Chuyên viên</td>' in html


# --- Error pages ------------------------------------------------------------------------------------------


def test_english_404_page_has_no_internal_names(client, catalog):
    response = client.get("/en/khong-co-trang-nay/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Page not found" in html and "Go to the home page" in html
    assert "BINH THUAN DEPARTMENT OF LABOUR" in html
    assert "Resolver404" not in html and "tried" not in html
    vietnamese = client.get("/khong-co-trang-nay/").content.decode()
    assert "Không tìm thấy trang" in vietnamese and "Resolver404" not in vietnamese


def test_a_views_own_404_message_is_shown_in_english(client, catalog):
    html = client.get("/en/thu-tuc/9.999999/").content.decode()
    assert "No administrative procedure with code 9.999999." in html
    assert "Không tìm thấy thủ tục" not in html


def test_generic_not_found_messages_are_hidden():
    assert errors._message(Http404("No Dossier matches the given query."), not_found=True) == ""
    assert errors._message(Http404({"tried": [], "path": "x"}), not_found=True) == ""
    assert errors._message(Http404("Không tìm thấy biểu mẫu."), not_found=True) == "Không tìm thấy biểu mẫu."


def test_500_page_is_in_english_on_english_pages(catalog, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("database exploded at line 42")

    monkeypatch.setattr("cchc.portal.views.selectors.procedure_detail", broken)
    client = Client(raise_request_exception=False)
    response = client.get("/en/thu-tuc/1.000105/")
    assert response.status_code == 500
    html = response.content.decode()
    assert '<html lang="en">' in html and "Something went wrong" in html and 'href="/en/"' in html
    assert "exploded" not in html and "RuntimeError" not in html
    vietnamese = client.get("/thu-tuc/1.000105/").content.decode()
    assert '<html lang="vi">' in vietnamese and "Hệ thống đang gặp sự cố" in vietnamese


def test_403_and_400_pages_in_english(catalog):
    request = RequestFactory().get("/en/")
    request.user = None
    with translation.override("en"):
        from django.core.exceptions import PermissionDenied

        forbidden = errors.permission_denied(request, PermissionDenied("Bạn không có quyền."))
        assert forbidden.status_code == 403
        assert "Access denied" in forbidden.content.decode()
    response = Client().get("/en/", headers={"host": "evil.example"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Bad request" in html and '<html lang="en">' in html


def test_csrf_failure_page_in_english(catalog):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/en/hoi-dap/gui/", {"title": "x"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "This form has expired" in html and "Nothing was saved" in html and "CSRF" not in html


@pytest.mark.ratelimit
def test_429_page_in_english(client, settings, catalog):
    cache.clear()
    settings.CCHC_SEARCH_RATE = "1/m"
    client.get("/en/thu-tuc/")
    response = client.get("/en/thu-tuc/")
    assert response.status_code == 429
    html = response.content.decode()
    assert '<html lang="en">' in html and "Too many requests" in html
