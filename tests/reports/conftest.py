"""Hand-made dossiers for the report tests, walked through the real services with ``at=`` moments.

The world is the dossiers tests' small Department (tests/dossiers/conftest.py): a counter, the
"Phòng Việc làm" division, leadership, the Office, and a partner agency (Bảo hiểm xã hội tỉnh) at
step 4 of the inter-agency procedure. All in the third quarter of 2026 (no holiday in July).
"""

from __future__ import annotations

import datetime as dt
import io

import pytest

from cchc.dossiers import services
from tests.dossiers.conftest import local, person, world  # noqa: F401

PAPER = "Người nộp không sử dụng được dịch vụ trực tuyến"


def receive(world, at: dt.datetime, version=None):  # noqa: F811
    dossier, _ = services.receive_at_counter(
        actor=world.staff["counter"],
        procedure_version=version or world.version,
        applicant=person(),
        paper_reason=PAPER,
        at=at,
    )
    return dossier


def step(fn, world, who: str, dossier, at: dt.datetime, **kw):  # noqa: F811
    dossier.refresh_from_db()
    return fn(actor=world.staff[who], dossier=dossier, revision=dossier.revision, at=at, **kw)


def walk(world, received: dt.datetime, times: dict, *, apology: str = "", stop_at: str = ""):  # noqa: F811
    """Walk an inter-agency dossier: counter → specialist → head → partner → director → return.

    ``times``: moments of "counter", "specialist", "head", "partner" (take back), "director"
    (approve), "return"; a missing key stops the walk there (the dossier stays open).
    """
    d = receive(world, received)
    order = [
        ("counter", services.hand_over, "counter"),
        ("specialist", services.hand_over, "specialist"),
        ("head", services.hand_over, "head"),
        ("partner", services.take_back, "head"),
        ("director", services.approve, "director"),
        ("return", services.return_result, "counter"),
    ]
    for key, fn, who in order:
        if key == "partner" and apology:
            d.refresh_from_db()
            step(
                services.apologise,
                world,
                "head",
                d,
                times["apology"],
                reason=apology,
                new_due_at=d.due_at + dt.timedelta(days=7),
            )
        if key not in times:
            break
        d = step(fn, world, who, d, times[key])
    d.refresh_from_db()
    return d


@pytest.fixture
def late_world(world):  # noqa: F811
    """Two late steps in July 2026: one at the division (A), one at the partner agency (B)."""
    # A: the specialist keeps it from 6/7 09:00 to 14/7 09:00 (budget 3 working days).
    a = walk(
        world,
        local(2026, 7, 6, 8, 0),
        {
            "counter": local(2026, 7, 6, 9, 0),
            "specialist": local(2026, 7, 14, 9, 0),
            "head": local(2026, 7, 14, 10, 0),
            "partner": local(2026, 7, 15, 9, 0),
            "director": local(2026, 7, 15, 14, 0),
            "return": local(2026, 7, 15, 15, 0),
        },
    )
    # B: the partner keeps it from 7/7 10:00 to 20/7 09:00 (budget 2 working days), with an apology.
    b = walk(
        world,
        local(2026, 7, 6, 8, 30),
        {
            "counter": local(2026, 7, 6, 9, 0),
            "specialist": local(2026, 7, 7, 9, 0),
            "head": local(2026, 7, 7, 10, 0),
            "apology": local(2026, 7, 15, 9, 0),
            "partner": local(2026, 7, 20, 9, 0),
            "director": local(2026, 7, 20, 14, 0),
            "return": local(2026, 7, 20, 15, 0),
        },
        apology="Chờ Bảo hiểm xã hội tỉnh xác nhận quá trình đóng bảo hiểm thất nghiệp",
    )
    # C: on time all along.
    c = walk(
        world,
        local(2026, 7, 8, 8, 0),
        {
            "counter": local(2026, 7, 8, 9, 0),
            "specialist": local(2026, 7, 9, 9, 0),
            "head": local(2026, 7, 9, 10, 0),
            "partner": local(2026, 7, 10, 9, 0),
            "director": local(2026, 7, 10, 14, 0),
            "return": local(2026, 7, 10, 15, 0),
        },
    )
    return world, a, b, c


def _t(text: str) -> str:
    """Cell text with the no-break space before "%" read as a plain space."""
    return text.replace("\u00a0", " ").strip()


def docx_tables(data: bytes) -> list[list[list[str]]]:
    """Every table of a DOCX as rows of cell texts (nested tables of the header block included)."""
    from docx import Document

    doc = Document(io.BytesIO(data))
    return [[[_t(cell.text) for cell in row.cells] for row in table.rows] for table in doc.tables]


def docx_text(data: bytes) -> str:
    from docx import Document

    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return _t("\n".join(parts))


def table_titled(data: bytes, title_start: str) -> list[list[str]]:
    """The rows of the table that follows the paragraph starting with ``title_start``."""
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    doc = Document(io.BytesIO(data))
    found = False
    for block in doc.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = Paragraph(block, doc).text.strip()
            if text.startswith(title_start):
                found = True
            elif found and text:
                return []  # a sentence ("Không có.") instead of a table
        elif tag == "tbl" and found:
            table = Table(block, doc)
            return [[_t(cell.text) for cell in row.cells] for row in table.rows]
    raise AssertionError(f"no table titled {title_start!r}")
