"""A :class:`~cchc.reports.content.Report` as an editable Word document (docxtpl frame + body).

The frame (``docx_templates/report.docx`` or ``letter.docx``, built by ``docx_templates/build.py``)
carries the ND 30/2020 layout; the body — section headings, paragraphs and tables — is built here
with python-docx in place of the ``{{ body }}`` paragraph: Times New Roman 14 pt justified text
with a first-line indent, tables in 11 pt with a repeated header row, fixed column widths scaled
to the 165 mm text width.
"""

from __future__ import annotations

import io
from copy import deepcopy
from pathlib import Path

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from cchc.reports.content import TEXT, Report, Table

DOCX_DIR = Path(__file__).resolve().parent / "docx_templates"
TEXT_WIDTH_MM = 165  # A4 210 mm − 30 mm left − 15 mm right
TABLE_SIZE = 11
FONT = "Times New Roman"
BODY_MARKER = "[[CCHC_REPORT_BODY]]"


def _run(paragraph, text: str, *, size: float, bold=False, italic=False):
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.font.name = FONT
    run.bold = bold or None
    run.italic = italic or None
    rfonts = run._r.get_or_add_rPr().find(qn("w:rFonts"))
    if rfonts is not None:
        rfonts.set(qn("w:eastAsia"), FONT)
    return run


def _paragraph(doc, text: str, *, size=14, bold=False, italic=False, indent=True, align=None, after=6):
    p = doc.add_paragraph()
    _run(p, text, size=size, bold=bold, italic=italic)
    p.alignment = align if align is not None else WD_ALIGN_PARAGRAPH.JUSTIFY
    pf = p.paragraph_format
    pf.space_before, pf.space_after = Pt(0), Pt(after)
    if indent:
        pf.first_line_indent = Mm(10)
    return p


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)
    cant = OxmlElement("w:cantSplit")
    tr_pr.append(cant)


def _cant_split(row) -> None:
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def _cell(cell, text: str, *, bold=False, align=WD_ALIGN_PARAGRAPH.LEFT, size=TABLE_SIZE):
    p = cell.paragraphs[0]
    _run(p, text, size=size, bold=bold)
    p.alignment = align
    p.paragraph_format.space_after = Pt(0)
    p.paragraph_format.first_line_indent = None


def fixed_widths(t, widths_mm) -> None:
    """Column widths Word and LibreOffice both honour: the grid, every cell, a fixed layout."""
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    t._tbl.tblPr.append(layout)
    for column, width in zip(t.columns, widths_mm, strict=True):
        column.width = Mm(width)
    for row in t.rows:
        for cell, width in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(width)


def _align(value) -> int:
    return WD_ALIGN_PARAGRAPH.LEFT if value.kind == TEXT else WD_ALIGN_PARAGRAPH.RIGHT


_TC, _P, _B, _RFONTS, _SPACE = qn("w:tc"), qn("w:p"), qn("w:b"), qn("w:rFonts"), qn("xml:space")
_T_PATH = f".//{qn('w:t')}"
_JC_PATH = f"{qn('w:pPr')}/{qn('w:jc')}"
_RPR_PATH = f"{qn('w:r')}/{qn('w:rPr')}"
_VAL = qn("w:val")


def _copy_row(proto_tr, cells, *, bold: bool):
    tr = deepcopy(proto_tr)
    for tc, value in zip(tr.iterchildren(_TC), cells, strict=True):
        p = tc.find(_P)
        text = p.find(_T_PATH)
        text.text = value.text
        text.set(_SPACE, "preserve")
        jc = p.find(_JC_PATH)
        if jc is not None:
            jc.set(_VAL, "left" if value.kind == TEXT else "right")
        rpr = p.find(_RPR_PATH)
        b = rpr.find(_B)
        if bold and b is None:
            rpr.insert(0 if rpr.find(_RFONTS) is None else 1, OxmlElement("w:b"))
        elif not bold and b is not None:
            rpr.remove(b)
    return tr


def add_table(doc, table: Table) -> None:
    _paragraph(doc, table.title, size=13, bold=True, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER, after=4)
    if not table.rows:
        _paragraph(doc, table.empty_text or "Không có.", size=13, italic=True, indent=False, after=8)
        return
    scale = TEXT_WIDTH_MM / sum(table.widths)
    widths = [w * scale for w in table.widths]
    # Header and first data row through python-docx; the other rows are copies of the first with
    # their texts, alignment and weight set in the XML (python-docx costs ~1 ms per cell, which
    # a list of thousands of late steps would feel).
    t = doc.add_table(rows=2, cols=len(table.columns))
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    head = t.rows[0]
    _repeat_header(head)
    for cell, text in zip(head.cells, table.columns, strict=True):
        _cell(cell, text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    first = t.rows[1]
    _cant_split(first)
    for cell, value in zip(first.cells, table.rows[0], strict=True):
        _cell(cell, value.text or " ", bold=0 in table.bold_rows, align=_align(value))
    fixed_widths(t, widths)
    for index, cells in enumerate(table.rows[1:], start=1):
        t._tbl.append(_copy_row(first._tr, cells, bold=index in table.bold_rows))
    after = doc.add_paragraph()
    after.paragraph_format.space_after = Pt(2)
    if table.note:
        _paragraph(doc, table.note, size=11, italic=True, indent=False, after=8)


class _Body:
    """Adds paragraphs and tables to ``doc`` and moves each to just before ``marker``."""

    def __init__(self, doc, marker):
        self.doc, self.marker = doc, marker

    def _move(self, element):
        self.marker.addprevious(element)

    def add_paragraph(self):
        p = self.doc.add_paragraph()
        self._move(p._p)
        return p

    def add_table(self, rows: int, cols: int):
        t = self.doc.add_table(rows=rows, cols=cols)
        self._move(t._tbl)
        return t


def body(doc, marker, report: Report) -> None:
    """Insert the sections of ``report`` in place of the ``marker`` paragraph (then removed)."""
    out = _Body(doc, marker._p)
    for section in report.sections:
        _paragraph(out, section.heading, bold=True, indent=section.level > 1, after=6)
        for text in section.paragraphs:
            _paragraph(out, text)
        for table in section.tables:
            add_table(out, table)
        for text in section.after:
            _paragraph(out, text)
    marker._p.getparent().remove(marker._p)


def render(report: Report) -> bytes:
    from docxtpl import DocxTemplate

    template = DocxTemplate(str(DOCX_DIR / ("letter.docx" if report.kind == "letter" else "report.docx")))
    context = {
        "parent": report.parent,
        "issuer": report.issuer,
        "number": report.number,
        "date_line": report.date_line,
        "title": report.title,
        "subtitle": report.subtitle,
        "addressee": report.addressee,
        "intro": report.intro,
        "closing": report.closing,
        "recipients": report.recipients,
        "signer_title": report.signer_title,
        "signer_name": report.signer_name,
        "body": BODY_MARKER,
    }
    template.render(context, autoescape=True)
    marker = next(p for p in template.docx.paragraphs if p.text.strip() == BODY_MARKER)
    body(template.docx, marker, report)
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()
