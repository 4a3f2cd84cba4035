"""The Office publishes a legal document from the staff screen; a citizen finds it on /cong-khai/ by
searching without accents and downloads the file."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from cchc.disclosure.models import Publication, Status
from tests.browser.a11y import assert_accessible
from tests.browser.conftest import fill_sign_in, screenshot
from tests.disclosure.conftest import person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "mat-khau-thu-nghiem"  # tests/factories.py UserFactory
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TITLE = "Thông tư hướng dẫn thực hiện chế độ trợ cấp thất nghiệp"


@pytest.fixture
def office(db):
    from cchc.org import roles
    from tests.factories import AgencyFactory, UnitFactory

    agency = AgencyFactory(is_home=True, name="Sở Lao động – Thương binh và Xã hội tỉnh Bình Thuận")
    unit = UnitFactory(agency=agency, code="van-phong", name="Văn phòng Sở", kind="office")
    return person(roles.OFFICE, unit, "vanphong")


def test_office_publishes_citizen_finds_without_accents_and_downloads(
    live_server, browser, page, tmp_path, office
):
    staff_context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    staff = staff_context.new_page()
    staff.set_default_timeout(15_000)
    staff.goto(live_server.url + "/quan-tri/dang-nhap/?next=/quan-tri/cong-bo/moi/")
    fill_sign_in(staff, office, PASSWORD)
    staff.wait_for_url("**/quan-tri/cong-bo/moi/")

    staff.get_by_label("Loại thông tin").select_option("legal")
    staff.get_by_label("Tiêu đề, trích yếu").fill(TITLE)
    staff.get_by_label("Số, ký hiệu").fill("15/2023/TT-BLĐTBXH")
    staff.get_by_label("Cơ quan ban hành").fill("Bộ Lao động – Thương binh và Xã hội")
    staff.get_by_label("Ngày ban hành").fill("2025-08-29")
    staff.get_by_label("Ngày có hiệu lực").fill("2025-10-15")
    pdf = tmp_path / "thong-tu-15.pdf"
    pdf.write_bytes(PDF)
    staff.get_by_label("Tệp (PDF, DOCX, XLSX, JPEG, PNG)").set_input_files(str(pdf))
    staff.get_by_role("button", name="Lưu dự thảo").click()
    expect(staff.get_by_role("status")).to_contain_text("Đã lưu dự thảo")
    screenshot(staff, "disclosure-staff-draft")
    assert_accessible(staff, "disclosure-staff-draft")
    staff.get_by_role("button", name="Công khai", exact=True).click()
    expect(staff.get_by_role("status")).to_contain_text("Đã công khai")
    item = Publication.objects.get()
    assert item.status == Status.PUBLISHED
    staff_context.close()

    page.goto(live_server.url + "/cong-khai/")
    expect(page.get_by_role("heading", name="Công khai thông tin", level=1)).to_be_visible()
    screenshot(page, "disclosure-index")
    assert_accessible(page, "disclosure-index")
    page.get_by_role("link", name="Xem tất cả (1)").first.click()
    page.wait_for_url("**/cong-khai/van-ban/")
    page.get_by_label("Từ khóa").fill("tro cap that nghiep")
    page.get_by_role("button", name="Tìm kiếm").click()
    page.wait_for_url("**/cong-khai/van-ban/?q=tro+cap+that+nghiep**")
    expect(page.locator("#so-ket-qua")).to_have_text("Tìm thấy 1 mục.")
    screenshot(page, "disclosure-search")
    assert_accessible(page, "disclosure-search")
    page.get_by_role("link", name=f"15/2023/TT-BLĐTBXH — {TITLE}").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(TITLE)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tải tệp").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as handle:
        assert handle.read() == PDF
