"""Dossiers filed on the national portal arrive by the pull, against the stand-in DVCQG as a process:
once each, with their documents, in the counter's online queue; bad records refused with nothing saved."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection, connections
from django.utils import timezone

from cchc.dossiers import services as dossier_services
from cchc.dossiers.models import Dossier, DossierEvent, Status
from cchc.national import inbound, services
from cchc.national.models import InboundDossier
from tests.national.conftest import filed


def pull():
    call_command("national", "pull", "--once")


def media_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_a_dossier_filed_on_the_portal_arrives_in_the_counter_queue(world, connected, client, settings):
    record = filed(connected)
    pull()
    row = InboundDossier.objects.get(national_code=record["MaHoSo"])
    assert row.state == InboundDossier.State.CREATED and row.via == InboundDossier.Via.PULL
    dossier = row.dossier
    assert dossier.status == Status.SUBMITTED
    assert dossier.procedure_version == world.version and dossier.agency == world.agency
    assert dossier.applicant_name == "Trần Thị Bình" and dossier.id_number == "060090001234"
    assert dossier.vneid_verified  # the portal's VNeID account is the applicant's own
    assert timezone.localtime(dossier.submitted_at).strftime("%Y%m%d%H%M") == "202605040900"
    first = DossierEvent.objects.get(dossier=dossier, seq=1)
    assert first.action == "submit_online" and first.data == {"national_code": record["MaHoSo"]}
    [document] = dossier.documents.all()
    assert document.original_name == "to-khai.pdf" and document.mime == "application/pdf"
    assert len(media_files(settings)) == 1

    client.force_login(world.staff["counter"])
    page = client.get("/quan-tri/mot-cua/").content.decode()
    assert dossier.code in page and "Nộp qua Cổng DVCQG" in page and record["MaHoSo"] in page
    detail = client.get(f"/quan-tri/ho-so/{dossier.code}/").content.decode()
    assert f"qua Cổng Dịch vụ công quốc gia, mã hồ sơ trên Cổng: {record['MaHoSo']}" in detail


def test_the_account_of_someone_else_does_not_verify_the_applicant(world, connected):
    record = filed(connected, SoDinhDanhTaiKhoan="079090009999")
    pull()
    assert not InboundDossier.objects.get(national_code=record["MaHoSo"]).dossier.vneid_verified


def test_the_same_dossier_delivered_three_times_is_one_dossier(world, connected):
    record = filed(connected)
    connected.control(duplicate=3)
    pull()
    pull()
    row = InboundDossier.objects.get(national_code=record["MaHoSo"])
    assert Dossier.objects.count() == 1 and row.times_seen == 6
    assert row.dossier.documents.count() == 1


def test_dossiers_offered_newest_first_keep_their_filing_order(world, connected):
    first = filed(connected, NgayTiepNhan="20260504080000")
    second = filed(connected, NgayTiepNhan="20260504100000")
    connected.control(reorder=True)
    pull()
    from cchc.dossiers import worklists

    queue = list(worklists.counter_queue(world.agency, worklists.QUEUE_SUBMITTED))
    assert [d.national_code for d in queue] == [first["MaHoSo"], second["MaHoSo"]]


@pytest.mark.parametrize(
    "over, reason",
    [
        ({"MaTTHC": "9.999999"}, "không có trong danh mục"),
        ({"LoaiDoiTuong": "7"}, "LoaiDoiTuong"),
        ({"ChuHoSo": ""}, "ChuHoSo"),
        ({"MaDoiTuong": "12345"}, "người nộp"),
        ({"NgayTiepNhan": "04/05/2026"}, "NgayTiepNhan"),
        ({"MaDonVi": "000.99.99.H99"}, "Mã cơ quan"),
    ],
)
def test_a_malformed_record_is_refused_with_its_reason_and_nothing_saved(
    world, connected, settings, over, reason
):
    record = filed(connected, **over)
    pull()
    row = InboundDossier.objects.get(national_code=record["MaHoSo"])
    assert row.state == InboundDossier.State.REJECTED and reason in row.error
    assert row.dossier is None and not Dossier.objects.exists() and media_files(settings) == []


def test_a_procedure_without_online_service_is_refused(world, connected):
    world.version.online_level = "none"
    world.version.save()
    record = filed(connected)
    pull()
    row = InboundDossier.objects.get(national_code=record["MaHoSo"])
    assert "trực tuyến" in row.error and not Dossier.objects.exists()


def test_an_oversized_or_fake_document_is_refused_and_no_file_is_left(world, connected, settings):
    settings.CCHC_MAX_UPLOAD_BYTES = 2000
    big = filed(connected, documents=[{"TenTepDinhKem": "lon.pdf", "content_base64": "A" * 4000}])
    fake = filed(
        connected,
        documents=[
            {"TenTepDinhKem": "to-khai.pdf", "MaThanhPhanHoSo": "1", "content_base64": "JVBERi0="},
            {"TenTepDinhKem": "virus.pdf", "content_base64": "TVqQAAMAAAAEAAAA//8AALgAAAAAAAAAQAAAAAAAAAAA"},
        ],
    )
    pull()
    assert "vượt giới hạn" in InboundDossier.objects.get(national_code=big["MaHoSo"]).error
    assert "virus.pdf" in InboundDossier.objects.get(national_code=fake["MaHoSo"]).error
    assert not Dossier.objects.exists() and media_files(settings) == []


def test_a_document_elsewhere_than_the_portal_is_not_fetched(world, connected):
    record = {
        "MaHoSo": "G22.260504.999001",
        "MaTTHC": "1.001978",
        "ChuHoSo": "Trần Thị Bình",
        "LoaiDoiTuong": "1",
        "MaDoiTuong": "060090001234",
        "SoDienThoai": "0912345678",
        "NgayTiepNhan": "20260504090000",
        "TaiLieuNop": [{"TenTepDinhKem": "a.pdf", "DuongDanTaiTepTin": "http://169.254.169.254/latest"}],
    }
    outcome = services.receive_inbound(record, via=InboundDossier.Via.PUSH)
    assert outcome.result == "rejected" and "ngoài Cổng" in outcome.reason
    assert not Dossier.objects.exists()


def test_a_rejected_dossier_is_taken_once_the_catalogue_is_corrected(world, connected):
    world.version.online_level = "none"
    world.version.save()
    record = filed(connected)
    pull()
    assert InboundDossier.objects.get(national_code=record["MaHoSo"]).state == InboundDossier.State.REJECTED
    world.version.online_level = "full"
    world.version.save()
    pull()
    row = InboundDossier.objects.get(national_code=record["MaHoSo"])
    assert row.state == InboundDossier.State.CREATED and row.times_seen == 2 and row.error == ""


def test_the_portal_down_during_a_pull_saves_nothing_and_the_next_pull_takes_it(world, connected, capsys):
    record = filed(connected)
    connected.control(fail="http")
    pull()
    assert "lượt sau thử lại" in capsys.readouterr().err
    assert not InboundDossier.objects.exists() and not Dossier.objects.exists()
    connected.control(fail="error")
    pull()
    assert not InboundDossier.objects.exists()
    connected.control(fail=None)
    pull()
    assert InboundDossier.objects.get(national_code=record["MaHoSo"]).state == InboundDossier.State.CREATED


def test_the_portal_gone_while_a_document_is_fetched_saves_nothing(world, connected, settings):
    record = filed(connected)
    [offered] = connected.post(
        "/integration",
        {"session": _session(connected), "madonvi": "000.00.15.H10", "service": "LayDanhSachHoSo"},
    )["result"]
    connected.stop()
    try:
        with pytest.raises(inbound.calls.Unavailable):
            services.receive_inbound(offered, via=InboundDossier.Via.PULL)
    finally:
        connected.start()
    assert not InboundDossier.objects.exists() and media_files(settings) == []
    assert record["MaHoSo"] == offered["MaHoSo"]


def _session(portal) -> str:
    return portal.post("/auth", {"username": "cchc", "secret": "cchc-standin"})["session"]


@pytest.mark.django_db(transaction=True)
def test_two_deliveries_at_once_make_one_dossier(world, connected):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers are tested on PostgreSQL (SQLite serialises them)")
    filed(connected)
    [record] = connected.post(
        "/integration",
        {"session": _session(connected), "madonvi": "000.00.15.H10", "service": "LayDanhSachHoSo"},
    )["result"]
    barrier, outcomes, errors = threading.Barrier(2), [], []

    def deliver():
        try:
            barrier.wait()
            outcomes.append(services.receive_inbound(record, via=InboundDossier.Via.PUSH).result)
        except Exception as exc:  # pragma: no cover - the failure shown by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=deliver) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(outcomes) == ["created", "duplicate"]
    assert Dossier.objects.count() == 1
    assert InboundDossier.objects.get(national_code=record["MaHoSo"]).times_seen == 2


def test_the_counters_acceptance_and_refusal_reach_the_portal(world, connected, settings):
    settings.CCHC_DVCQG_ENABLED = True
    accepted, refused = filed(connected), filed(connected)
    pull()
    counter = world.staff["counter"]
    for record, change in ((accepted, "receive"), (refused, "refuse")):
        dossier = InboundDossier.objects.get(national_code=record["MaHoSo"]).dossier
        if change == "receive":
            dossier_services.receive(actor=counter, dossier=dossier, revision=dossier.revision)
        else:
            dossier_services.refuse(
                actor=counter, dossier=dossier, revision=dossier.revision, reason="Không thuộc thẩm quyền"
            )
    call_command("national", "send", "--once")  # the outbound worker
    state = connected.state()["dossiers"]
    assert state[accepted["MaHoSo"]]["status"] == "2"
    assert state[refused["MaHoSo"]]["status"] == "3"
