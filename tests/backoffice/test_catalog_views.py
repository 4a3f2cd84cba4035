"""The admin catalog import screen and the export download."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cchc.org import roles
from cchc.org.models import Unit
from cchc.procedures import catalog_io
from cchc.procedures.models import Procedure, ProcedureVersion
from tests.factories import (
    ProcedureVersionFactory,
    ProcessStepFactory,
    RequiredDocumentFactory,
    StaffFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

URL = "/quan-tri/nhap-danh-muc/"


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(username="quantri", is_staff=True, is_superuser=True))
    return client


def catalog_json() -> bytes:
    version = ProcedureVersionFactory(name="Đăng ký thất nghiệp – Lao động")
    RequiredDocumentFactory(version=version, order=1)
    ProcessStepFactory(version=version, order=1)
    content = catalog_io.dump_json(catalog_io.export_catalog())
    Procedure.objects.all().delete()
    return content


def test_route_names():
    assert reverse("backoffice:catalog_import") == URL
    assert reverse("backoffice:catalog_export") == "/quan-tri/xuat-danh-muc/"


def test_form_is_shown_in_admin_layout(superuser_client):
    response = superuser_client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nhập danh mục thủ tục hành chính" in page
    assert 'id="site-name"' in page  # the admin header from admin/base_site.html
    assert 'name="dry_run"' in page


def test_upload_imports_and_shows_counts(superuser_client):
    content = catalog_json()
    upload = SimpleUploadedFile("danh-muc.json", content, content_type="application/json")
    response = superuser_client.post(URL, {"file": upload})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Đã nhập danh mục." in page
    assert 'class="count-versions"><td>Phiên bản thủ tục</td><td>1</td><td>0</td>' in page
    assert ProcedureVersion.objects.filter(name="Đăng ký thất nghiệp – Lao động").exists()


def test_dry_run_upload_writes_nothing(superuser_client):
    content = catalog_json()
    upload = SimpleUploadedFile("danh-muc.json", content)
    response = superuser_client.post(URL, {"file": upload, "dry_run": "on"})
    assert "Chạy thử thành công" in response.content.decode()
    assert not ProcedureVersion.objects.exists()


def test_bad_rows_show_every_error_and_import_nothing(superuser_client):
    data = json.loads(catalog_json())
    version = data["procedures"][0]["versions"][0]
    version["processing_time"] = "-1"
    version["agency"] = "999.99.99.H99"
    upload = SimpleUploadedFile("danh-muc.json", json.dumps(data).encode())
    response = superuser_client.post(URL, {"file": upload})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Có 2 lỗi; chưa nhập dữ liệu nào." in page
    assert "Thời hạn giải quyết phải lớn hơn 0" in page
    assert "Không có cơ quan mã &#x27;999.99.99.H99&#x27;." in page
    assert not ProcedureVersion.objects.exists()


def test_not_an_excel_file(superuser_client):
    upload = SimpleUploadedFile("danh-muc.xlsx", b"%PDF-1.4 not a workbook")
    response = superuser_client.post(URL, {"file": upload})
    assert response.status_code == 400
    assert "Tệp không phải là tệp Excel (.xlsx) hợp lệ." in response.content.decode()


def test_oversized_upload(superuser_client, settings):
    settings.CCHC_MAX_IMPORT_BYTES = 10
    upload = SimpleUploadedFile("danh-muc.json", b"{" + b" " * 100 + b"}")
    response = superuser_client.post(URL, {"file": upload})
    assert response.status_code == 400
    assert "Tệp quá lớn" in response.content.decode()


def test_specialist_is_refused(client):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get_or_create(name=roles.SPECIALIST)[0])
    client.force_login(user)
    assert client.get(URL).status_code == 403


def test_anonymous_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/quan-tri/login/" in response["Location"]


def _office_role_holder(unit_kind):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get_or_create(name=roles.OFFICE)[0])
    StaffFactory(user=user, unit__kind=unit_kind)
    return user


def test_office_member_may_import(client):
    client.force_login(_office_role_holder(Unit.Kind.OFFICE))
    assert client.get(URL).status_code == 200


def test_the_office_role_in_a_division_may_not_import(client):
    """Decision 0003: the Office role counts only for staff of the Office."""
    client.force_login(_office_role_holder(Unit.Kind.DIVISION))
    assert client.get(URL).status_code == 403


def test_export_download(superuser_client):
    ProcedureVersionFactory(name="Thủ tục xuất")
    response = superuser_client.get("/quan-tri/xuat-danh-muc/", {"format": "json"})
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert json.loads(response.content)["procedures"][0]["versions"][0]["name"] == "Thủ tục xuất"
    response = superuser_client.get("/quan-tri/xuat-danh-muc/", {"format": "xlsx"})
    assert response.content[:2] == b"PK"
    assert superuser_client.get("/quan-tri/xuat-danh-muc/", {"format": "csv"}).status_code == 400
