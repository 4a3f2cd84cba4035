"""The JSON API (cchc.api.api): submission, files, tracking, worklist, OpenAPI schema."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cchc.api.api import issue_token
from cchc.dossiers import services
from cchc.dossiers.models import Dossier, DossierDocument
from tests.dossiers import conftest as dossier_world
from tests.factories import RequiredDocumentFactory

pytestmark = pytest.mark.django_db

world = dossier_world.world
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"
APPLICANT = {
    "kind": "person",
    "name": "Nguyễn Văn An",
    "id_number": "060090001234",
    "phone": "0912345678",
    "email": "an@example.com",
}


def submit(client, **overrides):
    body = {"procedure_code": "1.001978", "applicant": APPLICANT, **overrides}
    return client.post("/api/dossiers", body, content_type="application/json")


def test_submit_returns_code_and_secret(client, world):
    response = submit(client)
    assert response.status_code == 201
    data = response.json()
    dossier = Dossier.objects.get(code=data["code"])
    assert services.check_secret(dossier, data["secret"])
    assert data["status"] == "submitted"


def test_submit_with_invalid_applicant_is_400_in_vietnamese(client, world):
    response = submit(client, applicant={**APPLICANT, "id_number": "123", "phone": "12"})
    assert response.status_code == 400
    data = response.json()
    assert data["detail"]
    assert "id_number" in data["errors"] and "phone" in data["errors"]
    assert Dossier.objects.count() == 0


def test_submit_unknown_procedure_is_404_and_malformed_body_400(client, world):
    assert submit(client, procedure_code="9.999999").status_code == 404
    response = client.post("/api/dossiers", {"applicant": {}}, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"] == "Dữ liệu gửi lên không hợp lệ."


def test_read_dossier_needs_the_secret(client, world):
    data = submit(client).json()
    url = f"/api/dossiers/{data['code']}"
    assert client.get(url).status_code == 401
    wrong = client.get(url, headers={"X-Tracking-Secret": "sai"})
    unknown = client.get("/api/dossiers/KHONG-CO", headers={"X-Tracking-Secret": data["secret"]})
    assert wrong.status_code == unknown.status_code == 403
    assert wrong.json() == unknown.json()
    response = client.get(url, headers={"X-Tracking-Secret": data["secret"]})
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "submitted"
    assert [e["action"] for e in body["timeline"]] == ["submit_online"]


def test_timeline_has_no_internal_note_or_staff(client, world):
    data = submit(client).json()
    counter = world.staff["counter"]
    dossier = Dossier.objects.get(code=data["code"])
    dossier = services.receive(actor=counter, dossier=dossier, revision=dossier.revision)
    services.hand_over(actor=counter, dossier=dossier, revision=dossier.revision, note="ghi chú nội bộ")
    response = client.get(f"/api/dossiers/{data['code']}", headers={"X-Tracking-Secret": data["secret"]})
    text = response.content.decode()
    assert "ghi chú nội bộ" not in text and "motcua" not in text
    assert [e["action"] for e in response.json()["timeline"]] == ["submit_online", "receive", "hand_over"]
    assert response.json()["due_at"]


def test_upload_document(client, world, settings):
    required = RequiredDocumentFactory(version=world.version, name="Tờ khai")
    data = submit(client).json()
    url = f"/api/dossiers/{data['code']}/documents"
    good = SimpleUploadedFile("to-khai.pdf", PDF)
    assert client.post(url, {"file": good}).status_code == 401
    good.seek(0)
    response = client.post(
        url, {"file": good, "required_document": required.pk}, headers={"X-Tracking-Secret": data["secret"]}
    )
    assert response.status_code == 201, response.content
    assert response.json()["mime"] == "application/pdf"
    assert DossierDocument.objects.get().required_document == required

    exe = SimpleUploadedFile("to-khai.pdf", b"MZ\x90\x00" + b"\x00" * 100)
    response = client.post(url, {"file": exe}, headers={"X-Tracking-Secret": data["secret"]})
    assert response.status_code == 400
    assert "không phải PDF" in response.json()["detail"]
    settings.CCHC_MAX_UPLOAD_BYTES = 10
    big = SimpleUploadedFile("to-khai.pdf", PDF)
    response = client.post(url, {"file": big}, headers={"X-Tracking-Secret": data["secret"]})
    assert response.status_code == 400
    assert DossierDocument.objects.count() == 1


def test_upload_refused_once_received(client, world):
    data = submit(client).json()
    dossier = Dossier.objects.get(code=data["code"])
    services.receive(actor=world.staff["counter"], dossier=dossier, revision=dossier.revision)
    response = client.post(
        f"/api/dossiers/{data['code']}/documents",
        {"file": SimpleUploadedFile("a.pdf", PDF)},
        headers={"X-Tracking-Secret": data["secret"]},
    )
    assert response.status_code == 400
    assert DossierDocument.objects.count() == 0


def test_worklist_for_the_callers_unit(client, world):
    assert client.get("/api/worklist").status_code == 401
    data = submit(client).json()
    dossier = Dossier.objects.get(code=data["code"])
    services.receive(actor=world.staff["counter"], dossier=dossier, revision=dossier.revision)

    client.force_login(world.staff["counter"])
    response = client.get("/api/worklist")
    assert response.status_code == 200
    assert [row["code"] for row in response.json()] == [data["code"]]
    assert response.json()[0]["procedure_code"] == "1.001978"

    from django.test import Client

    other = Client().get(
        "/api/worklist", headers={"Authorization": f"Bearer {issue_token(world.staff['specialist'])}"}
    )
    assert other.status_code == 200 and other.json() == []
    assert Client().get("/api/worklist", headers={"Authorization": "Bearer gia-mao"}).status_code == 401


def test_worklist_refuses_users_without_a_unit(client, world, django_user_model):
    user = django_user_model.objects.create_user("congdan", password="x")
    client.force_login(user)
    response = client.get("/api/worklist")
    assert response.status_code == 403
    assert response.json()["detail"]


@pytest.mark.ratelimit
def test_wrong_secrets_are_rate_limited(client, world, settings):
    settings.CCHC_TRACKING_FAIL_RATE = "2/h"
    data = submit(client).json()
    url = f"/api/dossiers/{data['code']}"
    for _ in range(2):
        assert client.get(url, headers={"X-Tracking-Secret": "sai"}).status_code == 403
    response = client.get(url, headers={"X-Tracking-Secret": data["secret"]})
    assert response.status_code == 429
    assert response.json()["detail"]


@pytest.mark.ratelimit
def test_submissions_are_rate_limited(client, world, settings):
    settings.CCHC_SUBMIT_RATE = "1/h"
    assert submit(client).status_code == 201
    response = submit(client)
    assert response.status_code == 429
    assert response.json()["detail"]
    assert Dossier.objects.count() == 1


def test_openapi_schema_lists_the_endpoints(client):
    schema = client.get("/api/openapi.json").json()
    paths = schema["paths"]
    assert "post" in paths["/api/dossiers"]
    assert "get" in paths["/api/dossiers/{code}"]
    assert "post" in paths["/api/dossiers/{code}/documents"]
    assert "get" in paths["/api/worklist"]
    assert "post" in paths["/api/token"]
    assert client.get("/api/docs").status_code == 200


def test_an_unknown_api_path_answers_json_not_a_page(client):
    response = client.get("/api/khong-co-duong-nay/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "Không có địa chỉ này trong API."}
