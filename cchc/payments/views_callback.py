"""The platform's server-to-server callback (IPN): ``POST /thanh-toan/ipn/``.

No session, no CSRF token (the platform has none): the body's checksum is the proof. Rate-limited per
client IP (``CCHC_PAYGATE_CALLBACK_RATE``) and size-limited (``CCHC_PAYGATE_CALLBACK_MAX_BYTES``); every
call is recorded by ``services.handle_callback``, which gives the answer in the platform's format.
"""

from __future__ import annotations

from django.conf import settings
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from cchc.common.clientip import client_ip
from cchc.common.params import limited_body
from cchc.common.ratelimits import setting_rate
from cchc.payments import services


@csrf_exempt
@require_POST
@ratelimit(key="ip", rate=setting_rate("CCHC_PAYGATE_CALLBACK_RATE"), block=True)
def callback(request):
    limit = settings.CCHC_PAYGATE_CALLBACK_MAX_BYTES
    raw = limited_body(request, limit)
    if raw is None:
        return JsonResponse({"maLoi": "02", "moTaLoi": "Dữ liệu quá lớn"}, status=413)
    answer = services.handle_callback(raw=raw, remote_addr=client_ip(request) or "")
    return JsonResponse(answer, json_dumps_params={"ensure_ascii": False})
