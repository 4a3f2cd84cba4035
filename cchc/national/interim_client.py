"""A minimal DVCQG client for the inbound pull and the catalogue, in the shape of the connector's client
(``cchc.national.client``): a session from ``{CCHC_DVCQG_URL}{CCHC_DVCQG_AUTH_PATH}``, then each service
a POST of JSON ``{"session", "madonvi", "service", …fields}`` to
``{CCHC_DVCQG_URL}{CCHC_DVCQG_INTEGRATION_PATH}`` with the ``dstcode`` header; a reply with
``error_code`` ≠ "0" is a failure.

Failures come in two kinds, as the callers treat them differently: :class:`Unavailable` (the portal is
down, slow or answers 5xx — try again next round, nothing recorded) and :class:`Refused` (the portal
answered and said no — a wrong agency code, an unknown service).

Interim: when the connector's shared client lands, :func:`call` becomes a call of it (same arguments).
"""

from __future__ import annotations

import threading

import requests
from django.conf import settings


class PortalError(Exception):
    pass


class Unavailable(PortalError):
    """The portal did not answer usefully (connection, timeout, HTTP 5xx, a system error): retry later."""


class Refused(PortalError):
    """The portal answered with an error of its own (``error_code`` ≠ "0")."""

    def __init__(self, code: str, message: str):
        super().__init__(f"{code}: {message}")
        self.code = code


SESSION_EXPIRED = "-1"  # the session is unknown or expired: sign in again once
SYSTEM_ERROR = "99"  # [S] the portal's own failure: transient

_state = threading.local()


def _post(path: str, body: dict) -> dict:
    try:
        reply = _http().post(
            settings.CCHC_DVCQG_URL + path,
            json=body,
            headers={"dstcode": settings.CCHC_DVCQG_DSTCODE},
            timeout=settings.CCHC_DVCQG_TIMEOUT,
        )
    except requests.RequestException as exc:
        raise Unavailable(str(exc)) from exc
    if reply.status_code >= 500:
        raise Unavailable(f"HTTP {reply.status_code}")
    try:
        data = reply.json()
    except ValueError as exc:
        raise Unavailable(f"HTTP {reply.status_code}: không phải JSON") from exc
    if not isinstance(data, dict):
        raise Unavailable("Trả lời không phải một đối tượng JSON")
    return data


def _http() -> requests.Session:
    if getattr(_state, "http", None) is None:
        _state.http = requests.Session()
    return _state.http


def _session(renew: bool = False) -> str:
    if renew or not getattr(_state, "session", None):
        data = _post(
            settings.CCHC_DVCQG_AUTH_PATH,
            {"username": settings.CCHC_DVCQG_USERNAME, "secret": settings.CCHC_DVCQG_SECRET},
        )
        if str(data.get("error_code")) != "0" or not data.get("session"):
            raise Refused(str(data.get("error_code")), str(data.get("message") or "Không lấy được phiên"))
        _state.session = data["session"]
    return _state.session


def call(service: str, *, madonvi: str, **fields) -> list:
    """The ``result`` list of ``service`` called for agency ``madonvi``."""
    if not settings.CCHC_DVCQG_URL:
        raise Unavailable("Chưa cấu hình địa chỉ Cổng DVCQG (CCHC_DVCQG_URL).")
    for attempt in (0, 1):
        body = {"session": _session(renew=attempt == 1), "madonvi": madonvi, "service": service, **fields}
        data = _post(settings.CCHC_DVCQG_INTEGRATION_PATH, body)
        code = str(data.get("error_code"))
        if code == SESSION_EXPIRED and attempt == 0:
            continue
        if code == SYSTEM_ERROR:
            raise Unavailable(str(data.get("message") or code))
        if code != "0":
            raise Refused(code, str(data.get("message") or ""))
        result = data.get("result")
        if not isinstance(result, list):
            raise Unavailable("Trả lời không có danh sách kết quả (result)")
        return result
    raise Unavailable("Phiên làm việc hết hạn")  # pragma: no cover - the loop returns or raises


def forget_session() -> None:
    """Drop this thread's session (tests start a new stand-in)."""
    _state.session = None
