"""Queueing: a dossier's events become the portal's messages inside the change's transaction."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from cchc.dossiers import services
from cchc.dossiers.models import Status
from cchc.dossiers.workflow import OPERATIONS
from cchc.national import selectors
from cchc.national.models import DossierSync, Message, StatusMapping
from tests.national.conftest import local, person


def received(world, at=None):
    dossier, _ = services.receive_at_counter(
        actor=world.staff["counter"],
        procedure_version=world.paper_version,
        applicant=person(),
        at=at or local(2026, 5, 4, 9),
    )
    return dossier


def test_nothing_is_queued_while_the_connector_is_off(world, settings):
    settings.CCHC_DVCQG_ENABLED = False
    received(world)
    assert not Message.objects.exists() and not DossierSync.objects.exists()


def test_first_event_queues_the_dossier_record_with_its_key(world, connector):
    dossier = received(world)
    [message] = Message.objects.all()
    assert message.key == f"{dossier.code}:1:dossier" and message.stream == dossier.code
    assert message.service == Message.Service.DOSSIER and message.state == Message.State.PENDING
    record = message.payload["record"]
    assert message.payload["isUpdating"] == "False" and message.payload["madonvi"] == "000.00.15.H10"
    assert record["MaHoSo"] == dossier.code and record["MaDongBo"] == message.key
    assert record["MaTTHC"] == world.paper_version.procedure.code
    assert record["NgayTiepNhan"] == "20260504090000" and record["TrangThaiHoSo"] == "2"
    assert record["LoaiDoiTuong"] == "1" and record["ChuHoSo"] == "Nguyễn Văn An"
    sync = DossierSync.objects.get(dossier=dossier)
    assert (sync.national_code, sync.pending, sync.acked_at) == (dossier.code, 1, None)


def test_an_inbound_dossier_is_sent_as_an_update_under_the_portal_code(world, connector):
    dossier, _ = services.submit_online(
        procedure_version=world.version, applicant=person(), at=local(2026, 5, 4, 9)
    )
    from cchc.dossiers.models import DossierEvent

    # What ``submit_online(national_code=…)`` writes for a dossier that came from the portal.
    Message.objects.all().delete()
    DossierSync.objects.all().delete()
    event = DossierEvent.objects.get(dossier=dossier, seq=1)
    event.data = {"national_code": "G22.260504.000001"}
    from cchc.national.services import enqueue

    enqueue(dossier=dossier, event=event)
    [message] = Message.objects.all()
    assert message.key == "G22.260504.000001:1:dossier" and message.payload["isUpdating"] == "True"
    assert message.payload["record"]["MaHoSo"] == "G22.260504.000001"
    assert DossierSync.objects.get(dossier=dossier).national_code == "G22.260504.000001"


def test_later_events_queue_progress_and_an_update_only_when_the_portal_would_see_a_change(world, connector):
    s = world.staff
    dossier = received(world)
    dossier = services.hand_over(
        actor=s["counter"], dossier=dossier, revision=dossier.revision, at=local(2026, 5, 4, 10)
    )
    keys = list(Message.objects.order_by("id").values_list("key", flat=True))
    assert keys == [f"{dossier.code}:1:dossier", f"{dossier.code}:2:progress", f"{dossier.code}:2:dossier"]
    progress = Message.objects.get(key=f"{dossier.code}:2:progress").payload["record"]
    assert progress["TrangThai"] == "4" and progress["ThoiDiemXuLy"] == "20260504100000"
    assert progress["NguoiXuLy"] == "motcua" and progress["NoiDungXuLy"] == "Chuyển xử lý"
    dossier = services.approve(
        actor=s["head"], dossier=dossier, revision=dossier.revision, at=local(2026, 5, 4, 11)
    )
    dossier = services.return_result(
        actor=s["counter"], dossier=dossier, revision=dossier.revision, at=local(2026, 5, 4, 12)
    )
    assert Message.objects.filter(key=f"{dossier.code}:4:dossier").get().payload["record"]["NgayTra"] == (
        "20260504120000"
    )
    before = Message.objects.count()
    services.record_result_download(dossier=dossier, via="tracking", at=local(2026, 5, 4, 13))
    # The download changes nothing the portal shows: a progress record only.
    assert Message.objects.count() == before + 1
    assert Message.objects.order_by("-id").first().service == Message.Service.PROGRESS
    assert DossierSync.objects.get(dossier=dossier).pending == Message.objects.count()


def test_a_failed_change_queues_nothing(world, connector):
    dossier = received(world)
    with pytest.raises(ValidationError):
        services.approve(actor=world.staff["head"], dossier=dossier, revision=dossier.revision)
    assert Message.objects.count() == 1


def test_status_mapping_prefers_the_operation_then_the_status_on_the_day(db):
    day = dt.date(2026, 5, 4)
    assert selectors.national_status(Status.RESULT_READY, "reject", day).national_code == "9"
    StatusMapping.objects.create(
        status=Status.RESULT_READY,
        action="reject",
        national_code="6",
        national_label="Từ chối",
        valid_from=day,
    )
    assert selectors.national_status(Status.RESULT_READY, "reject", day).national_code == "6"
    assert (
        selectors.national_status(Status.RESULT_READY, "reject", day - dt.timedelta(days=1)).national_code
        == "9"
    )
    assert selectors.national_status(Status.RESULT_READY, "approve", day).national_code == "9"
    StatusMapping.objects.filter(status=Status.RETURNED).update(valid_to=day)
    with pytest.raises(selectors.MissingStatusMapping, match="Chưa có ánh xạ"):
        selectors.national_status(Status.RETURNED, "return_result", day + dt.timedelta(days=1))


def _targets(op) -> set[str]:
    if op.target:
        return {op.target}
    # DECIDED / UNCHANGED: any status the operation can start from or lead to.
    return set(op.sources) | {Status.IN_PROCESS, Status.INTER_AGENCY, Status.RESULT_READY}


@pytest.mark.django_db
def test_the_mapping_covers_every_status_and_every_operation_today():
    today = dt.date.today()
    for status in Status.values:
        assert selectors.national_status(status, "", today).national_code
    for op in OPERATIONS.values():
        for status in _targets(op):
            if status in Status.values:
                assert selectors.national_status(status, op.name, today).national_code


def test_a_missing_mapping_never_blocks_the_change_and_shouts_as_a_dead_letter(world, connector, caplog):
    StatusMapping.objects.filter(status=Status.RECEIVED).delete()
    dossier = received(world)
    assert dossier.status == Status.RECEIVED
    [message] = Message.objects.all()
    assert message.state == Message.State.DEAD and "Chưa có ánh xạ" in message.last_error
    assert message.events.get().action == "dead"
    assert DossierSync.objects.get(dossier=dossier).failed
    assert "Chưa có ánh xạ" in caplog.text


def test_records_are_in_vietnamese_whatever_the_language_of_the_request(world, connector):
    from django.utils import translation

    with translation.override("en"):
        dossier = received(world)
        services.hand_over(actor=world.staff["counter"], dossier=dossier, revision=dossier.revision)
    record = Message.objects.get(key=f"{dossier.code}:1:dossier").payload["record"]
    assert record["ThongTinTra"] == "Trực tiếp tại Bộ phận Một cửa"
    assert (
        Message.objects.get(key=f"{dossier.code}:2:progress").payload["record"]["NoiDungXuLy"]
        == "Chuyển xử lý"
    )
