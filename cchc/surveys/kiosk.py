"""The kiosk cookie: a counter tablet shows the kiosk survey only after a counter officer opened it.

The cookie holds the signed id of a ``KioskDevice`` row (own salt, limited age, HttpOnly); closing the
device from the staff page (or the admin) switches the tablet off even if the cookie stays.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing

from .models import KioskDevice

COOKIE = "cchc_kiosk"
SALT = "cchc.surveys.kiosk"


def max_age() -> int:
    return int(getattr(settings, "CCHC_SURVEY_KIOSK_MAX_AGE", 30 * 86400))


def set_cookie(response, device: KioskDevice) -> None:
    response.set_cookie(
        COOKIE,
        signing.dumps(device.pk, salt=SALT),
        max_age=max_age(),
        httponly=True,
        samesite="Lax",
        secure=getattr(settings, "SESSION_COOKIE_SECURE", False),
    )


def device_for(request) -> KioskDevice | None:
    """The open kiosk device of this browser, or None."""
    raw = request.COOKIES.get(COOKIE, "")
    if not raw:
        return None
    try:
        pk = signing.loads(raw, salt=SALT, max_age=max_age())
    except signing.BadSignature:
        return None
    return KioskDevice.objects.select_related("unit").filter(pk=pk, closed_at__isnull=True).first()
