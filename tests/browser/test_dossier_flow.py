"""Issue 3, end to end in the browser: an online dossier from submission to the returned result.

A citizen submits online; the counter receives it and hands it over; the specialist asks for a
supplement, which the counter records; the specialist and the head hand it on to the partner agency;
the head apologises with a new date and takes the dossier back; the director approves; the counter
returns the result. Between the stages the citizen's tracking page shows each status (and never a
staff member's name or an internal note). Finally the receipt and control slips are real PDFs.

Every actor has their own browser context (own cookies); staff log in through the staff sign-in
page /quan-tri/dang-nhap/.
"""

from __future__ import annotations

import datetime as dt
import itertools
import subprocess

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cchc.dossiers.models import Dossier
from tests.browser.conftest import screenshot, staff_login
from tests.dossiers.conftest import local, person, world  # noqa: F401
from tests.factories import RequiredDocumentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PHONE = "0987654321"
APPLICANT = "Trần Thị Bình"
INTERNAL_NOTE = "Ghi chú nội bộ: hồ sơ đã thẩm định xong"
SUPPLEMENT_ITEMS = "Bản sao quyết định chấm dứt hợp đồng lao động"
APOLOGY_REASON = "Cơ quan Bảo hiểm xã hội cần thêm thời gian xác minh quá trình đóng bảo hiểm"


def _staff_page(new_page, base: str, user):
    """A fresh browser context in which ``user`` has logged in through the staff sign-in page."""
    page = staff_login(new_page(), base, user, "/quan-tri/can-bo/", wait_for="**/quan-tri/**")
    expect(page.locator(".staff-who")).to_contain_text(user.staff.full_name)
    return page


def _open_from_worklist(page, base: str, code: str) -> None:
    page.goto(base + "/quan-tri/ho-so/")
    page.get_by_role("link", name=code, exact=True).click()
    page.wait_for_url(f"**/quan-tri/ho-so/{code}/")


def _act(page, button: str, done: str, **fields) -> None:
    """Fill and send the action form whose button is ``button``; wait for the success message."""
    form = page.locator("#thao-tac form").filter(has=page.get_by_role("button", name=button, exact=True))
    expect(form).to_have_count(1)
    for label, value in fields.items():
        form.get_by_label(label).fill(value)
    form.get_by_role("button", name=button, exact=True).click()
    expect(page.locator("main .alert[role=status]")).to_contain_text(f"“{done}”")
    expect(page.locator("main .alert-danger")).to_have_count(0)


def _track(page, base: str, code: str, last4: str, status: str, hidden=()) -> str:
    """Look the dossier up at /tra-cuu/, check its status badge and that none of ``hidden`` shows."""
    page.goto(base + "/tra-cuu/")
    page.get_by_label("Mã hồ sơ").fill(code)
    page.get_by_label("4 số cuối điện thoại").fill(last4)
    page.get_by_role("button", name="Tra cứu").click()
    page.wait_for_url(f"**/tra-cuu/{code}/")
    expect(page.locator("#trang-thai")).to_have_text(status)
    html = page.content()
    leaked = sorted(word for word in hidden if word and word in html)
    assert not leaked, f"on the public page of {code} ({status}): {leaked}"
    return page.locator("main").inner_text()


def _pdf_text(tmp_path, name: str, content: bytes) -> str:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(content)
    result = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True, timeout=30
    )
    return result.stdout


def _corner_pattern(tmp_path, pdf) -> tuple[float, int]:
    """(share of dark pixels, black/white changes along rows) of the QR's box, top-left of page 1."""
    from PIL import Image

    prefix = tmp_path / "receipt-page"
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "144",
            "-gray",
            "-png",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(pdf),
            str(prefix),
        ],
        check=True,
        timeout=30,
    )
    image = Image.open(f"{prefix}.png").convert("L")
    # A5 at 144 dpi is 840 px wide; the QR sits in about the first 19 % of the width and height.
    box = image.crop((0, 0, image.width * 19 // 100, image.width * 19 // 100))
    pixels = [1 if value < 128 else 0 for value in box.tobytes()]
    width = box.width
    rows = [pixels[i : i + width] for i in range(0, len(pixels), width)]
    transitions = sum(sum(1 for a, b in itertools.pairwise(row) if a != b) for row in rows)
    return sum(pixels) / len(pixels), transitions


def test_online_dossier_from_submission_to_returned_result(live_server, new_page, world, tmp_path):  # noqa: F811
    base = live_server.url
    docs = [
        RequiredDocumentFactory(version=world.version, order=1, name="Tờ khai đề nghị hưởng trợ cấp"),
        RequiredDocumentFactory(version=world.version, order=2, name="Sổ bảo hiểm xã hội"),
    ]
    staff = world.staff
    hidden = {INTERNAL_NOTE}  # nothing of this may reach the citizen's tracking page
    for user in staff.values():  # officers are not Django-admin users (is_staff stays False)
        assert not user.is_staff
        hidden |= {user.username, user.staff.full_name}
    upload = tmp_path / "ban-scan.pdf"
    upload.write_bytes(PDF)

    # --- 1. the citizen submits online ------------------------------------------------------------
    citizen = new_page()
    citizen.goto(base + "/thu-tuc/1.001978/nop-truc-tuyen/")
    expect(citizen.get_by_role("heading", name="Nộp hồ sơ trực tuyến")).to_be_visible()
    citizen.get_by_label("Họ tên người nộp hoặc tên tổ chức").fill(APPLICANT)
    citizen.get_by_label("Số định danh cá nhân (12 chữ số)").fill("060190004321")
    citizen.get_by_label("Số điện thoại").fill(PHONE)
    citizen.get_by_label("Thư điện tử").fill("binh@example.com")
    citizen.get_by_label("Địa chỉ").fill("Phan Thiết, Lâm Đồng")
    for doc in docs:
        citizen.get_by_label(doc.name).set_input_files(str(upload))
    screenshot(citizen, "flow-01-submit-form")
    citizen.get_by_role("button", name="Nộp hồ sơ").click()
    citizen.wait_for_url("**/ho-so/da-nop/")
    code = citizen.locator("#ma-ho-so").inner_text().strip()
    secret = citizen.locator("#ma-bi-mat").inner_text().strip()
    assert code and secret
    screenshot(citizen, "flow-02-submitted")
    last4 = PHONE[-4:]

    text = _track(citizen, base, code, last4, hidden=hidden, status="Đã nộp trực tuyến, chờ kiểm tra")
    assert "Nộp hồ sơ trực tuyến" in text

    # --- 2. the counter receives it from the online queue and hands it over -----------------------
    counter = _staff_page(new_page, base, staff["counter"])
    counter.wait_for_url("**/quan-tri/mot-cua/")
    expect(counter.get_by_role("heading", name="Hồ sơ trực tuyến chờ kiểm tra")).to_be_visible()
    row = counter.get_by_role("row").filter(has_text=code)
    expect(row).to_contain_text(APPLICANT)
    screenshot(counter, "flow-03-counter-queue")
    row.get_by_role("button", name="Tiếp nhận", exact=True).click()
    expect(counter.locator("main .alert[role=status]")).to_contain_text("“Tiếp nhận hồ sơ”")
    expect(counter.get_by_role("row").filter(has_text=code)).to_have_count(0)

    counter.goto(f"{base}/quan-tri/ho-so/{code}/")
    expect(counter.locator("main")).to_contain_text("Đã tiếp nhận")
    _act(counter, "Chuyển bước tiếp theo", "Chuyển xử lý", **{"Ghi chú": INTERNAL_NOTE})
    expect(counter.locator("main")).to_contain_text("Đang xử lý")
    expect(counter.locator("main")).to_contain_text("Phòng Việc làm")

    text = _track(citizen, base, code, last4, hidden=hidden, status="Đang xử lý")
    assert "Tiếp nhận hồ sơ" in text
    assert "Hẹn trả kết quả" in text

    # --- 3. the specialist asks for a supplement; the counter records it ---------------------------
    specialist = _staff_page(new_page, base, staff["specialist"])
    _open_from_worklist(specialist, base, code)
    _act(
        specialist,
        "Yêu cầu bổ sung (tạm dừng tính thời gian)",
        "Yêu cầu bổ sung hồ sơ (tạm dừng tính thời gian)",
        **{"Các giấy tờ, nội dung cần bổ sung": SUPPLEMENT_ITEMS},
    )
    expect(specialist.locator("main")).to_contain_text("Chờ bổ sung (tạm dừng tính thời gian)")

    text = _track(citizen, base, code, last4, hidden=hidden, status="Chờ bổ sung (tạm dừng tính thời gian)")
    assert SUPPLEMENT_ITEMS in text  # the request is written to the applicant
    screenshot(citizen, "flow-04-tracking-supplement")

    counter.goto(base + "/quan-tri/mot-cua/?hang=cho-bo-sung")
    row = counter.get_by_role("row").filter(has_text=code)
    row.get_by_role("button", name="Đã nhận bổ sung").click()
    expect(counter.locator("main .alert[role=status]")).to_contain_text("“Đã nhận hồ sơ bổ sung”")

    text = _track(citizen, base, code, last4, hidden=hidden, status="Đang xử lý")
    assert "Đã nhận hồ sơ bổ sung" in text

    # --- 4. specialist → head → partner agency (inter-agency) -------------------------------------
    specialist.reload()
    _act(specialist, "Chuyển bước tiếp theo", "Chuyển xử lý", **{"Ghi chú": INTERNAL_NOTE})

    head = _staff_page(new_page, base, staff["head"])
    _open_from_worklist(head, base, code)
    _act(head, "Chuyển bước tiếp theo", "Chuyển xử lý")
    expect(head.locator("main")).to_contain_text("Đang ở cơ quan phối hợp")
    expect(head.locator("main")).to_contain_text(world.partner.name)

    _track(citizen, base, code, last4, hidden=hidden, status="Đang ở cơ quan phối hợp")

    # --- 5. the head apologises with a new date, then takes the dossier back ----------------------
    due = timezone.localtime(Dossier.objects.get(code=code).due_at)
    new_due = (due + dt.timedelta(days=7)).replace(hour=16, minute=30)
    _act(
        head,
        "Xin lỗi và hẹn lại (Mẫu 04)",
        "Xin lỗi và hẹn lại ngày trả kết quả",
        **{"Lý do chậm trả kết quả": APOLOGY_REASON, "Ngày giờ hẹn trả mới": f"{new_due:%Y-%m-%dT%H:%M}"},
    )
    expect(head.locator("main")).to_contain_text(f"{new_due:%H:%M %d/%m/%Y}")
    screenshot(head, "flow-05-head-after-apology")

    text = _track(citizen, base, code, last4, hidden=hidden, status="Đang ở cơ quan phối hợp")
    assert "Hẹn trả lại (sau thư xin lỗi)" in text
    assert f"{new_due:%H:%M %d/%m/%Y}" in text
    assert APOLOGY_REASON in text
    assert "Xin lỗi và hẹn lại ngày trả kết quả" in text
    expect(citizen.locator("dl s")).to_have_text(f"{due:%H:%M %d/%m/%Y}")  # the old date, struck out
    screenshot(citizen, "flow-06-tracking-apology")

    _act(head, "Nhận lại từ cơ quan phối hợp", "Nhận lại hồ sơ từ cơ quan phối hợp")
    expect(head.locator("main")).to_contain_text("Ban Giám đốc")

    # --- 6. the director approves; the counter returns the result ---------------------------------
    director = _staff_page(new_page, base, staff["director"])
    _open_from_worklist(director, base, code)
    expect(director.get_by_role("button", name="Chuyển bước tiếp theo")).to_have_count(0)
    _act(director, "Phê duyệt, có kết quả", "Có kết quả giải quyết")
    expect(director.locator("main")).to_contain_text("Có kết quả, chờ trả")
    screenshot(director, "flow-07-director-approved")

    _track(citizen, base, code, last4, hidden=hidden, status="Có kết quả, chờ trả")

    counter.goto(base + "/quan-tri/mot-cua/?hang=cho-tra")
    row = counter.get_by_role("row").filter(has_text=code)
    row.get_by_role("button", name="Trả kết quả").click()
    expect(counter.locator("main .alert[role=status]")).to_contain_text("“Đã trả kết quả”")

    text = _track(citizen, base, code, last4, hidden=hidden, status="Đã trả kết quả")
    for label in (
        "Nộp hồ sơ trực tuyến",
        "Tiếp nhận hồ sơ",
        "Chuyển xử lý",
        "Yêu cầu bổ sung hồ sơ (tạm dừng tính thời gian)",
        "Đã nhận hồ sơ bổ sung",
        "Xin lỗi và hẹn lại ngày trả kết quả",
        "Có kết quả giải quyết",
        "Đã trả kết quả",
    ):
        assert label in text, label
    screenshot(citizen, "flow-08-tracking-returned")

    dossier = Dossier.objects.get(code=code)
    assert dossier.status == "returned"
    assert dossier.new_due_at == new_due.replace(second=0, microsecond=0)

    # --- 7. the receipt and control slips are PDFs naming the dossier -----------------------------
    for kind in ("receipt", "control"):
        response = counter.request.get(f"{base}/quan-tri/ho-so/{code}/phieu/{kind}/")
        assert response.status == 200, (kind, response.status, response.text()[:300])
        assert response.headers["content-type"] == "application/pdf"
        body = response.body()
        assert body.startswith(b"%PDF"), kind
        assert code in _pdf_text(tmp_path, kind, body), kind
    # The QR code is an SVG (segno) that WeasyPrint draws as vector paths, not an image XObject: the
    # PDF has no image, so check the drawing instead — the top-left corner of the rendered page, where
    # the slip puts the QR, is a dense black-and-white pattern. (The QR payload is not decoded.)
    receipt = tmp_path / "receipt.pdf"
    listing = subprocess.run(["pdfimages", "-list", str(receipt)], capture_output=True, text=True, check=True)
    assert len(listing.stdout.strip().splitlines()) == 2, listing.stdout  # header lines only: vector QR
    dark, transitions = _corner_pattern(tmp_path, receipt)
    assert 0.1 < dark < 0.6, dark
    assert transitions > 1000, transitions
