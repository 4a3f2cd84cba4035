"""A foreign worker on the English portal: a work-permit procedure in English (the demo catalog), a
procedure without English shown in Vietnamese and marked, real plural forms, the English 404 page.

Saves docs/screenshots/en-procedure.png (1366 px) and en-procedure-phone.png (360 px), linked from the
README, so the pictures always show the current page.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cchc.demo import loader
from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
WORK_PERMIT = "1.000105"  # Cấp giấy phép lao động cho người lao động nước ngoài làm việc tại Việt Nam
NOT_TRANSLATED = "1.010813"  # Sửa đổi, bổ sung thông tin cá nhân trong hồ sơ người có công


@pytest.fixture
def demo_catalog():
    loader.load()  # the demo's organisation and catalog, without dossiers


def _save(page, name: str) -> None:
    DOCS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(DOCS / name), full_page=True)


def test_work_permit_procedure_in_english(live_server, new_page, demo_catalog):
    page = new_page(width=1366, height=900)
    page.goto(f"{live_server.url}/en/thu-tuc/{WORK_PERMIT}/")
    assert page.locator("html").get_attribute("lang") == "en"
    heading = page.get_by_role("heading", level=1)
    assert heading.inner_text().startswith("Issuance of work permits to foreign workers in Vietnam")
    # The header and footer name the Department in English.
    assert (
        "BINH THUAN DEPARTMENT OF LABOUR, INVALIDS AND SOCIAL AFFAIRS"
        in page.locator(".agency-name").inner_text()
    )
    footer = page.locator("footer").inner_text()
    assert "Binh Thuan Department of Labour, Invalids and Social Affairs" in footer

    steps = page.locator("#trinh-tu + ol li")
    assert steps.count() == 4
    assert steps.first.inner_text().startswith("The organisation or individual prepares the dossier")
    documents = page.locator("#thanh-phan-ho-so + div table tbody tr")
    assert documents.count() == 6
    assert "The employer's application for a work permit" in documents.first.inner_text()
    assert "Valid passport" in documents.nth(5).inner_text()
    assert "Work permit fee: VND 600,000" in page.locator("#phi-le-phi").inner_text()
    assert "Aged 18 or over" in page.get_by_text("Aged 18 or over", exact=False).first.inner_text()
    # Time limits with real plural forms; nothing on the page is untranslated.
    assert page.locator("#thoi-han").inner_text().startswith("5 working days from receipt")
    process = page.locator("table.table-proc").nth(1).inner_text()
    assert "0.5 working days" in process and "1 working day\n" in process + "\n"
    assert "working days" in process and "1 working days" not in page.content()
    assert page.locator(".vi-only").count() == 0
    # The filling guidance of the form, in English.
    page.locator("summary", has_text="How to fill in").first.click()
    assert page.get_by_text("Tick new issuance, re-issuance or extension").is_visible()
    _save(page, "en-procedure.png")

    phone = new_page(width=360, height=740)
    phone.goto(f"{live_server.url}/en/thu-tuc/{WORK_PERMIT}/")
    assert phone.get_by_role("heading", name="Required documents").is_visible()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the page scrolls sideways on a phone ({width} px)"
    _save(phone, "en-procedure-phone.png")


def test_untranslated_procedure_catalog_and_404_in_english(live_server, new_page, demo_catalog):
    page = new_page(width=1366, height=900)
    page.goto(f"{live_server.url}/en/thu-tuc/{NOT_TRANSLATED}/")
    assert "has not been translated into English yet" in page.locator("#ban-dich").inner_text()
    heading = page.get_by_role("heading", level=1)
    assert heading.locator("[lang=vi]").inner_text().startswith("Sửa đổi, bổ sung thông tin cá nhân")
    assert heading.locator(".vi-only").inner_text() == "Vietnamese only"
    assert page.locator("#trinh-tu + ol").get_attribute("lang") == "vi"
    assert page.locator("#trinh-tu .vi-only").is_visible()
    assert "VND" not in page.locator("#phi-le-phi").inner_text()  # no fee: the English "no fees" label
    screenshot(page, "en-procedure-untranslated")

    # The catalog in English: an English query finds the work permits; untranslated names are marked.
    page.goto(f"{live_server.url}/en/thu-tuc/?q=work+permit")
    results = page.locator("#results article")
    assert results.count() >= 4
    assert "Issuance of work permits to foreign workers in Vietnam" in page.locator("#results").inner_text()
    assert page.locator("#results .vi-only").count() == 0
    page.goto(f"{live_server.url}/en/thu-tuc/")
    assert page.locator("#results .vi-only").count() >= 1
    screenshot(page, "en-catalog")
    phone = new_page(width=360, height=740)
    phone.goto(f"{live_server.url}/en/thu-tuc/?q=work+permit")
    screenshot(phone, "en-catalog-phone")

    page.goto(f"{live_server.url}/en/khong-co-trang-nay/")
    assert page.get_by_role("heading", name="Page not found").is_visible()
    assert "Resolver404" not in page.content()
    assert page.get_by_role("link", name="Go to the home page").is_visible()
    screenshot(page, "en-404")
    phone.goto(f"{live_server.url}/en/khong-co-trang-nay/")
    screenshot(phone, "en-404-phone")
