"""The national procedure database is the master of the public content: ``cchc national catalogue``
against the stand-in DVCQG (a process, its database a JSON file) finds what differs; the catalogue
administrator applies it as a new version, the province's process, fees and performers kept."""

from __future__ import annotations

import copy
import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from cchc.national import calls, catalogue
from cchc.national.models import CatalogueCheck
from cchc.org.models import Unit
from cchc.procedures.models import Field, LegalBasis, Performer, ProcedureVersion
from tests.factories import (
    FormTemplateFactory,
    ProcedureVersionFactory,
    RequiredDocumentFactory,
    UnitFactory,
    staff_user,
)
from tests.national.conftest import AGENCY

CODE = "1.001978"
URL = "/quan-tri/dvcqg/danh-muc/"


@pytest.fixture
def catalogued(world):
    """The department's procedure with the public content a catalogue has."""
    version = world.version
    version.field = Field.objects.create(code="viec-lam", name="Việc làm")
    version.conditions = "Đã đóng bảo hiểm thất nghiệp từ đủ 12 tháng trở lên."
    version.time_note = "Kể từ ngày nhận đủ hồ sơ hợp lệ."
    version.save()
    form = RequiredDocumentFactory(version=version, order=1, name="Đề nghị hưởng trợ cấp thất nghiệp")
    FormTemplateFactory(document=form, code="Mẫu số 03")
    RequiredDocumentFactory(version=version, order=2, name="Quyết định thôi việc", kind="copy")
    LegalBasis.objects.create(
        version=version,
        number="38/2013/QH13",
        title="Luật Việc làm",
        issuer="Quốc hội",
        issued_on=dt.date(2013, 11, 16),
    )
    Performer.objects.create(version=version, agency=world.agency)
    return version


def national(version, **over) -> dict:
    record = catalogue.record_of(version)
    record.update(over)
    return record


@pytest.fixture
def dvcqg(settings, standin, tmp_path):
    """``dvcqg(records)``: a stand-in whose national database holds ``records``, CCHC connected to it."""

    def start(records: list[dict]):
        path = tmp_path / "catalogue.json"
        path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
        portal = standin("dvcqg", agency_codes=AGENCY, catalogue=str(path))
        calls.forget_session()
        settings.CCHC_DVCQG_URL = portal.url
        settings.CCHC_DVCQG_PULL_AGENCIES = [AGENCY]
        return portal

    return start


def changed(version) -> dict:
    """The national record with a shorter time limit, one more document and an amended legal basis."""
    record = national(version)
    for channel in record["CACHTHUCTHUCHIEN"]:
        channel["THOIGIAN"][0]["THOIGIANGIAIQUYET"] = "7"
    record["THANHPHANHOSO"][0]["GIAYTO"].insert(
        1, {"MAGIAYTO": "9", "TENGIAYTO": "Sổ bảo hiểm xã hội", "SOBANCHINH": 1, "SOBANSAO": 0}
    )
    record["CANCUPHAPLY"].append(
        {
            "SOVANBAN": "74/2025/QH15",
            "TENVANBAN": "Luật Việc làm",
            "COQUANBANHANH": "Quốc hội",
            "NGAYBANHANH": "16/06/2025",
        }
    )
    return record


def test_a_version_written_as_the_national_record_has_no_difference(catalogued):
    record = catalogue.record_of(catalogued)
    assert (
        catalogue.differences(catalogue.local_content(catalogued), catalogue.national_content(record)) == []
    )


def test_the_national_shape_is_read_field_by_field(catalogued):
    record = {
        "MaTTHC": CODE,
        "TENTTHC": "Giải quyết hưởng trợ cấp thất nghiệp",
        "LINHVUCTHUCHIEN": [{"MALINHVUC": "G09-LĐ02", "TENLINHVUC": "Việc làm"}],
        "TRINHTUTHUCHIEN": [
            {
                "TRUONGHOP": "",
                "TRINHTU": [{"TENTRINHTU": "Bước 1: Nộp hồ sơ"}, {"TENTRINHTU": "Bước 2: Giải quyết"}],
            }
        ],
        "CACHTHUCTHUCHIEN": [
            {
                "KENH": 1,
                "THOIGIAN": [
                    {"THOIGIANGIAIQUYET": 20, "DONVITINH": "Ngày làm việc", "MOTA": "", "PHILEPHI": []}
                ],
            },
            {
                "KENH": 3,
                "THOIGIAN": [
                    {"THOIGIANGIAIQUYET": 20, "DONVITINH": "Ngày làm việc", "MOTA": "", "PHILEPHI": []}
                ],
            },
        ],
        "DOITUONGTHUCHIEN": [
            {"TENDOITUONG": "Công dân Việt Nam"},
            {"TENDOITUONG": "Tổ chức (không bao gồm doanh nghiệp)"},
        ],
        "KETQUATHUCHIEN": [{"MAKETQUA": "KQ1", "TENKETQUA": "Quyết định hưởng trợ cấp thất nghiệp"}],
    }
    content = catalogue.national_content(record)
    assert content["processing_time"] == "20 Ngày làm việc"
    assert content["channels"] == ["Trực tiếp", "Qua dịch vụ bưu chính công ích"]
    assert content["subjects"] == ["Công dân Việt Nam", "Doanh nghiệp, tổ chức"]
    assert content["steps"] == ["Bước 1: Nộp hồ sơ", "Bước 2: Giải quyết"]
    found = {d["field"] for d in catalogue.differences(catalogue.local_content(catalogued), content)}
    assert {"processing_time", "channels", "subjects", "steps", "result", "documents", "legal_bases"} <= found
    assert "name" not in found and "field" not in found


def test_the_check_lists_differences_and_procedures_on_one_side_only(catalogued, world, dvcqg, settings):
    lonely = ProcedureVersionFactory(procedure__code="2.000777", agency=world.agency, name="Chỉ có ở tỉnh")
    settings.CCHC_DVCQG_CATALOGUE_EXTRA_CODES = ["1.012345", "9.999999"]
    only_national = {"MaTTHC": "1.012345", "TENTTHC": "Thủ tục tỉnh chưa có"}
    dvcqg([changed(catalogued), only_national])
    call_command("national", "catalogue")
    check = CatalogueCheck.objects.get(national_code=CODE)
    assert check.state == CatalogueCheck.State.DIFFERENT and check.version == catalogued
    by_field = {d["field"]: d for d in check.differences}
    assert set(by_field) == {"processing_time", "documents", "legal_bases"}
    assert by_field["processing_time"]["old"] == "10 Ngày làm việc"
    assert by_field["processing_time"]["new"] == "7 Ngày làm việc"
    assert "Sổ bảo hiểm xã hội" in by_field["documents"]["new"]
    assert CatalogueCheck.objects.get(national_code="1.012345").state == CatalogueCheck.State.NOT_LOCAL
    assert (
        CatalogueCheck.objects.get(national_code=lonely.procedure.code).state
        == CatalogueCheck.State.NOT_NATIONAL
    )
    assert not CatalogueCheck.objects.filter(national_code="9.999999").exists()
    assert not ProcedureVersion.objects.filter(procedure__code="1.012345").exists()  # listed, never created


def test_a_fee_difference_is_shown_but_not_applied(catalogued, dvcqg):
    record = national(catalogued)
    for channel in record["CACHTHUCTHUCHIEN"]:
        channel["THOIGIAN"][0]["PHILEPHI"] = [
            {"MAPHILEPHI": "LP1", "SOTIEN": 50000, "DONVI": "Đồng", "MOTA": "Lệ phí"}
        ]
    dvcqg([record])
    call_command("national", "catalogue")
    check = CatalogueCheck.objects.get(national_code=CODE)
    assert check.state == CatalogueCheck.State.SAME
    assert [(d["field"], d["applies"]) for d in check.differences] == [("fees", False)]


def office_user(world):
    return world.staff["office"]


def test_the_administrator_sees_old_and_new_and_applies_a_new_version(catalogued, world, dvcqg, client):
    dvcqg([changed(catalogued)])
    call_command("national", "catalogue")
    client.force_login(office_user(world))
    page = client.get(URL).content.decode()
    assert CODE in page and "Thời hạn giải quyết" in page
    detail = client.get(reverse("backoffice:national:catalogue_detail", args=[CODE])).content.decode()
    assert "10 Ngày làm việc" in detail and "7 Ngày làm việc" in detail and "Sổ bảo hiểm xã hội" in detail

    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    reply = client.post(
        reverse("backoffice:national:catalogue_detail", args=[CODE]),
        {"valid_from": tomorrow.isoformat(), "confirm": "on"},
    )
    assert reply.status_code == 302
    new = ProcedureVersion.objects.get(procedure=catalogued.procedure, number=2)
    catalogued.refresh_from_db()
    assert new.status == ProcedureVersion.Status.PUBLISHED and new.valid_from == tomorrow
    assert catalogued.valid_to == timezone.localdate()
    assert new.processing_time == Decimal(7)
    assert [d.name for d in new.required_documents.order_by("order")] == [
        "Đề nghị hưởng trợ cấp thất nghiệp",
        "Sổ bảo hiểm xã hội",
        "Quyết định thôi việc",
    ]
    kept = new.required_documents.get(name="Quyết định thôi việc")
    assert kept.kind == "copy" and new.required_documents.get(order=1).form.code == "Mẫu số 03"
    assert [b.number for b in new.legal_bases.order_by("id")] == ["38/2013/QH13", "74/2025/QH15"]
    # the province's own: process steps, fees, performers, untouched and copied
    assert list(new.process_steps.order_by("order").values_list("role", "unit_id", "budget")) == list(
        catalogued.process_steps.order_by("order").values_list("role", "unit_id", "budget")
    )
    assert list(new.fees.values_list("name", "amount")) == list(catalogued.fees.values_list("name", "amount"))
    assert list(new.performers.values_list("agency_id", flat=True)) == [world.agency.pk]
    assert new.online_level == catalogued.online_level and new.name == catalogued.name
    check = CatalogueCheck.objects.get(national_code=CODE)
    assert check.applied_by == office_user(world) and check.applied_version == new
    assert check.applied_from == tomorrow and check.state == CatalogueCheck.State.SAME

    listed = client.get(URL).content.decode()
    assert "Đã áp dụng gần đây" in listed and office_user(world).staff.full_name in listed
    detail = client.get(reverse("backoffice:national:catalogue_detail", args=[CODE])).content.decode()
    assert "Đã áp dụng: phiên bản 2" in detail

    call_command("national", "catalogue")  # the next check compares with the new version: nothing left
    assert CatalogueCheck.objects.get(national_code=CODE).state == CatalogueCheck.State.SAME


def test_only_the_catalogue_administrator_may_see_or_apply(catalogued, world, dvcqg, client):
    dvcqg([changed(catalogued)])
    call_command("national", "catalogue")
    client.force_login(world.staff["counter"])
    assert client.get(URL).status_code == 403
    reply = client.post(
        reverse("backoffice:national:catalogue_detail", args=[CODE]),
        {"valid_from": timezone.localdate().isoformat(), "confirm": "on"},
    )
    assert reply.status_code == 403
    assert not ProcedureVersion.objects.filter(number=2).exists()
    admin = staff_user("sysadmin-role-missing", UnitFactory(agency=world.agency, kind=Unit.Kind.OFFICE), "it")
    client.force_login(admin)
    assert client.get(URL).status_code == 403


@pytest.mark.parametrize("days, confirm", [(-1, "on"), (1, "")])
def test_a_past_date_or_no_confirmation_creates_nothing(catalogued, world, dvcqg, client, days, confirm):
    dvcqg([changed(catalogued)])
    call_command("national", "catalogue")
    client.force_login(office_user(world))
    day = timezone.localdate() + dt.timedelta(days=days)
    reply = client.post(
        reverse("backoffice:national:catalogue_detail", args=[CODE]),
        {"valid_from": day.isoformat(), "confirm": confirm},
    )
    assert reply.status_code == 400
    assert not ProcedureVersion.objects.filter(number=2).exists()
    assert CatalogueCheck.objects.get(national_code=CODE).state == CatalogueCheck.State.DIFFERENT


def test_a_version_changed_since_the_check_must_be_checked_again(catalogued, world, dvcqg):
    dvcqg([changed(catalogued)])
    call_command("national", "catalogue")
    newer = ProcedureVersionFactory(
        procedure=catalogued.procedure,
        number=5,
        agency=world.agency,
        valid_from=timezone.localdate() + dt.timedelta(days=30),
    )
    catalogued.valid_to = newer.valid_from - dt.timedelta(days=1)
    catalogued.save()
    check = CatalogueCheck.objects.get(national_code=CODE)
    with pytest.raises(Exception, match="đối chiếu lại"):
        catalogue.apply(
            actor=office_user(world), check=check, valid_from=timezone.localdate() + dt.timedelta(days=40)
        )
    assert not ProcedureVersion.objects.filter(procedure=catalogued.procedure, number=6).exists()


def test_the_portal_down_keeps_the_previous_check(catalogued, dvcqg, capsys):
    portal = dvcqg([changed(catalogued)])
    call_command("national", "catalogue")
    before = copy.deepcopy(CatalogueCheck.objects.get(national_code=CODE).differences)
    portal.control(fail="http")
    with pytest.raises(Exception, match="Không đối chiếu được"):
        call_command("national", "catalogue")
    assert "Cổng DVCQG lỗi" in capsys.readouterr().err
    assert CatalogueCheck.objects.get(national_code=CODE).differences == before


def test_the_portal_down_stops_the_round_at_once(catalogued, world, dvcqg, settings):
    ProcedureVersionFactory(procedure__code="2.000777", agency=world.agency)
    portal = dvcqg([changed(catalogued)])
    portal.control(fail="http")
    result = catalogue.check()
    assert result.checked == 0 and len(result.errors) == 1  # not one failed call per procedure


def test_the_commands_need_the_agency_codes(settings):
    settings.CCHC_DVCQG_URL = "http://127.0.0.1:9"
    settings.CCHC_DVCQG_PULL_AGENCIES = []
    for job in ("pull", "catalogue"):
        with pytest.raises(Exception, match="CCHC_DVCQG_PULL_AGENCIES"):
            call_command("national", job)
