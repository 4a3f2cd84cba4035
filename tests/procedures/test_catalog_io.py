"""Catalog export/import: exact round trips, all-or-nothing validation, file checks, the command."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from cchc.org import roles
from cchc.org.models import Unit
from cchc.procedures import catalog_io, services
from cchc.procedures.catalog_io import CatalogImportError
from cchc.procedures.models import (
    Fee,
    Field,
    FormTemplate,
    LegalBasis,
    Procedure,
    ProcedureVersion,
    ProcessStep,
    RequiredDocument,
)
from tests.factories import (
    AgencyFactory,
    FieldFactory,
    FormTemplateFactory,
    ProcedureFactory,
    ProcedureVersionFactory,
    ProcessStepFactory,
    RequiredDocumentFactory,
    StaffFactory,
    UnitFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def build_catalog() -> dict:
    """A small but varied catalog: diacritics, blanks, None, 0.5, dates, times, forms, partners, and
    English texts (some empty, one multi-line, one starting with "=")."""
    home = AgencyFactory(code="000.00.22.H56", name="Sở Nội vụ tỉnh Khánh Hòa")
    partner = AgencyFactory(code="000.00.23.H56", name="Công an tỉnh")
    counter = UnitFactory(agency=home, code="mot-cua", name="Bộ phận Một cửa")
    division = UnitFactory(agency=home, code="phong-vl", name="Phòng Việc làm – An toàn lao động")
    partner_unit = UnitFactory(agency=partner, code="mot-cua", name="Bộ phận tiếp nhận")
    employment = FieldFactory(code="viec-lam", name="Việc làm", name_en="Employment", order=1)
    FieldFactory(code="nguoi-co-cong", name="Người có công", order=2)

    proc = ProcedureFactory(code="1.001978")
    old = ProcedureVersionFactory(
        procedure=proc,
        number=1,
        status=ProcedureVersion.Status.WITHDRAWN,
        name="Giải quyết hưởng trợ cấp thất nghiệp",
        name_en="Unemployment benefit",
        field=employment,
        agency=home,
        decision="1234/QĐ-UBND ngày 12/5/2024",
        valid_from=dt.date(2021, 1, 1),
        valid_to=dt.date(2025, 6, 30),
        processing_time=Decimal("20"),
        steps="Bước 1: Nộp hồ sơ\nBước 2: Thẩm định",
    )
    new = ProcedureVersionFactory(
        procedure=proc,
        number=2,
        name="Giải quyết hưởng trợ cấp thất nghiệp (sửa đổi)",
        name_en="",
        field=employment,
        agency=home,
        level=ProcedureVersion.Level.COMMUNE,
        for_organisations=True,
        subjects_note="Người lao động đã đóng bảo hiểm thất nghiệp",
        subjects_note_en="Employees who paid unemployment insurance",
        steps="Bước 1: Nộp hồ sơ\nBước 2: Nhận kết quả",
        steps_en="Step 1: Submit the application\nStep 2: Receive the result",
        conditions="=Không tính công thức",
        conditions_en="=Not a formula either",
        result_name="Quyết định hưởng trợ cấp thất nghiệp",
        result_name_en="Decision on unemployment benefit",
        time_note="Kể từ ngày nhận đủ hồ sơ",
        time_note_en="From receipt of a complete application",
        data_note="Số liệu minh họa",
        data_note_en="Illustrative data",
        online_level=ProcedureVersion.OnlineLevel.FULL,
        legacy_online_level=4,
        postal_submission=True,
        postal_return=True,
        processing_time=Decimal("2.5"),
        cutoff_time=dt.time(16, 30),
        inter_agency=True,
        flow_diagram="procedures/diagrams/so-do.png",
        valid_from=dt.date(2025, 7, 1),
        result_form=ProcedureVersion.ResultForm.BOTH,
        fee_note="Miễn phí đối với hộ nghèo",
        fee_note_en="Free for poor households",
    )
    new.partner_agencies.set([partner])
    doc = RequiredDocumentFactory(
        version=new,
        order=1,
        name="Đề nghị hưởng trợ cấp thất nghiệp",
        name_en="Application for unemployment benefit",
        kind="original",
        note="Theo mẫu",
        note_en="On the form",
    )
    FormTemplateFactory(
        document=doc,
        code="Mẫu số 03",
        title="Đề nghị hưởng trợ cấp",
        title_en="Application form",
        guidance="Ghi rõ họ tên.\nKý tên.",
        guidance_en="Write your full name.\nSign.",
        source="",
    )
    RequiredDocumentFactory(
        version=new, order=2, name="Sổ bảo hiểm xã hội", kind="copy", count=2, optional=True
    )
    RequiredDocumentFactory(version=old, order=1, name="Tờ khai cũ")
    ProcessStepFactory(
        version=new,
        order=1,
        name="Tiếp nhận hồ sơ",
        name_en="Receive the application",
        role="counter",
        unit=counter,
        budget="0.5",
    )
    ProcessStepFactory(
        version=new, order=2, name="Thẩm định", role="specialist", unit=division, budget="1.25"
    )
    ProcessStepFactory(
        version=new, order=3, name="Xác minh liên thông", role="partner", unit=partner_unit, budget="0.25"
    )
    ProcessStepFactory(
        version=new, order=4, name="Phối hợp", role="partner", unit=None, agency=partner, budget="0.5"
    )
    Fee.objects.create(
        version=new,
        name="Lệ phí cấp giấy",
        name_en="Issuance fee",
        amount=Decimal("50000"),
        note="Nộp khi nhận",
        note_en="Paid on collection",
    )
    Fee.objects.create(version=new, name="Phí thẩm định", amount=Decimal("0"), note="Không thu")
    LegalBasis.objects.create(
        version=new,
        number="38/2013/QH13",
        title="Luật Việc làm",
        title_en="Law on Employment",
        issuer="Quốc hội",
        issuer_en="National Assembly",
        issued_on=dt.date(2013, 11, 16),
    )
    LegalBasis.objects.create(
        version=new, number="28/2015/NĐ-CP", title="Nghị định hướng dẫn", issuer="Chính phủ"
    )
    return catalog_io.export_catalog()


def wipe_catalog() -> None:
    Procedure.objects.all().delete()
    Field.objects.all().delete()


def catalog_counts() -> tuple:
    return tuple(
        m.objects.count()
        for m in (
            Field,
            Procedure,
            ProcedureVersion,
            RequiredDocument,
            FormTemplate,
            ProcessStep,
            Fee,
            LegalBasis,
        )
    )


def sheet_values(content: bytes) -> dict:
    wb = load_workbook(io.BytesIO(content))
    return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}


def to_xlsx_bytes(mutate) -> bytes:
    """The current catalog as xlsx, after ``mutate(workbook)``."""
    wb = load_workbook(io.BytesIO(catalog_io.dump_xlsx(catalog_io.export_catalog())))
    mutate(wb)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def import_file(content: bytes, name: str, **kwargs):
    return services.import_catalog_file(actor=services.SYSTEM, content=content, filename=name, **kwargs)


# --- Round trips -----------------------------------------------------------------------------------------


def test_export_shape():
    data = build_catalog()
    assert data["format"] == "cchc-catalog" and data["version"] == 1
    version = data["procedures"][0]["versions"][1]
    assert version["processing_time"] == "2.5"
    assert version["cutoff_time"] == "16:30"
    assert version["partner_agencies"] == ["000.00.23.H56"]
    assert version["documents"][0]["form"]["code"] == "Mẫu số 03"
    assert version["documents"][1]["form"] is None
    assert version["process_steps"][3] == {
        "order": 4,
        "name": "Phối hợp",
        "name_en": "",
        "role": "partner",
        "unit_agency": None,
        "unit": None,
        "agency": "000.00.23.H56",
        "budget": "0.5",
        "performer": None,
    }
    assert version["legal_bases"][0]["issued_on"] in ("2013-11-16", None)


def test_json_round_trip_is_exact():
    before = build_catalog()
    content = catalog_io.dump_json(before)
    assert "Giải quyết hưởng trợ cấp thất nghiệp".encode() in content
    wipe_catalog()
    result = import_file(content, "danh-muc.json")
    assert result.counts["versions"] == {"created": 2, "updated": 0}
    assert result.counts["forms"]["created"] == 1
    assert result.counts["steps"]["created"] == 4
    after = catalog_io.export_catalog()
    assert after == before
    assert catalog_io.dump_json(after) == content


def test_excel_round_trip_is_exact():
    before = build_catalog()
    content = catalog_io.dump_xlsx(before)
    cells = sheet_values(content)
    assert set(cells) == {
        "Lĩnh vực",
        "Thủ tục",
        "Cơ quan thực hiện",
        "Thành phần hồ sơ",
        "Mẫu đơn",
        "Quy trình nội bộ",
        "Phí lệ phí",
        "Căn cứ pháp lý",
    }
    wipe_catalog()
    result = import_file(content, "danh-muc.xlsx")
    assert result.counts["fees"]["created"] == 2
    assert catalog_io.export_catalog() == before
    assert sheet_values(catalog_io.dump_xlsx(catalog_io.export_catalog())) == cells
    version = ProcedureVersion.objects.get(procedure__code="1.001978", number=2)
    assert version.conditions == "=Không tính công thức"
    assert version.processing_time == Decimal("2.5")
    assert version.cutoff_time == dt.time(16, 30)
    assert version.name_en == ""
    assert version.flow_diagram.name == "procedures/diagrams/so-do.png"
    assert [s.budget for s in version.process_steps.all()] == [
        Decimal(x) for x in ("0.5", "1.25", "0.25", "0.5")
    ]


def test_excel_round_trip_carries_the_english_texts():
    before = build_catalog()
    cells = sheet_values(catalog_io.dump_xlsx(before))
    assert {"name_en", "steps_en", "conditions_en", "result_name_en", "data_note_en"} <= set(
        cells["Thủ tục"][0]
    )
    assert {"name_en", "note_en"} <= set(cells["Thành phần hồ sơ"][0])
    assert {"title_en", "guidance_en"} <= set(cells["Mẫu đơn"][0])
    assert "name_en" in cells["Quy trình nội bộ"][0]
    assert {"name_en", "note_en"} <= set(cells["Phí lệ phí"][0])
    assert {"title_en", "issuer_en"} <= set(cells["Căn cứ pháp lý"][0])
    wipe_catalog()
    import_file(catalog_io.dump_xlsx(before), "danh-muc.xlsx")
    assert catalog_io.export_catalog() == before
    version = ProcedureVersion.objects.get(procedure__code="1.001978", number=2)
    assert version.steps_en == "Step 1: Submit the application\nStep 2: Receive the result"
    assert version.conditions_en == "=Not a formula either"  # stays text, never a formula
    assert (version.result_name_en, version.fee_note_en) == (
        "Decision on unemployment benefit",
        "Free for poor households",
    )
    document = version.required_documents.get(order=1)
    assert (document.name_en, document.note_en) == ("Application for unemployment benefit", "On the form")
    assert (document.form.title_en, document.form.guidance_en) == (
        "Application form",
        "Write your full name.\nSign.",
    )
    assert version.process_steps.get(order=1).name_en == "Receive the application"
    assert version.fees.get(name="Lệ phí cấp giấy").name_en == "Issuance fee"
    assert version.legal_bases.get(number="38/2013/QH13").issuer_en == "National Assembly"
    assert (
        ProcedureVersion.objects.get(procedure__code="1.001978", number=1).name_en == "Unemployment benefit"
    )


def _without_english_json(data: dict) -> bytes:
    """The catalog as a file written before the English columns existed."""

    def strip(value):
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if not k.endswith("_en")}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    return catalog_io.dump_json(strip(data))


def _without_english_xlsx(data: dict) -> bytes:
    wb = load_workbook(io.BytesIO(catalog_io.dump_xlsx(data)))
    for ws in wb.worksheets:
        for index in reversed(range(1, ws.max_column + 1)):
            if str(ws.cell(row=1, column=index).value).endswith("_en"):
                ws.delete_cols(index)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize("kind", ["json", "xlsx"])
def test_a_file_without_english_columns_still_imports(kind):
    data = build_catalog()
    content = _without_english_json(data) if kind == "json" else _without_english_xlsx(data)
    assert b"steps_en" not in content
    wipe_catalog()
    result = import_file(content, f"cu.{kind}")
    assert result.counts["versions"] == {"created": 2, "updated": 0}
    version = ProcedureVersion.objects.get(procedure__code="1.001978", number=2)
    assert version.steps == "Bước 1: Nộp hồ sơ\nBước 2: Nhận kết quả"
    assert (version.steps_en, version.conditions_en, version.result_name_en) == ("", "", "")
    assert version.required_documents.get(order=1).name_en == ""
    assert Field.objects.get(code="viec-lam").name_en == ""


@pytest.mark.parametrize("kind", ["json", "xlsx"])
def test_reimporting_an_old_file_keeps_english_whose_vietnamese_is_unchanged(kind):
    data = build_catalog()
    version = data["procedures"][0]["versions"][1]
    version["conditions"] = "Điều kiện đã sửa"  # its English no longer translates it
    version["documents"][0]["name"] = "Tên giấy tờ đã sửa"
    version["fees"][0]["note"] = "Ghi chú đã sửa"
    content = _without_english_json(data) if kind == "json" else _without_english_xlsx(data)
    import_file(content, f"cu.{kind}")
    version = ProcedureVersion.objects.get(procedure__code="1.001978", number=2)
    assert version.steps_en == "Step 1: Submit the application\nStep 2: Receive the result"
    assert version.result_name_en == "Decision on unemployment benefit"
    assert (version.conditions, version.conditions_en) == ("Điều kiện đã sửa", "")
    document = version.required_documents.get(order=1)
    assert (document.name_en, document.note_en) == ("", "On the form")
    assert document.form.guidance_en == "Write your full name.\nSign."
    fee = version.fees.get(name="Lệ phí cấp giấy")
    assert (fee.name_en, fee.note_en) == ("Issuance fee", "")
    assert version.process_steps.get(order=1).name_en == "Receive the application"
    assert version.legal_bases.get(number="38/2013/QH13").title_en == "Law on Employment"
    assert Field.objects.get(code="viec-lam").name_en == "Employment"
    assert (
        ProcedureVersion.objects.get(procedure__code="1.001978", number=1).name_en == "Unemployment benefit"
    )


def test_import_updates_version_and_replaces_children_only_for_versions_in_file():
    data = build_catalog()
    other = ProcedureVersionFactory(procedure__code="2.000001")
    RequiredDocumentFactory(version=other, order=1)
    data["procedures"][0]["versions"] = data["procedures"][0]["versions"][1:]  # only v2
    v2 = data["procedures"][0]["versions"][0]
    v2["name"] = "Tên mới có dấu: Đăng ký"
    v2["fees"] = []
    result = services.import_catalog(actor=services.SYSTEM, data=json.loads(catalog_io.dump_json(data)))
    assert result.counts["versions"] == {"created": 0, "updated": 1}
    assert result.counts["procedures"] == {"created": 0, "updated": 1}
    version = ProcedureVersion.objects.get(procedure__code="1.001978", number=2)
    assert version.name == "Tên mới có dấu: Đăng ký"
    assert not version.fees.exists()
    assert version.required_documents.count() == 2
    assert ProcedureVersion.objects.get(procedure__code="1.001978", number=1).required_documents.count() == 1
    assert other.required_documents.count() == 1


def test_dry_run_writes_nothing():
    content = catalog_io.dump_json(build_catalog())
    wipe_catalog()
    before = catalog_counts()
    result = import_file(content, "a.json", dry_run=True)
    assert result.dry_run and result.counts["versions"]["created"] == 2
    assert catalog_counts() == before


# --- Validation: all or nothing --------------------------------------------------------------------------


def test_excel_errors_are_all_listed_and_nothing_is_imported():
    build_catalog()

    def mutate(wb):
        ws = wb["Thủ tục"]
        header = [c.value for c in ws[1]]
        ws.cell(row=2, column=header.index("name") + 1, value="Đổi tên nhưng không được ghi")
        ws.cell(row=3, column=header.index("processing_time") + 1, value=-1)
        ws.cell(row=3, column=header.index("status") + 1, value="sai-trang-thai")
        ws.cell(row=3, column=header.index("valid_from") + 1, value="31/02/2025")
        ws.append([ws.cell(row=2, column=i).value for i in range(1, ws.max_column + 1)])  # duplicate v1
        steps = wb["Quy trình nội bộ"]
        sheader = [c.value for c in steps[1]]
        steps.cell(row=2, column=sheader.index("budget") + 1, value=-2)
        steps.cell(row=3, column=sheader.index("agency") + 1, value="999.99.99.H99")
        fees = wb["Phí lệ phí"]
        fees.append(["9.999999", 1, "Phí lạc", 1000, ""])

    content = to_xlsx_bytes(mutate)
    before = catalog_counts()
    with pytest.raises(CatalogImportError) as info:
        import_file(content, "a.xlsx")
    errors = info.value.errors
    text = "\n".join(str(e) for e in errors)
    assert "Trang 'Thủ tục', dòng 3, cột processing_time:" in text
    assert any(e.column == "status" and e.row == 3 for e in errors)
    assert any(e.column == "valid_from" and "Ngày không hợp lệ" in e.message for e in errors)
    assert any(e.column == "number" and "bị trùng" in e.message and e.row == 4 for e in errors)
    assert any(e.where == "Quy trình nội bộ" and e.row == 2 and e.column == "budget" for e in errors)
    assert any(e.column == "agency" and "999.99.99.H99" in e.message for e in errors)
    assert any(e.where == "Phí lệ phí" and "9.999999" in e.message for e in errors)
    assert catalog_counts() == before
    assert not ProcedureVersion.objects.filter(name="Đổi tên nhưng không được ghi").exists()


def test_missing_column_is_an_error():
    build_catalog()

    def mutate(wb):
        ws = wb["Thủ tục"]
        header = [c.value for c in ws[1]]
        ws.delete_cols(header.index("processing_time") + 1)

    before = catalog_counts()
    with pytest.raises(CatalogImportError) as info:
        import_file(to_xlsx_bytes(mutate), "a.xlsx")
    assert [e.message for e in info.value.errors] == ["Thiếu cột 'processing_time' trong trang 'Thủ tục'."]
    assert catalog_counts() == before


def test_json_errors_zero_time_bad_code_unknown_field_and_budgets_over_legal_time():
    data = build_catalog()
    versions = data["procedures"][0]["versions"]
    versions[0]["processing_time"] = "0"
    versions[1]["processing_time"] = "2"  # steps total 2.5
    versions[1]["field"] = "khong-co"
    versions[1]["cutoff_time"] = "25:00"
    data["procedures"].append({"code": "1.23", "versions": []})
    data["procedures"].append({"code": "1.000002", "versions": [{**versions[0], "agency": "111.11.11.H11"}]})
    before = catalog_counts()
    with pytest.raises(CatalogImportError) as info:
        services.import_catalog(actor=services.SYSTEM, data=json.loads(json.dumps(data)))
    by_path = {(e.where, e.column): e.message for e in info.value.errors}
    assert ("procedures[0].versions[0]", "processing_time") in by_path
    assert "vượt thời hạn giải quyết" in by_path[("procedures[0].versions[1]", "processing_time")]
    assert "2.5" in by_path[("procedures[0].versions[1]", "processing_time")]
    assert "khong-co" in by_path[("procedures[0].versions[1]", "field")]
    assert ("procedures[0].versions[1]", "cutoff_time") in by_path
    assert "1.23" in by_path[("procedures[1]", "code")]
    assert "111.11.11.H11" in by_path[("procedures[2].versions[0]", "agency")]
    assert catalog_counts() == before


def test_step_budgets_above_legal_time_in_excel_refused():
    build_catalog()

    def mutate(wb):
        ws = wb["Quy trình nội bộ"]
        header = [c.value for c in ws[1]]
        ws.cell(row=2, column=header.index("budget") + 1, value=5)

    before = catalog_counts()
    with pytest.raises(CatalogImportError) as info:
        import_file(to_xlsx_bytes(mutate), "a.xlsx")
    [error] = info.value.errors
    assert error.where == "Thủ tục" and error.row == 3 and error.column == "processing_time"
    assert "Tổng thời gian các bước của quy trình nội bộ (7)" in error.message
    assert catalog_counts() == before


def test_unknown_agency_and_unit():
    data = build_catalog()
    step = data["procedures"][0]["versions"][1]["process_steps"][0]
    step["unit"] = "khong-ton-tai"
    data["procedures"][0]["versions"][1]["partner_agencies"] = ["000.00.99.H56"]
    with pytest.raises(CatalogImportError) as info:
        services.import_catalog(actor=services.SYSTEM, data=data)
    messages = [str(e) for e in info.value.errors]
    assert any("khong-ton-tai" in m and "process_steps[0], cột unit" in m for m in messages)
    assert any("000.00.99.H56" in m for m in messages)


def test_child_row_of_unknown_version_is_an_error():
    build_catalog()

    def mutate(wb):
        wb["Thành phần hồ sơ"].append(["1.001978", 7, 1, "Giấy tờ lạc", "copy", 1, False, ""])
        wb["Mẫu đơn"].append(["1.001978", 2, 9, "Mẫu 9", "Không có", "", "", ""])

    with pytest.raises(CatalogImportError) as info:
        import_file(to_xlsx_bytes(mutate), "a.xlsx")
    assert {(e.where, e.column) for e in info.value.errors} == {
        ("Thành phần hồ sơ", "procedure_code"),
        ("Mẫu đơn", "document_order"),
    }


# --- File checks -----------------------------------------------------------------------------------------


def test_oversized_file_refused(settings):
    settings.CCHC_MAX_IMPORT_BYTES = 100
    with pytest.raises(CatalogImportError) as info:
        import_file(b"x" * 101, "a.json")
    assert "Tệp quá lớn" in info.value.errors[0].message


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"this is not excel", "a.xlsx", "không phải là tệp Excel"),
        (b"PK\x03\x04broken zip", "a.xlsx", "không phải là tệp Excel"),
        (b"{not json", "a.json", "không phải là tệp JSON"),
        (b'{"format": "khac"}', "a.json", "không phải danh mục TTHC"),
        (b"a,b", "a.csv", "Chỉ nhận tệp Excel"),
    ],
)
def test_bad_files_refused_with_clear_message(content, name, message):
    with pytest.raises(CatalogImportError) as info:
        import_file(content, name)
    assert message in info.value.errors[0].message


def test_workbook_without_the_sheets():
    from openpyxl import Workbook

    buf = io.BytesIO()
    Workbook().save(buf)
    with pytest.raises(CatalogImportError) as info:
        import_file(buf.getvalue(), "a.xlsx")
    assert len(info.value.errors) == 7


# --- Permissions -----------------------------------------------------------------------------------------


def test_specialist_may_not_import():
    data = build_catalog()
    user = UserFactory()
    user.groups.add(Group.objects.get_or_create(name=roles.SPECIALIST)[0])
    with pytest.raises(PermissionDenied):
        services.import_catalog(actor=user, data=data)


def _office_role_holder(unit_kind):
    user = UserFactory()
    user.groups.add(Group.objects.get_or_create(name=roles.OFFICE)[0])
    StaffFactory(user=user, unit__kind=unit_kind)
    return user


def test_office_member_may_import():
    data = build_catalog()
    result = services.import_catalog(actor=_office_role_holder(Unit.Kind.OFFICE), data=data)
    assert result.counts["versions"]["updated"] == 2


def test_the_office_role_in_a_division_may_not_import():
    """Decision 0003: the Office role counts only for staff of the Office."""
    data = build_catalog()
    with pytest.raises(PermissionDenied):
        services.import_catalog(actor=_office_role_holder(Unit.Kind.DIVISION), data=data)


# --- Command ---------------------------------------------------------------------------------------------


def test_command_export_and_import(tmp_path):
    before = build_catalog()
    for ext in ("json", "xlsx"):
        path = tmp_path / f"danh-muc.{ext}"
        call_command("catalog", "export", str(path))
        wipe_catalog()
        out, err = io.StringIO(), io.StringIO()
        call_command("catalog", "import", str(path), stdout=out, stderr=err)
        assert "Phiên bản thủ tục: 2 thêm mới, 0 cập nhật" in out.getvalue()
        assert catalog_io.export_catalog() == before


def test_command_dry_run_and_errors(tmp_path):
    data = build_catalog()
    path = tmp_path / "a.json"
    path.write_bytes(catalog_io.dump_json(data))
    out = io.StringIO()
    call_command("catalog", "import", str(path), "--dry-run", stdout=out, stderr=io.StringIO())
    assert "Chạy thử" in out.getvalue()

    data["procedures"][0]["versions"][0]["processing_time"] = "-3"
    path.write_bytes(catalog_io.dump_json(data))
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 lỗi"):
        call_command("catalog", "import", str(path), stdout=io.StringIO(), stderr=err)
    assert "procedures[0].versions[0], cột processing_time:" in err.getvalue()


def test_command_user_permission(tmp_path):
    path = tmp_path / "a.json"
    path.write_bytes(catalog_io.dump_json(build_catalog()))
    UserFactory(username="chuyenvien")
    with pytest.raises(CommandError, match="không có quyền"):
        call_command("catalog", "import", str(path), "--user", "chuyenvien", stdout=io.StringIO())


# --- Published versions must not overlap -------------------------------------------------------------


def test_overlapping_published_versions_refused():
    data = build_catalog()
    versions = data["procedures"][0]["versions"]
    versions[0]["status"] = "published"
    versions[0]["valid_to"] = "2025-07-01"  # v2 starts 2025-07-01
    with pytest.raises(CatalogImportError) as info:
        services.import_catalog(actor=services.SYSTEM, data=json.loads(json.dumps(data)))
    [error] = info.value.errors
    assert error.where == "procedures[0].versions[1]" and error.column == "valid_from"
    assert "phiên bản 2 và phiên bản 1" in error.message

    versions[0]["valid_to"] = "2025-06-30"
    services.import_catalog(actor=services.SYSTEM, data=json.loads(json.dumps(data)))


def test_overlap_with_a_database_version_not_in_the_file():
    data = build_catalog()
    ProcedureVersion.objects.filter(number=1).update(status="published", valid_to=None)
    data["procedures"][0]["versions"] = data["procedures"][0]["versions"][1:]
    with pytest.raises(CatalogImportError, match="phiên bản 2 và phiên bản 1"):
        services.import_catalog(actor=services.SYSTEM, data=json.loads(json.dumps(data)))
