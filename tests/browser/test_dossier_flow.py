"""End to end in the browser: an online dossier from submission to the returned result.

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
import re
import subprocess

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cchc.dossiers.models import Dossier
from cchc.notifications.models import Outbox
from tests.browser.a11y import assert_accessible
from tests.browser.conftest import SCREENSHOTS, screenshot, staff_login
from tests.dossiers.conftest import local, person, world  # noqa: F401
from tests.factories import RequiredDocumentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PHONE = "0987654321"
APPLICANT = "Trần Thị Bình"
INTERNAL_NOTE = "Ghi chú nội bộ: hồ sơ đã thẩm định xong"
SUPPLEMENT_ITEMS = "Bản sao quyết định chấm dứt hợp đồng lao động"
APOLOGY_REASON = "Cơ quan Bảo hiểm xã hội cần thêm thời gian xác minh quá trình đóng bảo hiểm"
RESULT_TITLE = "Quyết định hưởng trợ cấp thất nghiệp"


def _staff_page(new_page, base: str, user):
    """A fresh browser context in which ``user`` has logged in through the staff sign-in page."""
    page = staff_login(new_page(), base, user, "/quan-tri/can-bo/", wait_for="**/quan-tri/**")
    expect(page.locator(".staff-who")).to_contain_text(user.staff.full_name)
    return page


def _open_from_worklist(page, base: str, code: str) -> None:
    page.goto(base + "/quan-tri/ho-so/")
    assert_accessible(page, "worklist")
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


def _notice_link(code: str, subject_start: str) -> str:
    """The path of the signed link in the latest e-mail to the applicant whose subject starts so."""
    mail = (
        Outbox.objects.filter(dossier__code=code, kind=Outbox.Kind.EMAIL, subject__startswith=subject_start)
        .order_by("-id")
        .first()
    )
    assert mail is not None, f"no notice “{subject_start}…” for {code}"
    assert "ma-bi-mat" not in mail.body
    return re.search(r"https?://[^/\s]+(/\S+/)", mail.body).group(1)


def test_online_dossier_from_submission_to_returned_result(live_server, new_page, world, tmp_path):  # noqa: F811
    """Level 4: review and declaration, the receipt, a supplement during processing sent online, the
    officers' work, and the labelled result reaching the citizen by the notice's link."""
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
    signed = tmp_path / "to-khai-da-ky.pdf"
    signed.write_bytes(PDF)

    # --- 1. the citizen fills in the form; one mistake keeps the files -----------------------------
    citizen = new_page()
    citizen.goto(base + "/thu-tuc/1.001978/nop-truc-tuyen/")
    expect(citizen.get_by_role("heading", name="Nộp hồ sơ trực tuyến")).to_be_visible()
    citizen.get_by_label("Họ tên người nộp hoặc tên tổ chức").fill(APPLICANT)
    citizen.get_by_label("Số định danh cá nhân (12 chữ số)").fill("0601900043")  # two digits short
    citizen.get_by_label("Số điện thoại").fill(PHONE)
    citizen.get_by_label("Thư điện tử").fill("binh@example.com")
    citizen.get_by_label("Địa chỉ").fill("Phan Thiết, Lâm Đồng")
    for doc in docs:
        citizen.get_by_label(doc.name).set_input_files(str(upload))
    screenshot(citizen, "flow-01-submit-form")
    citizen.get_by_role("button", name="Tiếp tục: kiểm tra hồ sơ").click()
    summary = citizen.locator("#tom-tat-loi")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("không cần chọn lại")
    expect(citizen.locator(".kept-file")).to_have_count(2)
    screenshot(citizen, "flow-01b-error-summary")
    assert_accessible(citizen, "form with errors")
    summary.get_by_role("link").first.click()
    expect(citizen.get_by_label("Số định danh cá nhân (12 chữ số)")).to_be_focused()
    citizen.get_by_label("Số định danh cá nhân (12 chữ số)").fill("060190004321")
    citizen.get_by_role("button", name="Tiếp tục: kiểm tra hồ sơ").click()

    # --- 2. review everything, declare, submit ------------------------------------------------------
    citizen.wait_for_url(re.compile(r".*/nop-truc-tuyen/kiem-tra/"))  # may keep the field's #anchor
    review = citizen.locator("main")
    for text in (APPLICANT, "060190004321", "ban-scan.pdf", "binh@example.com", *[d.name for d in docs]):
        expect(review).to_contain_text(text)
    screenshot(citizen, "flow-02-review")
    assert_accessible(citizen, "review")
    citizen.get_by_role("button", name="Nộp hồ sơ").click()
    expect(citizen.locator("#tom-tat-loi")).to_contain_text("Đánh dấu ô cam đoan")
    assert Dossier.objects.count() == 0
    citizen.get_by_label("Tôi xin cam đoan", exact=False).check()
    citizen.get_by_role("button", name="Nộp hồ sơ").click()
    citizen.wait_for_url("**/ho-so/da-nop/")
    code = citizen.locator("#ma-ho-so").inner_text().strip()
    secret = citizen.locator("#ma-bi-mat").inner_text().strip()
    assert code and secret
    screenshot(citizen, "flow-02b-submitted")
    assert_accessible(citizen, "submitted")
    last4 = PHONE[-4:]
    text = _track(citizen, base, code, last4, hidden=hidden, status="Đã nộp trực tuyến, chờ kiểm tra")
    assert "Nộp hồ sơ trực tuyến" in text

    # --- 3. the counter receives it; the acceptance notice brings the receipt ----------------------
    counter = _staff_page(new_page, base, staff["counter"])
    counter.wait_for_url("**/quan-tri/mot-cua/")
    row = counter.get_by_role("row").filter(has_text=code)
    expect(row).to_contain_text(APPLICANT)
    assert_accessible(counter, "counter queue")
    row.get_by_role("button", name="Tiếp nhận", exact=True).click()
    expect(counter.locator("main .alert[role=status]")).to_contain_text("“Tiếp nhận hồ sơ”")
    mailbox = new_page()  # the citizen opens the notice on another device: no secret, no session
    receipt = mailbox.request.get(base + _notice_link(code, "Đã tiếp nhận"))  # follows the redirect
    assert receipt.status == 200 and receipt.headers["content-type"] == "application/pdf"
    assert code in _pdf_text(tmp_path, "receipt-from-notice", receipt.body())

    counter.goto(f"{base}/quan-tri/ho-so/{code}/")
    _act(counter, "Chuyển bước tiếp theo", "Chuyển xử lý", **{"Ghi chú": INTERNAL_NOTE})
    expect(counter.locator("main")).to_contain_text("Phòng Việc làm")

    # --- 4. the specialist asks for a supplement; the citizen sends it online ----------------------
    specialist = _staff_page(new_page, base, staff["specialist"])
    _open_from_worklist(specialist, base, code)
    specialist.get_by_text("Yêu cầu bổ sung (tạm dừng tính thời gian)").first.click()  # unfold
    _act(
        specialist,
        "Yêu cầu bổ sung (tạm dừng tính thời gian)",
        "Yêu cầu bổ sung hồ sơ (tạm dừng tính thời gian)",
        **{"Các giấy tờ, nội dung cần bổ sung": SUPPLEMENT_ITEMS},
    )
    mailbox.goto(base + _notice_link(code, f"Hồ sơ {code} cần bổ sung"))
    mailbox.wait_for_url(f"**/tra-cuu/{code}/bo-sung/")
    expect(mailbox.locator("main")).to_contain_text(SUPPLEMENT_ITEMS)
    mailbox.get_by_label(docs[0].name).set_input_files(str(signed))
    mailbox.get_by_label("Nội dung bổ sung, giải trình").fill("Gửi tờ khai đã ký")
    screenshot(mailbox, "flow-03-supplement-online")
    assert_accessible(mailbox, "supplement page")
    mailbox.get_by_role("button", name="Nộp bổ sung").click()
    expect(mailbox.locator("main .alert[role=status]")).to_contain_text("Đã nộp bổ sung hồ sơ")
    expect(mailbox.locator("#trang-thai")).to_have_text("Đang xử lý")

    # --- 5. the officer sees the new file as a new round ------------------------------------------
    specialist.reload()
    documents_box = specialist.locator("#tai-lieu")
    expect(documents_box).to_contain_text("Bổ sung lần 1")
    expect(documents_box).to_contain_text("to-khai-da-ky.pdf")
    expect(documents_box).to_contain_text("bản trước, đã được thay")
    expect(specialist.locator("main")).to_contain_text("Nộp bổ sung hồ sơ trực tuyến")
    screenshot(specialist, "flow-04-officer-sees-supplement")
    assert_accessible(specialist, "dossier page (specialist)")
    _act(specialist, "Chuyển bước tiếp theo", "Chuyển xử lý", **{"Ghi chú": INTERNAL_NOTE})

    # --- 6. head → partner agency; apology; back; the director approves with the result ------------
    head = _staff_page(new_page, base, staff["head"])
    _open_from_worklist(head, base, code)
    _act(head, "Chuyển bước tiếp theo", "Chuyển xử lý")
    expect(head.locator("main")).to_contain_text(world.partner.name)
    due = timezone.localtime(Dossier.objects.get(code=code).due_at)
    new_due = (due + dt.timedelta(days=7)).replace(hour=16, minute=30)
    head.get_by_text("Xin lỗi và hẹn lại (Mẫu 04)").first.click()
    _act(
        head,
        "Xin lỗi và hẹn lại (Mẫu 04)",
        "Xin lỗi và hẹn lại ngày trả kết quả",
        **{"Lý do chậm trả kết quả": APOLOGY_REASON, "Ngày giờ hẹn trả mới": f"{new_due:%Y-%m-%dT%H:%M}"},
    )
    text = _track(citizen, base, code, last4, hidden=hidden, status="Đang ở cơ quan phối hợp")
    assert APOLOGY_REASON in text and f"{new_due:%H:%M %d/%m/%Y}" in text
    _act(head, "Nhận lại từ cơ quan phối hợp", "Nhận lại hồ sơ từ cơ quan phối hợp")

    director = _staff_page(new_page, base, staff["director"])
    _open_from_worklist(director, base, code)
    decision = director.locator("#thao-tac form").filter(
        has=director.get_by_role("button", name="Phê duyệt, có kết quả")
    )
    decision.get_by_label("Tên văn bản kết quả").fill(RESULT_TITLE)
    decision.get_by_label("Tệp kết quả điện tử").set_input_files(str(upload))
    decision.get_by_role("button", name="Phê duyệt, có kết quả").click()
    expect(director.locator("main .alert[role=status]")).to_contain_text("“Có kết quả giải quyết”")
    screenshot(director, "flow-05-director-approved")
    assert_accessible(director, "dossier page (director)")

    counter.goto(base + "/quan-tri/mot-cua/?hang=cho-tra")
    counter.get_by_role("row").filter(has_text=code).get_by_role("button", name="Trả kết quả").click()
    expect(counter.locator("main .alert[role=status]")).to_contain_text("“Đã trả kết quả”")

    # --- 7. the result notice's link: the labelled result, its download recorded -------------------
    mailbox.goto(base + _notice_link(code, "Kết quả giải quyết hồ sơ"))
    mailbox.wait_for_url(f"**/tra-cuu/{code}/#ket-qua")
    result_link = mailbox.get_by_role("link", name=f"Tải kết quả: {RESULT_TITLE} — {code}.pdf")
    expect(result_link).to_be_visible()
    with mailbox.expect_download() as result_download:
        result_link.click()
    assert result_download.value.suggested_filename == f"{RESULT_TITLE} — {code}.pdf"
    mailbox.reload()
    expect(mailbox.locator("main")).to_contain_text("Người nộp đã tải kết quả điện tử")
    mailbox.set_viewport_size({"width": 1366, "height": 900})
    screenshot(mailbox, "flow-06-tracking-result")
    assert_accessible(mailbox, "tracking page with the result")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    mailbox.screenshot(path=str(SCREENSHOTS / "tracking-result.png"), full_page=True)
    mailbox.set_viewport_size({"width": 390, "height": 844})
    mailbox.screenshot(path=str(SCREENSHOTS / "tracking-result-phone.png"), full_page=True)

    text = _track(citizen, base, code, last4, hidden=hidden, status="Đã trả kết quả")
    for label in (
        "Nộp hồ sơ trực tuyến",
        "Tiếp nhận hồ sơ",
        "Chuyển xử lý",
        "Yêu cầu bổ sung hồ sơ (tạm dừng tính thời gian)",
        "Nộp bổ sung hồ sơ trực tuyến",
        "Xin lỗi và hẹn lại ngày trả kết quả",
        "Có kết quả giải quyết",
        "Đã trả kết quả",
        "Người nộp đã tải kết quả điện tử",
    ):
        assert label in text, label
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


def test_walk_in_dossier_with_a_supplement_at_the_counter(live_server, new_page, world, tmp_path):  # noqa: F811
    """The same loop at the counter: intake with scans and the receipt, the applicant brings the
    supplement to the counter (scanned into the dossier as a new round), the electronic result by
    the notice's link."""
    base = live_server.url
    staff = world.staff
    docs = [
        RequiredDocumentFactory(version=world.paper_version, order=1, name="Đơn đề nghị trợ giúp xã hội"),
        RequiredDocumentFactory(version=world.paper_version, order=2, name="Giấy xác nhận khuyết tật"),
    ]
    scan = tmp_path / "ban-quet.pdf"
    scan.write_bytes(PDF)

    counter = _staff_page(new_page, base, staff["counter"])
    counter.goto(f"{base}/quan-tri/mot-cua/tiep-nhan/{world.paper_version.pk}/")
    counter.get_by_label("Họ tên người nộp hoặc tên tổ chức").fill(APPLICANT)
    counter.get_by_label("Số định danh cá nhân (CCCD)").fill("060190004321")
    counter.get_by_label("Điện thoại").fill(PHONE)
    counter.get_by_label("Thư điện tử").fill("binh@example.com")
    counter.get_by_label("Hình thức nhận kết quả").select_option(label="Trực tuyến")
    for doc in docs:
        counter.get_by_label(doc.name, exact=False).first.check()
        counter.get_by_label(f"Bản quét: {doc.name}").set_input_files(str(scan))
    counter.get_by_role("button", name="Tiếp nhận và cấp giấy hẹn").click()
    counter.wait_for_url("**/quan-tri/mot-cua/da-tiep-nhan/**")
    code = counter.url.rstrip("/").rsplit("/", 1)[1]
    secret = counter.locator("#ma-bi-mat").inner_text().strip()
    assert re.fullmatch(r"[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}", secret)
    receipt = counter.request.get(f"{base}/quan-tri/ho-so/{code}/phieu/receipt/")
    receipt_text = _pdf_text(tmp_path, "walk-in-receipt", receipt.body())
    assert receipt.status == 200 and code in receipt_text
    assert secret in receipt_text  # the walk-in applicant can use the portal too
    screenshot(counter, "walkin-01-received")
    assert_accessible(counter, "intake done")

    counter.goto(f"{base}/quan-tri/ho-so/{code}/")
    _act(counter, "Chuyển bước tiếp theo", "Chuyển xử lý")
    head = _staff_page(new_page, base, staff["head"])
    _open_from_worklist(head, base, code)
    head.get_by_text("Yêu cầu bổ sung (tạm dừng tính thời gian)").first.click()
    _act(
        head,
        "Yêu cầu bổ sung (tạm dừng tính thời gian)",
        "Yêu cầu bổ sung hồ sơ (tạm dừng tính thời gian)",
        **{"Các giấy tờ, nội dung cần bổ sung": "Giấy xác nhận khuyết tật bản có dấu giáp lai"},
    )

    # The applicant brings the paper to the counter: scanned into the dossier as a new round.
    counter.goto(base + "/quan-tri/mot-cua/?hang=cho-bo-sung")
    counter.get_by_role("row").filter(has_text=code).get_by_role("link", name=code).click()
    card = counter.locator("#thao-tac form").filter(has=counter.get_by_role("button", name="Đã nhận bổ sung"))
    card.get_by_label(docs[1].name).set_input_files(str(scan))
    card.get_by_label("Nội dung bổ sung").fill("Bản có dấu giáp lai")
    card.get_by_role("button", name="Đã nhận bổ sung").click()
    expect(counter.locator("main .alert[role=status]")).to_contain_text(
        "“Đã nhận hồ sơ bổ sung tại Bộ phận Một cửa”"
    )

    head.reload()
    expect(head.locator("#tai-lieu")).to_contain_text("Bổ sung lần 1")
    expect(head.locator("#tai-lieu")).to_contain_text("bản trước, đã được thay")
    decision = head.locator("#thao-tac form").filter(
        has=head.get_by_role("button", name="Phê duyệt, có kết quả")
    )
    decision.get_by_label("Tên văn bản kết quả").fill("Quyết định trợ cấp xã hội hằng tháng")
    decision.get_by_label("Tệp kết quả điện tử").set_input_files(str(scan))
    decision.get_by_role("button", name="Phê duyệt, có kết quả").click()
    expect(head.locator("main .alert[role=status]")).to_contain_text("“Có kết quả giải quyết”")

    counter.goto(base + "/quan-tri/mot-cua/?hang=cho-tra")
    counter.get_by_role("row").filter(has_text=code).get_by_role("button", name="Trả kết quả").click()
    expect(counter.locator("main .alert[role=status]")).to_contain_text("“Đã trả kết quả”")

    citizen = new_page(width=390, height=844)
    citizen.goto(base + _notice_link(code, "Kết quả giải quyết hồ sơ"))
    link = citizen.get_by_role("link", name=f"Tải kết quả: Quyết định trợ cấp xã hội hằng tháng — {code}.pdf")
    with citizen.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == f"Quyết định trợ cấp xã hội hằng tháng — {code}.pdf"
    screenshot(citizen, "walkin-02-result-phone")
