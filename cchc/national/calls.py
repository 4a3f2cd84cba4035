"""Service calls that return the portal's ``result`` list — the inbound pull, the catalogue — made through the
connector's client (:class:`cchc.national.client.Client`: one HTTP client, session and configuration for
every call CCHC makes to the portal). One client per thread, kept alive between calls.

Failures come in two kinds, which the callers treat differently: :class:`Unavailable` (the portal is down,
slow, answers 5xx or its system error — try again next round, nothing recorded) and :class:`Refused` (the
portal answered and said no — a wrong agency code, an unknown service).
"""

from __future__ import annotations

import threading

from django.conf import settings

from cchc.national.client import Client, PortalError, Refused, Unavailable

__all__ = ["PortalError", "Refused", "Unavailable", "call", "forget_session"]

_state = threading.local()


def _client() -> Client:
    if getattr(_state, "client", None) is None:
        _state.client = Client()
    return _state.client


def call(service: str, *, madonvi: str, **fields) -> list:
    """The ``result`` list of ``service`` called for agency ``madonvi``."""
    if not settings.CCHC_DVCQG_URL:
        raise Unavailable("Chưa cấu hình địa chỉ Cổng DVCQG (CCHC_DVCQG_URL).")
    result = _client().call(service, madonvi, **fields).get("result")
    if not isinstance(result, list):
        raise Unavailable("Trả lời không có danh sách kết quả (result)")
    return result


def forget_session() -> None:
    """Drop this thread's client and its session (the configuration changed, e.g. a new stand-in)."""
    client = getattr(_state, "client", None)
    if client is not None:
        client.close()
    _state.client = None
