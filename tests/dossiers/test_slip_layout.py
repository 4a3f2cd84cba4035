"""Every printed slip fits its page with the longest realistic content, as poppler reads the PDF.

For each slip kind in both form sets (TT 01/2018 and TT 03/2025) a dossier is built with the longest
content an office meets: an organisation's ~200-character name, a long personal name, a long
address and e-mail, a ~300-character procedure name, 15 required documents with long names, long
reasons, 10 hand-overs on the control slip. Then, on the PDF:

- ``pdfinfo``: one page, A5 (the register: A4 landscape, every row whole, the header repeated);
- ``pdftotext -bbox``: every word inside the paper with a margin (nothing runs off the page), the
  tracking address on one line;
- ``pdftoppm``: the QR code in the top-left corner at least 10 mm from the paper's edges (printers
  leave 4–6 mm unprinted) with its 4-module quiet zone (ISO/IEC 18004) free of any other ink. The
  code is found as the pixels that change when only the QR image is blanked, so the check does not
  depend on where the layout puts it.

Set CCHC_SLIPS_OUT=/some/dir to keep the PDFs (and PNGs of their first page) for a visual check.
"""

from __future__ import annotations

import datetime as dt
import html as html_lib
import io
import itertools
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
import segno
from django.contrib.auth.models import Group
from django.template.loader import render_to_string

from cchc.dossiers import register, services, slips
from cchc.dossiers.models import Channel, Handover
from cchc.org import roles
from cchc.org.models import Agency, Unit
from cchc.procedures.models import ProcedureVersion, ProcessStep, RequiredDocument
from tests.dossiers.conftest import local
from tests.factories import AgencyFactory, ProcedureVersionFactory, StaffFactory, UnitFactory

OUT = os.environ.get("CCHC_SLIPS_OUT")
MM_PER_PT = 25.4 / 72
A5_MM = (148, 210)
A4_LANDSCAPE_MM = (297, 210)
DPI = 200  # a module of 0.26 mm is 2 pixels; the quiet zone 8
EDGE_MM = 10  # the QR's dark modules start at least this far from the paper's edges
QUIET_MODULES = 4  # ISO/IEC 18004 quiet zone
TEXT_EDGE_MM = 7  # no word closer than this to the paper's edge (printers leave 4–6 mm unprinted)
BASE_URL = "https://dichvucong.lamdong.gov.vn"
ISSUED = local(2026, 3, 20, 8, 15)

ORGANISATION = (  # 205 characters
    "Công ty Trách nhiệm hữu hạn Một thành viên Dịch vụ Cung ứng Nguồn nhân lực và Đưa người lao động "
    "Việt Nam đi làm việc ở nước ngoài theo hợp đồng Nam Trung Bộ – Chi nhánh tỉnh Lâm Đồng tại phường "
    "Phan Thiết"
)
REPRESENTATIVE = "Tôn Nữ Hoàng Thị Phương Khánh Ngọc, Phó Giám đốc phụ trách nhân sự"
ADDRESS = (
    "Số 123/45/6 đường Nguyễn Văn Trỗi nối dài, khu phố Xuân An 2, phường Phan Thiết, tỉnh Lâm Đồng "
    "(trước đây: phường Xuân An, thành phố Phan Thiết, tỉnh Bình Thuận)"
)
EMAIL = "phongnhansu.chinhanhlamdong@nguonnhanlucnamtrungbo.com.vn"
PROCEDURE = (  # 300 characters
    "Cấp giấy phép lao động cho người lao động nước ngoài làm việc tại Việt Nam theo hình thức di chuyển "
    "trong nội bộ doanh nghiệp, thực hiện hợp đồng hoặc thỏa thuận về kinh tế, thương mại, tài chính, "
    "ngân hàng, bảo hiểm, khoa học kỹ thuật, văn hóa, thể thao, giáo dục, giáo dục nghề nghiệp và y tế"
)
# 15 documents, names of 30 to 150 characters (about 100 on average): a long list as procedures publish them.
DOCUMENTS = [
    "Văn bản đề nghị cấp giấy phép lao động của người sử dụng lao động theo Mẫu số 11/PLI Phụ lục I "
    "ban hành kèm theo Nghị định số 152/2020/NĐ-CP",
    "Giấy chứng nhận sức khỏe hoặc giấy khám sức khỏe do cơ quan, tổ chức y tế có thẩm quyền cấp có giá "
    "trị trong thời hạn 12 tháng",
    "Phiếu lý lịch tư pháp hoặc văn bản xác nhận không phải là người đang chấp hành hình phạt",
    "Văn bản, giấy tờ chứng minh là nhà quản lý, giám đốc điều hành, chuyên gia hoặc lao động kỹ thuật",
    "02 ảnh màu cỡ 4 cm x 6 cm, phông nền trắng, chụp không quá 06 tháng",
    "Văn bản chấp thuận nhu cầu sử dụng người lao động nước ngoài",
    "Bản sao có chứng thực hộ chiếu hoặc giấy tờ có giá trị thay hộ chiếu còn giá trị theo quy định",
    "Văn bản của doanh nghiệp nước ngoài cử sang làm việc tại hiện diện thương mại của doanh nghiệp "
    "nước ngoài đó trên lãnh thổ Việt Nam",
    "Văn bản chứng minh đã được doanh nghiệp nước ngoài tuyển dụng ít nhất 12 tháng liên tục",
    "Hợp đồng hoặc thỏa thuận ký kết giữa đối tác phía Việt Nam và phía nước ngoài",
    "Văn bản cử người lao động vào Việt Nam để đàm phán cung cấp dịch vụ",
    "Giấy chứng nhận của tổ chức phi chính phủ nước ngoài, tổ chức quốc tế",
    "Văn bản của nhà cung cấp dịch vụ cử người lao động nước ngoài vào Việt Nam để thành lập hiện diện "
    "thương mại của nhà cung cấp dịch vụ đó",
    "Bản sao giấy chứng nhận đăng ký doanh nghiệp",
    "Giấy ủy quyền hợp lệ kèm bản sao giấy tờ tùy thân của người được ủy quyền nộp hồ sơ và nhận kết "
    "quả (trường hợp không trực tiếp nộp hồ sơ)",
]
SUPPLEMENT_ITEMS = "\n".join(
    f"{name}: bản đã nộp chưa hợp lệ, cần nộp lại bản đúng quy định" for name in DOCUMENTS
)
REFUSAL_REASON = (
    "Theo quy định tại khoản 3 Điều 7 Nghị định số 152/2020/NĐ-CP (được sửa đổi, bổ sung bởi Nghị định số "
    "70/2023/NĐ-CP), người lao động nước ngoài thuộc diện không phải cấp giấy phép lao động; đơn vị cần "
    "thực hiện thủ tục xác nhận người lao động nước ngoài không thuộc diện cấp giấy phép lao động.\n"
    "Hồ sơ đề nghị cấp giấy phép lao động được nộp sau thời hạn 15 ngày trước ngày người lao động nước "
    "ngoài dự kiến bắt đầu làm việc tại Việt Nam theo quy định.\n"
    "Văn bản chấp thuận nhu cầu sử dụng người lao động nước ngoài đã hết hiệu lực đối với vị trí công "
    "việc đề nghị cấp giấy phép lao động."
)
APOLOGY_REASON = (
    "Hồ sơ phải lấy ý kiến xác minh của Công an tỉnh Lâm Đồng (Phòng Quản lý xuất nhập cảnh) về quá "
    "trình cư trú của người lao động nước ngoài và của Sở Ngoại vụ về tính hợp pháp của giấy tờ do nước "
    "ngoài cấp; đến nay các cơ quan phối hợp chưa có văn bản trả lời, nên chưa đủ căn cứ để cấp giấy "
    "phép lao động theo quy định."
)
STOP_REASON = (
    "Người sử dụng lao động có văn bản đề nghị dừng giải quyết hồ sơ do người lao động nước ngoài đã "
    "chấm dứt thỏa thuận làm việc với doanh nghiệp trước khi nhập cảnh vào Việt Nam; đơn vị sẽ nộp hồ sơ "
    "mới khi có nhu cầu tuyển dụng người lao động nước ngoài thay thế."
)
COUNTER_NAME = "Trung tâm Phục vụ hành chính công tỉnh Lâm Đồng – Chi nhánh Phan Thiết"
UNITS = [
    "Phòng Lao động – Việc làm – Bảo hiểm xã hội",
    "Phòng Bảo trợ xã hội và phòng, chống tệ nạn xã hội",
]


@dataclass
class Longest:
    version: ProcedureVersion
    regime: str
    dossiers: dict  # kind -> dossier
    receive: object  # receive(**applicant) -> another dossier received on the same day


def _user(role: str, unit: Unit, username: str, family: str, given: str, position: str, **kw):
    staff = StaffFactory(
        unit=unit,
        user__username=username,
        user__last_name=family,
        user__first_name=given,
        position=position,
        **kw,
    )
    staff.user.groups.add(Group.objects.get(name=role))
    return staff.user


@pytest.fixture
def place(settings):
    settings.CCHC_SYSTEM_NAME = "Hệ thống thông tin giải quyết thủ tục hành chính tỉnh Lâm Đồng"
    settings.CCHC_PUBLIC_BASE_URL = BASE_URL
    settings.CCHC_PLACE_NAME = "Lâm Đồng"


@pytest.fixture
def office(db, place):
    parent = Agency.objects.create(
        code="000.00.00.H37", name="Ủy ban nhân dân tỉnh Lâm Đồng", kind=Agency.Kind.PROVINCE
    )
    agency = AgencyFactory(
        code="000.00.15.H37",
        name="Sở Lao động – Thương binh và Xã hội tỉnh Lâm Đồng",
        parent=parent,
        is_home=True,
    )
    partners = [
        AgencyFactory(code="000.00.20.H37", name="Công an tỉnh Lâm Đồng (Phòng Quản lý xuất nhập cảnh)"),
        AgencyFactory(code="000.00.21.H37", name="Sở Ngoại vụ tỉnh Lâm Đồng"),
    ]
    counter = UnitFactory(agency=agency, code="mot-cua", name=COUNTER_NAME, kind=Unit.Kind.COUNTER)
    divisions = [UnitFactory(agency=agency, code=f"phong-{n}", name=name) for n, name in enumerate(UNITS)]
    leadership = UnitFactory(
        agency=agency, code="ban-giam-doc", name="Ban Giám đốc", kind=Unit.Kind.LEADERSHIP
    )
    staff = {
        "counter": _user(
            roles.COUNTER_OFFICER,
            counter,
            "motcua",
            "Công Tằng Tôn Nữ Thị",
            "Bích Ngọc",
            "Công chức Trung tâm Phục vụ hành chính công",
        ),
        "specialist": _user(
            roles.SPECIALIST,
            divisions[0],
            "chuyenvien",
            "Nguyễn Huỳnh Thị Ngọc",
            "Phương Thảo",
            "Phó Trưởng phòng Lao động – Việc làm – Bảo hiểm xã hội",
            is_public_contact=True,
            phone="0263 3822 456",
        ),
        "head": _user(
            roles.UNIT_HEAD, divisions[0], "truongphong", "Trần Đình", "Khôi Nguyên", "Trưởng phòng"
        ),
        "director": _user(roles.DIRECTOR, leadership, "giamdoc", "Lê Hoàng", "Minh Triết", "Giám đốc"),
    }
    return agency, partners, counter, divisions, leadership, staff


def _version(agency, partners, counter, divisions, leadership) -> ProcedureVersion:
    version = ProcedureVersionFactory(
        procedure__code="1.000105",
        name=PROCEDURE,
        agency=agency,
        processing_time=5,
        online_level=ProcedureVersion.OnlineLevel.FULL,
        inter_agency=True,
    )
    steps = [
        (ProcessStep.Role.COUNTER, counter, None),
        (ProcessStep.Role.SPECIALIST, divisions[0], None),
        (ProcessStep.Role.PARTNER, None, partners[0]),
        (ProcessStep.Role.PARTNER, None, partners[1]),
        (ProcessStep.Role.UNIT_HEAD, divisions[0], None),
        (ProcessStep.Role.DIRECTOR, leadership, None),
        (ProcessStep.Role.RETURN, counter, None),
    ]
    for order, (role, unit, other) in enumerate(steps, start=1):
        ProcessStep.objects.create(
            version=version, order=order, name=f"Bước {order}", role=role, unit=unit, agency=other, budget=1
        )
    for order, name in enumerate(DOCUMENTS, start=1):
        RequiredDocument.objects.create(
            version=version,
            order=order,
            name=name,
            kind=RequiredDocument.Kind.ORIGINAL_OR_COPY if order % 3 else RequiredDocument.Kind.CERTIFIED,
            count=2 if order == 5 else 1,
            optional=order == len(DOCUMENTS),
        )
    return version


def _applicant(**kw) -> services.Applicant:
    values = {
        "kind": "organisation",
        "name": ORGANISATION,
        "tax_code": "3401234561-001",
        "representative": REPRESENTATIVE,
        "phone": "0912345678",
        "email": EMAIL,
        "address": ADDRESS,
    }
    values.update(kw)
    return services.Applicant(**values)


def _ten_handovers(dossier, counter, divisions, partners, leadership, staff):
    """A long inter-agency journey: the intake and the first hand-over for real, then 8 more rows."""
    dossier = services.hand_over(
        actor=staff["counter"],
        dossier=dossier,
        revision=dossier.revision,
        at=dossier.received_at + dt.timedelta(hours=2),
    )
    route = [
        (divisions[0], None, None, partners[0]),
        (None, partners[0], divisions[0], None),
        (divisions[0], None, None, partners[1]),
        (None, partners[1], divisions[0], None),
        (divisions[0], None, divisions[1], None),
        (divisions[1], None, divisions[0], None),
        (divisions[0], None, leadership, None),
        (leadership, None, divisions[0], None),
    ]
    start = dossier.received_at
    results = [Handover.Result.EARLY, Handover.Result.ON_TIME, Handover.Result.LATE]
    for n, (from_unit, from_agency, to_unit, to_agency) in enumerate(route, start=3):
        Handover.objects.filter(dossier=dossier, seq=n - 1).update(
            done_at=start + dt.timedelta(hours=20 * n), result=results[n % 3]
        )
        Handover.objects.create(
            dossier=dossier,
            seq=n,
            from_unit=from_unit,
            from_agency=from_agency,
            to_unit=to_unit,
            to_agency=to_agency,
            handed_at=start + dt.timedelta(hours=20 * n),
            handed_by=staff["specialist"] if from_unit == divisions[0] else staff["counter"],
        )
    return dossier


def _longest(office, regime: str) -> Longest:
    agency, partners, counter, divisions, leadership, staff = office
    version = _version(agency, partners, counter, divisions, leadership)
    day = (2025, 6, 9) if regime == "2018" else (2026, 3, 2)
    at = local(*day, 8, 5)

    def receive(**kw):
        dossier, _secret = services.receive_at_counter(
            actor=staff["counter"],
            procedure_version=version,
            applicant=_applicant(**kw),
            paper_reason="Người nộp không có tài khoản định danh điện tử",
            return_channel=Channel.POST,
            at=at,
        )
        return dossier

    full = _ten_handovers(receive(), counter, divisions, partners, leadership, staff)
    full = services.apologise(
        actor=staff["head"],
        dossier=full,
        revision=full.revision,
        reason=APOLOGY_REASON,
        new_due_at=full.due_at + dt.timedelta(days=7),
        at=full.due_at - dt.timedelta(days=2),
    )
    person = receive(
        kind="person",
        name="Công Tằng Tôn Nữ Hoàng Thị Phương Khánh Ngọc",
        tax_code="",
        id_number="068190001234",
        representative="",
    )
    online, _ = services.submit_online(procedure_version=version, applicant=_applicant(), at=at)
    supplement = services.request_intake_supplement(
        actor=staff["counter"], dossier=online, revision=online.revision, items=SUPPLEMENT_ITEMS, at=at
    )
    online, _ = services.submit_online(procedure_version=version, applicant=_applicant(), at=at)
    refused = services.refuse(
        actor=staff["counter"], dossier=online, revision=online.revision, reason=REFUSAL_REASON, at=at
    )
    dossiers = {
        "receipt": full,
        "receipt-person": person,
        "control": full,
        "apology": full,
        "supplement": supplement,
        "refusal": refused,
    }
    if regime == "2025":
        stopped = receive()
        dossiers["stop"] = services.stop(
            actor=staff["counter"],
            dossier=stopped,
            revision=stopped.revision,
            reason=STOP_REASON,
            at=at + dt.timedelta(days=1),
        )
    for dossier in dossiers.values():
        assert slips.regime_for(dossier).key == regime
    return Longest(version, regime, dossiers, receive)


# --- reading the PDF with poppler ------------------------------------------------------------------


def _run(*args: str, data: bytes) -> bytes:
    return subprocess.run(list(args), input=data, capture_output=True, check=True).stdout


@pytest.fixture(scope="session", autouse=True)
def poppler():
    missing = [tool for tool in ("pdfinfo", "pdftotext", "pdftoppm") if not shutil.which(tool)]
    assert not missing, f"poppler-utils is needed (make system-deps): {missing}"


def pdf_pages(pdf: bytes) -> tuple[int, tuple[float, float]]:
    """(page count, page size in mm) per ``pdfinfo``."""
    info = _run("pdfinfo", "-", data=pdf).decode()
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    w, h = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, re.M).groups()
    return pages, (round(float(w) * MM_PER_PT), round(float(h) * MM_PER_PT))


@dataclass
class Word:
    page: int
    text: str
    x0: float  # mm from the left edge
    y0: float  # mm from the top edge
    x1: float
    y1: float


def pdf_words(pdf: bytes) -> tuple[list[Word], list[tuple[float, float]]]:
    """Every word with its box in mm (``pdftotext -bbox``), and each page's size in mm."""
    out = _run("pdftotext", "-bbox", "-", "-", data=pdf).decode()
    words, sizes = [], []
    for page in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', out, re.S):
        sizes.append((float(page.group(1)) * MM_PER_PT, float(page.group(2)) * MM_PER_PT))
        for m in re.finditer(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>',
            page.group(3),
        ):
            x0, y0, x1, y1 = (float(v) * MM_PER_PT for v in m.groups()[:4])
            words.append(Word(len(sizes), html_lib.unescape(m.group(5)), x0, y0, x1, y1))
    return words, sizes


def lines(words: list[Word]) -> list[str]:
    """The words grouped into printed lines (same page, same baseline within 0.5 mm)."""
    rows: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w.page, round(w.y1, 1), w.x0)):
        if rows and rows[-1][0].page == w.page and abs(rows[-1][0].y1 - w.y1) < 0.5:
            rows[-1].append(w)
        else:
            rows.append([w])
    return [" ".join(w.text for w in sorted(row, key=lambda w: w.x0)) for row in rows]


def assert_words_inside_paper(pdf: bytes) -> list[Word]:
    words, sizes = pdf_words(pdf)
    assert words, "no text in the PDF"
    for w in words:
        width, height = sizes[w.page - 1]
        assert w.x0 >= TEXT_EDGE_MM and w.y0 >= TEXT_EDGE_MM, w
        assert w.x1 <= width - TEXT_EDGE_MM and w.y1 <= height - TEXT_EDGE_MM, w
    return words


def first_page_pixels(pdf: bytes):
    """Page 1 as a grayscale image at ``DPI``."""
    from io import BytesIO

    from PIL import Image

    png = _run("pdftoppm", "-r", str(DPI), "-gray", "-f", "1", "-l", "1", "-png", "-", data=pdf)
    return Image.open(BytesIO(png)).convert("L")


BLANK_IMAGE = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='10' height='10'/%3E"


def assert_qrs_in_quiet_zone(html: str, qrs: list[tuple[str, str, bool]], fit: int | None = 1) -> list[dict]:
    """Each QR code (data URI, payload, top-left corner?) of ``html`` as printed: its dark modules at
    least 10 mm from the paper's edges, no other ink in its 4-module quiet zone, modules ≥ 0.25 mm."""
    from PIL import ImageChops

    source = slips.fitted_html(html, fit) if fit else html
    with_qr = first_page_pixels(slips.html_to_pdf(source))
    dark = with_qr.point(lambda v: 255 if v < 128 else 0)
    px_per_mm = DPI / 25.4
    page_w, page_h = with_qr.size
    found = []
    for qr_data_uri, payload, corner in qrs:
        assert qr_data_uri in source
        without = first_page_pixels(slips.html_to_pdf(source.replace(qr_data_uri, BLANK_IMAGE)))
        assert without.size == with_qr.size
        # Dark with the QR and light without it: the QR's modules, wherever the layout put them.
        box = ImageChops.multiply(dark, without.point(lambda v: 255 if v >= 128 else 0)).getbbox()
        assert box, "the QR code is not on the first page"
        left, top, right, bottom = box
        modules = segno.make(payload, error="m", micro=False).symbol_size(border=0)[0]
        module_mm = (right - left) / px_per_mm / modules
        quiet = round(QUIET_MODULES * module_mm * px_per_mm)
        qr = {
            "left_mm": round(left / px_per_mm, 1),
            "top_mm": round(top / px_per_mm, 1),
            "size_mm": round((right - left) / px_per_mm, 1),
            "module_mm": round(module_mm, 3),
        }
        assert qr["left_mm"] >= EDGE_MM and qr["top_mm"] >= EDGE_MM, qr
        assert right <= page_w - EDGE_MM * px_per_mm and bottom <= page_h - EDGE_MM * px_per_mm, qr
        assert abs((bottom - top) - (right - left)) <= 3, (
            f"the QR code is not square, something covers it: {qr}"
        )
        if corner:  # top-left of the page (TT 01/2023 Đ26)
            assert right < page_w / 3 and bottom < page_h / 4, qr
        frame = dark.crop((left - quiet, top - quiet, right + quiet, bottom + quiet))
        frame.paste(0, (quiet, quiet, quiet + right - left, quiet + bottom - top))
        assert frame.getbbox() is None, f"ink inside the QR's quiet zone: {qr}"
        assert module_mm >= 0.25, qr  # what phone cameras read at reading distance
        found.append(qr)
    return found


def _keep(name: str, pdf: bytes, html: str = "") -> None:
    if OUT:
        Path(OUT).mkdir(parents=True, exist_ok=True)
        if html:
            Path(OUT, f"{name}.html").write_text(html)
        Path(OUT, f"{name}.pdf").write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-png", "-r", "80", "-", str(Path(OUT, name))],
            input=pdf,
            check=True,
            capture_output=True,
        )


# --- the tests --------------------------------------------------------------------------------------

CASES = [
    (regime, kind)
    for regime in ("2018", "2025")
    for kind in slips.SLIP_KINDS
    if (kind, regime) != ("stop", "2018")
]
CASES += [("2018", "receipt-person"), ("2025", "receipt-person")]


@pytest.mark.parametrize(("regime", "kind"), CASES)
def test_slip_with_the_longest_content_fits_one_a5_page(office, regime, kind):
    longest = _longest(office, regime)
    dossier = longest.dossiers[kind]
    kind = kind.split("-")[0]
    ctx = slips.slip_context(dossier, kind, issued_at=ISSUED)
    html = render_to_string(f"dossiers/slips/{kind}.html", ctx)  # what render_html gives, one context
    pdf = slips.render_pdf(dossier, kind, issued_at=ISSUED)
    _keep(f"longest-{kind}-{regime}" + ("-person" if dossier.id_number else ""), pdf, html)
    assert pdf_pages(pdf) == (1, A5_MM)
    words = assert_words_inside_paper(pdf)
    text = "\n".join(lines(words))
    flat = " ".join(text.split())
    form = slips.slip_form(dossier, kind)
    assert form.title in flat and f"{form.label} – {form.regime.basis}" in flat
    assert dossier.code in flat
    if kind == slips.RECEIPT:
        # Every document, the signatures and the note made it onto the page.
        assert all(" ".join(name.split()[:6]) in flat for name in DOCUMENTS)
        assert "NGƯỜI NỘP HỒ SƠ" in flat and "Ghi chú: Lập thành 02 liên" in flat
        # The tracking address is printed whole, on one line.
        tracking = f"{BASE_URL}/tra-cuu/"
        assert any(tracking in line for line in text.splitlines()), text
    if kind == slips.CONTROL:
        assert flat.count(" Giao: ") == 10 and "Trường hợp chuyển hồ sơ qua dịch vụ bưu chính" in flat
    if kind == slips.SUPPLEMENT:
        assert flat.count("cần nộp lại bản đúng quy định") == len(DOCUMENTS)
        assert "NGƯỜI HƯỚNG DẪN" in flat
    if kind in (slips.APOLOGY, slips.STOP, slips.REFUSAL):
        assert "(Ký" in flat
    qrs = [(ctx["qr_data_uri"], ctx["qr_payload"], True)]
    if kind == slips.RECEIPT:
        qrs.append((ctx["survey_qr_data_uri"], ctx["survey_url"], False))
    found = assert_qrs_in_quiet_zone(html, qrs)
    assert found[0]["size_mm"] <= 24
    if OUT:  # the measured position and size, for the record
        name = f"longest-{kind}-{regime}" + ("-person" if dossier.id_number else "")
        Path(OUT, f"{name}-qr.txt").write_text("\n".join(map(str, found)) + "\n")


def test_control_slip_beyond_one_page_repeats_its_header_and_keeps_rows_whole(office):
    """20 hand-overs do not fit A5: the table goes on with its header, no row is cut in two."""
    longest = _longest(office, "2025")
    dossier = longest.dossiers["control"]
    _agency, _partners, _counter, divisions, _leadership, staff = office
    last = dossier.handovers.order_by("-seq").first()
    for n in range(11, 21):
        Handover.objects.create(
            dossier=dossier,
            seq=n,
            from_unit=divisions[n % 2],
            to_unit=divisions[(n + 1) % 2],
            handed_at=last.handed_at + dt.timedelta(hours=n),
            handed_by=staff["specialist"],
            done_at=last.handed_at + dt.timedelta(hours=n + 1),
            result=Handover.Result.ON_TIME,
        )
    pdf = slips.render_pdf(dossier, slips.CONTROL, issued_at=ISSUED)
    _keep("longest-control-20", pdf)
    pages, size = pdf_pages(pdf)
    assert size == A5_MM and pages == 2
    words = assert_words_inside_paper(pdf)
    for page in range(1, pages + 1):
        page_text = " ".join(w.text for w in words if w.page == page)
        assert "TÊN CƠ QUAN" in page_text, f"no table header on page {page}"
    # Each row's number, its "Giao" and its "Nhận" on the same page.
    for n in range(1, 21):
        givers = [w.page for w, nxt in itertools.pairwise(words) if w.text == f"{n}." and nxt.text == "Giao:"]
        assert len(givers) == 1, n
    text = " ".join(w.text for w in words if w.page == pages)
    assert "Trường hợp chuyển hồ sơ qua dịch vụ bưu chính" in text
    assert dossier.code in text, "the continuation page does not name the dossier"


@pytest.mark.parametrize("regime", ["2018", "2025"])
def test_register_on_a4_keeps_rows_whole(office, regime):
    longest = _longest(office, regime)
    for n in range(12):  # a busy day: the register runs over pages
        longest.receive(name=f"{ORGANISATION} {n + 1}")
    agency = longest.version.agency
    day = dt.date(2025, 6, 9) if regime == "2018" else dt.date(2026, 3, 2)
    pdf = register.render_register_pdf(agency, day, day, issued_at=ISSUED)
    _keep(f"longest-register-{regime}", pdf)
    pages, size = pdf_pages(pdf)
    assert size == A4_LANDSCAPE_MM
    words = assert_words_inside_paper(pdf)
    codes = [w for w in words if re.fullmatch(r"000\.00\.15\.H37-\d{6}-\d{4}", w.text)]
    received = register.register_rows(agency, day, day)
    assert len(codes) == len(received) >= 14 and pages >= 2
    for page in range(1, pages + 1):
        assert "Mã hồ sơ" in " ".join(w.text for w in words if w.page == page)
    form = slips.form_for(slips.REGISTER, day)
    html = register.render_register_html(agency, day, day, issued_at=ISSUED)
    qr = re.search(r'<td class="qr"><img src="([^"]+)"', html).group(1)
    payload = register.register_payload(agency, day, day, issued_at=ISSUED)
    assert_qrs_in_quiet_zone(html, [(qr, payload, True)], fit=None)
    assert form.number == ("06" if regime == "2018" else "07")


@pytest.mark.parametrize("regime", ["2018", "2025"])
def test_docx_slips_build_on_a5_with_the_qr_code_top_left(office, regime):
    """The editable Word slips: A5, the QR code in the header's first cell, every field filled."""
    from docx import Document
    from docx.shared import Mm

    longest = _longest(office, regime)
    kinds = [k for k in slips.SLIP_KINDS if k in longest.dossiers]
    for kind in kinds:
        dossier = longest.dossiers[kind]
        doc = Document(io.BytesIO(slips.render_docx(dossier, kind, issued_at=ISSUED)))
        section = doc.sections[0]
        assert (round(section.page_width / Mm(1)), round(section.page_height / Mm(1))) == A5_MM, kind
        assert round(section.top_margin / Mm(1)) >= 10 and round(section.left_margin / Mm(1)) >= 10
        first = doc.element.body[0]
        assert first.tag.endswith("}tbl"), f"{kind}: the header table is not the first thing on the page"
        header = doc.tables[0].rows[0].cells
        assert header[0]._tc.xpath(".//pic:pic"), f"{kind}: no QR image in the header's first cell"
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header[2].text
        text = "\n".join(
            [p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells]
        )
        assert dossier.code in text and "{{" not in text and "{%" not in text, kind
        if kind == slips.RECEIPT:
            assert f"{BASE_URL}/tra-cuu/" in text
            assert all(name in text for name in DOCUMENTS)


def test_register_workbook_prints_on_a4(office):
    from openpyxl import load_workbook

    longest = _longest(office, "2025")
    day = dt.date(2026, 3, 2)
    ws = load_workbook(io.BytesIO(register.render_register_xlsx(longest.version.agency, day, day))).active
    assert int(ws.page_setup.paperSize) == 9 and ws.page_setup.orientation == "landscape"  # 9: A4
    assert ws.print_title_rows == "$3:$3"
