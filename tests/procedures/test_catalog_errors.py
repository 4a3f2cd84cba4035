# ruff: noqa: E501 — the expected error lines are kept one per line.
"""Catalog import errors: every problem of every row is listed, in Vietnamese, with its sheet, row and
column (or JSON path), and nothing is written. Several errors in one row are all reported."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from cchc.procedures import catalog_io, services
from cchc.procedures.catalog_io import CatalogImportError
from tests.procedures.test_catalog_io import build_catalog, catalog_counts

pytestmark = pytest.mark.django_db


def _errors(call) -> list[str]:
    before = catalog_counts()
    with pytest.raises(CatalogImportError) as info:
        call()
    assert catalog_counts() == before
    return [str(e) for e in info.value.errors]


def _import_json(data: dict) -> list[str]:
    return _errors(lambda: services.import_catalog(actor=services.SYSTEM, data=json.loads(json.dumps(data))))


def _import_xlsx(mutate) -> list[str]:
    wb = load_workbook(io.BytesIO(catalog_io.dump_xlsx(catalog_io.export_catalog())))
    mutate(wb)
    buf = io.BytesIO()
    wb.save(buf)
    return _errors(
        lambda: services.import_catalog_file(actor=services.SYSTEM, content=buf.getvalue(), filename="a.xlsx")
    )


def _set(ws, row: int, **values) -> None:
    header = [c.value for c in ws[1]]
    for key, value in values.items():
        ws.cell(row=row, column=header.index(key) + 1, value=value)


def test_a_json_version_with_many_errors_lists_each_of_them():
    data = build_catalog()
    data["fields"][1].update(code="Mã có dấu", name="", order="đầu")
    v = data["procedures"][0]["versions"][1]
    v.update(
        number="hai",
        status="sai",
        name="x" * 600,
        field="khong-co",
        agency="111.11.11.H11",
        level="tinh-thanh",
        for_citizens=False,
        for_organisations="có lẽ",
        legacy_online_level="1.5",
        processing_time="-1",
        time_unit="working_hours",
        cutoff_time="25:00",
        valid_from="2025-02-31",
        partner_agencies=["000.00.99.H56", 7],
        flow_diagram="d" * 300,
        inter_agency=2,
    )
    doc = v["documents"][0]
    doc.update(order=None, name="", kind="ban-sao", count="nhiều", optional="có lẽ")
    doc["form"].update(code="", title="t" * 600, file="f" * 300)
    v["documents"][1]["order"] = 2
    v["documents"].append({**v["documents"][1], "count": 0})
    step = v["process_steps"][1]
    step.update(order=1, role="", unit=None, unit_agency="000.00.22.H56", budget="-1")
    v["process_steps"][2].update(unit="khong-co", agency="999.99.99.H99", budget="ba")
    v["fees"][0].update(name="", amount="-5")
    v["legal_bases"][0].update(number="", issued_on="hôm qua")
    data["procedures"][0]["versions"][0].update(
        processing_time="1", valid_to="2025-07-02", status="published"
    )
    data["procedures"].append({"code": True, "versions": []})
    data["procedures"].append({"code": "1.23", "versions": []})
    assert _import_json(data) == EXPECTED_JSON


def test_an_excel_row_with_several_errors_lists_each_of_them():
    build_catalog()

    def mutate(wb):
        fields = wb["Lĩnh vực"]
        _set(fields, 2, code="viec lam", name="", order=1.5)
        versions = wb["Thủ tục"]
        _set(versions, 3, number=2.0, status="Đang công bố", for_citizens="x", for_organisations="k")
        _set(versions, 3, processing_time="0,25", time_unit="working_hours", cutoff_time="16:30")
        _set(versions, 3, valid_from="2025-07-01 08:00", level="Cấp tỉnh lỵ", online_level=3)
        _set(versions, 2, valid_to="30/06/2025", name=True, decision=1234.0, legacy_online_level=2.0)
        docs = wb["Thành phần hồ sơ"]
        _set(docs, 2, order="1", count=1.5, optional="không", kind="Bản sao")
        steps = wb["Quy trình nội bộ"]
        _set(steps, 2, role="Tiếp nhận", unit="", unit_agency="", agency="", budget="0,5")
        _set(steps, 3, order="1", unit_agency="000.00.23.H56")
        fees = wb["Phí lệ phí"]
        _set(fees, 2, amount="năm mươi nghìn", name="")
        legal = wb["Căn cứ pháp lý"]
        _set(legal, 2, issued_on=dt.datetime(2013, 11, 16, 9, 30), issuer="", title="")

    assert _import_xlsx(mutate) == EXPECTED_XLSX


EXPECTED_JSON = [
    "fields[1], cột name: Thiếu giá trị bắt buộc.",
    "fields[1], cột order: Phải là số nguyên.",
    "fields[1], cột code: Enter a valid “slug” consisting of letters, numbers, underscores or hyphens.",
    "procedures[0].versions[1], cột number: Phải là số nguyên.",
    "procedures[0].versions[1], cột status: Giá trị 'sai' không hợp lệ; chọn một trong: draft, published, withdrawn.",
    "procedures[0].versions[1], cột level: Giá trị 'tinh-thanh' không hợp lệ; chọn một trong: central, province, district, commune.",
    "procedures[0].versions[1], cột for_organisations: Phải là true/false (có/không).",
    "procedures[0].versions[1], cột legacy_online_level: Phải là số nguyên.",
    "procedures[0].versions[1], cột processing_time: Thời hạn giải quyết phải lớn hơn 0 (tối thiểu 0,5).",
    "procedures[0].versions[1], cột cutoff_time: Giờ không hợp lệ '25:00' (dạng HH:MM).",
    "procedures[0].versions[1], cột inter_agency: Phải là true/false (có/không).",
    "procedures[0].versions[1], cột partner_agencies: Phải là danh sách mã.",
    "procedures[0].versions[1], cột valid_from: Ngày không hợp lệ '2025-02-31' (dạng YYYY-MM-DD hoặc DD/MM/YYYY).",
    "procedures[0].versions[1], cột field: Không có lĩnh vực mã 'khong-co'.",
    "procedures[0].versions[1], cột agency: Không có cơ quan mã '111.11.11.H11'.",
    "procedures[0].versions[1], cột flow_diagram: Tên tệp dài quá 255 ký tự.",
    "procedures[0].versions[1], cột name: Giá trị này chỉ có tối đa 500 kí tự (hiện có 600)",
    "procedures[0].versions[1]: Thủ tục phải có ít nhất một đối tượng thực hiện (công dân hoặc tổ chức).",
    "procedures[0].versions[1].documents[0], cột order: Thiếu giá trị bắt buộc.",
    "procedures[0].versions[1].documents[0], cột name: Thiếu giá trị bắt buộc.",
    "procedures[0].versions[1].documents[0], cột kind: Giá trị 'ban-sao' không hợp lệ; chọn một trong: original, certified, copy, original_or_copy.",
    "procedures[0].versions[1].documents[0], cột count: Phải là số nguyên.",
    "procedures[0].versions[1].documents[0], cột optional: Phải là true/false (có/không).",
    "procedures[0].versions[1].documents[0].form, cột code: Thiếu giá trị bắt buộc.",
    "procedures[0].versions[1].documents[0].form, cột file: Tên tệp dài quá 255 ký tự.",
    "procedures[0].versions[1].documents[0].form, cột title: Giá trị này chỉ có tối đa 500 kí tự (hiện có 600)",
    "procedures[0].versions[1].documents[2], cột order: Số thứ tự 2 bị trùng trong cùng phiên bản.",
    "procedures[0].versions[1].documents[2], cột count: Đảm bảo giá trị này lớn hơn hoặc bằng với 1 .",
    "procedures[0].versions[1].process_steps[1], cột role: Thiếu giá trị bắt buộc.",
    "procedures[0].versions[1].process_steps[1], cột budget: Thời gian của bước không được âm.",
    "procedures[0].versions[1].process_steps[1], cột order: Số thứ tự 1 bị trùng trong cùng phiên bản.",
    "procedures[0].versions[1].process_steps[1], cột unit: Đã ghi cơ quan của đơn vị nhưng thiếu mã đơn vị.",
    "procedures[0].versions[1].process_steps[1]: Mỗi bước phải có đơn vị hoặc cơ quan thực hiện.",
    "procedures[0].versions[1].process_steps[2], cột budget: Phải là một số.",
    "procedures[0].versions[1].process_steps[2], cột unit: Không có đơn vị mã 'khong-co' thuộc cơ quan '000.00.23.H56'.",
    "procedures[0].versions[1].process_steps[2], cột agency: Không có cơ quan mã '999.99.99.H99'.",
    "procedures[0].versions[1].fees[0], cột name: Thiếu giá trị bắt buộc.",
    "procedures[0].versions[1].fees[0], cột amount: Mức thu không được âm.",
    "procedures[0].versions[1].legal_bases[0], cột number: Thiếu giá trị bắt buộc.",
    "procedures[0].versions[1].legal_bases[0], cột issued_on: Ngày không hợp lệ 'hôm qua' (dạng YYYY-MM-DD hoặc DD/MM/YYYY).",
    "procedures[1], cột code: Phải là chuỗi ký tự.",
    "procedures[2], cột code: Mã TTHC '1.23' không hợp lệ (dạng 1.001234).",
    "procedures[0].versions[0], cột valid_from: Thủ tục 1.001978: phiên bản 1 và phiên bản 2 cùng đang công bố trong cùng thời gian hiệu lực.",
]
EXPECTED_XLSX = [
    "Trang 'Lĩnh vực', dòng 2, cột name: Thiếu giá trị bắt buộc.",
    "Trang 'Lĩnh vực', dòng 2, cột order: Phải là số nguyên.",
    "Trang 'Lĩnh vực', dòng 2, cột code: Enter a valid “slug” consisting of letters, numbers, underscores or hyphens.",
    "Trang 'Thủ tục', dòng 2, cột name: Phải là chuỗi ký tự.",
    "Trang 'Thủ tục', dòng 3, cột level: Giá trị 'Cấp tỉnh lỵ' không hợp lệ; chọn một trong: central, province, district, commune.",
    "Trang 'Thủ tục', dòng 3, cột online_level: Giá trị '3' không hợp lệ; chọn một trong: none, partial, full.",
    "Trang 'Thủ tục', dòng 3, cột processing_time: Thời hạn giải quyết phải lớn hơn 0 (tối thiểu 0,5).",
    "Trang 'Thủ tục', dòng 3, cột valid_from: Ngày không hợp lệ '2025-07-01 08:00' (dạng YYYY-MM-DD hoặc DD/MM/YYYY).",
    "Trang 'Thủ tục', dòng 3, cột cutoff_time: Giờ chốt chỉ áp dụng khi thời hạn tính theo ngày làm việc.",
    "Trang 'Thành phần hồ sơ', dòng 2, cột count: Phải là số nguyên.",
    "Trang 'Quy trình nội bộ', dòng 2, cột role: Giá trị 'Tiếp nhận' không hợp lệ; chọn một trong: counter, specialist, unit_head, director, clerical, partner, return.",
    "Trang 'Quy trình nội bộ', dòng 2: Mỗi bước phải có đơn vị hoặc cơ quan thực hiện.",
    "Trang 'Quy trình nội bộ', dòng 3, cột order: Số thứ tự 1 bị trùng trong cùng phiên bản.",
    "Trang 'Quy trình nội bộ', dòng 3, cột unit: Không có đơn vị mã 'phong-vl' thuộc cơ quan '000.00.23.H56'.",
    "Trang 'Phí lệ phí', dòng 2, cột name: Thiếu giá trị bắt buộc.",
    "Trang 'Phí lệ phí', dòng 2, cột amount: Phải là một số.",
    "Trang 'Căn cứ pháp lý', dòng 2, cột title: Thiếu giá trị bắt buộc.",
    "Trang 'Căn cứ pháp lý', dòng 2, cột issuer: Thiếu giá trị bắt buộc.",
    "Trang 'Căn cứ pháp lý', dòng 2, cột issued_on: Phải là một ngày (không kèm giờ).",
]


def test_each_sheet_row_is_a_django_form():
    from django import forms

    from cchc.procedures.catalog_rows import Catalog, FeeRow

    header = {name: cols for name, (cols, _rows) in catalog_io.flatten(catalog_io.export_catalog()).items()}
    for sheet in catalog_io.SHEETS:
        assert issubclass(sheet.row, forms.Form)
        assert list(header[sheet.name]) == [name for name, _col in sheet.link] + list(sheet.row.base_fields)
    fee = FeeRow({"name": "Lệ phí cấp giấy", "amount": "-1", "note": 5}, Catalog.from_database())
    assert not fee.is_valid()
    assert fee.errors == {"amount": ["Mức thu không được âm."]}
    fee = FeeRow({"name": "Lệ phí cấp giấy", "amount": " 50000 "}, Catalog.from_database())
    assert fee.is_valid() and fee.model_values() == {
        "name": "Lệ phí cấp giấy",
        "amount": Decimal(50000),
        "note": "",
        "performer": "",
    }
