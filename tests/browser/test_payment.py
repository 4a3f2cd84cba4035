"""A citizen pays a dossier's fee online: tracking page → CCHC's payment page → the stand-in platform's page
→ back to CCHC, which shows "waiting" until the platform's callback and then the receipt to download."""

import pytest

from tests.browser.conftest import screenshot
from tests.payments.conftest import fee_dossier, gate, paygate, world  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_citizen_pays_online_and_downloads_the_receipt(page, live_server, gate, fee_dossier):  # noqa: F811
    base = live_server.url
    page.goto(f"{base}/tra-cuu/")
    page.get_by_label("Mã hồ sơ").fill(fee_dossier.code)
    page.get_by_label("4 số cuối điện thoại hoặc số định danh / mã số thuế của người nộp").fill("5678")
    page.locator("main form button[type=submit]").click()
    page.locator("input[name=secret]").fill(fee_dossier.secret)
    page.locator("main form button[type=submit]").last.click()
    page.locator("#thanh-toan-truc-tuyen").click()
    assert "50.000 đồng" in page.locator("#so-tien").inner_text()
    page.locator("#thanh-toan").click()
    page.wait_for_url(f"{gate.url}/thanh-toan/*")
    assert page.get_by_text("Xác nhận thanh toán").is_visible()
    page.get_by_role("button", name="Thanh toán").click()
    page.wait_for_url(f"{base}/thanh-toan/{fee_dossier.code}/ket-qua/*")
    # The page refreshes itself until the callback has arrived (it renders the receipt first).
    page.locator("#ket-luan", has_text="đã được thanh toán").wait_for(timeout=20_000)
    screenshot(page, "payment-return")
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải biên lai điện tử").click()
    assert download.value.suggested_filename.startswith("Biên lai điện tử")
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
