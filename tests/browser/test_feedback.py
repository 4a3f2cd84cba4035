"""Q&A end to end in the browser.

A citizen asks a question on the portal and gets a tracking code; the Office classifies it and gives
it to a unit; the unit's specialist drafts the answer and the head approves it; the Office publishes
an edited public text. The question then appears in /hoi-dap/ — and the asker's name, phone and
e-mail appear nowhere in the public HTML. The asker is notified (Outbox) and can follow the item on
the tracking page with the code and secret.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from cchc.feedback.models import Feedback, Status
from cchc.notifications.models import Outbox
from tests.browser.a11y import assert_accessible
from tests.browser.conftest import screenshot, staff_login
from tests.feedback.conftest import world  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAME = "Lê Thị Hồng Nhung"
PHONE = "0987654321"
EMAIL = "hongnhung.le@example.com"
QUESTION = f"Tôi tên {NAME}, điện thoại {PHONE}. Tôi nghỉ việc đã 2 tháng, có được hưởng trợ cấp thất nghiệp?"
PUBLIC_TITLE = "Thời hạn nộp hồ sơ hưởng trợ cấp thất nghiệp"
PUBLIC_QUESTION = (
    "Người lao động nghỉ việc đã 2 tháng hỏi còn được nộp hồ sơ hưởng trợ cấp thất nghiệp không."
)
ANSWER = "Người lao động nộp hồ sơ trong thời hạn 03 tháng kể từ ngày chấm dứt hợp đồng lao động."


def _staff_page(new_page, base: str, user):
    return staff_login(new_page(), base, user, "/quan-tri/phan-anh/")


def _open(page, base: str, code: str) -> None:
    page.goto(base + "/quan-tri/phan-anh/")
    page.get_by_role("link", name=code, exact=True).click()
    page.wait_for_url(f"**/quan-tri/phan-anh/{code}/")


def _act(page, button: str) -> None:
    form = page.locator("#thao-tac form").filter(has=page.get_by_role("button", name=button, exact=True))
    expect(form).to_have_count(1)
    form.get_by_role("button", name=button, exact=True).click()
    expect(page.locator("main .alert[role=status]")).to_contain_text(f"“{button}”")


def test_question_from_portal_to_published_answer(live_server, new_page, world):  # noqa: F811
    base = live_server.url
    # 1. The citizen asks (on a phone).
    citizen = new_page(viewport={"width": 360, "height": 740})
    citizen.goto(base + "/hoi-dap/gui/")
    citizen.get_by_label("Câu hỏi", exact=True).check()
    citizen.get_by_label("Họ tên người gửi hoặc tên tổ chức").fill(NAME)
    citizen.get_by_label("Số điện thoại").fill(PHONE)
    citizen.get_by_label("Thư điện tử").fill(EMAIL)
    citizen.get_by_label("Tiêu đề").fill("Hỏi về trợ cấp thất nghiệp")
    citizen.get_by_label("Nội dung", exact=False).last.fill(QUESTION)
    screenshot(citizen, "feedback-submit-phone")
    assert_accessible(citizen, "feedback-submit-phone")
    citizen.get_by_role("button", name="Gửi", exact=True).click()
    citizen.wait_for_url("**/hoi-dap/da-gui/")
    code = citizen.locator("#ma-tra-cuu").inner_text()
    secret = citizen.locator("#ma-bi-mat").inner_text()
    assert code.startswith("PA-") and len(secret) == 10
    screenshot(citizen, "feedback-sent-phone")
    assert_accessible(citizen, "feedback-sent-phone")

    # 2. The Office classifies and assigns it to the employment division.
    office = _staff_page(new_page, base, world.office_user)
    _open(office, base, code)
    form = office.locator("#thao-tac form").filter(
        has=office.get_by_role("button", name="Phân loại và giao đơn vị")
    )
    form.get_by_label("Đơn vị trả lời").select_option(label="Phòng Việc làm")
    form.get_by_label("Lĩnh vực").select_option(label="Việc làm")
    screenshot(office, "feedback-staff-assign")
    assert_accessible(office, "feedback-staff-assign")
    _act(office, "Phân loại và giao đơn vị")

    # 3. The division's specialist drafts, 4. its head approves.
    specialist = _staff_page(new_page, base, world.specialist)
    _open(specialist, base, code)
    specialist.locator("#thao-tac").get_by_label("Nội dung trả lời").fill(ANSWER)
    _act(specialist, "Lưu dự thảo")  # kept as the specialist's draft: not yet submitted
    expect(specialist.locator("main .alert[role=status]")).to_contain_text("Lưu dự thảo")
    assert Feedback.objects.get(code=code).status == Status.ASSIGNED
    expect(specialist.locator("#thao-tac").get_by_label("Nội dung trả lời")).to_have_value(ANSWER)
    _act(specialist, "Trình lãnh đạo đơn vị duyệt")
    head = _staff_page(new_page, base, world.head)
    _open(head, base, code)
    expect(head.locator("#thao-tac")).not_to_contain_text("Lưu dự thảo")
    _act(head, "Duyệt trả lời")

    # 5. The Office publishes an edited public text.
    office.goto(base + "/quan-tri/phan-anh/?tab=cong-khai")
    office.get_by_role("link", name=code, exact=True).click()
    panel = office.locator("#thao-tac")
    panel.get_by_label("Tiêu đề công khai").fill(PUBLIC_TITLE)
    panel.get_by_label("Câu hỏi công khai").fill(PUBLIC_QUESTION)
    expect(panel.get_by_label("Trả lời công khai")).to_have_value(ANSWER)
    _act(office, "Trả lời và công khai")
    screenshot(office, "feedback-staff-detail")
    assert_accessible(office, "feedback-staff-detail")
    item = Feedback.objects.get(code=code)
    assert item.status == Status.PUBLISHED
    assert Outbox.objects.filter(recipient=EMAIL, body__contains=ANSWER).exists()
    assert Outbox.objects.filter(recipient=PHONE, kind="sms", body__contains=ANSWER[:40]).exists()

    # 6. It is in Hỏi – Đáp, found without accents, without the asker's personal data.
    reader = new_page()
    reader.goto(base + "/hoi-dap/")
    reader.get_by_label("Từ khóa").fill("tro cap that nghiep")
    reader.get_by_role("button", name="Tìm kiếm").click()
    reader.get_by_role("link", name=PUBLIC_TITLE).click()
    reader.wait_for_url(f"**/hoi-dap/{code}/")
    expect(reader.locator("#tra-loi")).to_contain_text(ANSWER)
    screenshot(reader, "feedback-question")
    assert_accessible(reader, "feedback-question")
    for url in ("/hoi-dap/", f"/hoi-dap/{code}/"):
        reader.goto(base + url)
        html = reader.content()
        for private in (NAME, PHONE, EMAIL, "987654321"):
            assert private not in html, (url, private)
    reader.get_by_role("button", name="Không hài lòng").click()
    expect(reader.locator("main")).to_contain_text("Cảm ơn bạn đã đánh giá")
    item.refresh_from_db()
    assert item.dislikes == 1

    # 7. The asker follows it with the code and the secret.
    citizen.goto(base + "/hoi-dap/theo-doi/")
    citizen.get_by_label("Mã tra cứu").fill(code)
    citizen.get_by_label("Mã bí mật").fill(secret)
    citizen.get_by_role("button", name="Tra cứu").click()
    expect(citizen.locator("#ket-qua")).to_contain_text("Đã trả lời và công khai")
    expect(citizen.locator("#ket-qua")).to_contain_text(ANSWER)
    assert PHONE not in citizen.content() and EMAIL not in citizen.content()
    screenshot(citizen, "feedback-track-phone")
    assert_accessible(citizen, "feedback-track-phone")
