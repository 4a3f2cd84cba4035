"""In the browser: a dossier filed on the stand-in DVCQG (a process) arrives by the pull in the counter's
online queue, marked with its door; the catalogue administrator reviews the differences with the national
procedure database and applies them as a new version. Screens at 1366 and 360 px
(docs/screenshots/dvcqg-*.png)."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from cchc.national import calls, catalogue
from cchc.procedures.models import ProcedureVersion
from tests.browser.conftest import SCREENSHOTS, staff_login
from tests.dossiers.conftest import world  # noqa: F401
from tests.national.conftest import AGENCY, filed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def dvcqg(settings, standin, tmp_path):
    def start(records: list[dict] = ()):
        path = tmp_path / "catalogue.json"
        path.write_text(json.dumps(list(records), ensure_ascii=False), encoding="utf-8")
        portal = standin("dvcqg", agency_codes=AGENCY, catalogue=str(path))
        calls.forget_session()
        settings.CCHC_DVCQG_URL = portal.url
        settings.CCHC_DVCQG_FILE_URL_PREFIXES = [portal.url]
        settings.CCHC_DVCQG_PULL_AGENCIES = [AGENCY]
        return portal

    return start


def _shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("width", [1366, 360])
def test_a_dossier_filed_on_the_portal_waits_in_the_counter_queue(live_server, new_page, world, dvcqg, width):  # noqa: F811
    portal = dvcqg()
    record = filed(portal)
    call_command("national", "pull", "--once")
    page = new_page(width=width, height=900)
    staff_login(page, live_server.url, world.staff["counter"], "/quan-tri/mot-cua/")
    row = page.locator("tr", has_text=record["MaHoSo"])
    expect(row).to_contain_text("Nộp qua Cổng DVCQG")
    expect(row).to_contain_text("Trần Thị Bình")
    expect(row.get_by_role("button", name="Tiếp nhận")).to_be_visible()
    _shot(page, f"dvcqg-counter-queue-{width}")


@pytest.mark.parametrize("width", [1366, 360])
def test_the_catalogue_administrator_applies_the_national_content(live_server, new_page, world, dvcqg, width):  # noqa: F811
    from tests.factories import RequiredDocumentFactory

    RequiredDocumentFactory(version=world.version, order=1, name="Đề nghị hưởng trợ cấp thất nghiệp")
    record = catalogue.record_of(world.version)
    for channel in record["CACHTHUCTHUCHIEN"]:
        channel["THOIGIAN"][0]["THOIGIANGIAIQUYET"] = "8"
    record["THANHPHANHOSO"][0]["GIAYTO"].append({"TENGIAYTO": "Sổ bảo hiểm xã hội", "SOBANCHINH": 1})
    dvcqg([record])
    call_command("national", "catalogue")

    page = new_page(width=width, height=900)
    staff_login(page, live_server.url, world.staff["office"], "/quan-tri/dvcqg/danh-muc/")
    page.get_by_role("link", name="1.001978").click()
    table = page.locator("#khac-biet")
    expect(table).to_contain_text("10 Ngày làm việc")
    expect(table).to_contain_text("8 Ngày làm việc")
    expect(table.locator("ins")).to_have_text("Sổ bảo hiểm xã hội")
    _shot(page, f"dvcqg-catalogue-{width}")
    page.get_by_label("Tôi đã xem các khác biệt").check()
    page.get_by_role("button", name="Áp dụng thành phiên bản mới").click()
    expect(page.get_by_role("status")).to_contain_text("Đã tạo phiên bản 2")
    new = ProcedureVersion.objects.get(procedure__code="1.001978", number=2)
    assert new.processing_time == 8 and new.required_documents.count() == 2
