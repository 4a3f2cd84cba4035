"""Rate limits of the public endpoints, per client IP (django-ratelimit on the cache; decision 0004).

One place for the portal's pages and the API: the decorators for pages, and the counters of failed
tracking attempts (a wrong code, digits or secret), which pages and API share so that guessing
through one does not reset the other. Rates are settings (``CCHC_*_RATE``).

Failures count twice: per client IP (``CCHC_TRACKING_FAIL_RATE``), and per dossier code from all
addresses together (``CCHC_TRACKING_CODE_FAIL_RATE``), so a guesser who spreads over many addresses is
still slowed on one dossier. A code past its limit is locked for the rest of the window (at most the
rate's period, then it opens again by itself). The lock stops look-ups by code + digits or secret only:
the signed link of every notice (``/ho-so/lien-ket/…``), a browser that already opened the dossier and
the counter (staff pages) still reach it.

"The client IP" is ``cchc.common.clientip.client_ip`` (``RATELIMIT_IP_META_KEY``): behind the reverse
proxy, the address the proxy saw.
"""

from __future__ import annotations

import math

from django.conf import settings
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe
from django_ratelimit.core import get_usage
from django_ratelimit.decorators import ratelimit

FAIL_GROUP = "cchc.tracking.fail"
CODE_FAIL_GROUP = "cchc.tracking.code-fail"


def setting_rate(name: str):
    """A django-ratelimit rate callable that reads the setting ``name`` at request time."""
    return lambda group, request: getattr(settings, name)


def public(
    rate_setting: str = "CCHC_PUBLIC_RATE", *, post_rate_setting: str | None = None, forms: bool = False
):
    """A public page, rate-limited per IP; GET/HEAD only unless it has ``forms`` (then POST too),
    whose POSTs ``post_rate_setting`` may limit more strictly (e.g. a submission form)."""

    def decorate(view):
        limited = view
        if post_rate_setting:
            post_limit = setting_rate(post_rate_setting)
            limited = ratelimit(key="ip", method="POST", rate=post_limit, block=True)(limited)
        limited = ratelimit(key="ip", rate=setting_rate(rate_setting), block=True)(limited)
        if forms:
            return require_http_methods(["GET", "HEAD", "POST"])(limited)
        return require_safe(limited)

    return decorate


def public_form(rate_setting: str = "CCHC_PUBLIC_RATE", *, post_rate_setting: str | None = None):
    """``public`` for a page with a form (GET and POST)."""
    return public(rate_setting, post_rate_setting=post_rate_setting, forms=True)


class FailureCounter:
    """Failed attempts counted in a django-ratelimit window (``rate_setting``, read at request time), per
    client IP by default or per any other key (a dossier code): the one mechanism behind the tracking and
    sign-in limits."""

    def __init__(self, group: str, rate_setting: str):
        self.group = group
        self.rate_setting = rate_setting

    def _usage(self, request, key: str | None, *, increment: bool):
        return get_usage(
            request,
            group=self.group,
            key="ip" if key is None else (lambda group, request: key),
            rate=getattr(settings, self.rate_setting),
            increment=increment,
        )

    def record(self, request, key: str | None = None) -> None:
        """Count one failure (of this IP, or of ``key``)."""
        self._usage(request, key, increment=True)

    def minutes_left(self, request, key: str | None = None) -> int:
        """Minutes until the window that used up the limit ends (0: not used up)."""
        usage = self._usage(request, key, increment=False)
        if usage is None or usage["count"] < usage["limit"]:
            return 0
        return max(1, math.ceil(usage["time_left"] / 60))

    def exhausted(self, request, key: str | None = None) -> bool:
        return self.minutes_left(request, key) > 0


TRACKING_FAILURES = FailureCounter(FAIL_GROUP, "CCHC_TRACKING_FAIL_RATE")  # per IP
CODE_FAILURES = FailureCounter(CODE_FAIL_GROUP, "CCHC_TRACKING_CODE_FAIL_RATE")  # per dossier code
SIGNIN_FAILURES = FailureCounter("cchc.signin.fail", "CCHC_SIGNIN_FAIL_RATE")  # per IP


def _code_key(code: str) -> str:
    return code.strip().upper()[:40]


def failures_exhausted(request) -> bool:
    """True when this IP already used up its failed tracking attempts (``CCHC_TRACKING_FAIL_RATE``)."""
    return TRACKING_FAILURES.exhausted(request)


def code_locked_minutes(request, code: str) -> int:
    """Minutes until look-ups of dossier ``code`` open again (0: not locked)."""
    return CODE_FAILURES.minutes_left(request, _code_key(code))


def code_locked_message(minutes: int) -> str:
    """What a locked code answers (pages and API)."""
    return _(
        "Tra cứu hồ sơ này đang tạm khoá vì có quá nhiều lần nhập sai. Vui lòng thử lại sau %(minutes)s "
        "phút, hoặc mở đường dẫn trong tin nhắn/thư điện tử thông báo về hồ sơ, hoặc liên hệ Bộ phận Một cửa."
    ) % {"minutes": minutes}


def record_failure(request, code: str = "") -> None:
    """Count one failed tracking attempt of this IP and, when given, of dossier ``code``."""
    TRACKING_FAILURES.record(request)
    if code:
        CODE_FAILURES.record(request, _code_key(code))


def signin_failures_exhausted(request) -> bool:
    """True when this IP already used up its failed sign-ins (``CCHC_SIGNIN_FAIL_RATE``)."""
    return SIGNIN_FAILURES.exhausted(request)


def record_signin_failure(request) -> None:
    """Count one failed sign-in (wrong password or second-factor code) of this IP."""
    SIGNIN_FAILURES.record(request)
