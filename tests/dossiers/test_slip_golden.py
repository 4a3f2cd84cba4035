"""Every slip kind, in both form sets, renders exactly the HTML and Word text recorded in ``slip_golden/``.

The recorded files are the slips as printed: a change to how a slip's content is gathered must not change
a single byte of them. When a slip is changed on purpose, rewrite the records with
``CCHC_SLIP_GOLDEN_WRITE=1 pytest tests/dossiers/test_slip_golden.py`` and review the diff.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile
from pathlib import Path

import pytest

from cchc.dossiers import services, slips
from cchc.dossiers.models import ApplicantKind, Channel
from tests.dossiers.conftest import local, person
from tests.dossiers.test_slips import ISSUED, dossiers  # noqa: F401 - the 2025 dossiers fixture

GOLDEN = Path(__file__).resolve().parent / "slip_golden"
WRITE = bool(os.environ.get("CCHC_SLIP_GOLDEN_WRITE"))
SECRET = "K7PX-2QMD-9RTV"


def _received(world, at, *, applicant=None, channel=Channel.COUNTER):
    dossier, _secret = services.receive_at_counter(
        actor=world.staff["counter"],
        procedure_version=world.version,
        applicant=applicant or person(),
        paper_reason="Người nộp không có tài khoản VNeID",
        return_channel=channel,
        at=at,
    )
    return dossier


def _apologised(world, dossier, at):
    s = world.staff
    dossier = services.hand_over(
        actor=s["counter"],
        dossier=dossier,
        revision=dossier.revision,
        at=dossier.received_at + dt.timedelta(hours=1),
    )
    return services.apologise(
        actor=s["head"],
        dossier=dossier,
        revision=dossier.revision,
        reason="Chờ Bảo hiểm xã hội tỉnh xác nhận quá trình đóng bảo hiểm thất nghiệp",
        new_due_at=dossier.due_at + dt.timedelta(days=5),
        at=at,
    )


@pytest.fixture
def cases(world, dossiers):  # noqa: F811 - the fixture imported above
    """(name, dossier, kind): every kind in the 2025 set, every 2018 kind, and the wording variants."""
    s = world.staff
    found = [(f"2025-{kind}", dossier, kind) for kind, dossier in dossiers.items()]

    # An organisation (tax code, no signature name), result by post; an apology after the appointment.
    company = person(
        kind=ApplicantKind.ORGANISATION,
        name="Công ty TNHH Dệt may Phan Thiết",
        id_number="",
        tax_code="3401234561-001",
        representative="Trần Văn Hải",
    )
    org = _received(world, local(2026, 3, 9, 14, 30), applicant=company, channel=Channel.POST)
    found.append(("2025-receipt-organisation", org, slips.RECEIPT))
    late = _received(world, local(2026, 2, 2, 8, 30))
    late = _apologised(world, late, late.due_at + dt.timedelta(days=1))
    found.append(("2025-apology-overdue", late, slips.APOLOGY))

    # The 2018 form set (received before 1/7/2025): no stop notice there.
    old = _received(world, local(2025, 6, 2, 9, 0), applicant=person(name="Đặng Thị Mai"))
    old = _apologised(world, old, old.due_at - dt.timedelta(days=3))
    for kind in (slips.RECEIPT, slips.CONTROL, slips.APOLOGY):
        found.append((f"2018-{kind}", old, kind))
    old_late = _received(world, local(2025, 5, 5, 10, 0))
    old_late = _apologised(world, old_late, old_late.due_at + dt.timedelta(hours=3))
    found.append(("2018-apology-overdue", old_late, slips.APOLOGY))
    online, _ = services.submit_online(
        procedure_version=world.version, applicant=person(name="Hồ Văn Tâm"), at=local(2025, 6, 10, 8)
    )
    found.append(
        (
            "2018-supplement",
            services.request_intake_supplement(
                actor=s["counter"],
                dossier=online,
                revision=online.revision,
                items="Tờ khai đề nghị hưởng trợ cấp thất nghiệp (bản chính)",
                at=local(2025, 6, 10, 15),
            ),
            slips.SUPPLEMENT,
        )
    )
    other, _ = services.submit_online(
        procedure_version=world.version, applicant=person(name="Lý Thị Thu"), at=local(2025, 6, 11, 8)
    )
    found.append(
        (
            "2018-refusal",
            services.refuse(
                actor=s["counter"],
                dossier=other,
                revision=other.revision,
                reason="Hồ sơ đã được giải quyết tại Trung tâm Dịch vụ việc làm tỉnh.",
                at=local(2025, 6, 11, 9),
            ),
            slips.REFUSAL,
        )
    )
    return found


@pytest.fixture
def pinned(settings, monkeypatch):
    """The survey link's token signs the dossier's id at a time: both pinned, so the receipt is stable."""
    from django.core import signing

    from cchc.dossiers import survey_link as links

    settings.CCHC_PUBLIC_BASE_URL = "https://dichvucong.example.gov.vn"
    monkeypatch.setattr(signing.time, "time", lambda: 1774000000)
    monkeypatch.setattr(links, "token_for", lambda _dossier: signing.dumps(1, salt=links.SALT, compress=True))


def _docx_xml(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("word/document.xml")


def test_every_slip_renders_as_recorded(cases, pinned):
    assert {kind for _name, _dossier, kind in cases} == set(slips.SLIP_KINDS)
    rendered = {}
    for name, dossier, kind in cases:
        secret = SECRET if kind == slips.RECEIPT else ""
        rendered[f"{name}.html"] = slips.render_html(dossier, kind, issued_at=ISSUED, secret=secret).encode()
        rendered[f"{name}.docx.xml"] = _docx_xml(slips.render_docx(dossier, kind, issued_at=ISSUED))
    if WRITE:
        GOLDEN.mkdir(exist_ok=True)
        for old in GOLDEN.iterdir():
            old.unlink()
        for file, data in rendered.items():
            (GOLDEN / file).write_bytes(data)
    recorded = {p.name: p.read_bytes() for p in GOLDEN.iterdir()}
    assert sorted(recorded) == sorted(rendered)
    different = [file for file, data in rendered.items() if recorded[file] != data]
    assert different == []


def test_every_kind_is_registered_with_its_builder_and_templates():
    from django.template.loader import get_template

    assert tuple(slips.SLIPS) == slips.SLIP_KINDS
    for kind, slip in slips.SLIPS.items():
        assert slip.kind == kind and callable(slip.build)
        get_template(slip.template)
        assert slip.docx_template.is_file()
    assert [k for k, s in slips.SLIPS.items() if s.letter] == [slips.APOLOGY, slips.STOP]
