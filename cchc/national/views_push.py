"""``POST /api/dvcqg/ho-so``: the national portal pushes dossiers filed there (``{"service", "data":
[records]}``), each taken like the pull takes it (``services.receive_inbound``, idempotent by code).

Only the portal may call it: the raw body's HMAC-SHA256 under ``CCHC_DVCQG_PUSH_SECRET``, in hex, must be
in ``X-DVCQG-Signature`` [S: the header and scheme are the province's agreement with the portal], compared
in constant time. The body is limited (``CCHC_DVCQG_PUSH_MAX_BYTES``) before it is read, the caller's
address rate-limited (``CCHC_DVCQG_PUSH_RATE``). Answers are in the portal's shape, ``{"error_code",
"message"}`` (``"0"`` success), with one ``result`` per record; every refusal is logged.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging

from django.conf import settings
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django_ratelimit.core import is_ratelimited

from cchc.common.clientip import client_ip
from cchc.common.params import limited_body
from cchc.common.ratelimits import setting_rate
from cchc.national import calls, services
from cchc.national.models import InboundDossier

log = logging.getLogger("cchc.national.inbound")

SIGNATURE_HEADER = "HTTP_X_DVCQG_SIGNATURE"
# [S] the codes of this endpoint's answers
OK, REFUSED, MALFORMED, UNSIGNED, TOO_LARGE, LIMITED, RETRY = "0", "1", "2", "3", "4", "5", "99"


def _answer(code: str, message: str, status: int = 200, **extra) -> JsonResponse:
    return JsonResponse(
        {"error_code": code, "message": message, **extra},
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )


def _refuse(request, code: str, message: str, status: int) -> JsonResponse:
    log.warning("inbound push from %s refused: %s", client_ip(request), message)
    return _answer(code, message, status)


@csrf_exempt
def push(request):
    if request.method != "POST":
        return _answer(MALFORMED, "Chỉ nhận POST.", 405)
    if is_ratelimited(
        request,
        group="cchc.national.push",
        key="ip",
        rate=setting_rate("CCHC_DVCQG_PUSH_RATE"),
        increment=True,
    ):
        return _refuse(request, LIMITED, "Quá nhiều yêu cầu; thử lại sau.", 429)
    secret = settings.CCHC_DVCQG_PUSH_SECRET
    if not secret:
        return _refuse(request, UNSIGNED, "Chưa cấu hình khóa nhận hồ sơ (CCHC_DVCQG_PUSH_SECRET).", 503)
    limit = settings.CCHC_DVCQG_PUSH_MAX_BYTES
    body = limited_body(request, limit)
    if body is None:
        return _refuse(request, TOO_LARGE, f"Nội dung vượt {limit} byte.", 413)
    given = request.META.get(SIGNATURE_HEADER, "").strip().lower()
    expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    if not given or not hmac.compare_digest(given.encode(), expected.encode()):
        return _refuse(request, UNSIGNED, "Chữ ký X-DVCQG-Signature không đúng.", 401)
    try:
        message = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return _refuse(request, MALFORMED, "Nội dung không phải JSON.", 400)
    records = message.get("data") if isinstance(message, dict) else None
    if not isinstance(records, list) or not records:
        return _refuse(request, MALFORMED, "Thiếu danh sách hồ sơ (data).", 400)
    results, retry = [], False
    for record in records:
        try:
            outcome = services.receive_inbound(record, via=InboundDossier.Via.PUSH)
        except calls.Unavailable as exc:
            retry = True
            code = record.get("MaHoSo", "") if isinstance(record, dict) else ""
            results.append({"MaHoSo": code, "error_code": RETRY, "message": f"Gửi lại sau: {exc}"})
            continue
        results.append(
            {
                "MaHoSo": outcome.national_code,
                "error_code": OK if outcome.accepted else REFUSED,
                "message": outcome.reason
                or ("Đã nhận" if outcome.result == "created" else "Đã nhận trước đó"),
            }
        )
    if retry:
        return _answer(RETRY, "Chưa nhận được một số hồ sơ; gửi lại sau.", 503, result=results)
    if any(r["error_code"] != OK for r in results):
        return _answer(REFUSED, "Có hồ sơ không nhận được.", 200, result=results)
    return _answer(OK, "Thành công", 200, result=results)
