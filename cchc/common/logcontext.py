"""What every log record says about where it came from: the request or the worker run.

A request (``cchc.ops.middleware.RequestIdMiddleware``) or a worker run (``cchc outbox``,
``cchc reports``) binds its fields for the time it runs with :func:`bind`; the logging filter
:class:`ContextFilter`, on the console handler (``LOGGING`` in settings), copies them onto every
record, so a JSON log line carries ``request_id`` or ``run_id`` wherever it was logged from.
The values live in a :class:`contextvars.ContextVar`, so threads and async tasks keep their own.

Only identifiers go here (request id, user id, staff username, method, route): never a query
string, a body, a token or anybody's personal data.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import uuid
from collections.abc import Iterator
from typing import Any

_fields: contextvars.ContextVar[dict[str, Any] | None] = contextvars.ContextVar(
    "cchc_log_fields", default=None
)

# Attributes every record gets (so a plain-text format may name them): "-" when not in a request.
DEFAULTS = {"request_id": "-"}
# Record attributes never written out: Django's ``request`` (its repr shows the query string) and
# the development server's ``server_time``.
NOT_LOGGED = ("request", "server_time")


def new_id() -> str:
    """A fresh identifier for a request or a worker run (32 hex characters)."""
    return uuid.uuid4().hex


def current() -> dict[str, Any]:
    """The fields bound in this context (a copy)."""
    return dict(_fields.get() or {})


@contextlib.contextmanager
def bind(**fields: Any) -> Iterator[dict[str, Any]]:
    """Add ``fields`` to every record logged inside the block; the outer fields come back after it.

    Yields the live dict, so the caller may add a field later (e.g. the status at the end).
    """
    merged = {**(_fields.get() or {}), **fields}
    token = _fields.set(merged)
    try:
        yield merged
    finally:
        _fields.reset(token)


def json_formatter(**options: Any) -> logging.Formatter:
    """python-json-logger's formatter, UTF-8, without the attributes of ``NOT_LOGGED``."""
    from pythonjsonlogger.core import RESERVED_ATTRS
    from pythonjsonlogger.json import JsonFormatter

    return JsonFormatter(reserved_attrs=[*RESERVED_ATTRS, *NOT_LOGGED], json_ensure_ascii=False, **options)


class ContextFilter(logging.Filter):
    """Copies the bound fields onto each record (never overwriting what ``extra=`` already set).

    Django logs a 4xx/5xx response ("Not Found: /path") after the middleware has finished, with the
    request attached: such a record takes the request's id from it, and its path as the middleware
    logged it (secret parts masked).
    """

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        if request is not None:
            if not hasattr(record, "request_id"):
                record.request_id = getattr(request, "request_id", DEFAULTS["request_id"])
            log_path = getattr(request, "log_path", None)
            raw_path = getattr(request, "path", None)
            if log_path and isinstance(record.args, tuple) and raw_path in record.args:
                safe = log_path()
                record.args = tuple(safe if arg == raw_path else arg for arg in record.args)
        for name, value in DEFAULTS.items():
            if not hasattr(record, name):
                setattr(record, name, value)
        fields = _fields.get()
        if fields:
            for name, value in fields.items():
                if callable(value):  # resolved at logging time (the signed-in user, known late)
                    value = value()
                if value is not None and (not hasattr(record, name) or getattr(record, name) == "-"):
                    setattr(record, name, value)
        return True
