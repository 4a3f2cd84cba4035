"""Build the docxtpl frames of the reports (``report.docx``: Báo cáo; ``letter.docx``: Công văn).

Run from the repository root after changing a layout::

    .venv/bin/python cchc/reports/docx_templates/build.py

The frame holds what ND 30/2020 fixes (A4 portrait, margins 20/20/30/15 mm, Times New Roman, the
header block with the national motto, number and symbol, place and date, the title or the "V/v"
line, "Kính gửi", "Nơi nhận", the signer); the body (sections and tables) is built
by ``cchc.reports.word`` in place of the ``{{ body }}`` paragraph. The output is reproducible.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

HERE = Path(__file__).resolve().parent
FONT = "Times New Roman"
CENTER = WD_ALIGN_PARAGRAPH.CENTER
LEFT = WD_ALIGN_PARAGRAPH.LEFT
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY


def _document() -> Document:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = section.footer_distance = Mm(10)
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(14)
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    pf = style.paragraph_format
    pf.space_before, pf.space_after, pf.line_spacing = Pt(0), Pt(6), 1.0
    props = doc.core_properties
    props.author = props.last_modified_by = "CCHC"
    props.created = props.modified = dt.datetime(2026, 1, 1)
    props.revision = 1
    _page_numbers(doc)
    return doc


def _page_numbers(doc) -> None:
    """ND 30/2020: page numbers centred in the top margin, from the second page."""
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    p = section.header.paragraphs[0]
    p.alignment = CENTER
    run = p.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._r.append(el)
    run.font.size = Pt(13)


def _runs(paragraph, parts, size=None):
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
    p = container.paragraphs[0] if first else container.add_paragraph()
    _runs(p, parts, size)
    p.alignment = align
    if after is not None:
        p.paragraph_format.space_after = Pt(after)
    return p


def _no_borders(table):
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    table._tbl.tblPr.append(borders)


def _widths(table, widths_mm):
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(width)


def _tight(p):
    p.paragraph_format.space_after = Pt(0)
    return p


def header(doc, letter: bool):
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _widths(table, [66, 104])
    left, right = table.rows[0].cells
    _tight(para(left, "{{ parent }}", CENTER, 13, first=True))
    _tight(para(left, [("{{ issuer }}", "b")], CENTER, 13))
    _tight(para(left, "—————", CENTER, 10))
    _tight(para(left, "{{ number }}", CENTER, 13))
    if letter:
        _tight(para(left, "{{ subtitle }}", CENTER, 12))
    _tight(para(right, [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "b")], CENTER, 12.5, first=True))
    _tight(para(right, [("Độc lập - Tự do - Hạnh phúc", "b")], CENTER, 13.5))
    _tight(para(right, "————————————", CENTER, 10))
    para(right, [("{{ date_line }}", "i")], CENTER, 14, after=0).paragraph_format.space_before = Pt(6)


def closing(doc):
    para(doc, "{%p for line in closing %}")
    p = para(doc, "{{ line }}")
    p.paragraph_format.first_line_indent = Mm(10)
    p.paragraph_format.keep_with_next = True  # the last sentence goes with the signature
    para(doc, "{%p endfor %}")
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    table.autofit = False
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))  # never split the signature
    _widths(table, [85, 80])
    left, right = table.rows[0].cells
    p = para(left, [("Nơi nhận:", "bi")], LEFT, 12, first=True)
    p.paragraph_format.space_after = Pt(0)
    _tight(para(left, "{%p for line in recipients %}", LEFT, 11))
    _tight(para(left, "- {{ line }}", LEFT, 11))
    _tight(para(left, "{%p endfor %}", LEFT, 11))
    _tight(para(right, "{%p for line in signer_title %}", CENTER, 14, first=True))
    _tight(para(right, [("{{ line }}", "b")], CENTER, 14))
    _tight(para(right, "{%p endfor %}", CENTER, 14))
    for _ in range(3):
        _tight(para(right, "", CENTER, 14))
    _tight(para(right, [("{{ signer_name }}", "b")], CENTER, 14))
    end = para(doc, "", LEFT, 1, after=0)  # the body's last paragraph: tiny, so it never makes a page
    end.paragraph_format.line_spacing = Pt(1)


def report():
    doc = _document()
    header(doc, letter=False)
    p = para(doc, [("{{ title }}", "b")], CENTER, 14, after=0)
    p.paragraph_format.space_before = Pt(18)
    para(doc, [("{{ subtitle }}", "b")], CENTER, 14, after=0)
    para(doc, "————————", CENTER, 10, after=12)
    para(doc, "{%p for line in intro %}")
    p = para(doc, "{{ line }}")
    p.paragraph_format.first_line_indent = Mm(10)
    para(doc, "{%p endfor %}")
    para(doc, "{{ body }}")
    closing(doc)
    return doc


def letter():
    doc = _document()
    header(doc, letter=True)
    p = para(doc, "{{ addressee }}", CENTER, 14, after=12)
    p.paragraph_format.space_before = Pt(18)
    para(doc, "{%p for line in intro %}")
    p = para(doc, "{{ line }}")
    p.paragraph_format.first_line_indent = Mm(10)
    para(doc, "{%p endfor %}")
    para(doc, "{{ body }}")
    closing(doc)
    return doc


BUILDERS = {"report": report, "letter": letter}


def build(out_dir: Path = HERE) -> list[Path]:
    written = []
    for name, builder in BUILDERS.items():
        path = out_dir / f"{name}.docx"
        builder().save(str(path))
        written.append(path)
    return written


if __name__ == "__main__":
    for path in build(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE):
        print(path)
