import io
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse
from openpyxl import load_workbook

from cchc.procedures.models import ProcedureVersion
from tests.factories import (
    AgencyFactory,
    FormTemplateFactory,
    ProcedureVersionFactory,
    ProcessStepFactory,
    RequiredDocumentFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def procedure():
    agency = AgencyFactory(is_home=True, name="Sở Lao động – Thương binh và Xã hội tỉnh Bình Thuận")
    version = ProcedureVersionFactory(
        name="Giải quyết hưởng trợ cấp thất nghiệp",
        name_en="Unemployment benefit",
        agency=agency,
        online_level=ProcedureVersion.OnlineLevel.FULL,
        postal_return=True,
    )
    form = FormTemplateFactory(document__version=version, document__name="Đề nghị hưởng trợ cấp thất nghiệp")
    RequiredDocumentFactory(version=version, name="Sổ bảo hiểm xã hội", kind="original")
    ProcessStepFactory(version=version, name="Thẩm định hồ sơ")
    return version, form


def test_home_shows_agency_and_counts(client, procedure):
    response = client.get("/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "SỞ LAO ĐỘNG – THƯƠNG BINH VÀ XÃ HỘI TỈNH BÌNH THUẬN" in body
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in body
    assert '<html lang="vi">' in body


def test_catalog_search_without_accents(client, procedure):
    response = client.get("/thu-tuc/", {"q": "tro cap that nghiep"})
    assert response.status_code == 200
    assert "Giải quyết hưởng trợ cấp thất nghiệp" in response.content.decode()
    assert "Tìm thấy 1 thủ tục" in response.content.decode()


def test_htmx_request_gets_only_the_results(client, procedure):
    response = client.get("/thu-tuc/", {"q": "that nghiep"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "Giải quyết hưởng trợ cấp thất nghiệp" in body
    assert "<html" not in body


def test_overlong_query_is_cut_with_a_message(client, procedure):
    response = client.get("/thu-tuc/", {"q": "a" * 5000})
    assert response.status_code == 200
    assert "Từ khóa quá dài" in response.content.decode()


def test_detail_shows_every_component(client, procedure):
    version, form = procedure
    response = client.get(reverse("portal:procedure_detail", args=[version.procedure.code]))
    body = response.content.decode()
    for text in [
        "Thành phần hồ sơ",
        "Sổ bảo hiểm xã hội",
        "Quy trình nội bộ",
        "Thẩm định hồ sơ",
        "Trình tự thực hiện",
    ]:
        assert text in body
    assert reverse("portal:form_download", args=[version.procedure.code, form.pk]) in body
    assert "Công khai đầy đủ các bộ phận" in body


def test_detail_flags_missing_766_components(client):
    version = ProcedureVersionFactory(steps="")
    body = client.get(reverse("portal:procedure_detail", args=[version.procedure.code])).content.decode()
    assert "chỉ số 1.3" in body
    assert "trình tự thực hiện" in body
    assert "thành phần hồ sơ" in body


def test_unknown_and_draft_procedures_are_404(client):
    draft = ProcedureVersionFactory(status=ProcedureVersion.Status.DRAFT)
    assert client.get("/thu-tuc/9.999999/").status_code == 404
    assert client.get(reverse("portal:procedure_detail", args=[draft.procedure.code])).status_code == 404


def test_form_download(client, procedure):
    version, form = procedure
    response = client.get(reverse("portal:form_download", args=[version.procedure.code, form.pk]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"PK")


def test_form_of_another_procedure_is_404(client, procedure):
    _version, form = procedure
    other = ProcedureVersionFactory()
    assert (
        client.get(reverse("portal:form_download", args=[other.procedure.code, form.pk])).status_code == 404
    )


@pytest.mark.parametrize(("slug", "expected"), [("tat-ca", True), ("truc-tuyen", True), ("buu-chinh", True)])
def test_public_lists_and_excel(client, procedure, slug, expected):
    ProcedureVersionFactory(name="Thủ tục giấy tờ thường")
    response = client.get(reverse("portal:public_list", args=[slug]))
    assert response.status_code == 200
    assert ("Giải quyết hưởng trợ cấp thất nghiệp" in response.content.decode()) is expected
    xlsx = client.get(reverse("portal:public_list", args=[slug]), {"dinh-dang": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(xlsx.content)).active
    names = [row[2] for row in ws.iter_rows(min_row=5, values_only=True)]
    assert "Giải quyết hưởng trợ cấp thất nghiệp" in names
    assert ("Thủ tục giấy tờ thường" in names) is (slug == "tat-ca")


def test_unknown_list_is_404(client):
    assert client.get("/thu-tuc/danh-sach/khong-co/").status_code == 404


def test_contacts_list_public_officials(client):
    StaffFactory(
        is_public_contact=True,
        position="Chuyên viên Bộ phận Một cửa",
        phone="0252 3822 456",
        full_name="Trần Thị Hoa",
        contact_duty="Tiếp nhận, hướng dẫn hồ sơ",
    )
    StaffFactory(is_public_contact=False, full_name="Ẩn")
    body = client.get("/lien-he/").content.decode()
    assert "Trần Thị Hoa" in body
    assert "0252 3822 456" in body
    assert "Ẩn" not in body


def test_english_portal(client, procedure):
    version, _form = procedure
    response = client.get(f"/en/thu-tuc/{version.procedure.code}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="en">' in body
    assert "Unemployment benefit" in body
    assert "Required documents" in body


def test_language_switch_keeps_the_page(client, procedure):
    version, _form = procedure
    path = f"/thu-tuc/{version.procedure.code}/"
    response = client.post("/ngon-ngu/", {"language": "en", "next": path})
    assert response.status_code == 302
    assert response["Location"] == f"/en{path}"


def test_public_pages_refuse_post(client, procedure):
    assert client.post("/thu-tuc/").status_code == 405


@pytest.mark.ratelimit
def test_search_is_rate_limited(client, settings, procedure):
    cache.clear()
    settings.CCHC_SEARCH_RATE = "3/m"
    codes = [client.get("/thu-tuc/", {"q": "x"}).status_code for _ in range(5)]
    assert codes[:3] == [200, 200, 200]
    assert codes[3:] == [429, 429]
    assert "quá nhiều yêu cầu" in client.get("/thu-tuc/").content.decode()


def test_pagination_and_a_stale_page_number(client):
    for n in range(25):
        ProcedureVersionFactory(name=f"Cấp giấy phép loại {n:02d}")
    first = client.get("/thu-tuc/", {"q": "giay phep"}).content.decode()
    assert "Tìm thấy 25 thủ tục" in first
    assert "Trang 1/2" in first
    second = client.get("/thu-tuc/", {"q": "giay phep", "trang": "2"}).content.decode()
    assert second.count('class="card card-proc') == 5
    stale = client.get("/thu-tuc/", {"q": "giay phep", "trang": "9"}).content.decode()
    assert "Trang 2/2" in stale
    assert client.get("/thu-tuc/", {"q": "giay phep", "trang": "abc"}).status_code == 200
    # A page number past any database's integer range gives the last page, not a server error.
    huge = client.get("/thu-tuc/", {"q": "giay phep", "trang": "9223372036854775807"})
    assert huge.status_code == 200 and "Trang 2/2" in huge.content.decode()


@pytest.mark.ratelimit
def test_language_switch_is_rate_limited(client, settings):
    settings.CCHC_PUBLIC_RATE = "2/m"
    codes = [client.post("/ngon-ngu/", {"language": "en", "next": "/"}).status_code for _ in range(3)]
    assert codes == [302, 302, 429]


def test_steps_are_numbered_once_and_the_time_limit_said_once(client, django_capture_on_commit_callbacks):
    from cchc.common.text import list_items

    version = ProcedureVersionFactory(
        procedure__code="1.000105",
        steps="Bước 1: Nộp hồ sơ\nBước 2. Thẩm định\n3) Trả kết quả",
        processing_time=Decimal("5"),
        time_note="05 ngày làm việc kể từ ngày nhận đủ hồ sơ.",
    )
    body = client.get(f"/thu-tuc/{version.procedure.code}/").content.decode()
    steps = body[body.index('id="trinh-tu"') : body.index("</ol>", body.index('id="trinh-tu"'))]
    assert "<li>Nộp hồ sơ</li>" in steps and "<li>Thẩm định</li>" in steps and "<li>Trả kết quả</li>" in steps
    assert "Bước" not in steps.split("</h2>", 1)[1]
    limit = body[body.index('id="thoi-han"') : body.index("</dd>", body.index('id="thoi-han"'))]
    assert limit.count("ngày làm việc") == 1 and "kể từ ngày nhận đủ hồ sơ" in limit
    # A note that adds something else keeps the limit in front of it.
    version.time_note = "Hồ sơ nhận sau 15 giờ 00 được tính vào ngày làm việc tiếp theo."
    with django_capture_on_commit_callbacks(execute=True):  # the public page is renewed on commit
        version.save()
    limit = client.get(f"/thu-tuc/{version.procedure.code}/").content.decode()
    assert "5 ngày làm việc. Hồ sơ nhận sau 15 giờ 00" in limit
    assert list_items("Step 2: Pay\nno number here") == ["Pay", "no number here"]


def test_procedure_list_excel_writes_formula_like_text_as_text(client, procedure):
    """A procedure name that looks like a formula stays text in the public list's Excel file."""
    version, _form = procedure
    ProcedureVersion.objects.filter(pk=version.pk).update(name='=HYPERLINK("http://evil.example/","click")')
    xlsx = client.get(reverse("portal:public_list", args=["tat-ca"]), {"dinh-dang": "xlsx"})
    ws = load_workbook(io.BytesIO(xlsx.content)).active
    cells = [c for row in ws.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert any(c.value == '=HYPERLINK("http://evil.example/","click")' for c in cells)
