"""Rate limits of the public endpoints, per client IP (django-ratelimit on the cache; decision 0004).

One place for the portal's pages and the API: the decorators for pages, and the counter of failed
tracking attempts (a wrong code, digits or secret), which pages and API share so that guessing
through one does not reset the other. Rates are settings (``CCHC_*_RATE``).
"""

from __future__ import annotations

from django.conf import settings
from django.views.decorators.http import require_http_methods, require_safe
from django_ratelimit.core import get_usage
from django_ratelimit.decorators import ratelimit

FAIL_GROUP = "cchc.tracking.fail"


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


def failures_exhausted(request) -> bool:
    """True when this IP already used up its failed tracking attempts (``CCHC_TRACKING_FAIL_RATE``)."""
    usage = get_usage(
        request, group=FAIL_GROUP, key="ip", rate=settings.CCHC_TRACKING_FAIL_RATE, increment=False
    )
    return usage is not None and usage["count"] >= usage["limit"]


def record_failure(request) -> None:
    """Count one failed tracking attempt of this IP."""
    get_usage(request, group=FAIL_GROUP, key="ip", rate=settings.CCHC_TRACKING_FAIL_RATE, increment=True)


def client_ip(request) -> str:
    """The client's IP address as the sign-in lock-out sees it (django-axes' AXES_CLIENT_IP_CALLABLE)."""
    return request.META.get("REMOTE_ADDR", "")


SIGNIN_FAIL_GROUP = "cchc.signin.fail"


def signin_failures_exhausted(request) -> bool:
    """True when this IP already used up its failed sign-ins (``CCHC_SIGNIN_FAIL_RATE``)."""
    usage = get_usage(
        request, group=SIGNIN_FAIL_GROUP, key="ip", rate=settings.CCHC_SIGNIN_FAIL_RATE, increment=False
    )
    return usage is not None and usage["count"] >= usage["limit"]


def record_signin_failure(request) -> None:
    """Count one failed sign-in (wrong password or second-factor code) of this IP."""
    get_usage(request, group=SIGNIN_FAIL_GROUP, key="ip", rate=settings.CCHC_SIGNIN_FAIL_RATE, increment=True)
