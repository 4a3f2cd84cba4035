"""The electronic receipt of an online payment (Biên lai thu phí, lệ phí điện tử), a PDF drawn with the
dossiers' slip machinery (``cchc.dossiers.slips``: fonts, QR code, one A5 page) and attached to the
dossier as a ``DossierDocument`` of kind ``RECEIPT``, which the applicant downloads from the tracking page
and staff from the dossier's page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cchc.common import formats
from cchc.common.uploads import inspect_upload
from cchc.dossiers import documents, slips
from cchc.dossiers.models import Dossier, DossierDocument

_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_GROUPS = ("", "nghìn", "triệu", "tỷ", "nghìn tỷ", "triệu tỷ")


def _three(n: int, full: bool) -> list[str]:
    """Words of 0 < n < 1000; ``full``: a group after a higher one reads its hundreds ("không trăm")."""
    hundreds, tens, units = n // 100, n // 10 % 10, n % 10
    words: list[str] = []
    if hundreds or full:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            if words:
                words.append("linh")
            words.append(_DIGITS[units])
        return words
    words += ["mười"] if tens == 1 else [_DIGITS[tens], "mươi"]
    if units == 1 and tens > 1:
        words.append("mốt")
    elif units == 5:
        words.append("lăm")
    elif units == 4 and tens > 1:
        words.append("tư")
    elif units:
        words.append(_DIGITS[units])
    return words


def amount_in_words(amount: int | Decimal) -> str:
    """Vietnamese words of a whole amount of đồng, as a receipt writes them:
    1250000 → "Một triệu hai trăm năm mươi nghìn đồng"."""
    n = int(amount)
    if n == 0:
        return "Không đồng"
    groups = []
    while n:
        groups.append(n % 1000)
        n //= 1000
    words: list[str] = []
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if not group:
            continue
        words += _three(group, full=bool(words))
        if _GROUPS[index]:
            words.append(_GROUPS[index])
    text = " ".join(words) + " đồng"
    return text[0].upper() + text[1:]


def _qr_payload(payment, dossier: Dossier) -> str:
    paid = timezone.localtime(payment.paid_at or timezone.now())
    return "\n".join(
        [
            "TenGiayTo: Biên lai thu phí, lệ phí điện tử",
            f"MaHoSo: {dossier.code}",
            f"MaThamChieu: {payment.reference}",
            f"MaGiaoDich: {payment.gateway_transaction}",
            f"SoTien: {int(payment.amount)}",
            f"ThoiGianThanhToan: {paid.isoformat(timespec='minutes')}",
            f"HeThong: {settings.CCHC_SYSTEM_NAME}",
        ]
    )


def context(payment, dossier: Dossier, issued_at: dt.datetime | None = None) -> dict:
    dossier = Dossier.objects.select_related("agency__parent", "procedure_version__procedure").get(
        pk=dossier.pk
    )
    agency = dossier.agency
    paid_at = payment.paid_at or timezone.now()
    return {
        "L": slips.LABELS,
        "form_title": _("BIÊN LAI THU PHÍ, LỆ PHÍ"),
        "form_label": _("Biên lai điện tử"),
        "basis": "NĐ 123/2020/NĐ-CP",  # [S] electronic receipts of fees and charges
        "code": dossier.code,
        "qr_data_uri": slips.qr_svg_data_uri(_qr_payload(payment, dossier)),
        "header_parent": agency.parent.name.upper() if agency.parent else "",
        "header_issuer": agency.name.upper(),
        "date_line": formats.format_date_line(paid_at),
        "payment": payment,
        "dossier": dossier,
        "procedure_name": dossier.procedure_version.name,
        "procedure_code": dossier.procedure_version.procedure.code,
        "amount": formats.format_number(payment.amount),
        "amount_words": amount_in_words(payment.amount),
        "paid_at": formats.format_slip_time(paid_at),
        "issued_at": formats.format_slip_time(issued_at or timezone.now()),
        "system_name": settings.CCHC_SYSTEM_NAME,
        "identity": dossier.id_number or dossier.tax_code,
    }


def render_pdf(payment, dossier: Dossier) -> bytes:
    """The receipt, always in Vietnamese (a financial document), whatever page language is active."""
    with translation.override("vi"):
        html = render_to_string("payments/receipt.html", context(payment, dossier))
    return slips.html_to_pdf(html, fit_pages=1)


TITLE = "Biên lai điện tử"


def attach(payment, dossier: Dossier, *, written: list[str]) -> DossierDocument:
    """Render the receipt and store it with the dossier's documents (inside the caller's transaction;
    the file's storage name goes to ``written`` so that a rollback removes it)."""
    content = ContentFile(render_pdf(payment, dossier), name=f"bien-lai-{payment.reference}.pdf")
    checked = documents.CheckedFile(None, content, inspect_upload(content))
    (document,) = documents.save_documents(
        dossier, [checked], kind=DossierDocument.Kind.RECEIPT, written=written, title=TITLE
    )
    return document
