"""Public pages: the Q&A list (accent-insensitive search, field filter, pages), a question page and
votes, the submission form (errors, upload checks, double submission), tracking, rate limits."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cchc.feedback import services
from cchc.feedback.models import Attachment, Feedback, Status, Vote
from tests.factories import FieldFactory
from tests.feedback.conftest import question, submit, walk

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200


def published(world, *, title="Trợ cấp thất nghiệp", question="Câu hỏi", answer="Trả lời", field=None):
    item = walk(world, submit(), Status.APPROVED)
    if field is not None:
        Feedback.objects.filter(pk=item.pk).update(field=field)
    return services.publish(
        actor=world.office_user,
        feedback=item,
        revision=item.revision,
        public_title=title,
        public_question=question,
        public_answer=answer,
    )


def form_data(client, **overrides):
    page = client.get("/hoi-dap/gui/").content.decode()
    token = re.search(r'name="form_token" value="([^"]+)"', page).group(1)
    data = {
        "kind": "question",
        "subject": "general",
        "asker_name": "Trần Thị Bình",
        "phone": "0987654321",
        "email": "binh@example.com",
        "title": "Hỏi về trợ cấp thất nghiệp",
        "body": "Tôi muốn hỏi điều kiện hưởng trợ cấp thất nghiệp.",
        "form_token": token,
    }
    data.update(overrides)
    return data


def test_list_search_without_accents_and_field_filter(client, world):
    other_field = FieldFactory(code="nguoi-co-cong", name="Người có công")
    published(world, title="Hưởng trợ cấp thất nghiệp khi nghỉ việc", field=world.field)
    published(world, title="Điều dưỡng người có công", field=other_field)
    walk(world, submit(title="Chưa công khai thất nghiệp"), Status.DRAFTED)
    page = client.get("/hoi-dap/", {"q": "TRO CAP that nghiep"}).content.decode()
    assert "Hưởng trợ cấp thất nghiệp khi nghỉ việc" in page
    assert "Điều dưỡng" not in page
    assert "Chưa công khai" not in page
    page = client.get("/hoi-dap/", {"linh-vuc": "nguoi-co-cong"}).content.decode()
    assert "Điều dưỡng người có công" in page
    assert "thất nghiệp khi" not in page


def test_pagination(client, world):
    for n in range(12):
        published(world, title=f"Câu hỏi số {n:02d}")
    first = client.get("/hoi-dap/").content.decode()
    assert "Trang 1/2" in first
    assert "12 câu hỏi đã trả lời" in first
    second = client.get("/hoi-dap/", {"trang": 2}).content.decode()
    assert "Trang 2/2" in second
    assert client.get("/hoi-dap/", {"trang": "xyz"}).status_code == 200


def test_question_page_and_unpublished_is_404(client, world):
    item = published(
        world, title="Tiêu đề công khai", question="Câu hỏi đã biên tập", answer="Trả lời chi tiết"
    )
    page = client.get(f"/hoi-dap/{item.code}/").content.decode()
    assert "Câu hỏi đã biên tập" in page and "Trả lời chi tiết" in page
    assert "Trần Thị Bình" not in page and "0987654321" not in page and "binh@example.com" not in page
    draft = walk(world, submit(), Status.DRAFTED)
    assert client.get(f"/hoi-dap/{draft.code}/").status_code == 404


def test_vote_once_per_session(client, world):
    item = published(world)
    assert client.post(f"/hoi-dap/{item.code}/binh-chon/", {"binh-chon": "khong-thich"}).status_code == 302
    page = client.get(f"/hoi-dap/{item.code}/").content.decode()
    assert "Bạn đã đánh giá câu trả lời này" in page
    client.post(f"/hoi-dap/{item.code}/binh-chon/", {"binh-chon": "thich"})
    item.refresh_from_db()
    assert (item.likes, item.dislikes) == (0, 1)
    assert Vote.objects.count() == 1
    client.post(f"/hoi-dap/{item.code}/binh-chon/", {"binh-chon": "gi-do"})
    assert Vote.objects.count() == 1


def test_submit_then_track_without_personal_data(client, world):
    response = client.post("/hoi-dap/gui/", form_data(client))
    assert response.status_code == 302
    item = Feedback.objects.get()
    sent = client.get("/hoi-dap/da-gui/").content.decode()
    secret = re.search(r'id="ma-bi-mat">([A-Z0-9]+)<', sent).group(1)
    assert item.code in sent
    assert services.check_secret(item, secret)
    page = client.post("/hoi-dap/theo-doi/", {"code": item.code, "secret": secret}).content.decode()
    assert "Đã tiếp nhận" in page
    for private in ("Trần Thị Bình", "0987654321", "binh@example.com"):
        assert private not in page
    wrong = client.post("/hoi-dap/theo-doi/", {"code": item.code, "secret": "SAIMABIMAT"})
    assert wrong.status_code == 404
    assert "Mã tra cứu hoặc mã bí mật không đúng" in wrong.content.decode()
    # After the answer, the tracking page shows it (internal steps are not listed).
    walk(world, item, Status.ANSWERED)
    page = client.post("/hoi-dap/theo-doi/", {"code": item.code, "secret": secret}).content.decode()
    assert "Trả lời: có." in page
    assert "Dự thảo trả lời" not in page


def test_double_submission_creates_one_item(client, world):
    data = form_data(client)
    assert client.post("/hoi-dap/gui/", data).status_code == 302
    again = client.post("/hoi-dap/gui/", data)
    assert again.status_code == 409
    assert Feedback.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"phone": "0123", "email": ""}, "Số điện thoại “0123” không hợp lệ"),
        ({"email": "a@", "phone": ""}, "Địa chỉ thư điện tử “a@” không hợp lệ"),
        ({"phone": "", "email": ""}, "Nhập số điện thoại hoặc thư điện tử"),
        ({"asker_name": "", "title": "", "body": ""}, "Nhập họ tên người gửi"),
        ({"subject": "dossier", "dossier_code": "000.00.15.H10-000000-0000"}, "Không tìm thấy hồ sơ"),
    ],
)
def test_form_errors_are_clear_and_nothing_saved(client, world, overrides, message):
    response = client.post("/hoi-dap/gui/", form_data(client, **overrides))
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "Câu hỏi chưa được gửi" in html
    assert Feedback.objects.count() == 0


def test_attachment_checked_like_dossier_documents(client, world, settings):
    exe = SimpleUploadedFile("don-khieu-nai.pdf", EXE, content_type="application/pdf")
    response = client.post("/hoi-dap/gui/", form_data(client, attachment=exe))
    assert response.status_code == 400
    assert "don-khieu-nai.pdf" in response.content.decode()
    assert Feedback.objects.count() == 0 and Attachment.objects.count() == 0
    settings.CCHC_FEEDBACK_MAX_UPLOAD_BYTES = 20
    big = SimpleUploadedFile("to-trinh.pdf", PDF, content_type="application/pdf")
    response = client.post("/hoi-dap/gui/", form_data(client, attachment=big))
    assert response.status_code == 400
    assert "vượt giới hạn" in response.content.decode()
    assert Feedback.objects.count() == 0
    settings.CCHC_FEEDBACK_MAX_UPLOAD_BYTES = 1024 * 1024
    ok = SimpleUploadedFile("to-trinh.pdf", PDF, content_type="application/pdf")
    assert client.post("/hoi-dap/gui/", form_data(client, attachment=ok)).status_code == 302
    attachment = Attachment.objects.get()
    assert (
        attachment.size == len(PDF) and len(attachment.sha256) == 64 and attachment.mime == "application/pdf"
    )
    assert not attachment.file.name.startswith(("static", "/"))


def test_script_in_question_and_answer_is_shown_as_text(client, world):
    script = '<script>alert("x")</script><b>đậm</b>'
    item = published(world, title=script, question=script, answer=script)
    page = client.get(f"/hoi-dap/{item.code}/").content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    listing = client.get("/hoi-dap/").content.decode()
    assert "<script>alert" not in listing


@pytest.mark.ratelimit
def test_submission_posts_are_rate_limited(client, world, settings):
    settings.CCHC_FEEDBACK_SUBMIT_RATE = "1/h"
    assert client.post("/hoi-dap/gui/", form_data(client)).status_code == 302
    assert client.post("/hoi-dap/gui/", form_data(client)).status_code == 429
    assert Feedback.objects.count() == 1


@pytest.mark.ratelimit
def test_votes_are_rate_limited(client, world, settings):
    settings.CCHC_FEEDBACK_VOTE_RATE = "2/h"
    items = [published(world, title=f"Câu {n}") for n in range(3)]
    codes = [client.post(f"/hoi-dap/{i.code}/binh-chon/", {"binh-chon": "thich"}).status_code for i in items]
    assert codes == [302, 302, 429]
    assert Vote.objects.count() == 2


@pytest.mark.ratelimit
def test_failed_tracking_is_rate_limited(client, world, settings):
    settings.CCHC_TRACKING_FAIL_RATE = "2/h"
    item, secret = services.submit(data=question())
    for _ in range(2):
        assert client.post("/hoi-dap/theo-doi/", {"code": item.code, "secret": "SAI"}).status_code == 404
    assert client.post("/hoi-dap/theo-doi/", {"code": item.code, "secret": secret}).status_code == 429
