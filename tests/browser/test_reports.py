"""Reports in the browser: the Office requests the quarterly reform report, watches its progress
(the job runs in the background thread the request starts after commit) and downloads the DOCX and
the XLSX; both open with python-docx and openpyxl. A phone-width screenshot checks the layout."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from playwright.sync_api import expect

from cchc.reports.models import JobStatus, ReportJob
from tests.browser.a11y import assert_accessible
from tests.browser.conftest import fill_sign_in, screenshot
from tests.reports.conftest import local, walk, world  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "mat-khau-thu-nghiem"  # tests/factories.py UserFactory
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _login(page, base: str, user):
    page.goto(base + "/quan-tri/dang-nhap/?next=/quan-tri/bao-cao/")
    fill_sign_in(page, user, PASSWORD)
    page.wait_for_url("**/quan-tri/bao-cao/")


def test_office_generates_and_downloads_the_quarterly_report(live_server, page, world, settings):  # noqa: F811
    settings.CCHC_REPORTS_RUN_IN_THREAD = True
    walk(
        world,
        local(2026, 7, 6, 8, 0),
        {"counter": local(2026, 7, 6, 9, 0), "specialist": local(2026, 7, 14, 9, 0)},
    )
    base = live_server.url
    _login(page, base, world.staff["office"])

    # A period in the future is refused with a message; nothing is queued.
    page.get_by_label("Loại báo cáo").select_option(
        label="Báo cáo kết quả thực hiện công tác CCHC (gửi Sở Nội vụ)"
    )
    page.get_by_label("Kỳ báo cáo").select_option(label="Quý")
    page.get_by_label("Năm").fill("2099")
    page.get_by_label("Số kỳ").fill("1")
    page.get_by_role("button", name="Lập báo cáo").click()
    expect(page.locator("#lap-bao-cao .alert-danger")).to_contain_text("kỳ tương lai")
    assert not ReportJob.objects.exists()

    page.get_by_label("Năm").fill("2026")
    page.get_by_label("Số kỳ").fill("3")
    page.get_by_role("button", name="Lập báo cáo").click()
    row = page.locator("#danh-sach-bao-cao tbody tr").first
    expect(row).to_contain_text("Quý III/2026")
    # HTMX polls the list every 2 s until the job is done, then the download links appear.
    expect(row.get_by_role("link", name="Word (DOCX)")).to_be_visible(timeout=60_000)
    expect(row).to_contain_text("Đã xong")
    job = ReportJob.objects.get()
    assert (job.status, job.progress) == (JobStatus.DONE, 100)
    screenshot(page, "reports-jobs")
    assert_accessible(page, "reports-jobs")

    with page.expect_download() as info:
        row.get_by_role("link", name="Word (DOCX)").click()
    download = info.value
    assert download.suggested_filename.endswith(".docx")
    doc = Document(io.BytesIO(Path(download.path()).read_bytes()))
    texts = [p.text for p in doc.paragraphs]
    assert "Kết quả thực hiện công tác cải cách hành chính quý III năm 2026" in texts

    with page.expect_download() as info:
        row.get_by_role("link", name="Excel (XLSX)").click()
    wb = load_workbook(io.BytesIO(Path(info.value.path()).read_bytes()))  # the path has no suffix
    assert "1. Chỉ tiêu T1-T9" in wb.sheetnames and "7. Chỉ số 766" in wb.sheetnames

    # The content types as served (fetched in the signed-in browser context).
    for fmt, mime in (("docx", DOCX), ("xlsx", XLSX)):
        response = page.request.get(f"{base}/quan-tri/bao-cao/{job.pk}/tai-ve/{fmt}/")
        assert response.status == 200 and response.headers["content-type"] == mime

    page.set_viewport_size({"width": 360, "height": 740})
    page.reload()
    screenshot(page, "reports-jobs-360")
    assert_accessible(page, "reports-jobs-360")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
