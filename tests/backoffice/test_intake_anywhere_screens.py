"""The screens of intake anywhere (decision 0021): the counter's intake form asks for the competent
agency and the place of return, the counter queue is per place (what it received, what it returns, the
paper in transit), the paper transfers are recorded from the dossier page, and the public tracking page
shows the competent agency and both places."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cchc.dossiers import services
from cchc.dossiers.models import Channel, Dossier, PaperTransfer
from tests.dossiers.conftest import local, person
from tests.factories import province_world

pytestmark = pytest.mark.django_db
AT = local(2026, 6, 1, 9, 0)


@pytest.fixture
def p():
    return province_world()


def _intake(p, officer="officer_centre_b", **kwargs):
    dossier, _ = services.receive_at_counter(
        actor=p.staff[officer],
        procedure_version=p.commune_version,
        applicant=person(),
        paper_reason="Không có tài khoản",
        **kwargs,
    )
    return dossier


def _data(**overrides):
    data = {
        "kind": "person",
        "name": "Trần Thị Bình",
        "id_number": "060090001234",
        "phone": "0912345678",
        "address": "Hàm Thắng",
        "channel": Channel.COUNTER,
        "return_channel": Channel.COUNTER,
        "paper_reason": "Người nộp không có tài khoản định danh",
    }
    data.update(overrides)
    return data


def test_the_centres_intake_form_asks_for_the_agency_and_the_place_of_return(client, p):
    client.force_login(p.staff["officer_centre_b"])
    choose = client.get(reverse("backoffice:intake_choose")).content.decode()
    assert (
        "Đăng ký khai sinh" in choose and "Thi tuyển công chức" not in choose
    )  # B's centre serves no department
    url = reverse("backoffice:intake_form", args=[p.commune_version.pk])
    page = client.get(url).content.decode()
    assert "Cơ quan giải quyết" in page and "UBND xã Hàm Thắng" in page and "Nơi trả kết quả" in page
    response = client.post(url, _data(agency=p.commune_a.pk, return_place=p.branch.pk))
    assert response.status_code == 302
    dossier = Dossier.objects.get()
    assert (dossier.agency, dossier.receipt_place, dossier.return_place) == (
        p.commune_a,
        p.centre_b,
        p.branch,
    )
    # A place that does not return for the department is not offered, and refused if posted.
    client.force_login(p.staff["officer_branch"])
    url = reverse("backoffice:intake_form", args=[p.dept_version.pk])
    page = client.get(url).content.decode()
    assert "Trung tâm Phục vụ hành chính công tỉnh" in page and "xã Hàm Thắng" not in page
    refused = client.post(url, _data(return_place=p.centre_a.pk))
    assert refused.status_code == 400
    assert Dossier.objects.count() == 1


def test_the_counter_queue_is_per_place(client, p):
    dossier = _intake(p, agency=p.commune_a, return_place=p.branch, at=AT)
    services.hand_over(actor=p.staff["officer_centre_b"], dossier=dossier, revision=dossier.revision)
    dossier.refresh_from_db()
    services.hand_over(actor=p.staff["specialist_a"], dossier=dossier, revision=dossier.revision)
    dossier.refresh_from_db()
    services.approve(actor=p.staff["head_a"], dossier=dossier, revision=dossier.revision)
    online, _ = services.submit_online(
        procedure_version=p.commune_version, applicant=person(), agency=p.commune_a, at=AT
    )
    url = reverse("backoffice:counter")

    def queue(officer, hang):
        client.force_login(p.staff[officer])
        return client.get(url, {"hang": hang}).content.decode()

    assert dossier.code in queue("officer_branch", "cho-tra")  # a result coming back from commune A
    assert dossier.code not in queue("officer_centre_b", "cho-tra")
    assert online.code in queue("officer_centre_a", "cho-kiem-tra")  # A's centre checks A's online dossiers
    assert online.code not in queue("officer_centre_b", "cho-kiem-tra")
    assert dossier.code in queue("officer_branch", "ban-giay")  # the paper result on its way
    assert dossier.code not in queue("officer_far_centre", "ban-giay")


def test_paper_transfers_from_the_dossier_page(client, p):
    dossier = _intake(p, agency=p.commune_a, return_place=p.branch)
    client.force_login(p.staff["specialist_a"])
    page = client.get(reverse("backoffice:dossier", args=[dossier.code])).content.decode()
    assert "Luân chuyển hồ sơ giấy" in page and "Xác nhận đã nhận bản giấy hồ sơ" in page
    url = reverse("backoffice:paper_action", args=[dossier.code, "nhan"])
    response = client.post(url, {"direction": PaperTransfer.Direction.TO_AGENCY})
    assert response.status_code == 302
    assert dossier.paper_transfers.get().received_by == p.staff["specialist_a"]
    again = client.post(url, {"direction": PaperTransfer.Direction.TO_AGENCY})
    assert again.status_code == 400 and "đã được xác nhận" in again.content.decode()
    # Another commune's specialist may not even open the dossier: its existence does not show.
    client.force_login(p.staff["specialist_b"])
    assert client.post(url, {"direction": PaperTransfer.Direction.TO_AGENCY}).status_code == 404


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_tracking_page_shows_the_agency_and_both_places(client, p, prefix):
    dossier = _intake(p, agency=p.commune_a, return_place=p.branch)
    found = client.post(prefix + reverse("portal:tracking"), {"code": dossier.code, "last4": "5678"})
    assert found.status_code == 302
    page = client.get(found["Location"]).content.decode()
    for text in ("UBND xã Hàm Thắng", "Trung tâm Phục vụ hành chính công xã Hàm Liêm", "Chi nhánh Trung tâm"):
        assert text in page


def test_the_agencys_worklist_lists_the_paper_in_transit(client, p):
    dossier = _intake(p, agency=p.commune_a, return_place=p.branch)
    client.force_login(p.staff["specialist_a"])
    page = client.get(reverse("backoffice:worklist")).content.decode()
    assert "Bản giấy đang chuyển, chờ xác nhận" in page and dossier.code in page
    client.force_login(p.staff["specialist_b"])
    assert dossier.code not in client.get(reverse("backoffice:worklist")).content.decode()
