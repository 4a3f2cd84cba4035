"""Build the docxtpl templates of the printed slips (one .docx per kind) with python-docx.

Run from the repository root after changing a layout::

    .venv/bin/python cchc/dossiers/docx_templates/build.py

The output is reproducible (fixed core properties). Labels are not written here: they come from
``cchc.dossiers.slips.LABELS`` (i18n) through ``{{ L.… }}``; the data from ``slip_context``.
Layout as the PDF slips (``templates/dossiers/slips/slips.css``): A5 portrait, margins 12 mm top and
bottom, 15 mm left, 10 mm right; the QR code in the header's first cell (top-left, TT 01/2023 Đ26);
Times New Roman (Word substitutes a metric-compatible serif such as Liberation Serif where it is
missing). Text per ND 30/2020: motto block, agency in bold capitals, "Số: …", place and date in italics.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from cchc.common.docx_build import cell_widths, nd30_document, no_borders, para, runs

HERE = Path(__file__).resolve().parent
FONT = "Times New Roman"
CENTER = WD_ALIGN_PARAGRAPH.CENTER
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY


def _document(landscape: bool = False) -> Document:
    return nd30_document(
        page_mm=(148, 210),
        margins_mm=(12, 12, 15, 10),
        distance_mm=6,
        font_pt=10.5,
        after_pt=2,
        line_spacing=1.1,
        created=dt.datetime(2025, 7, 1),
    )


def _cell_para(cell, parts, align=CENTER, size=None, first=False):
    p = cell.paragraphs[0] if first else cell.add_paragraph()
    runs(p, parts, size)
    p.alignment = align
    p.paragraph_format.space_after = Pt(0)
    return p


def _widths(table, widths_mm):
    cell_widths(table, widths_mm)


def header(doc, with_number=True):
    """QR code | issuing body | motto and date, in one borderless row (the PDF's layout)."""
    for empty in list(doc.paragraphs):  # the blank paragraph python-docx starts with: the table comes first
        empty._p.getparent().remove(empty._p)
    table = doc.add_table(rows=1, cols=3)
    no_borders(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(table, [23, 39, 61])
    qr, left, right = table.rows[0].cells
    _cell_para(qr, "{{ qr }}", WD_ALIGN_PARAGRAPH.LEFT, first=True)
    _cell_para(left, "{{ header_parent }}", size=8.5, first=True)
    _cell_para(left, [("{{ header_issuer }}", "b")], size=8.5)
    _cell_para(left, "———", size=8.5)
    if with_number:
        _cell_para(left, "{{ L.number }}: ……/{{ symbol }}", size=9.5)
    _cell_para(right, [("{{ L.motto }}", "b")], size=8, first=True)
    _cell_para(right, [("{{ L.motto2 }}", "b")], size=9.5)
    _cell_para(right, "—————————", size=8.5)
    _cell_para(right, [("{{ date_line }}", "i")], size=9.5)
    para(doc, [("{{ form_title }}", "b")], CENTER, size=11).paragraph_format.space_before = Pt(6)
    para(doc, [("{{ L.code }}: {{ code }}", "b")], CENTER)
    para(doc, [("({{ form_label }} – {{ basis }})", "i")], CENTER, size=8.5, after=6)


def signatures(doc, left, right):
    """``left``/``right``: (title, hint, name) or None; the recipients block when "recipients"."""
    table = doc.add_table(rows=1, cols=2)
    no_borders(table)
    _widths(table, [61, 62])
    for cell, spec in zip(table.rows[0].cells, (left, right), strict=True):
        if spec is None:
            continue
        if spec == "recipients":
            _cell_para(cell, [("{{ L.recipients }}:", "bi")], WD_ALIGN_PARAGRAPH.LEFT, 9.5, first=True)
            _cell_para(cell, "{%p for line in recipient_lines %}", WD_ALIGN_PARAGRAPH.LEFT, 8.5)
            _cell_para(cell, "- {{ line }}", WD_ALIGN_PARAGRAPH.LEFT, 8.5)
            _cell_para(cell, "{%p endfor %}", WD_ALIGN_PARAGRAPH.LEFT, 8.5)
            _cell_para(cell, "- {{ L.archive }}", WD_ALIGN_PARAGRAPH.LEFT, 8.5)
            continue
        title, hint, name = spec
        _cell_para(cell, [(title, "b")], first=True)
        _cell_para(cell, [(hint, "i")], size=9)
        for _ in range(4):
            _cell_para(cell, "")
        _cell_para(cell, [(name, "b")])


def applicant_block(doc, request_first=False):
    para(doc, "{{ counter_name }} – {{ agency_name }}")
    para(
        doc,
        [
            ("{{ L.receiver }}: ", "b"),
            ("{{ applicant_name }}{% if representative %} ({{ representative }}){% endif %}", ""),
        ],
    )
    request = [
        ("{{ L.request }}: ", "b"),
        ("{{ procedure_name }} ({{ L.procedure_code }}: {{ procedure_code }})", ""),
    ]
    if request_first:
        para(doc, request)
    if request_first:
        para(doc, "{{ L.address }}: {{ address }}")
        para(doc, "{{ L.phone }}: {{ phone }}; {{ L.email }}: {{ email }}")
    else:
        para(doc, "{{ identity_label }}: {{ identity }}; {{ L.phone }}: {{ phone }}")
        para(doc, "{{ L.address }}: {{ address }}; {{ L.email }}: {{ email }}")
        para(doc, request)


def receipt():
    doc = _document()
    header(doc)
    para(
        doc,
        [
            ("{{ L.receiver }}: ", "b"),
            ("{{ applicant_name }}{% if representative %} ({{ representative }}){% endif %}", ""),
        ],
    )
    para(doc, "{{ identity_label }}: {{ identity }}; {{ L.phone }}: {{ phone }}; {{ L.email }}: {{ email }}")
    para(doc, "{{ L.address }}: {{ address }}")
    para(
        doc,
        [
            ("{{ L.request }}: ", "b"),
            ("{{ procedure_name }} ({{ L.procedure_code }}: {{ procedure_code }})", ""),
        ],
    )
    para(doc, "{%p if receipt_place %}")
    para(doc, "{{ L.receipt_place }}: {{ receipt_place }}; {{ L.competent }}: {{ agency_name }}")
    para(doc, "{%p endif %}")
    para(doc, [("{{ L.documents }}", "b")])
    para(doc, "{%p if not documents %}")
    para(doc, "{{ L.no_documents }}")
    para(doc, "{%p endif %}")
    table = doc.add_table(rows=3, cols=4)
    no_borders(table)
    _widths(table, [6, 79, 32, 6])
    _cell_para(table.rows[0].cells[0], "{%tr for d in documents %}", WD_ALIGN_PARAGRAPH.LEFT, 9.5, True)
    row = table.rows[1].cells
    _cell_para(row[0], "{{ loop.index }}.", WD_ALIGN_PARAGRAPH.LEFT, 9.5, True)
    _cell_para(row[1], "{{ d.name }}", WD_ALIGN_PARAGRAPH.LEFT, 9.5, True)
    _cell_para(row[2], [("{{ d.kind }}", "i")], WD_ALIGN_PARAGRAPH.LEFT, 9.5, True)
    _cell_para(row[3], "{{ d.count }}", WD_ALIGN_PARAGRAPH.RIGHT, 9.5, True)
    _cell_para(table.rows[2].cells[0], "{%tr endfor %}", WD_ALIGN_PARAGRAPH.LEFT, 9.5, True)
    para(doc, [("{{ L.sets }}", "b")])
    para(doc, [("{{ L.legal_time }} ", "b"), ("{{ legal_time }}.", "")])
    para(doc, [("{{ L.received_time }} ", "b"), ("{{ received_time }}.", "")])
    para(doc, [("{{ L.due_time }} ", "b"), ("{{ due_time }}.", "")])
    para(
        doc,
        [
            ("{{ L.return_at }} ", "b"),
            (
                "{{ return_channel }}"
                "{% if return_place %} – {{ L.return_place }}: {{ return_place }}{% endif %}.",
                "",
            ),
        ],
    )
    para(doc, "{{ L.tracking }} {{ tracking_url }} {{ L.tracking_how }}", size=9)
    para(doc, [("{{ L.register }}", "i")])
    para(doc, "{%p if contact %}")
    para(
        doc,
        "{{ L.contact }} {{ contact.name }} – {{ contact.position }}"
        "{% if contact.unit %}, {{ contact.unit }}{% endif %}"
        "{% if contact.phone %}; {{ L.phone|lower }}: {{ contact.phone }}{% endif %}.",
        size=9.5,
    )
    para(doc, "{%p endif %}")
    signatures(
        doc,
        ("{{ L.applicant_sign }}", "{{ L.sign_hint }}", "{{ applicant_sign_name }}"),
        ("{{ L.receiver_sign }}", "{{ L.sign_hint }}", "{{ receiver_name }}"),
    )
    para(doc, [("{{ L.receipt_note }}", "i")], size=8.5).paragraph_format.space_before = Pt(6)
    para(doc, [("{{ survey_qr }} {{ survey_label }}", "i")], WD_ALIGN_PARAGRAPH.LEFT, size=8.5)
    return doc


def supplement():
    doc = _document()
    header(doc)
    applicant_block(doc, request_first=True)
    para(doc, [("{{ L.supplement_intro }}", "b")])
    para(doc, "{%p for item in items %}")
    para(doc, "{{ loop.index }}. {{ item }}")
    para(doc, "{%p endfor %}")
    para(doc, "{{ supplement_help }}")
    signatures(doc, None, ("{{ L.guide_sign }}", "{{ L.sign_hint }}", "{{ officer_name }}"))
    return doc


def refusal():
    doc = _document()
    header(doc)
    applicant_block(doc)
    para(doc, "{{ refusal_intro }}")
    para(doc, "{%p for item in items %}")
    para(doc, "– {{ item }}")
    para(doc, "{%p endfor %}")
    para(doc, "{{ L.refusal_end }}")
    signatures(
        doc,
        ("{{ L.applicant_sign }}", "{{ L.sign_hint }}", "{{ applicant_sign_name }}"),
        ("{{ L.receiver_sign }}", "{{ L.sign_hint }}", "{{ officer_name }}"),
    )
    return doc


def _letter(body_keys):
    doc = _document()
    header(doc)
    para(doc, "{{ L.dear }}: {{ applicant_name }}", CENTER)
    para(doc, "{{ L.address }}: {{ address }}", CENTER, after=4)
    para(doc, f"{{{{ {body_keys[0]} }}}}")
    para(doc, [("{{ L.reason }}: ", "b"), ("{{ reason }}", "")])
    para(doc, f"{{{{ {body_keys[1]} }}}}", after=6)
    signatures(doc, "recipients", ("{{ L.head_sign }}", "{{ L.seal_hint }}", ""))
    return doc


def apology():
    return _letter(("apology_body", "apology_sorry"))


def stop():
    return _letter(("stop_body", "stop_decision"))


def control():
    doc = _document()
    header(doc, with_number=False)
    para(doc, "{{ L.attached_to }}: {{ applicant_name }}")
    para(doc, "{{ L.received_on }}: {{ received_time }}")
    para(doc, "{{ L.due_on }}: {{ due_time }}")
    para(doc, "{{ L.lead }}: {{ lead }}")
    para(doc, "{{ L.partners }}: {{ partners }}", after=4)
    table = doc.add_table(rows=4, cols=4)
    table.style = "Table Grid"
    _widths(table, [39, 34, 18, 32])
    heads = ["{{ L.col_agency }}", "{{ L.col_time }}", "{{ L.col_result }}", "{{ L.col_note }}"]
    for cell, text in zip(table.rows[0].cells, heads, strict=True):
        _cell_para(cell, [(text, "b")], size=8.5, first=True)
    _cell_para(table.rows[1].cells[0], "{%tr for row in rows %}", size=8.5, first=True)
    data = table.rows[2].cells
    _cell_para(data[0], "{{ loop.index }}. {{ L.give }}: {{ row.giver }}", WD_ALIGN_PARAGRAPH.LEFT, 8.5, True)
    _cell_para(data[0], "{{ L.take }}: {{ row.taker }}", WD_ALIGN_PARAGRAPH.LEFT, 8.5)
    _cell_para(data[1], "{{ row.time }}", WD_ALIGN_PARAGRAPH.LEFT, 8.5, True)
    _cell_para(
        data[1],
        [
            (
                "{{ L.giver_sign }}{% if row.handed_by %} ({{ row.handed_by }}){% endif %}"
                " / {{ L.taker_sign }}",
                "i",
            )
        ],
        WD_ALIGN_PARAGRAPH.LEFT,
        7.5,
    )
    _cell_para(data[2], "{{ row.result }}", size=8.5, first=True)
    _cell_para(data[3], "{{ row.note }}", WD_ALIGN_PARAGRAPH.LEFT, 8.5, True)
    _cell_para(table.rows[3].cells[0], "{%tr endfor %}", size=8.5, first=True)
    para(doc, [("{{ L.control_note }}", "i")], size=8.5).paragraph_format.space_before = Pt(6)
    return doc


BUILDERS = {
    "receipt": receipt,
    "supplement": supplement,
    "refusal": refusal,
    "apology": apology,
    "control": control,
    "stop": stop,
}


def build(out_dir: Path = HERE) -> list[Path]:
    written = []
    for kind, builder in BUILDERS.items():
        path = out_dir / f"{kind}.docx"
        builder().save(str(path))
        written.append(path)
    return written


if __name__ == "__main__":
    for path in build(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE):
        print(path)
