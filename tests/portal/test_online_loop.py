"""The online loop closes: files kept across errors, drafts, supplements during processing, the receipt
and the labelled result reaching the applicant through the notices' signed links."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from cchc.dossiers import documents, drafts, links, services
from cchc.dossiers.models import Channel, Dossier, DossierDocument, DraftFile, Status, SubmissionDraft
from cchc.notifications.models import Outbox
from cchc.notifications.services import SMS_MAX
from tests.dossiers import conftest as dossier_world
from tests.factories import RequiredDocumentFactory, checked_pdf, pdf_upload
from tests.portal.test_dossier_pages import REVIEW, URL, form_data, stored_files

pytestmark = pytest.mark.django_db

world = dossier_world.world


@pytest.fixture
def docs(world):
    required = RequiredDocumentFactory(
        version=world.version, order=1, name="Đề nghị hưởng trợ cấp thất nghiệp"
    )
    other = RequiredDocumentFactory(version=world.version, order=2, name="Sổ bảo hiểm xã hội")
    optional = RequiredDocumentFactory(version=world.version, order=3, name="Giấy ủy quyền", optional=True)
    return required, other, optional


def full_form(docs, **overrides):
    required, other, _ = docs
    return form_data(
        (required, None),
        **{f"tep_{other.pk}": pdf_upload("so-bhxh.pdf")},
        **overrides,
    )


def link_in(body: str) -> str:
    """The path of the signed link in a notice's body."""
    return re.search(r"https?://[^/\s]+(/\S*?/ho-so/lien-ket/[^/\s]+/|/ho-so/lien-ket/[^/\s]+/)", body).group(
        1
    )


# --- one error keeps the files -----------------------------------------------------------------------


def test_a_validation_error_keeps_the_files_already_accepted(client, docs, settings):
    required, other, _ = docs
    response = client.post(URL, full_form(docs, id_number="123"))
    assert response.status_code == 400
    body = response.content.decode()
    # Error summary at the top, each message linking to its field; the good files are kept.
    summary = body[body.index('id="tom-tat-loi"') : body.index("</ul>", body.index('id="tom-tat-loi"'))]
    assert 'href="#id_id_number"' in summary
    assert "không cần chọn lại" in body
    assert "de-nghi.pdf" in body and "so-bhxh.pdf" in body
    assert DraftFile.objects.count() == 2 and Dossier.objects.count() == 0
    # Fixing only the ID number, with no file chosen again, goes through.
    fixed = {k: v for k, v in full_form(docs).items() if not k.startswith("tep_")}
    assert client.post(URL, fixed)["Location"].endswith(REVIEW)
    client.post(REVIEW, {"declaration": "on"})
    dossier = Dossier.objects.get()
    assert set(dossier.documents.values_list("required_document", flat=True)) == {required.pk, other.pk}
    assert DraftFile.objects.count() == 0 and len(stored_files(settings)) == 2


def test_a_new_file_replaces_the_drafts_earlier_one(client, docs, settings):
    required, _other, _ = docs
    client.post(URL, full_form(docs, id_number="123"))
    client.post(URL, full_form(docs, id_number="123", **{f"tep_{required.pk}": pdf_upload("ban-moi.pdf")}))
    assert sorted(DraftFile.objects.values_list("original_name", flat=True)) == ["ban-moi.pdf", "so-bhxh.pdf"]
    assert len(stored_files(settings)) == 2  # the replaced file is deleted


# --- drafts ----------------------------------------------------------------------------------------


def test_save_for_later_sends_a_resume_link_that_works_in_another_browser(client, docs):
    response = client.post(URL, {**full_form(docs), "hanh-dong": "luu"})
    assert response.status_code == 200 and "Đã lưu bản khai" in response.content.decode()
    draft = SubmissionDraft.objects.get()
    assert draft.saved and draft.expires_at > timezone.now() + dt.timedelta(days=29)
    mail = Outbox.objects.get(kind=Outbox.Kind.EMAIL, recipient="an@example.com")
    path = re.search(r"(/ho-so/tiep-tuc-khai/[^/\s]+/)", mail.body).group(1)
    sms = Outbox.objects.get(kind=Outbox.Kind.SMS)
    assert path in sms.body

    other = Client()
    assert other.get(path)["Location"].endswith(URL)
    form = other.get(URL).content.decode()
    assert "Nguyễn Văn An" in form and "so-bhxh.pdf" in form and "Đang tiếp tục bản khai" in form
    assert (
        other.post(URL, {k: v for k, v in full_form(docs).items() if not k.startswith("tep_")}).status_code
        == 302
    )
    assert other.post(REVIEW, {"declaration": "on"}, follow=True).status_code == 200
    assert Dossier.objects.count() == 1
    # The link of a submitted draft says so instead of opening a form.
    assert Client().get(path).status_code == 409


def test_a_draft_can_be_discarded_and_expired_ones_are_purged(client, docs, settings):
    client.post(URL, full_form(docs, id_number="123"))
    assert DraftFile.objects.count() == 2
    client.post(URL + "khai-lai/")
    assert SubmissionDraft.objects.count() == 0 and stored_files(settings) == []

    client.post(URL, full_form(docs, id_number="123"))
    kept, _key = drafts.create(docs[0].version)
    SubmissionDraft.objects.exclude(pk=kept.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    call_command("purge_drafts")
    assert list(SubmissionDraft.objects.all()) == [kept]
    assert stored_files(settings) == []


# --- supplements ------------------------------------------------------------------------------------


def received(world, **applicant) -> tuple[Dossier, str]:
    dossier, secret = services.submit_online(
        procedure_version=world.version, applicant=dossier_world.person(**applicant)
    )
    counter = world.staff["counter"]
    dossier = services.receive(actor=counter, dossier=dossier, revision=dossier.revision)
    dossier = services.hand_over(actor=counter, dossier=dossier, revision=dossier.revision)
    return dossier, secret


def test_supplement_during_processing_online_through_the_notices_link(world, docs, settings):
    required, _other, _ = docs
    dossier, _secret = received(world)
    documents.save_documents(dossier, [checked_pdf(required, "de-nghi-cu.pdf")])
    dossier = services.request_supplement(
        actor=world.staff["specialist"],
        dossier=dossier,
        revision=dossier.revision,
        items="Nộp lại đơn đề nghị có chữ ký.",
    )
    due_before = dossier.due_at
    mail = Outbox.objects.filter(dossier=dossier, kind=Outbox.Kind.EMAIL).latest("id")
    assert "Nộp lại đơn đề nghị có chữ ký." in mail.body
    path = link_in(mail.body)
    applicant = Client()
    page = applicant.get(path, follow=True)
    assert page.redirect_chain[-1][0].endswith(f"/tra-cuu/{dossier.code}/bo-sung/")
    assert "Nộp lại đơn đề nghị có chữ ký." in page.content.decode()

    response = applicant.post(
        f"/tra-cuu/{dossier.code}/bo-sung/",
        {"note": "Đơn đã ký", f"tep_{required.pk}": pdf_upload("de-nghi-moi.pdf")},
        follow=True,
    )
    assert "Đã nộp bổ sung hồ sơ" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == Status.IN_PROCESS and dossier.paused_since is None
    assert dossier.due_at >= due_before  # the clock resumed: the pause moved the appointment
    new = DossierDocument.objects.get(original_name="de-nghi-moi.pdf")
    assert new.round == 1
    assert DossierDocument.objects.filter(original_name="de-nghi-cu.pdf").exists()  # the earlier one kept
    event = dossier.events.latest("seq")
    assert (event.action, event.data["round"]) == ("supplement_online", 1)
    status = applicant.get(f"/tra-cuu/{dossier.code}/").content.decode()
    assert "Bổ sung lần 1" in status and "bản trước, đã được thay" in status
    assert "Lần bổ sung thứ 1, 1 tệp" in status


def test_an_empty_supplement_is_refused_and_changes_nothing(world, docs):
    dossier, secret = received(world)
    dossier = services.request_supplement(
        actor=world.staff["specialist"], dossier=dossier, revision=dossier.revision, items="Bổ sung."
    )
    client = Client()
    client.post("/tra-cuu/", {"code": dossier.code, "last4": "5678"})
    client.post(f"/tra-cuu/{dossier.code}/", {"secret": secret})
    response = client.post(f"/tra-cuu/{dossier.code}/bo-sung/", {"note": ""})
    assert response.status_code == 400 and "ít nhất một tệp" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == Status.WAITING_SUPPLEMENT


# --- receipt and result -----------------------------------------------------------------------------


def test_the_acceptance_notice_links_to_the_receipt(world):
    dossier, _ = received(world)
    mail = Outbox.objects.filter(
        dossier=dossier, kind=Outbox.Kind.EMAIL, subject__startswith="Đã tiếp nhận"
    ).get()
    assert "Hẹn trả kết quả" in mail.body
    response = Client().get(link_in(mail.body), follow=True)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def finish(world, dossier, **return_kwargs):
    s = world.staff
    dossier = services.hand_over(actor=s["specialist"], dossier=dossier, revision=dossier.revision)
    dossier = services.hand_over(actor=s["head"], dossier=dossier, revision=dossier.revision)
    dossier = services.take_back(actor=s["head"], dossier=dossier, revision=dossier.revision)
    dossier = services.approve(actor=s["director"], dossier=dossier, revision=dossier.revision)
    return documents.return_with_result(
        actor=s["counter"], dossier=dossier, revision=dossier.revision, **return_kwargs
    )


def test_the_labelled_result_reaches_the_applicant_by_the_notices_link(world, settings):
    dossier, secret = received(world)
    dossier = finish(world, dossier, title="Quyết định hưởng trợ cấp thất nghiệp", checked=[checked_pdf()])
    mail = Outbox.objects.filter(dossier=dossier, kind=Outbox.Kind.EMAIL).latest("id")
    assert mail.subject == f"Kết quả giải quyết hồ sơ {dossier.code}"
    assert secret not in mail.body and all(secret not in m.body for m in Outbox.objects.all())
    token = link_in(mail.body).rstrip("/").rsplit("/", 1)[1]
    assert links.read(token) == (dossier.pk, links.RESULT)

    applicant = Client()
    page = applicant.get(link_in(mail.body), follow=True)
    body = page.content.decode()
    assert page.redirect_chain[-1][0].endswith(f"/tra-cuu/{dossier.code}/#ket-qua")
    result = DossierDocument.objects.get(dossier=dossier, kind="result")
    name = f"Quyết định hưởng trợ cấp thất nghiệp — {dossier.code}.pdf"
    assert name in body
    download = applicant.get(f"/tra-cuu/{dossier.code}/tep/{result.pk}/")
    assert download.status_code == 200
    assert "filename*=utf-8''Quy%E1%BA%BFt" in download["Content-Disposition"]
    event = dossier.events.latest("seq")
    assert (event.action, event.data["via"], event.public) == ("download_result", "link", True)
    assert "Người nộp đã tải kết quả điện tử" in applicant.get(f"/tra-cuu/{dossier.code}/").content.decode()


def test_a_paper_results_notice_says_where_and_from_when(world):
    dossier, _ = received(world)
    Dossier.objects.filter(pk=dossier.pk).update(return_channel=Channel.COUNTER)
    world.counter.address = "Số 1 Nguyễn Tất Thành, Phan Thiết"
    world.counter.save()
    s = world.staff
    dossier.refresh_from_db()
    dossier = services.hand_over(actor=s["specialist"], dossier=dossier, revision=dossier.revision)
    dossier = services.hand_over(actor=s["head"], dossier=dossier, revision=dossier.revision)
    dossier = services.take_back(actor=s["head"], dossier=dossier, revision=dossier.revision)
    # A Friday evening after office hours, later than the receipt whenever the test runs.
    at = timezone.make_aware(dt.datetime(2036, 3, 7, 18, 0))
    dossier = services.approve(actor=s["director"], dossier=dossier, revision=dossier.revision, at=at)
    mail = Outbox.objects.filter(dossier=dossier, kind=Outbox.Kind.EMAIL).latest("id")
    assert "Bộ phận Một cửa" in mail.body and "Số 1 Nguyễn Tất Thành" in mail.body
    assert "từ 07:30 ngày 10/03/2036" in mail.body  # Friday evening → Monday's office opening
    # Returned at the counter: the survey link comes with it.
    dossier = services.return_result(actor=s["counter"], dossier=dossier, revision=dossier.revision)
    assert "/khao-sat/" in Outbox.objects.filter(dossier=dossier, kind=Outbox.Kind.EMAIL).latest("id").body


def test_an_expired_or_forged_link_explains_what_to_do(world, settings):
    dossier, _ = received(world)
    token = links.token_for(dossier, links.STATUS)
    assert Client().get(f"/ho-so/lien-ket/{token}x/").status_code == 400
    settings.CCHC_NOTICE_LINK_MAX_AGE = -1
    response = Client().get(f"/ho-so/lien-ket/{token}/")
    assert response.status_code == 400 and "hết hạn" in response.content.decode()


# --- notices ----------------------------------------------------------------------------------------


ENGLISH = re.compile(
    r"\b(dossier|received|result|supplement|submitted|in_process|result_ready|returned)\b", re.I
)


def _text(message: Outbox) -> str:
    return re.sub(r"https?://\S+", "", f"{message.subject} {message.body}")


def test_every_notice_is_in_the_applicants_language_with_a_link(world, docs):
    dossier, _ = received(world)
    services.request_supplement(
        actor=world.staff["specialist"], dossier=dossier, revision=dossier.revision, items="Bổ sung sổ BHXH."
    )
    vietnamese = list(Outbox.objects.filter(dossier=dossier, kind=Outbox.Kind.EMAIL))
    assert len(vietnamese) == 3
    for message in vietnamese:
        assert not ENGLISH.search(_text(message)), message.body
        assert "/ho-so/lien-ket/" in message.body

    english = Client()
    english.post("/en" + URL, full_form(docs))
    english.post("/en" + REVIEW, {"declaration": "on"})
    dossier = Dossier.objects.exclude(pk=dossier.pk).get()
    assert dossier.language == "en"
    services.receive(actor=world.staff["counter"], dossier=dossier, revision=dossier.revision)
    bodies = [m.body for m in Outbox.objects.filter(dossier=dossier, kind=Outbox.Kind.EMAIL)]
    assert "/en/ho-so/lien-ket/" in bodies[-1]
    assert "Appointment" in bodies[-1] or "result" in bodies[-1].lower()


def test_an_sms_keeps_its_link_when_the_text_is_long(world):
    long_items = "Bổ sung " + "giấy tờ rất dài " * 60
    dossier, _ = received(world)
    services.request_supplement(
        actor=world.staff["specialist"], dossier=dossier, revision=dossier.revision, items=long_items
    )
    sms = Outbox.objects.filter(dossier=dossier, kind=Outbox.Kind.SMS).latest("id")
    assert len(sms.body) <= SMS_MAX
    assert re.search(r"/ho-so/lien-ket/[^/\s]+/$", sms.body)
