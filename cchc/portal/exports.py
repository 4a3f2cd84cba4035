"""Excel downloads of the public procedure lists (plan P-B4)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from cchc.common.language import money
from cchc.common.spreadsheets import workbook_bytes
from cchc.procedures.models import ProcedureVersion

_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def _fees(v: ProcedureVersion) -> str:
    fees = v.common_fees
    if not fees:
        return v.in_page_language("fee_note") or _("Không thu phí")
    return "; ".join(f"{f.in_page_language('name')}: {money(f.amount)}" for f in fees)


def _process(v: ProcedureVersion) -> str:
    return "\n".join(
        f"{s.order}. {s.in_page_language('name')} — {s.owner.in_page_language('name')} ({s.time_shown})"
        for s in v.common_steps
    )


def procedure_list_xlsx(versions: Iterable[ProcedureVersion], *, title: str, kind: str) -> bytes:
    columns: list[tuple[str, int, callable]] = [
        (_("STT"), 6, None),
        (_("Mã TTHC"), 12, lambda v: v.procedure.code),
        (_("Tên thủ tục hành chính"), 60, lambda v: v.in_page_language("name")),
        (_("Lĩnh vực"), 22, lambda v: v.field.in_page_language("name")),
        (_("Cơ quan thực hiện"), 30, lambda v: v.agency.in_page_language("name")),
        (_("Thời hạn giải quyết"), 16, lambda v: v.time_limit),
        (_("Phí, lệ phí"), 24, _fees),
    ]
    if kind == "tat-ca":
        columns += [
            (_("Trình tự thực hiện"), 60, lambda v: "\n".join(v.in_page_language("steps").lines())),
            (_("Quy trình nội bộ (bước — đơn vị — thời gian)"), 60, _process),
        ]
    if kind in ("tat-ca", "truc-tuyen"):
        columns.append((_("Mức độ trực tuyến"), 26, lambda v: v.get_online_level_display()))
    if kind in ("tat-ca", "buu-chinh"):
        columns += [
            (_("Nhận hồ sơ qua BCCI"), 12, lambda v: _("Có") if v.postal_submission else _("Không")),
            (_("Trả kết quả qua BCCI"), 12, lambda v: _("Có") if v.postal_return else _("Không")),
        ]

    wb = Workbook()
    ws = wb.active
    ws.title = _("Danh sách")[:31]
    ws["A1"] = title.upper()
    ws["A1"].font = Font(name="Times New Roman", bold=True, size=14)
    ws["A2"] = _("Cập nhật ngày %(d)s") % {"d": timezone.localdate().strftime("%d/%m/%Y")}
    ws["A2"].font = Font(name="Times New Roman", italic=True)
    header_row = 4
    for col, (label, width, _getter) in enumerate(columns, start=1):
        cell = ws.cell(row=header_row, column=col, value=label)
        cell.font = Font(name="Times New Roman", bold=True)
        cell.fill = PatternFill("solid", fgColor="FCE9D9")
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        cell.border = _BORDER
        ws.column_dimensions[get_column_letter(col)].width = width
    row = header_row
    for index, version in enumerate(versions, start=1):
        row += 1
        for col, (_label, _width, getter) in enumerate(columns, start=1):
            cell = ws.cell(row=row, column=col, value=index if getter is None else getter(version))
            cell.font = Font(name="Times New Roman")
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            cell.border = _BORDER
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    return workbook_bytes(wb)
