"""The IT office's connector pages: only for role SYSADMIN; backlog, dead letters, replay, mapping export."""

import io

import pytest
from django.urls import reverse

from cchc.national.models import Message, MessageEvent
from cchc.org import roles
from tests.factories import UnitFactory, staff_user
from tests.national.test_outbound_queue import received


@pytest.fixture
def it(world):
    return staff_user(roles.SYSADMIN, UnitFactory(agency=world.agency), "quantri")


PAGES = ["backlog", "dead_letters", "mapping", "mapping_export"]


@pytest.mark.parametrize("name", PAGES)
def test_others_are_refused(world, client, name):
    client.force_login(world.staff["director"])
    assert client.get(reverse(f"backoffice:national:{name}")).status_code == 403


def test_the_backlog_says_when_the_connector_is_off(world, client, it, settings):
    settings.CCHC_DVCQG_ENABLED = False
    client.force_login(it)
    assert "Kết nối đang tắt" in client.get(reverse("backoffice:national:backlog")).content.decode()
    settings.CCHC_DVCQG_ENABLED = True
    assert "Kết nối đang tắt" not in client.get(reverse("backoffice:national:backlog")).content.decode()


def test_dead_letters_filtered_and_replayed_from_the_page(world, client, it, connector):
    dossier = received(world)
    m = Message.objects.get()
    Message.objects.filter(pk=m.pk).update(
        state="dead", dead_at=m.created_at, last_error="Cổng từ chối: thiếu MaTTHC"
    )
    client.force_login(it)
    page = client.get(reverse("backoffice:national:dead_letters"), {"q": "MaTTHC"}).content.decode()
    assert m.key in page and "thiếu MaTTHC" in page
    page = client.get(reverse("backoffice:national:dead_letters"), {"dich_vu": "progress"}).content.decode()
    assert m.key not in page
    page = client.get(reverse("backoffice:national:message", args=[m.pk])).content.decode()
    assert dossier.code in page and "&quot;MaHoSo&quot;" in page
    response = client.post(reverse("backoffice:national:replay"), {"thong_diep": [m.pk]})
    assert response.status_code == 302
    m.refresh_from_db()
    assert m.state == Message.State.PENDING
    assert MessageEvent.objects.get(message=m, action="replay").actor == it


def test_the_mapping_is_exported(world, client, it):
    from openpyxl import load_workbook

    client.force_login(it)
    response = client.get(reverse("backoffice:national:mapping_export"))
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[0][0] == "Trạng thái CCHC" and len(rows) == 11
    assert "Mới đăng ký" in client.get(reverse("backoffice:national:mapping")).content.decode()
