"""Accessibility of the citizen's journey: a visible focus everywhere, the online submission done with
the keyboard alone, and no serious or critical axe-core finding on its pages (both languages)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from cchc.dossiers.models import Dossier
from tests.browser.a11y import assert_accessible
from tests.browser.conftest import staff_login
from tests.dossiers.conftest import world  # noqa: F401
from tests.factories import RequiredDocumentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

RING_CONTRAST = (Path(__file__).resolve().parent / "js" / "focus_ring.js").read_text(encoding="utf-8")


def _tab_through(page, region: str, limit: int = 40) -> list[tuple[str, float]]:
    """Tab from the top of the page; the contrast of the focus ring of every element in ``region``."""
    page.locator("body").click(position={"x": 1, "y": 1})
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        inside = page.evaluate(f"() => !!document.activeElement.closest({region!r})")
        if not inside:
            if seen:
                break
            continue
        text = page.evaluate(
            "() => (document.activeElement.innerText || document.activeElement.value || '').trim()"
        )
        seen.append(
            (text, page.evaluate(RING_CONTRAST, page.evaluate_handle("() => document.activeElement")))
        )
    return seen


def test_the_focus_ring_shows_on_the_dark_red_bands(live_server, new_page, world):  # noqa: F811
    page = new_page(width=1366, height=900)
    page.goto(live_server.url + "/")
    rings = _tab_through(page, "header")
    assert len(rings) >= 8  # language switch, home link, every menu item, the staff sign-in
    weak = [(text, round(ratio, 2)) for text, ratio in rings if ratio < 3]
    assert weak == []

    staff = staff_login(
        new_page(width=1366, height=900), live_server.url, world.staff["director"], "/quan-tri/toan-so/"
    )
    rings = _tab_through(staff, "header")
    assert len(rings) >= 4
    assert [(text, round(ratio, 2)) for text, ratio in rings if ratio < 3] == []


def test_online_submission_with_the_keyboard_alone(live_server, new_page, world, tmp_path):  # noqa: F811
    """Every step reached and operated by Tab, typing, Space and Enter; axe finds nothing serious."""
    docs = [RequiredDocumentFactory(version=world.version, order=1, name="Tờ khai đề nghị hưởng trợ cấp")]
    upload = tmp_path / "to-khai.pdf"
    upload.write_bytes(PDF)
    page = new_page(width=1366, height=900)
    page.goto(live_server.url + "/thu-tuc/1.001978/nop-truc-tuyen/")
    assert_accessible(page, "online form")

    def tab_to(label_pattern: str, limit: int = 60, kind: str = ""):
        """Tab until the focused control's label matches (and, with ``kind``, the control is of that type)."""
        for _ in range(limit):
            page.keyboard.press("Tab")
            label, focused_kind = page.evaluate(
                "() => { const e = document.activeElement; const l = e.labels && e.labels[0];"
                " return [(l ? l.innerText : (e.innerText || e.value || '')).trim(), e.type || '']; }"
            )
            if re.search(label_pattern, label) and (not kind or focused_kind == kind):
                return
        raise AssertionError(f"Tab never reached {label_pattern!r}")

    page.locator("h1").click()  # start from the top of the form (a click on plain text, not a control)
    tab_to(r"^Họ tên người nộp")
    page.keyboard.type("Trần Thị Bình")
    tab_to(r"^Số định danh cá nhân")
    page.keyboard.type("060190004321")
    tab_to(r"^Số điện thoại")
    page.keyboard.type("0987654321")
    tab_to(r"^Thư điện tử")
    page.keyboard.type("binh@example.com")
    tab_to(docs[0].name, kind="file")
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Space")
    chooser.value.set_files(str(upload))
    tab_to(r"^Tiếp tục: kiểm tra hồ sơ")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/kiem-tra/"))
    assert_accessible(page, "review")

    tab_to(r"^Tôi xin cam đoan")
    page.keyboard.press("Space")
    expect(page.get_by_label("Tôi xin cam đoan", exact=False)).to_be_checked()
    tab_to(r"^Nộp hồ sơ$")
    page.keyboard.press("Enter")
    page.wait_for_url("**/ho-so/da-nop/")
    assert_accessible(page, "submitted")
    code = page.locator("#ma-ho-so").inner_text().strip()
    assert Dossier.objects.filter(code=code, documents__original_name="to-khai.pdf").exists()


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_citizens_pages_have_no_serious_axe_finding(live_server, new_page, world, prefix):  # noqa: F811
    RequiredDocumentFactory(version=world.version, order=1, name="Tờ khai đề nghị hưởng trợ cấp")
    page = new_page(width=1366, height=900)
    for path in (
        "/",
        "/thu-tuc/",
        "/thu-tuc/?q=tro+cap",
        "/thu-tuc/1.001978/",
        "/thu-tuc/danh-sach/tat-ca/",
        "/thu-tuc/1.001978/nop-truc-tuyen/",
        "/tra-cuu/",
        "/lien-he/",
        "/hoi-dap/",
        "/hoi-dap/gui/",
        "/hoi-dap/theo-doi/",
        "/cong-khai/",
        "/khao-sat/",
        "/khao-sat/ket-qua/",
        "/khong-co-trang-nay/",
    ):
        page.goto(live_server.url + prefix + path)
        assert_accessible(page, prefix + path)
    # A form sent back with errors (the error summary and the marked fields).
    page.goto(live_server.url + prefix + "/thu-tuc/1.001978/nop-truc-tuyen/")
    page.get_by_role("button", name=re.compile("Tiếp tục|Continue")).click()
    expect(page.locator("#tom-tat-loi")).to_be_visible()
    assert_accessible(page, prefix + " form with errors")
