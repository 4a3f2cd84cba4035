"""A citizen finds a procedure without typing accents, downloads its form, switches to English."""

import pytest

from cchc.procedures.models import ProcedureVersion
from tests.browser.conftest import screenshot
from tests.factories import (
    AgencyFactory,
    FieldFactory,
    FormTemplateFactory,
    ProcedureVersionFactory,
    ProcessStepFactory,
    RequiredDocumentFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def catalog():
    agency = AgencyFactory(
        is_home=True, name="Sở Lao động – Thương binh và Xã hội tỉnh Bình Thuận", address="Phan Thiết"
    )
    field = FieldFactory(code="viec-lam", name="Việc làm", name_en="Employment")
    version = ProcedureVersionFactory(
        name="Giải quyết hưởng trợ cấp thất nghiệp",
        name_en="Unemployment benefit",
        field=field,
        agency=agency,
        online_level=ProcedureVersion.OnlineLevel.FULL,
    )
    form = FormTemplateFactory(
        document__version=version,
        document__name="Đề nghị hưởng trợ cấp thất nghiệp",
        code="Mẫu số 03",
        file__filename="mau-03-de-nghi-huong-tctn.docx",
        file__data=b"PK\x03\x04 form bytes",
    )
    RequiredDocumentFactory(version=version, name="Sổ bảo hiểm xã hội")
    ProcessStepFactory(version=version)
    ProcedureVersionFactory(
        name="Cấp giấy phép lao động cho người lao động nước ngoài", field=field, agency=agency
    )
    return version, form


def test_search_open_download_and_switch_to_english(live_server, page, catalog):
    version, _form = catalog
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "vi"
    page.get_by_label("Từ khóa").fill("tro cap that nghiep")
    page.get_by_role("button", name="Tìm kiếm").click()
    page.wait_for_url("**/thu-tuc/?q=tro+cap+that+nghiep")
    results = page.locator("#results article")
    assert results.count() == 1
    screenshot(page, "portal-search")

    page.get_by_role("link", name="Giải quyết hưởng trợ cấp thất nghiệp").click()
    page.wait_for_url(f"**/thu-tuc/{version.procedure.code}/")
    assert page.get_by_role("heading", name="Thành phần hồ sơ").is_visible()
    screenshot(page, "portal-detail")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tải Mẫu số 03").click()
    download = download_info.value
    assert download.suggested_filename == "mau-03-de-nghi-huong-tctn.docx"
    with open(download.path(), "rb") as handle:
        assert handle.read().startswith(b"PK")

    page.get_by_role("link", name="English").click()
    page.wait_for_url(f"**/en/thu-tuc/{version.procedure.code}/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="Required documents").is_visible()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Unemployment benefit")
    screenshot(page, "portal-detail-en")


def test_search_as_you_type_on_a_phone(live_server, phone_page, catalog):
    page = phone_page
    page.goto(live_server.url + "/thu-tuc/")
    page.get_by_label("Từ khóa").fill("giay phep")
    page.wait_for_function("() => document.querySelectorAll('#results article').length === 1")
    assert "Cấp giấy phép lao động" in page.locator("#results").inner_text()
    # Nothing wider than the 360 px screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "portal-phone")
