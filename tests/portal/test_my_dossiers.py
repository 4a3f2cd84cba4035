"""A citizen signed in through the national sign-on: "Hồ sơ của tôi" lists their dossiers by verified
personal ID whatever the door, with results to download and their questions; the online form is
pre-filled from the identity and ``vneid_verified`` is set only when the signed-in identity files for
itself."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from cchc.citizens.selectors import Identity
from cchc.dossiers import documents, services
from cchc.dossiers.models import Channel, Dossier, DossierDocument, Status
from cchc.feedback.models import Feedback
from tests.citizens.conftest import AN, sign_in_as
from tests.dossiers import conftest as dossier_world
from tests.factories import DossierFactory, checked_pdf
from tests.feedback.test_portal import form_data as feedback_form
from tests.portal import test_dossier_pages as pages
from tests.portal.test_dossier_pages import REVIEW, URL, form_data

pytestmark = pytest.mark.django_db

world = dossier_world.world
docs = pages.docs
OTHER = Identity(
    personal_id="036190004567",
    full_name="Trần Thị Bình",
    account_type="citizen",
    level="2",
    verified_at=timezone.now(),
)


def counter_dossier(world, id_number=AN["personal_id"], name=AN["full_name"]) -> Dossier:
    dossier, _secret = services.receive_at_counter(
        actor=world.staff["counter"],
        procedure_version=world.version,
        applicant=services.Applicant(kind="person", name=name, id_number=id_number, phone="0912345678"),
        paper_reason="Người nộp không dùng dịch vụ trực tuyến",
    )
    return dossier


def returned_with_result(world) -> tuple[Dossier, DossierDocument]:
    dossier = DossierFactory(
        procedure_version=world.version,
        id_number=AN["personal_id"],
        status=Status.RETURNED,
        channel=Channel.ONLINE,
        return_channel=Channel.ONLINE,
        submitted_at=timezone.now() - dt.timedelta(days=9),
        received_at=timezone.now() - dt.timedelta(days=9),
        outcome="approved",
    )
    documents.save_documents(
        dossier, [checked_pdf(name="quyet-dinh.pdf")], kind=DossierDocument.Kind.RESULT, user=None, written=[]
    )
    return dossier, dossier.documents.get(kind=DossierDocument.Kind.RESULT)


def test_without_a_sign_in_the_page_sends_to_the_national_sign_on(client):
    response = client.get("/ho-so-cua-toi/")
    assert response.status_code == 302 and response["Location"] == "/dang-nhap-vneid/?next=/ho-so-cua-toi/"


def test_my_dossiers_lists_every_door_by_personal_id_and_no_one_elses(client, world):
    mine = counter_dossier(world)
    online = DossierFactory(
        procedure_version=world.version,
        code="000.00.15.H10-TEST-0001",
        id_number=AN["personal_id"],
        channel=Channel.ONLINE,
        submitted_at=timezone.now(),
        status=Status.SUBMITTED,
    )
    theirs = counter_dossier(world, id_number=OTHER.personal_id, name=OTHER.full_name)
    sign_in_as(client)
    page = client.get("/ho-so-cua-toi/").content.decode()
    assert f'data-dossier="{mine.code}"' in page and f'data-dossier="{online.code}"' in page
    assert theirs.code not in page
    assert AN["personal_id"] in page and "Hồ sơ của tôi" in page


def test_the_owner_opens_their_dossier_and_downloads_the_result_without_the_secret(client, world):
    dossier, result = returned_with_result(world)
    sign_in_as(client)
    page = client.get("/ho-so-cua-toi/").content.decode()
    link = f"/tra-cuu/{dossier.code}/tep/{result.pk}/"
    assert link in page
    status = client.get(f"/tra-cuu/{dossier.code}/")
    assert status.status_code == 200 and link in status.content.decode()
    download = client.get(link)
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    assert dossier.events.filter(action="download_result", data__via="vneid").count() == 1


def test_another_signed_in_citizen_gets_no_access_to_the_dossier(client, world):
    dossier, result = returned_with_result(world)
    sign_in_as(client, OTHER)
    assert client.get(f"/tra-cuu/{dossier.code}/")["Location"] == "/tra-cuu/"
    assert client.get(f"/tra-cuu/{dossier.code}/tep/{result.pk}/").status_code == 403
    assert dossier.code not in client.get("/ho-so-cua-toi/").content.decode()
    # A lapsed sign-in is no sign-in.
    lapsed = Client()
    sign_in_as(lapsed, seconds=-1)
    assert lapsed.get(f"/tra-cuu/{dossier.code}/tep/{result.pk}/").status_code == 403


def test_the_online_form_is_prefilled_and_the_identity_cannot_be_changed(client, world, docs):
    sign_in_as(client)
    page = client.get(URL).content.decode()
    assert f'value="{AN["personal_id"]}"' in page and f'value="{AN["full_name"]}"' in page
    assert page.count("readonly") >= 2
    filled = client.post(URL, form_data(docs, id_number="060090001234", name="Người Khác"))
    assert filled.status_code == 302
    client.post(REVIEW, {"declaration": "on"})
    dossier = Dossier.objects.get()
    assert (dossier.id_number, dossier.applicant_name) == (AN["personal_id"], AN["full_name"])
    assert dossier.vneid_verified is True


def test_without_a_sign_in_the_same_personal_id_is_not_verified(client, world, docs):
    client.post(URL, form_data(docs, id_number=AN["personal_id"]))
    client.post(REVIEW, {"declaration": "on"})
    assert Dossier.objects.get().vneid_verified is False


def test_the_service_verifies_only_the_identitys_own_personal_id(world):
    applicant = services.Applicant(
        kind="person", name="Nguyễn Văn An", id_number=AN["personal_id"], phone="0912345678"
    )
    own, _ = services.submit_online(
        procedure_version=world.version, applicant=applicant, identity=sign_in_as(Client())
    )
    for_someone_else, _ = services.submit_online(
        procedure_version=world.version, applicant=applicant, identity=OTHER
    )
    anonymous, _ = services.submit_online(procedure_version=world.version, applicant=applicant)
    assert (own.vneid_verified, for_someone_else.vneid_verified, anonymous.vneid_verified) == (
        True,
        False,
        False,
    )


def test_questions_sent_signed_in_show_under_my_dossiers(client, world):
    sign_in_as(client)
    assert client.post("/hoi-dap/gui/", feedback_form(client, title="Câu hỏi của tôi")).status_code == 302
    anonymous = Client()
    assert (
        anonymous.post("/hoi-dap/gui/", feedback_form(anonymous, title="Câu hỏi ẩn danh")).status_code == 302
    )
    assert dict(Feedback.objects.values_list("title", "asker_personal_id")) == {
        "Câu hỏi của tôi": AN["personal_id"],
        "Câu hỏi ẩn danh": "",
    }
    page = client.get("/ho-so-cua-toi/").content.decode()
    assert "Câu hỏi của tôi" in page and "Câu hỏi ẩn danh" not in page


def test_an_anonymous_page_never_reads_the_session(client, world, settings):
    """The header asks for the signed-in citizen only when the browser sent a session cookie, so the
    public cache still serves anonymous visitors."""
    first = client.get("/thu-tuc/")
    second = client.get("/thu-tuc/")
    assert first.status_code == second.status_code == 200
    assert second["X-Public-Cache"] == "hit"
