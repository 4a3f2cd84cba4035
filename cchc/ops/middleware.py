"""A request id on every request: taken from the proxy or made here, logged, and sent back.

The reverse proxy may pass its own id in ``X-Request-ID`` (so its access log and ours line up);
it is kept only when short and made of safe characters, otherwise a new one is made. The id is
bound to the logging context for the request (``cchc.common.logcontext``), returned in the
response header ``X-Request-ID``, and one line per request goes to the ``cchc.request`` logger
with the method, the route, the status and the duration.

What is logged of the URL is its path only — never the query string — with the values of the
URL parts that are secrets (signed links, draft keys, survey tokens) replaced by ``***``.
"""

from __future__ import annotations

import logging
import re
import time

from django.utils.functional import empty

from cchc.common import logcontext

logger = logging.getLogger("cchc.request")

HEADER = "X-Request-ID"
VALID_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")
# URL parameters whose value is a secret (a signed link, a draft's key, a survey token).
SECRET_URL_PARTS = frozenset({"token", "key", "secret", "signature"})
# Monitors poll these every few seconds: their lines are logged at DEBUG, not INFO.
QUIET_PATHS = ("/health/", "/metrics")


def request_id_of(request) -> str:
    """The proxy's request id when valid, else a new one."""
    given = request.headers.get(HEADER, "")
    return given if VALID_ID.fullmatch(given) else logcontext.new_id()


def safe_path(request) -> str:
    """The request's path (no query string) with its secret URL parts masked, at most 200 characters."""
    path = request.path
    match = getattr(request, "resolver_match", None)
    if match is not None:
        for name, value in match.kwargs.items():
            if name in SECRET_URL_PARTS and isinstance(value, str) and value:
                path = path.replace(value, "***")
    return path[:200]


def _user_field(request, attribute: str):
    """The signed-in user's id or (staff only) username, if the request already loaded its user.

    Never loads the user itself: that would cost a session query on requests (like the health
    checks) that need none.
    """

    def resolve():
        user = getattr(request, "user", None)
        if user is None or getattr(user, "_wrapped", None) is empty or not user.is_authenticated:
            return None
        if attribute == "username":
            return user.get_username() if user.is_staff else None
        return user.pk

    return resolve


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request_id_of(request)
        request.request_id = request_id
        # For Django's own lines about the request (logged with it attached, some after this
        # middleware returns): the path to log instead of the raw one.
        request.log_path = lambda: safe_path(request)
        started = time.perf_counter()
        with logcontext.bind(
            request_id=request_id,
            method=request.method,
            path=request.log_path,
            user_id=_user_field(request, "id"),
            username=_user_field(request, "username"),
        ):
            response = self.get_response(request)
            response[HEADER] = request_id
            duration_ms = round((time.perf_counter() - started) * 1000, 1)
            level = logging.DEBUG if request.path.startswith(QUIET_PATHS) else logging.INFO
            logger.log(
                level,
                "%s %s %s %.1f ms",
                request.method,
                request.log_path(),
                response.status_code,
                duration_ms,
                extra={"status": response.status_code, "duration_ms": duration_ms},
            )
        return response
