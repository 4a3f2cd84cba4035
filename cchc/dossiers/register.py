"""The register of dossiers (Sổ theo dõi hồ sơ, Mẫu 06 of TT 01/2018 / Mẫu 07 of TT 03/2025 [S]).

One row per dossier an agency received in a period (local dates of ``received_at``, both ends
included), printed on A4 landscape (WeasyPrint) or exported to Excel (openpyxl). The form in force
on the period's last day gives the title and number. One query for the rows (``select_related``).

Public API::

    register_dossiers(agency, start, end) -> QuerySet[Dossier]
    register_rows(agency, start, end) -> list[list[str]]
    register_payload(agency, start, end, issued_at) -> str
    render_register_html(agency, start, end, issued_at=None, viewer=None) -> str
    render_register_pdf(agency, start, end, issued_at=None, viewer=None) -> bytes
    render_register_xlsx(agency, start, end, viewer=None) -> bytes

``viewer``: the staff member exporting it; rows whose personal data they may not see are masked.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.common import formats
from cchc.common.spreadsheets import workbook_bytes
from cchc.dossiers import privacy, slips
from cchc.dossiers.models import Dossier, Status
from cchc.org.models import Agency

COLUMNS = [
    gettext_lazy("TT"),
    gettext_lazy("Mã hồ sơ"),
    gettext_lazy("Tên TTHC"),
    gettext_lazy("Tên cá nhân, tổ chức"),
    gettext_lazy("Địa chỉ, số điện thoại"),
    gettext_lazy("Cơ quan chủ trì giải quyết"),
    gettext_lazy("Nhận hồ sơ"),
    gettext_lazy("Hẹn trả kết quả"),
    gettext_lazy("Trả kết quả"),
    gettext_lazy("Ghi chú"),
]
# Column widths in the Excel sheet (characters) and in the printed register (% of the A4 width).
WIDTHS = [5, 26, 40, 24, 30, 26, 16, 16, 16, 30]
PRINT_WIDTHS = [3, 15, 17, 13, 14, 9, 7, 7, 7, 8]


def _bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    if end < start:
        raise ValidationError(_("Ngày cuối kỳ phải sau hoặc bằng ngày đầu kỳ."))
    tz = timezone.get_current_timezone()
    low = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    high = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return low, high


def register_dossiers(agency: Agency, start: dt.date, end: dt.date):
    low, high = _bounds(start, end)
    return (
        # An agency's register: its dossiers wherever received, and (a service place's) those it received.
        Dossier.objects.filter(
            Q(agency=agency) | Q(receipt_place=agency), received_at__gte=low, received_at__lt=high
        )
        .select_related("procedure_version__procedure", "agency", "receipt_place", "return_place")
        .order_by("received_at", "id")
    )


def _when(value: dt.datetime | None) -> str:
    return f"{timezone.localtime(value):%H:%M %d/%m/%Y}" if value else ""


def _note(dossier: Dossier) -> str:
    parts = []
    if dossier.receipt_place_id and dossier.receipt_place_id != dossier.agency_id:
        parts.append(_("Nơi tiếp nhận: %(place)s") % {"place": dossier.receipt_place.name})
    if dossier.return_place_id and dossier.return_place_id != dossier.agency_id:
        parts.append(_("Nơi trả kết quả: %(place)s") % {"place": dossier.return_place.name})
    if dossier.new_due_at:
        parts.append(_("Hẹn lại: %(time)s") % {"time": _when(dossier.new_due_at)})
    if dossier.status != Status.RETURNED:
        parts.append(str(dossier.get_status_display()))
    if dossier.outcome:
        parts.append(str(dossier.get_outcome_display()))
    return "; ".join(parts)


def register_rows(agency: Agency, start: dt.date, end: dt.date, viewer=None) -> list[list[str]]:
    """The register's rows. With ``viewer`` (the staff member exporting it), the applicant's name and
    contact are masked on the rows whose personal data they may not see (``privacy``, decision 0018)."""
    rows = []
    dossiers = register_dossiers(agency, start, end)
    if viewer is not None:
        dossiers = privacy.annotate_visible(dossiers, viewer)
    for number, d in enumerate(dossiers, start=1):
        visible = getattr(d, "personal_visible", True)
        contact = ", ".join(p for p in (d.address, d.phone) if p) if visible else privacy.HIDDEN
        rows.append(
            [
                str(number),
                d.code,
                d.procedure_version.name,
                privacy.display_applicant(d, visible),
                contact,
                d.agency.name,
                _when(d.received_at),
                _when(d.due_at),
                _when(d.returned_at),
                _note(d),
            ]
        )
    return rows


def _period(start: dt.date, end: dt.date) -> str:
    return _("Từ ngày %(start)s đến ngày %(end)s") % {"start": f"{start:%d/%m/%Y}", "end": f"{end:%d/%m/%Y}"}


def register_payload(agency: Agency, start: dt.date, end: dt.date, issued_at: dt.datetime) -> str:
    """What the register's QR code carries (TT 01/2023 Đ26): agency, document, period, system, time."""
    form = slips.form_for(slips.REGISTER, end)
    return "\n".join(
        [
            f"CoQuan: {agency.code}",
            f"TenGiayTo: {form.name}",
            f"Ky: {start:%Y-%m-%d}/{end:%Y-%m-%d}",
            f"HeThong: {settings.CCHC_SYSTEM_NAME}",
            f"ThoiGianCap: {timezone.localtime(issued_at).isoformat(timespec='minutes')}",
        ]
    )


def render_register_html(
    agency: Agency, start: dt.date, end: dt.date, issued_at: dt.datetime | None = None, viewer=None
) -> str:
    form = slips.form_for(slips.REGISTER, end)
    issued_at = issued_at or timezone.now()
    payload = register_payload(agency, start, end, issued_at)
    ctx = {
        "L": slips.LABELS,
        "form_title": form.title,
        "form_label": form.label,
        "basis": form.regime.basis,
        "agency_name": agency.name,
        "header_parent": agency.parent.name.upper() if agency.parent_id else "",
        "header_issuer": agency.name.upper(),
        "date_line": formats.format_date_line(issued_at),
        "period": _period(start, end),
        "columns": [(str(c), w) for c, w in zip(COLUMNS, PRINT_WIDTHS, strict=True)],
        "rows": register_rows(agency, start, end, viewer),
        "qr_data_uri": slips.qr_svg_data_uri(payload),
        "qr_payload": payload,
    }
    return render_to_string("dossiers/slips/register.html", ctx)


def render_register_pdf(
    agency: Agency, start: dt.date, end: dt.date, issued_at: dt.datetime | None = None, viewer=None
) -> bytes:
    """The register as an A4 landscape PDF (as many pages as it takes; the header row repeats)."""
    return slips.html_to_pdf(render_register_html(agency, start, end, issued_at, viewer))


def render_register_xlsx(agency: Agency, start: dt.date, end: dt.date, viewer=None) -> bytes:
    """The register as an Excel workbook: title rows, a header row, then one row per dossier."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    form = slips.form_for(slips.REGISTER, end)
    wb = Workbook()
    ws = wb.active
    ws.title = str(_("Sổ theo dõi hồ sơ"))[:31]
    last = get_column_letter(len(COLUMNS))
    ws.append([f"{form.title} ({form.label} – {form.regime.basis})"])
    ws.merge_cells(f"A1:{last}1")
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.append([f"{agency.name} – {_period(start, end)}"])
    ws.merge_cells(f"A2:{last}2")
    ws["A2"].alignment = Alignment(horizontal="center")
    ws["A2"].font = Font(italic=True)
    ws.append([str(c) for c in COLUMNS])
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for cell in ws[3]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = border
    for row in register_rows(agency, start, end, viewer):
        row[0] = int(row[0])
        ws.append(row)
        for cell in ws[ws.max_row]:
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            cell.border = border
    for index, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "A4"
    ws.print_options.gridLines = False
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.print_title_rows = "3:3"
    return workbook_bytes(wb)
