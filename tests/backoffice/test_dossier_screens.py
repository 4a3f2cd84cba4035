"""Staff dossier screens: counter intake and queues, unit worklists, the dossier page, directors' lists."""
# ruff: noqa: F811  (pytest fixtures imported from tests.dossiers.conftest are redefined as arguments)

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cchc.dossiers import services, views_staff
from cchc.dossiers.models import Channel, Dossier, DossierDocument, DossierEvent, Status
from tests.dossiers.conftest import local, person, world  # noqa: F401
from tests.factories import RequiredDocumentFactory, UserFactory

MINIMAL_PDF = (
    b"%PDF-1.4\n"
    b"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
    b"trailer << /Root 1 0 R >>\n"
    b"%%EOF\n"
)
STALE = "vừa được người khác thay đổi"


def pdf(name="to-khai.pdf"):
    return SimpleUploadedFile(name, MINIMAL_PDF, content_type="application/pdf")


def as_user(client, user):
    client.force_login(user)
    return client


def at_counter(world, *, at=None, version=None, name="Nguyễn Văn An"):
    version = version or world.version
    dossier, _secret = services.receive_at_counter(
        actor=world.staff["counter"],
        procedure_version=version,
        applicant=person(name=name),
        paper_reason="Người nộp cao tuổi, không dùng được máy tính" if version.is_online else "",
        at=at,
    )
    return dossier


def to_division(world, dossier, at=None):
    """Counter hands the dossier to the division (specialist step)."""
    return services.hand_over(actor=world.staff["counter"], dossier=dossier, revision=dossier.revision, at=at)


def to_partner(world, dossier):
    s = world.staff
    dossier = services.hand_over(actor=s["specialist"], dossier=dossier, revision=dossier.revision)
    return services.hand_over(actor=s["head"], dossier=dossier, revision=dossier.revision)


def to_result(world, dossier):
    s = world.staff
    dossier = to_partner(world, dossier)
    dossier = services.take_back(actor=s["head"], dossier=dossier, revision=dossier.revision)
    return services.approve(actor=s["director"], dossier=dossier, revision=dossier.revision)


def detail_url(dossier):
    return reverse("backoffice:dossier", args=[dossier.code])


def action_url(dossier, operation):
    return reverse("backoffice:dossier_action", args=[dossier.code, operation])


# --- access -----------------------------------------------------------------------------------------


def test_routes_do_not_clash_with_the_admin():
    assert reverse("backoffice:worklist") == "/quan-tri/ho-so/"
    assert reverse("backoffice:counter") == "/quan-tri/mot-cua/"
    assert reverse("backoffice:catalog_import") == "/quan-tri/nhap-danh-muc/"
    assert reverse("backoffice:dossier", args=["000.00.15.H10-260302-0001"]) == (
        "/quan-tri/ho-so/000.00.15.H10-260302-0001/"
    )


def test_login_and_staff_profile_required(world, client):
    response = client.get("/quan-tri/ho-so/")
    assert response.status_code == 302 and "/quan-tri/dang-nhap/" in response["Location"]
    as_user(client, UserFactory(username="khach", is_staff=True))
    assert client.get("/quan-tri/ho-so/").status_code == 403


# --- counter intake ---------------------------------------------------------------------------------


@pytest.fixture
def documents(world):
    return [
        RequiredDocumentFactory(version=world.version, order=1, name="Đề nghị hưởng trợ cấp thất nghiệp"),
        RequiredDocumentFactory(version=world.version, order=2, name="Quyết định thôi việc"),
        RequiredDocumentFactory(version=world.version, order=3, name="Giấy ủy quyền", optional=True),
    ]


def intake_data(documents, **overrides):
    data = {
        "kind": "person",
        "name": "Trần Thị Bình",
        "id_number": "060090001234",
        "phone": "0912345678",
        "email": "",
        "address": "Phan Thiết",
        "representative": "",
        "tax_code": "",
        "channel": Channel.COUNTER,
        "return_channel": Channel.COUNTER,
        "paper_reason": "",
    }
    for doc in documents:
        if not doc.optional:
            data[f"got_{doc.pk}"] = "on"
    data.update(overrides)
    return data


def test_counter_chooses_a_procedure_accent_insensitively(world, client):
    as_user(client, world.staff["counter"])
    page = client.get(reverse("backoffice:intake_choose")).content.decode()
    assert world.version.name in page and world.paper_version.name in page
    found = client.get(
        reverse("backoffice:intake_choose"), {"q": "tro cap that nghiep"}, HTTP_HX_REQUEST="true"
    )
    assert found.status_code == 200
    text = found.content.decode()
    assert world.version.name in text and world.paper_version.name not in text
    assert "<html" not in text  # the htmx fragment only
    as_user(client, world.staff["specialist"])
    assert client.get(reverse("backoffice:intake_choose")).status_code == 403


def test_counter_intake_end_to_end_with_a_scan(world, client, documents):
    as_user(client, world.staff["counter"])
    url = reverse("backoffice:intake_form", args=[world.version.pk])
    form = client.get(url).content.decode()
    assert "Quyết định thôi việc" in form and "Lý do nhận hồ sơ giấy" in form

    # The procedure is offered online: the paper reason is required, with the service's message.
    data = intake_data(documents, **{f"scan_{documents[0].pk}": pdf()})
    response = client.post(url, data)
    assert response.status_code == 400
    assert "ghi lý do nhận hồ sơ giấy (chỉ tiêu T4)" in response.content.decode()
    assert not Dossier.objects.exists() and not DossierDocument.objects.exists()

    data = intake_data(
        documents,
        paper_reason="Người nộp không có tài khoản VNeID",
        **{f"scan_{documents[0].pk}": pdf("Đơn đề nghị.pdf")},
    )
    response = client.post(url, data)
    assert response.status_code == 302
    dossier = Dossier.objects.get()
    assert response["Location"] == reverse("backoffice:intake_done", args=[dossier.code])
    assert dossier.status == Status.RECEIVED and dossier.holder_unit == world.counter
    assert dossier.paper_reason == "Người nộp không có tài khoản VNeID"
    assert dossier.applicant_name == "Trần Thị Bình"
    doc = DossierDocument.objects.get()
    assert (doc.dossier, doc.required_document, doc.mime) == (dossier, documents[0], "application/pdf")
    assert doc.uploaded_by == world.staff["counter"] and doc.original_name == "Đơn đề nghị.pdf"

    done = client.get(response["Location"]).content.decode()
    assert dossier.code in done
    assert reverse("backoffice:slip", args=[dossier.code, "receipt"]) in done


def test_intake_refuses_an_incomplete_checklist_and_a_bad_scan(world, client, documents):
    as_user(client, world.staff["counter"])
    url = reverse("backoffice:intake_form", args=[world.version.pk])
    data = intake_data(documents, paper_reason="Không dùng máy tính")
    del data[f"got_{documents[1].pk}"]
    response = client.post(url, data)
    assert response.status_code == 400 and "Hồ sơ chưa đủ thành phần" in response.content.decode()

    bad = SimpleUploadedFile("scan.pdf", b"not a pdf at all", content_type="application/pdf")
    data = intake_data(documents, paper_reason="Không dùng máy tính", **{f"scan_{documents[0].pk}": bad})
    response = client.post(url, data)
    assert response.status_code == 400 and "không phải PDF" in response.content.decode()

    data = intake_data(documents, paper_reason="Không dùng máy tính", id_number="123")
    response = client.post(url, data)
    assert response.status_code == 400
    assert not Dossier.objects.exists() and not DossierDocument.objects.exists()


def test_paper_only_procedure_needs_no_reason(world, client):
    as_user(client, world.staff["counter"])
    response = client.post(
        reverse("backoffice:intake_form", args=[world.paper_version.pk]),
        intake_data([], channel=Channel.POST),
    )
    assert response.status_code == 302
    assert Dossier.objects.get().channel == Channel.POST


# --- counter queues ---------------------------------------------------------------------------------


def test_online_queue_receive_supplement_refuse(world, client):
    submitted = [
        services.submit_online(procedure_version=world.version, applicant=person(name=f"Người {i}"))[0]
        for i in range(3)
    ]
    as_user(client, world.staff["counter"])
    queue = client.get(reverse("backoffice:counter")).content.decode()
    assert all(d.code in queue for d in submitted)

    first, second, third = submitted
    response = client.post(
        action_url(first, "receive"), {"receive-revision": first.revision, "next": "/quan-tri/mot-cua/"}
    )
    assert response.status_code == 302 and response["Location"] == "/quan-tri/mot-cua/"
    first.refresh_from_db()
    assert first.status == Status.RECEIVED

    # The list of missing items is required.
    response = client.post(
        action_url(second, "request_intake_supplement"),
        {"request_intake_supplement-revision": second.revision},
    )
    assert response.status_code == 400 and "Ghi đầy đủ, một lần" in response.content.decode()
    response = client.post(
        action_url(second, "request_intake_supplement"),
        {
            "request_intake_supplement-revision": second.revision,
            "request_intake_supplement-items": "Bản sao sổ BHXH",
        },
    )
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.status == Status.SUPPLEMENT_REQUESTED

    response = client.post(
        action_url(third, "refuse"), {"refuse-revision": third.revision, "refuse-reason": ""}
    )
    assert response.status_code == 400 and "Ghi rõ lý do từ chối" in response.content.decode()
    response = client.post(
        action_url(third, "refuse"),
        {"refuse-revision": third.revision, "refuse-reason": "Không thuộc thẩm quyền"},
    )
    third.refresh_from_db()
    assert third.status == Status.REFUSED and third.outcome_reason == "Không thuộc thẩm quyền"


def test_result_and_supplement_queues(world, client):
    ready = to_result(world, to_division(world, at_counter(world)))
    waiting = to_division(world, at_counter(world))
    waiting = services.request_supplement(
        actor=world.staff["specialist"], dossier=waiting, revision=waiting.revision, items="Bổ sung sổ BHXH"
    )
    as_user(client, world.staff["counter"])
    page = client.get(reverse("backoffice:counter"), {"hang": "cho-tra"}).content.decode()
    assert ready.code in page and "Trả kết quả" in page and waiting.code not in page
    client.post(action_url(ready, "return_result"), {"return_result-revision": ready.revision})
    ready.refresh_from_db()
    assert ready.status == Status.RETURNED and ready.returned_at is not None

    page = client.get(reverse("backoffice:counter"), {"hang": "cho-bo-sung"}).content.decode()
    assert waiting.code in page and "Đã nhận bổ sung" in page
    client.post(
        action_url(waiting, "supplement_received"), {"supplement_received-revision": waiting.revision}
    )
    waiting.refresh_from_db()
    assert waiting.status == Status.IN_PROCESS


# --- worklist ---------------------------------------------------------------------------------------


def tab(client, name, **params):
    response = client.get(reverse("backoffice:worklist"), {"tab": name, **params})
    assert response.status_code == 200
    return response.content.decode()


def test_worklist_tabs_per_role_and_unit(world, client):
    fresh = to_division(world, at_counter(world, name="Lê Văn Mới"))
    late = to_division(
        world, at_counter(world, at=local(2026, 3, 2, 9, 0), name="Phạm Thị Trễ"), local(2026, 3, 2, 10)
    )
    waiting = to_division(world, at_counter(world, name="Hồ Văn Chờ"))
    waiting = services.request_supplement(
        actor=world.staff["specialist"], dossier=waiting, revision=waiting.revision, items="Bổ sung"
    )
    away = to_partner(world, to_division(world, at_counter(world, name="Đỗ Thị Liên Thông")))
    at_counter_only = at_counter(world, name="Chưa Chuyển")

    as_user(client, world.staff["specialist"])
    process = tab(client, "xu-ly")
    assert fresh.code in process and late.code in process
    assert waiting.code not in process and away.code not in process and at_counter_only.code not in process
    overdue = tab(client, "qua-han")
    assert late.code in overdue and fresh.code not in overdue and "Quá hạn" in overdue
    assert fresh.code not in tab(client, "sap-den-han")
    waiting_tab = tab(client, "cho-bo-sung")
    assert waiting.code in waiting_tab and fresh.code not in waiting_tab
    inter = tab(client, "lien-thong")
    assert away.code in inter and fresh.code not in inter
    # Filter by applicant or code.
    filtered = tab(client, "xu-ly", q="Phạm Thị")
    assert late.code in filtered and fresh.code not in filtered
    assert fresh.code in tab(client, "xu-ly", q=fresh.code[-6:])

    as_user(client, world.staff["head"])
    assert fresh.code in tab(client, "xu-ly")

    as_user(client, world.staff["other_specialist"])
    for name in ("xu-ly", "qua-han", "cho-bo-sung", "lien-thong"):
        page = tab(client, name)
        assert fresh.code not in page and late.code not in page and away.code not in page


def test_worklist_queries_do_not_grow_with_the_page(
    world, client, monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr(views_staff, "PER_PAGE", 100)
    for i in range(5):
        to_division(world, at_counter(world, name=f"Người {i}"))
    as_user(client, world.staff["specialist"])
    url = reverse("backoffice:worklist")
    client.get(url)  # warm up (session, content types)
    with CaptureQueriesContext(connection) as five:
        assert client.get(url).content.decode().count("/quan-tri/ho-so/000.") == 5
    for i in range(5, 50):
        to_division(world, at_counter(world, name=f"Người {i}"))
    with django_assert_max_num_queries(len(five.captured_queries)):
        assert client.get(url).content.decode().count("/quan-tri/ho-so/000.") == 50
    with django_assert_max_num_queries(len(five.captured_queries)):
        client.get(url, {"tab": "qua-han"})


# --- dossier page and actions -----------------------------------------------------------------------


def forms_on(page: str) -> set[str]:
    return {op for op in views_staff.SERVICE_FUNCTIONS if f"/thao-tac/{op}/" in page}


def test_actions_shown_per_role_and_unit(world, client):
    dossier = to_division(world, at_counter(world))  # at the specialist step of the division
    expected = {
        "specialist": {"hand_over", "request_supplement"},
        "head": {"request_supplement", "apologise"},
        "director": set(),
        "counter": {"stop"},
        "other_specialist": set(),
        "other_head": set(),
        "other_counter": set(),
        "office": set(),
    }
    for key, operations in expected.items():
        as_user(client, world.staff[key])
        response = client.get(detail_url(dossier))
        if key == "other_counter":  # the partner agency's counter may not open it (decision 0021)
            assert response.status_code == 404
            continue
        assert response.status_code == 200
        assert forms_on(response.content.decode()) == operations, key


def test_another_units_specialist_gets_403_and_nothing_changes(world, client):
    dossier = to_division(world, at_counter(world))
    events = DossierEvent.objects.count()
    as_user(client, world.staff["other_specialist"])
    response = client.post(action_url(dossier, "hand_over"), {"hand_over-revision": dossier.revision})
    assert response.status_code == 403
    assert "Hồ sơ không do đơn vị của bạn đang giữ" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.holder_unit == world.division and DossierEvent.objects.count() == events


def test_hand_over_through_the_page_then_stale_and_double_submission(world, client):
    dossier = to_division(world, at_counter(world))
    as_user(client, world.staff["specialist"])
    page = client.get(detail_url(dossier)).content.decode()
    assert f'value="{dossier.revision}"' in page

    data = {"hand_over-revision": dossier.revision, "hand_over-note": "Đã thẩm định, đủ điều kiện"}
    response = client.post(action_url(dossier, "hand_over"), data)
    assert response.status_code == 302 and response["Location"] == detail_url(dossier)
    dossier.refresh_from_db()
    events = DossierEvent.objects.filter(dossier=dossier).count()
    assert dossier.current_step.order == 3

    # The same form sent again: the revision has moved, nothing is saved.
    as_user(client, world.staff["head"])
    response = client.post(action_url(dossier, "hand_over"), data)
    assert response.status_code == 409
    text = response.content.decode()
    assert f"Hồ sơ {dossier.code} {STALE}" in text
    # The page shows the dossier as it is now, with a form on the fresh revision.
    assert f'value="{dossier.revision}"' in text
    dossier.refresh_from_db()
    assert dossier.current_step.order == 3 and DossierEvent.objects.filter(dossier=dossier).count() == events


def test_stale_revision_on_apology(world, client):
    dossier = to_division(world, at_counter(world))
    old = dossier.revision
    services.request_supplement(
        actor=world.staff["specialist"], dossier=dossier, revision=dossier.revision, items="Bổ sung"
    )
    as_user(client, world.staff["head"])
    response = client.post(
        action_url(dossier, "apologise"),
        {
            "apologise-revision": old,
            "apologise-reason": "Chờ xác minh",
            "apologise-new_due_at": "2027-01-05T16:00",
        },
    )
    assert response.status_code == 409 and STALE in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.apologised_at is None


def test_apology_through_the_page(world, client):
    dossier = to_division(world, at_counter(world))
    as_user(client, world.staff["head"])
    response = client.post(
        action_url(dossier, "apologise"),
        {
            "apologise-revision": dossier.revision,
            "apologise-reason": "Chờ xác minh",
            "apologise-new_due_at": "",
        },
    )
    assert response.status_code == 400
    response = client.post(
        action_url(dossier, "apologise"),
        {
            "apologise-revision": dossier.revision,
            "apologise-reason": "Chờ xác minh của BHXH",
            "apologise-new_due_at": "2030-01-07T16:00",
        },
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.new_due_at == local(2030, 1, 7, 16, 0)
    page = client.get(detail_url(dossier)).content.decode()
    assert "Chờ xác minh của BHXH" in page and "16:00 07/01/2030" in page
    response = client.post(
        action_url(dossier, "apologise"),
        {
            "apologise-revision": dossier.revision,
            "apologise-reason": "Lần hai",
            "apologise-new_due_at": "2030-02-07T16:00",
        },
    )
    assert response.status_code == 400 and "không được hẹn lại lần thứ hai" in response.content.decode()


def test_detail_shows_timeline_and_control_slip(world, client):
    dossier = to_partner(world, to_division(world, at_counter(world)))
    as_user(client, world.staff["director"])
    page = client.get(detail_url(dossier)).content.decode()
    for text in (
        "Tiếp nhận hồ sơ",
        "Chuyển xử lý",
        "motcua",
        "chuyenvien",
        "Bảo hiểm xã hội tỉnh",
        "Phòng Việc làm",
    ):
        assert text in page, text
    assert "Người nộp cao tuổi" in page  # the paper reason


# --- documents --------------------------------------------------------------------------------------


def test_document_download_permission(world, client, documents):
    as_user(client, world.staff["counter"])
    data = intake_data(documents, paper_reason="Không dùng máy tính", **{f"scan_{documents[0].pk}": pdf()})
    client.post(reverse("backoffice:intake_form", args=[world.version.pk]), data)
    dossier = Dossier.objects.get()
    dossier = to_division(world, dossier)
    doc = DossierDocument.objects.get()
    url = reverse("backoffice:document", args=[dossier.code, doc.pk])
    for key, status in [
        ("specialist", 200),
        ("head", 200),
        ("counter", 200),
        # Need-to-know (decision 0018): leaders outside the dossier open it with a reason first.
        ("director", 403),
        ("office", 403),
        ("other_specialist", 403),
        ("other_head", 403),
        ("other_counter", 404),  # another agency's: as if it did not exist (decision 0021)
    ]:
        as_user(client, world.staff[key])
        response = client.get(url)
        assert response.status_code == status, key
        if status == 200:
            assert b"".join(response.streaming_content) == MINIMAL_PDF
            assert response["Content-Type"] == "application/pdf"


# --- slips ------------------------------------------------------------------------------------------


def test_slips_download_for_staff_who_may_see_the_dossier(world, client):
    dossier = at_counter(world)
    url = reverse("backoffice:slip", args=[dossier.code, "receipt"])
    as_user(client, world.staff["counter"])
    response = client.get(url)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    docx = client.get(url, {"dinh-dang": "docx"})
    assert docx.status_code == 200 and docx.content.startswith(b"PK")
    assert client.get(reverse("backoffice:slip", args=[dossier.code, "apology"])).status_code == 400
    assert client.get(reverse("backoffice:slip", args=[dossier.code, "khong-co"])).status_code == 404
    as_user(client, world.staff["other_specialist"])
    assert client.get(url).status_code == 403


# --- directors --------------------------------------------------------------------------------------


def test_director_lists(world, client):
    late = to_division(
        world, at_counter(world, at=local(2026, 3, 2, 9, 0), name="Phạm Thị Trễ"), local(2026, 3, 2, 10)
    )
    excused = to_division(
        world, at_counter(world, at=local(2026, 3, 2, 9, 0), name="Võ Văn Xin Lỗi"), local(2026, 3, 2, 10)
    )
    services.apologise(
        actor=world.staff["head"],
        dossier=excused,
        revision=excused.revision,
        reason="Chờ xác minh",
        new_due_at=local(2027, 3, 30, 17, 0),
        at=local(2026, 3, 10, 9, 0),
    )
    fresh = to_division(world, at_counter(world, name="Lê Văn Mới"))
    paper = at_counter(world, version=world.paper_version, name="Ngô Thị Giấy")

    as_user(client, world.staff["director"])
    overview = client.get(reverse("backoffice:overview"))
    assert overview.status_code == 200
    text = overview.content.decode()
    assert "Phòng Việc làm" in text and "Bộ phận Một cửa" in text and "Toàn Sở" in text

    late_page = client.get(reverse("backoffice:late_list")).content.decode()
    assert late.code in late_page and excused.code not in late_page and fresh.code not in late_page

    paper_page = client.get(reverse("backoffice:paper_list")).content.decode()
    assert late.code in paper_page and "Người nộp cao tuổi" in paper_page and paper.code not in paper_page

    as_user(client, world.staff["head"])
    assert late.code in client.get(reverse("backoffice:late_list")).content.decode()
    assert client.get(reverse("backoffice:overview")).status_code == 200
    assert client.get(reverse("backoffice:paper_list")).status_code == 403
    as_user(client, world.staff["other_head"])
    assert late.code not in client.get(reverse("backoffice:late_list")).content.decode()
    as_user(client, world.staff["specialist"])
    assert client.get(reverse("backoffice:overview")).status_code == 403


def test_counts_by_unit(world):
    from cchc.dossiers import worklists

    to_division(world, at_counter(world, at=local(2026, 3, 2, 9, 0)), local(2026, 3, 2, 10))
    to_division(world, at_counter(world))
    at_counter(world)
    rows = {row["holder"]: row for row in worklists.counts_by_unit(world.agency)}
    assert rows["Phòng Việc làm"]["counts"] == {"overdue": 1, "within": 1}
    assert rows["Bộ phận Một cửa"]["total"] == 1


def test_officers_sign_in_without_django_admin_rights(world, client):
    officer = world.staff["specialist"]
    assert not officer.is_staff
    response = client.post(
        reverse("backoffice:login"), {"username": officer.username, "password": "mat-khau-thu-nghiem"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("backoffice:staff_home")
    assert client.get(reverse("backoffice:worklist")).status_code == 200
    client.logout()
    wrong = client.post(reverse("backoffice:login"), {"username": officer.username, "password": "sai"})
    assert "không đúng" in wrong.content.decode()


def test_register_for_a_period_as_pdf_and_excel(world, client):
    import io

    from openpyxl import load_workbook

    dossier = at_counter(world)
    as_user(client, world.staff["counter"])
    day = dossier.received_at.astimezone(local(2026, 1, 1).tzinfo).date().isoformat()
    pdf = client.get(reverse("backoffice:register"), {"tu": day, "den": day})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    xlsx = client.get(reverse("backoffice:register"), {"tu": day, "den": day, "dinh-dang": "xlsx"})
    cells = [
        c for row in load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True) for c in row
    ]
    assert dossier.code in cells
    assert client.get(reverse("backoffice:register"), {"tu": "hôm qua"}).status_code == 400
    as_user(client, world.staff["specialist"])
    assert client.get(reverse("backoffice:register")).status_code == 403


def test_approval_with_the_electronic_result_file(world, client):
    s = world.staff
    dossier = to_division(world, at_counter(world))
    dossier = to_partner(world, dossier)
    dossier = services.take_back(actor=s["head"], dossier=dossier, revision=dossier.revision)
    as_user(client, s["director"])
    url = action_url(dossier, "approve")

    # An executable renamed .pdf: refused with a message, the dossier is not approved.
    fake = SimpleUploadedFile("ket-qua.pdf", b"MZ\x90\x00" + b"\x00" * 200, content_type="application/pdf")
    data = {"quyet-dinh-revision": dossier.revision, "quyet-dinh-opinion": "", "quyet-dinh-result_file": fake}
    response = client.post(url, data)
    assert response.status_code == 400
    dossier.refresh_from_db()
    assert dossier.status == "in_process" and not dossier.documents.filter(kind="result").exists()

    data["quyet-dinh-result_file"] = pdf("quyet-dinh.pdf")
    response = client.post(url, data)
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == "result_ready" and dossier.result_code == f"{dossier.code}-KQ1"
    result = dossier.documents.get(kind="result")
    assert result.original_name == "quyet-dinh.pdf" and result.uploaded_by == s["director"]
