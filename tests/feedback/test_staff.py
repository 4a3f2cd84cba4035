"""Staff screens: inbox per role, detail shows only this actor's actions, stale forms, attachments."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cchc.common.uploads import inspect_upload
from cchc.feedback import services
from cchc.feedback.models import Status
from tests.feedback.conftest import question, submit, walk

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
BASE = "/quan-tri/phan-anh/"


def login(client, user):
    client.force_login(user)
    return client


def test_office_inbox_and_unit_lists(client, world):
    new = submit(title="Câu hỏi mới chưa phân loại")
    assigned = walk(world, submit(title="Câu đã giao Phòng Việc làm"), Status.ASSIGNED)
    page = login(client, world.office_user).get(BASE).content.decode()
    assert new.code in page and assigned.code not in page
    page = login(client, world.specialist).get(BASE).content.decode()
    assert "Chờ dự thảo" in page and assigned.code in page and new.code not in page
    page = login(client, world.user("specialist", "other")).get(BASE).content.decode()
    assert assigned.code not in page
    assert login(client, world.user("counter", "division")).get(BASE).status_code == 403


def test_anonymous_is_sent_to_login(client, world):
    item = submit()
    response = client.get(f"{BASE}{item.code}/")
    assert response.status_code == 302
    assert "/quan-tri/dang-nhap/" in response["Location"]


def test_detail_shows_only_allowed_actions(client, world):
    item = walk(world, submit(), Status.DRAFTED)
    page = login(client, world.head).get(f"{BASE}{item.code}/").content.decode()
    assert "Duyệt trả lời" in page and "Trả lại để sửa" in page
    assert "Lưu dự thảo trả lời" not in page and "Phân loại và giao đơn vị" not in page
    page = login(client, world.specialist).get(f"{BASE}{item.code}/").content.decode()
    assert "Duyệt trả lời" not in page
    assert "Bạn không có thao tác nào" in page
    # Another unit cannot even see it.
    assert login(client, world.user("head", "other")).get(f"{BASE}{item.code}/").status_code == 403


def test_actions_through_the_screens_and_a_stale_page(client, world):
    item = submit()
    login(client, world.office_user)
    data = {
        "assign-revision": item.revision,
        "assign-kind": "question",
        "assign-unit": world.division.pk,
        "assign-field": world.field.pk,
    }
    response = client.post(f"{BASE}{item.code}/thao-tac/assign/", data)
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == Status.ASSIGNED and item.unit == world.division
    # The same form sent again from the stale page.
    response = client.post(f"{BASE}{item.code}/thao-tac/assign/", data)
    assert response.status_code == 409
    assert "vừa được người khác thay đổi" in response.content.decode()
    assert item.events.count() == 2
    # A wrong actor through the screen: refused.
    login(client, world.user("specialist", "other"))
    response = client.post(
        f"{BASE}{item.code}/thao-tac/draft/", {"draft-revision": item.revision + 1, "draft-answer": "x"}
    )
    assert response.status_code == 403
    login(client, world.specialist)
    response = client.post(
        f"{BASE}{item.code}/thao-tac/draft/", {"draft-revision": item.revision, "draft-answer": ""}
    )
    assert response.status_code == 400
    item.refresh_from_db()
    assert item.status == Status.ASSIGNED


def test_publish_form_errors_are_shown(client, world):
    item = walk(world, submit(), Status.APPROVED)
    login(client, world.office_user)
    response = client.post(
        f"{BASE}{item.code}/thao-tac/publish/",
        {
            "publish-revision": item.revision,
            "publish-public_title": "Tiêu đề",
            "publish-public_question": "Liên hệ 0987654321",
            "publish-public_answer": "Trả lời",
        },
    )
    assert response.status_code == 400
    assert "còn họ tên, số điện thoại, thư điện tử hoặc số định danh" in response.content.decode()


def test_script_in_staff_pages_is_text(client, world):
    item = submit(title="<script>alert(1)</script>", body="<img src=x onerror=alert(2)>")
    page = login(client, world.office_user).get(f"{BASE}{item.code}/").content.decode()
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_attachment_only_for_staff_who_may_see_the_item(client, world):
    upload = SimpleUploadedFile("to-trinh.pdf", PDF)
    item, _ = services.submit(
        data=question(), attachment=services.CheckedAttachment(upload, inspect_upload(upload))
    )
    attachment = item.attachments.get()
    url = f"{BASE}{item.code}/tep/{attachment.pk}/"
    assert client.get(url).status_code == 302  # not logged in
    assert login(client, world.specialist).get(url).status_code == 403  # not assigned yet
    response = login(client, world.office_user).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    walk(world, item, Status.ASSIGNED)
    assert login(client, world.specialist).get(url).status_code == 200
    assert login(client, world.user("specialist", "other")).get(url).status_code == 403


def test_statistics_page(client, world):
    walk(world, submit(), Status.PUBLISHED)
    submit()
    page = login(client, world.office_user).get(f"{BASE}thong-ke/").content.decode()
    assert "Phòng Việc làm" in page and "Toàn Sở" in page
    assert login(client, world.specialist).get(f"{BASE}thong-ke/").status_code == 403
    # Another unit's head sees only their own unit (nothing assigned to it here).
    page = login(client, world.user("head", "other")).get(f"{BASE}thong-ke/").content.decode()
    assert "Phòng Việc làm" not in page


def test_save_draft_keeps_the_answer_without_submitting_it(client, world):
    """ "Lưu dự thảo" saves the text and leaves the item with the specialist; submitting is its own button."""
    item = walk(world, submit(), Status.ASSIGNED)
    client.force_login(world.specialist)
    url = reverse("backoffice:feedback_staff:action", args=[item.code, "save_draft"])
    page = client.get(reverse("backoffice:feedback_staff:detail", args=[item.code])).content.decode()
    assert "Lưu dự thảo" in page and "Trình lãnh đạo đơn vị duyệt" in page
    assert page.count("<textarea") == 1
    client.post(url, {"draft-revision": item.revision, "draft-answer": "Dự thảo lần 1"})
    item.refresh_from_db()
    assert (item.status, item.answer) == (Status.ASSIGNED, "Dự thảo lần 1")
    page = client.get(reverse("backoffice:feedback_staff:detail", args=[item.code])).content.decode()
    assert "Dự thảo lần 1</textarea>" in page
    submit_url = reverse("backoffice:feedback_staff:action", args=[item.code, "draft"])
    client.post(submit_url, {"draft-revision": item.revision, "draft-answer": "Dự thảo hoàn chỉnh"})
    item.refresh_from_db()
    assert (item.status, item.answer) == (Status.DRAFTED, "Dự thảo hoàn chỉnh")
