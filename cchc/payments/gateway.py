"""CCHC's side of the national payment platform's messages (field names [S], README "### Payment").

Every message carries ``maXacThuc``: the hex HMAC-SHA256, keyed with ``CCHC_PAYGATE_SECRET``, of the
message's fields in a fixed order joined by ``|``. A request is signed over :data:`REQUEST_FIELDS`, the
platform's result (callback and browser return) over :data:`RESULT_FIELDS`, a daily-report query over
:data:`REPORT_FIELDS`. Verification is a constant-time comparison.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.utils import timezone

REQUEST_FIELDS = (
    "loaiBanTin",
    "phienBan",
    "maDoiTac",
    "maThamChieu",
    "soTien",
    "maTienTe",
    "thongTinGiaoDich",
    "urlTraVe",
    "thoiGianGD",
)
CREATED_FIELDS = ("maLoi", "maDoiTac", "maThamChieu", "urlThanhToan")
RESULT_FIELDS = (
    "loaiBanTin",
    "maLoi",
    "maDoiTac",
    "maThamChieu",
    "soTien",
    "maTienTe",
    "maGiaoDich",
    "maNganHang",
    "thoiGianGD",
)
REPORT_FIELDS = ("maDoiTac", "ngay")
PAID = "00"
CANCELLED = "24"
ALREADY_PAID = "08"  # the platform's answer to a request whose reference is already paid [S]
TIME_FORMAT = "%Y%m%d%H%M%S"


class GatewayError(Exception):
    """The platform could not be reached, or refused the request (``code``: its maLoi)."""

    def __init__(self, message: str, code: str = ""):
        super().__init__(message)
        self.code = code


def enabled() -> bool:
    return bool(settings.CCHC_PAYGATE_URL)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def page_origin() -> str:
    """Where the platform's payment pages are (``CCHC_PAYGATE_PAGE_ORIGIN``, else the API's origin): the
    only place the payment form may send the browser (its Content-Security-Policy ``form-action``)."""
    return settings.CCHC_PAYGATE_PAGE_ORIGIN or _origin(settings.CCHC_PAYGATE_URL)


def sign(values: dict, fields: tuple[str, ...]) -> str:
    message = "|".join(str(values.get(f, "")) for f in fields)
    return hmac.new(settings.CCHC_PAYGATE_SECRET.encode(), message.encode(), hashlib.sha256).hexdigest()


def verify(values: dict, fields: tuple[str, ...]) -> bool:
    given = values.get("maXacThuc")
    return isinstance(given, str) and hmac.compare_digest(given, sign(values, fields))


def _time(at: dt.datetime) -> str:
    return timezone.localtime(at).strftime(TIME_FORMAT)


@dataclass(frozen=True)
class Created:
    reference: str
    pay_url: str


def create(*, reference: str, amount: Decimal, description: str, return_url: str, at: dt.datetime) -> Created:
    """Ask the platform for a payment page: the signed request; its signed answer checked."""
    body = {
        "loaiBanTin": "PAY",
        "phienBan": settings.CCHC_PAYGATE_VERSION,
        "maDoiTac": settings.CCHC_PAYGATE_MERCHANT,
        "maThamChieu": reference,
        "soTien": int(amount),
        "maTienTe": "VND",
        "thongTinGiaoDich": description,
        "urlTraVe": return_url,
        "thoiGianGD": _time(at),
    }
    body["maXacThuc"] = sign(body, REQUEST_FIELDS)
    try:
        reply = requests.post(
            settings.CCHC_PAYGATE_URL + settings.CCHC_PAYGATE_CREATE_PATH,
            json=body,
            timeout=settings.CCHC_PAYGATE_TIMEOUT,
        )
        reply.raise_for_status()
        answer = reply.json()
    except (requests.RequestException, ValueError) as exc:
        raise GatewayError(str(exc)[:300]) from exc
    if not isinstance(answer, dict) or answer.get("maLoi") != "00":
        code = str(answer.get("maLoi", "")) if isinstance(answer, dict) else ""
        raise GatewayError(str(answer.get("moTaLoi", "") if isinstance(answer, dict) else answer)[:300], code)
    if not verify(answer, CREATED_FIELDS) or answer.get("maThamChieu") != reference:
        raise GatewayError("answer not signed", "01")
    url = answer.get("urlThanhToan", "")
    if not isinstance(url, str) or _origin(url) != page_origin():
        raise GatewayError("payment URL outside the platform's pages", "02")
    return Created(reference, url)


@dataclass(frozen=True)
class ReportRow:
    reference: str
    transaction: str
    amount: Decimal
    code: str
    at: str


def daily_report(day: dt.date) -> list[ReportRow]:
    """The platform's transactions finished on ``day`` (its local date)."""
    query = {"maDoiTac": settings.CCHC_PAYGATE_MERCHANT, "ngay": day.strftime("%Y%m%d")}
    query["maXacThuc"] = sign(query, REPORT_FIELDS)
    try:
        reply = requests.get(
            settings.CCHC_PAYGATE_URL + settings.CCHC_PAYGATE_REPORT_PATH,
            params=query,
            timeout=settings.CCHC_PAYGATE_TIMEOUT,
        )
        reply.raise_for_status()
        answer = reply.json()
    except (requests.RequestException, ValueError) as exc:
        raise GatewayError(str(exc)[:300]) from exc
    if not isinstance(answer, dict) or answer.get("maLoi") != "00":
        raise GatewayError(json.dumps(answer, ensure_ascii=False)[:300])
    rows = []
    for item in answer.get("giaoDich") or []:
        rows.append(
            ReportRow(
                reference=str(item.get("maThamChieu", "")),
                transaction=str(item.get("maGiaoDich", "")),
                amount=Decimal(str(item.get("soTien", 0))),
                code=str(item.get("maLoi", "")),
                at=str(item.get("thoiGianGD", "")),
            )
        )
    return rows
