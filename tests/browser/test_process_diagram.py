"""The process diagram is an image a screen reader can read: named, described step by step, and the
procedure page keeps the same steps as text next to the link to it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CODE = "1.001978"
NAME = "Giải quyết hưởng trợ cấp thất nghiệp"


@pytest.fixture
def demo_catalog():
    from cchc.demo.loader import load

    load()


def test_the_diagram_reads_its_steps_in_order(live_server, new_page, demo_catalog):
    page = new_page(width=1366, height=768)
    page.goto(f"{live_server.url}/thu-tuc/{CODE}/")
    table = page.get_by_role("table", name="Các bước của quy trình nội bộ, theo thứ tự")
    rows = table.locator("tbody tr")
    steps = [
        f"Bước {row.locator('td').nth(0).inner_text()}. {row.locator('td').nth(1).inner_text()}"
        for row in rows.all()
    ]
    assert len(steps) >= 3, steps
    link = page.get_by_role("link", name="Xem sơ đồ quy trình")
    expect(link).to_have_accessible_description("(hình vẽ các bước trong bảng trên)")
    screenshot(page, "procedure-process-1366")

    link.click()
    page.wait_for_url(f"**/thu-tuc/{CODE}/so-do/")
    diagram = page.get_by_role("img", name=f"Sơ đồ quy trình nội bộ: {CODE} — {NAME}")
    expect(diagram).to_be_visible()
    expect(diagram).to_have_attribute("lang", "vi")
    expect(diagram).to_have_accessible_description(
        re.compile(rf"^Gồm {len(steps)} bước, theo thứ tự: Bước 1\.")
    )
    description = page.locator("desc").text_content()
    positions = [description.find(step) for step in steps]
    assert -1 not in positions and positions == sorted(positions), (steps, description)
    assert re.search(r"Tổng thời gian: [\d,]+ ngày làm việc\.$", description), description
    page.set_viewport_size({"width": 700, "height": 800})
    page.screenshot(path=str(ARTIFACTS / "procedure-process-diagram.png"))  # an SVG document: no full page

    phone = new_page(viewport={"width": 360, "height": 740})
    phone.goto(f"{live_server.url}/thu-tuc/{CODE}/")
    expect(phone.get_by_role("link", name="Xem sơ đồ quy trình")).to_be_visible()
    phone.get_by_role("link", name="Xem sơ đồ quy trình").scroll_into_view_if_needed()
    screenshot(phone, "procedure-process-360")
