"""Online submission, public tracking and amending on the portal (cchc.dossiers.views_portal)."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cchc.dossiers import services
from cchc.dossiers.models import Dossier, DossierDocument, Status
from cchc.notifications.models import Outbox
from tests.dossiers import conftest as dossier_world
from tests.factories import RequiredDocumentFactory

pytestmark = pytest.mark.django_db

world = dossier_world.world
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"
URL = "/thu-tuc/1.001978/nop-truc-tuyen/"


@pytest.fixture
def docs(world):
    required = RequiredDocumentFactory(
        version=world.version, order=1, name="Đề nghị hưởng trợ cấp thất nghiệp"
    )
    optional = RequiredDocumentFactory(version=world.version, order=2, name="Giấy ủy quyền", optional=True)
    return required, optional


def pdf(name="de-nghi.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def form_data(docs, **overrides):
    required, _optional = docs
    data = {
        "kind": "person",
        "name": "Nguyễn Văn An",
        "id_number": "060090001234",
        "phone": "0912345678",
        "email": "an@example.com",
        "address": "Phan Thiết, Lâm Đồng",
        "return_channel": "2",
        f"tep_{required.pk}": pdf(),
    }
    data.update(overrides)
    return data


REVIEW = URL + "kiem-tra/"


def submit_online(client, docs, **overrides):
    """Fill in the form, then declare on the review page: the response of the final submit."""
    filled = client.post(URL, form_data(docs, **overrides))
    assert filled.status_code == 302 and filled["Location"].endswith(REVIEW), filled.content.decode()[:2000]
    return client.post(REVIEW, {"declaration": "on"}, follow=True)


def stored_files(settings) -> list:
    root = settings.MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_form_lists_required_documents_with_labels(client, docs):
    body = client.get(URL).content.decode()
    required, optional = docs
    assert "Giấy ủy quyền" in body and f'name="tep_{optional.pk}"' in body
    assert "Đề nghị hưởng trợ cấp thất nghiệp" in body
    assert f'for="id_tep_{required.pk}"' in body
    assert 'name="csrfmiddlewaretoken"' in body
    assert "Lưu để nộp sau" in body


def test_online_submission_happy_path(client, docs, settings):
    filled = client.post(URL, form_data(docs))
    assert filled.status_code == 302
    assert Dossier.objects.count() == 0  # nothing is submitted before the review and declaration
    review = client.get(REVIEW).content.decode()
    assert "Nguyễn Văn An" in review and "060090001234" in review and "de-nghi.pdf" in review
    assert "Tôi xin cam đoan" in review
    undeclared = client.post(REVIEW, {})
    assert undeclared.status_code == 400 and "Đánh dấu ô cam đoan" in undeclared.content.decode()
    assert Dossier.objects.count() == 0

    response = client.post(REVIEW, {"declaration": "on"}, follow=True)
    assert response.status_code == 200
    dossier = Dossier.objects.get()
    assert dossier.status == Status.SUBMITTED
    body = response.content.decode()
    assert dossier.code in body
    secret = re.search(r'id="ma-bi-mat"[^>]*>([^<]+)<', body).group(1)
    assert services.check_secret(dossier, secret)
    assert "Thông báo xác nhận đã được gửi" in body
    doc = DossierDocument.objects.get()
    assert doc.dossier == dossier and doc.required_document == docs[0]
    assert doc.mime == "application/pdf" and doc.size == len(PDF)
    assert len(stored_files(settings)) == 1  # the draft's file became the dossier's, not a copy
    assert Outbox.objects.filter(dossier=dossier).exists()
    # The applicant's session may download the file; another browser may not.
    url = f"/tra-cuu/{dossier.code}/tep/{doc.pk}/"
    download = client.get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    from django.test import Client

    assert Client().get(url).status_code in (302, 403)


def test_invalid_id_and_phone_show_errors_and_create_nothing(client, docs, settings):
    response = client.post(URL, form_data(docs, id_number="123", phone="12345"))
    assert response.status_code == 400
    body = response.content.decode()
    assert 'id="tom-tat-loi"' in body
    assert 'href="#id_id_number"' in body and 'href="#id_phone"' in body
    assert 'id="id_id_number_error"' in body
    assert 'id="id_phone_error"' in body
    assert Dossier.objects.count() == 0
    assert DossierDocument.objects.count() == 0


def test_exe_renamed_pdf_is_refused(client, docs, settings):
    required, _ = docs
    data = form_data(docs, **{f"tep_{required.pk}": pdf("don.pdf", b"MZ\x90\x00" + b"\x00" * 200)})
    response = client.post(URL, data)
    body = response.content.decode()
    assert f'id="id_tep_{required.pk}_error"' in body
    assert "không phải PDF, JPEG, PNG, DOCX hoặc XLSX" in body
    assert Dossier.objects.count() == 0
    assert DossierDocument.objects.count() == 0
    assert stored_files(settings) == []


def test_oversized_file_is_refused(client, docs, settings):
    settings.CCHC_MAX_UPLOAD_BYTES = 10
    response = client.post(URL, form_data(docs))
    assert "vượt giới hạn" in response.content.decode()
    assert Dossier.objects.count() == 0
    assert stored_files(settings) == []


def test_missing_required_file_and_every_error_at_once(client, docs):
    required, _ = docs
    data = form_data(docs, name="", email="", phone="")
    data.pop(f"tep_{required.pk}")
    body = client.post(URL, data).content.decode()
    assert 'id="id_name_error"' in body
    assert 'id="id_phone_error"' in body
    assert f'id="id_tep_{required.pk}_error"' in body
    assert Dossier.objects.count() == 0


def test_double_submission_creates_one_dossier(client, docs, settings):
    first = submit_online(client, docs)
    assert first.status_code == 200
    second = client.post(REVIEW, {"declaration": "on"})
    assert second.status_code == 409
    body = second.content.decode()
    assert "đã được nộp" in body
    assert Dossier.objects.get().code in body
    assert Dossier.objects.count() == 1
    assert DossierDocument.objects.count() == 1
    assert len(stored_files(settings)) == 1


def test_review_without_a_draft_goes_back_to_the_form(client, docs):
    response = client.get(REVIEW)
    assert response.status_code == 302 and response["Location"].endswith(URL)
    assert client.post(REVIEW, {"declaration": "on"}).status_code == 302
    assert Dossier.objects.count() == 0


def test_paper_only_procedure_has_no_online_form(client, world):
    code = world.paper_version.procedure.code
    response = client.get(f"/thu-tuc/{code}/nop-truc-tuyen/")
    assert response.status_code == 404
    assert "chưa cung cấp dịch vụ công trực tuyến" in response.content.decode()


def test_english_version_of_the_form(client, docs):
    assert client.get("/en" + URL).status_code == 200
    assert client.get("/en/tra-cuu/").status_code == 200


# --- tracking ---------------------------------------------------------------------------------------


def submitted(world, **applicant):
    return services.submit_online(
        procedure_version=world.version, applicant=dossier_world.person(**applicant)
    )


def test_tracking_with_right_code_and_digits(client, world):
    dossier, _ = submitted(world)
    response = client.post("/tra-cuu/", {"code": dossier.code, "last4": "5678"}, follow=True)
    body = response.content.decode()
    assert response.status_code == 200
    assert dossier.code in body
    assert "Đã nộp trực tuyến, chờ kiểm tra" in body
    assert "Nộp hồ sơ trực tuyến" in body
    # ID number digits work too; lower-case code too.
    assert client.post("/tra-cuu/", {"code": dossier.code.lower(), "last4": "1234"}).status_code == 302


def test_wrong_code_and_wrong_digits_get_the_same_message(client, world):
    dossier, _ = submitted(world)
    wrong_digits = client.post("/tra-cuu/", {"code": dossier.code, "last4": "0000"})
    wrong_code = client.post("/tra-cuu/", {"code": dossier.code[:-1] + "9", "last4": "5678"})
    assert wrong_digits.status_code == wrong_code.status_code == 404

    def message(response):
        return re.search(r'id="khong-tim-thay">([^<]+)<', response.content.decode()).group(1)

    assert message(wrong_digits) == message(wrong_code)
    # Without a successful lookup the status page is not shown.
    assert client.get(f"/tra-cuu/{dossier.code}/").status_code == 302


def test_timeline_hides_staff_and_internal_notes(client, world):
    dossier, _ = submitted(world)
    counter = world.staff["counter"]
    counter.staff.full_name = "Trần Thị Cán Bộ"
    counter.staff.save()
    dossier = services.receive(actor=counter, dossier=dossier, revision=dossier.revision)
    dossier = services.hand_over(
        actor=counter, dossier=dossier, revision=dossier.revision, note="ghi chú nội bộ"
    )
    client.post("/tra-cuu/", {"code": dossier.code, "last4": "5678"})
    body = client.get(f"/tra-cuu/{dossier.code}/").content.decode()
    assert "Tiếp nhận hồ sơ" in body
    assert "Chuyển xử lý" in body
    assert "ghi chú nội bộ" not in body
    assert "Thị Cán Bộ" not in body
    assert "motcua" not in body
    assert "Hẹn trả kết quả" in body


def test_supplement_request_is_shown_and_the_applicant_amends(client, world, docs):
    dossier, secret = submitted(world)
    dossier = services.request_intake_supplement(
        actor=world.staff["counter"],
        dossier=dossier,
        revision=dossier.revision,
        items="Bổ sung bản sao quyết định chấm dứt hợp đồng lao động.",
    )
    client.post("/tra-cuu/", {"code": dossier.code, "last4": "5678"})
    body = client.get(f"/tra-cuu/{dossier.code}/").content.decode()
    assert "Bổ sung bản sao quyết định chấm dứt hợp đồng lao động." in body
    assert f"/tra-cuu/{dossier.code}/bo-sung/" in body

    amend = f"/tra-cuu/{dossier.code}/bo-sung/"
    # Without the secret (or a notice's link) the supplement page sends back to the status page.
    assert client.get(amend).status_code == 302
    wrong = client.post(f"/tra-cuu/{dossier.code}/", {"secret": "sai"})
    assert "Mã bí mật không đúng." in wrong.content.decode()
    client.post(f"/tra-cuu/{dossier.code}/", {"secret": secret})
    dossier.refresh_from_db()
    assert dossier.status == Status.SUPPLEMENT_REQUESTED

    files = {f"tep_{docs[1].pk}": pdf("uy-quyen.pdf")}
    response = client.post(amend, {"note": "Đã bổ sung", **files}, follow=True)
    assert "Đã nộp bổ sung hồ sơ" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == Status.SUBMITTED
    doc = DossierDocument.objects.get()
    assert (doc.required_document, doc.round) == (docs[1], 1)


def test_apology_shows_new_date_and_reason(client, world):
    import datetime as dt

    dossier, _ = submitted(world)
    counter = world.staff["counter"]
    dossier = services.receive(actor=counter, dossier=dossier, revision=dossier.revision)
    dossier = services.hand_over(actor=counter, dossier=dossier, revision=dossier.revision)
    dossier = services.apologise(
        actor=world.staff["head"],
        dossier=dossier,
        revision=dossier.revision,
        reason="Cần xác minh thêm với cơ quan bảo hiểm.",
        new_due_at=dossier.due_at + dt.timedelta(days=3),
    )
    client.post("/tra-cuu/", {"code": dossier.code, "last4": "5678"})
    body = client.get(f"/tra-cuu/{dossier.code}/").content.decode()
    assert "Hẹn trả lại (sau thư xin lỗi)" in body
    assert "Cần xác minh thêm với cơ quan bảo hiểm." in body


def test_secret_unlocks_the_files_on_the_status_page(client, world):
    dossier, secret = submitted(world)
    client.post("/tra-cuu/", {"code": dossier.code, "last4": "5678"})
    assert "Nhập mã bí mật tra cứu để xem" in client.get(f"/tra-cuu/{dossier.code}/").content.decode()
    response = client.post(f"/tra-cuu/{dossier.code}/", {"secret": "sai"})
    assert "Mã bí mật không đúng." in response.content.decode()
    response = client.post(f"/tra-cuu/{dossier.code}/", {"secret": secret}, follow=True)
    assert "Chưa có tệp nào." in response.content.decode()


# --- rate limits ------------------------------------------------------------------------------------


@pytest.mark.ratelimit
def test_failed_lookups_are_rate_limited(client, world, settings):
    settings.CCHC_TRACKING_FAIL_RATE = "2/h"
    dossier, _ = submitted(world)
    for _ in range(2):
        assert client.post("/tra-cuu/", {"code": dossier.code, "last4": "0000"}).status_code == 404
    # Even the right digits are refused now.
    assert client.post("/tra-cuu/", {"code": dossier.code, "last4": "5678"}).status_code == 429


@pytest.mark.ratelimit
def test_submission_posts_are_rate_limited(client, docs, settings):
    settings.CCHC_SUBMIT_RATE = "1/h"
    settings.CCHC_DRAFT_RATE = "3/h"
    assert submit_online(client, docs).status_code == 200
    client.post(URL, form_data(docs))  # a second form (a new draft: the first one was submitted)
    assert client.post(REVIEW, {"declaration": "on"}).status_code == 429
    assert client.post(URL, form_data(docs)).status_code == 302
    assert client.post(URL, form_data(docs)).status_code == 429
    assert Dossier.objects.count() == 1
