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

from cchc.common.docx_build import cell_widths, nd30_document, no_borders, para

HERE = Path(__file__).resolve().parent
FONT = "Times New Roman"
CENTER = WD_ALIGN_PARAGRAPH.CENTER
LEFT = WD_ALIGN_PARAGRAPH.LEFT
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY


def _document() -> Document:
    doc = nd30_document(
        page_mm=(210, 297),
        margins_mm=(20, 20, 30, 15),
        distance_mm=10,
        font_pt=14,
        after_pt=6,
        line_spacing=1.0,
        created=dt.datetime(2026, 1, 1),
    )
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


def _widths(table, widths_mm):
    cell_widths(table, widths_mm, fixed=True)


def _tight(p):
    p.paragraph_format.space_after = Pt(0)
    return p


def header(doc, letter: bool):
    table = doc.add_table(rows=1, cols=2)
    no_borders(table)
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
    no_borders(table)
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
