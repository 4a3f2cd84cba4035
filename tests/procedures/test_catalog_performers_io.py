"""The catalog file carries the performing agencies, their own steps and fees, the ``anywhere`` flag
and the level (decision 0021): exact round trips, clear refusals, nothing half-saved."""

from __future__ import annotations

import io
import json
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from cchc.org.models import Agency
from cchc.procedures import catalog_io, services
from cchc.procedures.catalog_io import CatalogImportError
from cchc.procedures.models import Fee, Performer, Procedure, ProcedureVersion, ProcessStep
from tests.factories import (
    AgencyFactory,
    FeeFactory,
    FieldFactory,
    ProcedureFactory,
    ProcedureVersionFactory,
    ProcessStepFactory,
    UnitFactory,
)

pytestmark = pytest.mark.django_db


def build_province_catalog() -> dict:
    noi_vu = AgencyFactory(code="000.00.10.H35", name="Sở Nội vụ")
    phu_quy = AgencyFactory(
        code="000.01.21.H35", name="UBND xã Phú Quý", kind=Agency.Kind.COMMUNE, level="commune"
    )
    tan_hai = AgencyFactory(
        code="000.02.21.H35", name="UBND phường Tân Hải", kind=Agency.Kind.COMMUNE, level="commune"
    )
    units = {
        a.code: UnitFactory(agency=a, code="vhxh", name=f"Văn hóa – Xã hội {a.name}")
        for a in (phu_quy, tan_hai)
    }
    field = FieldFactory(code="ho-tich", name="Hộ tịch")
    birth = ProcedureVersionFactory(
        procedure=ProcedureFactory(code="1.001193"),
        name="Đăng ký khai sinh",
        agency=phu_quy,
        field=field,
        level=ProcedureVersion.Level.COMMUNE,
        processing_time=Decimal("3"),
    )
    Performer.objects.create(version=birth, agency=phu_quy)
    own = Performer.objects.create(
        version=birth, agency=tan_hai, online_level="full", note="Thí điểm toàn trình"
    )
    ProcessStepFactory(
        version=birth, order=1, unit=units[phu_quy.code], budget=Decimal("2"), name="Thẩm định"
    )
    ProcessStepFactory(
        version=birth,
        performer=own,
        order=1,
        unit=units[tan_hai.code],
        budget=Decimal("3"),
        name="Thẩm định, ký",
    )
    FeeFactory(version=birth, name="Lệ phí", amount=Decimal("0"))
    FeeFactory(version=birth, performer=own, name="Lệ phí", amount=Decimal("5000"), note="Phường")
    ProcedureVersionFactory(
        procedure=ProcedureFactory(code="2.000635"),
        name="Cấp bản sao trích lục hộ tịch",
        agency=noi_vu,
        field=field,
        anywhere=True,
    )
    return catalog_io.export_catalog()


def wipe() -> None:
    Procedure.objects.all().delete()


def counts() -> tuple:
    return tuple(m.objects.count() for m in (ProcedureVersion, Performer, ProcessStep, Fee))


def test_export_carries_performers_anywhere_and_level():
    data = build_province_catalog()
    birth, copy = (p["versions"][0] for p in data["procedures"])
    assert birth["level"] == "commune" and birth["anywhere"] is False
    assert copy["anywhere"] is True and copy["performers"] == []
    assert birth["performers"] == [
        {"agency": "000.01.21.H35", "online_level": "", "note": ""},
        {"agency": "000.02.21.H35", "online_level": "full", "note": "Thí điểm toàn trình"},
    ]
    assert [(s["performer"], s["unit_agency"], s["budget"]) for s in birth["process_steps"]] == [
        (None, "000.01.21.H35", "2"),
        ("000.02.21.H35", "000.02.21.H35", "3"),
    ]
    assert [(f["performer"], f["amount"]) for f in birth["fees"]] == [(None, "0"), ("000.02.21.H35", "5000")]


@pytest.mark.parametrize("kind", ["json", "xlsx"])
def test_round_trip_is_exact(kind):
    before = build_province_catalog()
    content = catalog_io.dump_json(before) if kind == "json" else catalog_io.dump_xlsx(before)
    wipe()
    result = services.import_catalog_file(actor=services.SYSTEM, content=content, filename=f"d.{kind}")
    assert result.counts["performers"]["created"] == 2
    assert catalog_io.export_catalog() == before
    own = ProcessStep.objects.get(performer__isnull=False)
    assert own.performer.agency.code == "000.02.21.H35" and own.unit.agency.code == "000.02.21.H35"


def _xlsx(data: dict, mutate) -> bytes:
    wb = load_workbook(io.BytesIO(catalog_io.dump_xlsx(data)))
    mutate(wb)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_unknown_performer_code_is_named_with_its_row_and_nothing_is_saved():
    data = build_province_catalog()
    before = counts()

    def mutate(wb):
        ws = wb["Cơ quan thực hiện"]
        ws.cell(row=3, column=3).value = "000.99.99.H35"
        versions = wb["Thủ tục"]
        name = list(next(versions.iter_rows(values_only=True))).index("name") + 1
        versions.cell(row=2, column=name).value = "Tên đã sửa"

    with pytest.raises(CatalogImportError) as info:
        services.import_catalog_file(actor=services.SYSTEM, content=_xlsx(data, mutate), filename="d.xlsx")
    messages = [str(e) for e in info.value.errors]
    assert (
        "Trang 'Cơ quan thực hiện', dòng 3, cột agency: Không có cơ quan mã '000.99.99.H35' "
        "(cơ quan thực hiện phải có sẵn trong danh sách cơ quan)." in messages
    )
    # The own step and fee of the unknown agency are refused too, each on its row.
    assert any(m.startswith("Trang 'Quy trình nội bộ', dòng 3, cột performer") for m in messages)
    assert counts() == before
    assert catalog_io.export_catalog() == data
    assert not ProcedureVersion.objects.filter(name="Tên đã sửa").exists()


def test_json_own_steps_must_name_a_performer_use_its_units_and_keep_its_budget():
    data = build_province_catalog()
    birth = data["procedures"][0]["versions"][0]
    birth["process_steps"][1]["unit_agency"] = "000.01.21.H35"  # a unit of another commune
    birth["process_steps"].append({**birth["process_steps"][0], "order": 2, "budget": "1.5"})  # 2 + 1.5 > 3
    birth["fees"][1]["performer"] = "000.00.10.H35"  # not a performer of this version
    with pytest.raises(CatalogImportError) as info:
        services.import_catalog(actor=services.SYSTEM, data=json.loads(catalog_io.dump_json(data)))
    messages = [str(e) for e in info.value.errors]
    assert any(
        "process_steps[1], cột unit: Quy trình riêng của cơ quan '000.02.21.H35' "
        "chỉ gồm đơn vị của cơ quan đó." in m
        for m in messages
    )
    assert any(
        "fees[1], cột performer: Cơ quan '000.00.10.H35' không có trong danh sách" in m for m in messages
    )
    assert any("cột processing_time: Tổng thời gian các bước" in m for m in messages)
    # Each process numbers its own steps: step 1 of the common process and step 1 of Tân Hải's are fine.
    assert not any("bị trùng" in m for m in messages)


def test_an_older_file_without_performers_keeps_them():
    data = build_province_catalog()
    for proc in data["procedures"]:
        for v in proc["versions"]:
            del v["performers"]
            v["process_steps"] = [s for s in v["process_steps"] if not s["performer"]]
            v["fees"] = [f for f in v["fees"] if not f["performer"]]
            for row in v["process_steps"] + v["fees"]:
                del row["performer"]
            del v["anywhere"]

    def drop_sheet(wb):
        del wb["Cơ quan thực hiện"]

    content = _xlsx(data, drop_sheet)
    services.import_catalog_file(actor=services.SYSTEM, content=content, filename="cu.xlsx")
    assert Performer.objects.count() == 2
    assert not ProcessStep.objects.filter(performer__isnull=False).exists()
    services.import_catalog(actor=services.SYSTEM, data=json.loads(catalog_io.dump_json(data)))
    assert Performer.objects.count() == 2
