"""Staff screens: a draft through the form (errors shown, nothing saved), publish, withdraw."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cchc.disclosure.models import Publication, Status
from tests.disclosure.conftest import PDF, make

pytestmark = pytest.mark.django_db


def _post(client, **extra):
    data = {
        "kind": "legal",
        "title": "Thông tư hướng dẫn trợ cấp thất nghiệp",
        "number": "15/2023/TT-BLĐTBXH",
        "issuer": "Bộ Lao động – Thương binh và Xã hội",
        "issued_on": "2025-08-29",
        "effective_on": "2025-10-15",
        "file": SimpleUploadedFile("tt-15.pdf", PDF, content_type="application/pdf"),
    }
    data.update(extra)
    return client.post(reverse("backoffice:disclosure_staff:new"), data)


def test_office_creates_publishes_and_withdraws(client, world):
    client.force_login(world.office)
    response = _post(client, unit=world.social.pk)
    item = Publication.objects.get()
    assert response.status_code == 302 and item.unit == world.social and item.file_name == "tt-15.pdf"
    client.post(
        reverse("backoffice:disclosure_staff:publish", args=[item.pk]), {"published_on": "2025-09-03"}
    )
    item.refresh_from_db()
    assert item.status == Status.PUBLISHED and item.late_days == 1
    client.post(reverse("backoffice:disclosure_staff:withdraw", args=[item.pk]), {"reason": "Thay thế"})
    item.refresh_from_db()
    assert item.status == Status.WITHDRAWN


def test_bad_dates_shown_in_vietnamese_nothing_saved(client, world):
    client.force_login(world.office)
    response = _post(client, effective_on="2025-08-01")
    assert response.status_code == 200
    assert (
        "Ngày có hiệu lực (01/08/2025) không được trước ngày ban hành (29/08/2025)."
        in response.content.decode()
    )
    assert not Publication.objects.exists()


def test_exe_upload_refused_in_form(client, world):
    client.force_login(world.office)
    exe = SimpleUploadedFile("van-ban.pdf", b"MZ\x90\x00" + b"\x00" * 300, content_type="application/pdf")
    response = _post(client, file=exe)
    assert "không phải PDF" in response.content.decode()
    assert not Publication.objects.exists()


def test_specialist_cannot_publish_from_screen(client, world):
    item = make(world, actor=world.specialist)
    client.force_login(world.specialist)
    page = client.get(reverse("backoffice:disclosure_staff:detail", args=[item.pk])).content.decode()
    assert "Công khai</button>" not in page
    response = client.post(
        reverse("backoffice:disclosure_staff:publish", args=[item.pk]),
        {"published_on": "2025-09-03"},
        follow=True,
    )
    assert "Chỉ Văn phòng Sở" in response.content.decode()
    item.refresh_from_db()
    assert item.status == Status.DRAFT


def test_other_unit_cannot_see_draft_and_list_is_per_unit(client, world):
    item = make(world, actor=world.specialist)
    client.force_login(world.other_specialist)
    assert client.get(reverse("backoffice:disclosure_staff:detail", args=[item.pk])).status_code == 403
    assert item.title not in client.get(reverse("backoffice:disclosure_staff:list")).content.decode()
    client.force_login(world.specialist)
    assert item.title in client.get(reverse("backoffice:disclosure_staff:list")).content.decode()


def test_oversize_request_does_not_crash(client, world, settings):
    settings.CCHC_DISCLOSURE_MAX_FILE_BYTES = 50
    client.force_login(world.office)
    response = _post(client, file=SimpleUploadedFile("a.pdf", io.BytesIO(PDF * 3).getvalue()))
    assert "vượt giới hạn" in response.content.decode()
    assert not Publication.objects.exists()


def test_edit_draft_screen(client, world):
    item = make(world, actor=world.specialist)
    url = reverse("backoffice:disclosure_staff:edit", args=[item.pk])
    client.force_login(world.head)
    page = client.get(url).content.decode()
    assert item.title in page
    response = client.post(
        url,
        {
            "kind": "legal",
            "title": "Tiêu đề đã sửa",
            "number": item.number,
            "issuer": item.issuer,
            "issued_on": "2025-08-29",
            "effective_on": "2025-07-01",
        },
    )
    assert "không được trước ngày ban hành" in response.content.decode()
    item.refresh_from_db()
    assert item.title != "Tiêu đề đã sửa"
    response = client.post(
        url,
        {
            "kind": "legal",
            "title": "Tiêu đề đã sửa",
            "number": item.number,
            "issuer": item.issuer,
            "issued_on": "2025-08-29",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.title == "Tiêu đề đã sửa" and item.file  # the file stays
    client.force_login(world.other_specialist)
    assert client.get(url).status_code == 403
