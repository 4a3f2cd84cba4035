"""Building blocks of the DOCX templates the project generates (slips, register, reports).

ND 30/2020 layout: Times New Roman everywhere (also for the East-Asian and complex-script slots,
so Word never substitutes a font for Vietnamese), fixed margins, no author metadata beyond "CCHC".
Used by the ``docx_templates/build.py`` scripts of ``dossiers`` and ``reports``.
"""

from __future__ import annotations

import datetime as dt

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

FONT = "Times New Roman"
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY


def nd30_document(
    *,
    page_mm: tuple[float, float],
    margins_mm: tuple[float, float, float, float],  # top, bottom, left, right
    distance_mm: float,
    font_pt: float,
    after_pt: float,
    line_spacing: float,
    created: dt.datetime,
) -> Document:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = (Mm(x) for x in page_mm)
    top, bottom, left, right = (Mm(x) for x in margins_mm)
    section.top_margin, section.bottom_margin, section.left_margin, section.right_margin = (
        top,
        bottom,
        left,
        right,
    )
    section.header_distance = section.footer_distance = Mm(distance_mm)
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(font_pt)
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    pf = style.paragraph_format
    pf.space_before, pf.space_after, pf.line_spacing = Pt(0), Pt(after_pt), line_spacing
    props = doc.core_properties
    props.author = props.last_modified_by = "CCHC"
    props.created = props.modified = created
    props.revision = 1
    return doc


def runs(paragraph, parts, size=None):
    """``parts``: a string or a list of (text, flags) with flags among "b", "i"."""
    if isinstance(parts, str):
        parts = [(parts, "")]
    for text, flags in parts:
        run = paragraph.add_run(text)
        run.bold = "b" in flags or None
        run.italic = "i" in flags or None
        if size:
            run.font.size = Pt(size)
    return paragraph


def para(container, parts, align=JUSTIFY, size=None, after=None, first=False):
    """A paragraph (the container's first one when ``first``) with ``parts``."""
    p = container.paragraphs[0] if first else container.add_paragraph()
    runs(p, parts, size)
    p.alignment = align
    if after is not None:
        p.paragraph_format.space_after = Pt(after)
    return p


def no_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    table._tbl.tblPr.append(borders)


def cell_widths(table, widths_mm, *, fixed: bool = False) -> None:
    """Column widths in mm; ``fixed`` also fixes the table layout (LibreOffice honours it then)."""
    if fixed:
        layout = OxmlElement("w:tblLayout")
        layout.set(qn("w:type"), "fixed")
        table._tbl.tblPr.append(layout)
        for column, width in zip(table.columns, widths_mm, strict=True):
            column.width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(width)
