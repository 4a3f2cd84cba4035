"""The director's overview: every received, unreturned dossier in one named row and one column."""
# ruff: noqa: F811  (pytest fixtures imported from tests.dossiers.conftest are redefined as arguments)

from __future__ import annotations

from django.urls import reverse

from cchc.dossiers import services, worklists
from cchc.dossiers.models import Status
from tests.backoffice.test_dossier_screens import as_user, at_counter, to_division, to_partner, to_result
from tests.dossiers.conftest import person, world  # noqa: F401


def test_rows_are_named_and_every_dossier_is_in_a_column(world, client):
    s = world.staff
    to_result(world, to_division(world, at_counter(world)))  # result ready, back at the counter
    to_partner(world, to_division(world, at_counter(world)))  # at the social insurance agency
    to_division(world, at_counter(world))  # in processing
    online, _secret = services.submit_online(procedure_version=world.version, applicant=person())
    services.request_intake_supplement(
        actor=s["counter"], dossier=online, revision=online.revision, items="CCCD"
    )
    services.submit_online(procedure_version=world.version, applicant=person())  # not checked yet

    rows = {row["holder"]: row for row in worklists.counts_by_unit(world.agency)}
    assert set(rows) == {"Bộ phận Một cửa", "Phòng Việc làm", "Đang ở cơ quan phối hợp: Bảo hiểm xã hội tỉnh"}
    assert rows["Bộ phận Một cửa"]["counts"] == {Status.RESULT_READY: 1}
    assert rows["Phòng Việc làm"]["counts"] == {"within": 1}
    assert sum(row["total"] for row in rows.values()) == 3  # the two not received are left out

    as_user(client, s["director"])
    page = client.get(reverse("backoffice:overview")).content.decode()
    assert "Có kết quả, chờ trả" in page and "Đang ở cơ quan phối hợp: Bảo hiểm xã hội tỉnh" in page
    assert "Chưa tính 2 hồ sơ trực tuyến chưa được tiếp nhận" in page
    assert ">—</th>" not in page
