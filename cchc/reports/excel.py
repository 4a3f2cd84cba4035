"""A :class:`~cchc.reports.content.Report`'s tables as an Excel workbook: one sheet per table.

Row 1 the table's title, row 2 the report (subject and period), row 4 the Vietnamese headers, data
from row 5. Numbers are numbers: counts as integers, percentages as fractions with the ``0.00%``
format (97,10 % is stored as 0.971), points and working days as decimals with ``0.00``. "No data"
is written as the text "Chưa có dữ liệu" (or "N/A"), never as 0.
"""

from __future__ import annotations

from cchc.common.spreadsheets import workbook_bytes
from cchc.reports.content import DATE, DEC, INT, PCT, POINTS, Report, Table

HEADER_ROW = 4
FIRST_DATA_ROW = 5


def _value(cell):
    """(value, number_format) for openpyxl."""
    if cell.value is None:
        return cell.empty, None
    if cell.kind == INT:
        return int(cell.value), "#,##0"
    if cell.kind == PCT:
        return float(cell.value) / 100, "0.00%"
    if cell.kind in (POINTS, DEC):
        return float(cell.value), "0.00"
    if cell.kind == DATE:
        return cell.value, "DD/MM/YYYY"
    return str(cell.value), None


CELL_STYLE, BOLD_STYLE = "cchc-o", "cchc-o-dam"


def _register_styles(wb) -> None:
    from openpyxl.styles import Alignment, Border, Font, NamedStyle, Side

    thin = Side(style="thin")
    for name, bold in ((CELL_STYLE, False), (BOLD_STYLE, True)):
        wb.add_named_style(
            NamedStyle(
                name=name,
                font=Font(bold=bold),
                border=Border(left=thin, right=thin, top=thin, bottom=thin),
                alignment=Alignment(vertical="top", wrap_text=True),
            )
        )


def _sheet(wb, table: Table, subtitle: str, used: set[str]):
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    name = table.sheet[:31]
    base, n = name, 2
    while name in used:  # sheet names must be unique
        name = f"{base[:28]} ({n})"
        n += 1
    used.add(name)
    ws = wb.create_sheet(name)
    last = get_column_letter(len(table.columns))
    ws["A1"] = table.title
    ws["A1"].font = Font(bold=True, size=13)
    ws.merge_cells(f"A1:{last}1")
    ws["A2"] = subtitle
    ws["A2"].font = Font(italic=True)
    ws.merge_cells(f"A2:{last}2")
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    fill = PatternFill("solid", fgColor="F3E3E3")
    for col, text in enumerate(table.columns, start=1):
        c = ws.cell(row=HEADER_ROW, column=col, value=text)
        c.font = Font(bold=True)
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        c.border = border
        c.fill = fill
    for r, cells in enumerate(table.rows):
        style = BOLD_STYLE if r in table.bold_rows else CELL_STYLE
        for col, cell in enumerate(cells, start=1):
            value, fmt = _value(cell)
            c = ws.cell(row=FIRST_DATA_ROW + r, column=col, value=value)
            c.style = style  # a named style: one look-up instead of hashing border, alignment, font
            if fmt:
                c.number_format = fmt
    if not table.rows and table.empty_text:
        ws.cell(row=FIRST_DATA_ROW, column=1, value=table.empty_text).font = Font(italic=True)
    if table.note:
        ws.cell(row=FIRST_DATA_ROW + len(table.rows) + 1, column=1, value=table.note).font = Font(italic=True)
    for col, width in enumerate(table.widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = max(8, round(width * 0.55))
    ws.freeze_panes = ws.cell(row=FIRST_DATA_ROW, column=1)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    return ws


def render(report: Report) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    _register_styles(wb)
    subtitle = report.subtitle
    used: set[str] = set()
    for table in report.tables():
        _sheet(wb, table, subtitle, used)
    if not wb.sheetnames:
        wb.create_sheet("Báo cáo")
    return workbook_bytes(wb)
