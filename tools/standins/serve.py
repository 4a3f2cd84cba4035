"""The stand-ins' HTTP server and control endpoints (shared by every stand-in)."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterable

from werkzeug.serving import WSGIRequestHandler, make_server
from werkzeug.wrappers import Request, Response


class Switches:
    """Thread-safe switches set through ``POST /_control`` (a JSON object; ``null`` clears one)."""

    def __init__(self, **defaults):
        self._lock = threading.Lock()
        self._defaults = dict(defaults)
        self._values = dict(defaults)

    def get(self, name: str, default=None):
        with self._lock:
            value = self._values.get(name)
        return default if value is None else value

    def update(self, values: dict) -> dict:
        with self._lock:
            for name, value in values.items():
                if value is None:
                    self._values[name] = self._defaults.get(name)
                else:
                    self._values[name] = value
            return dict(self._values)

    def take(self, name: str) -> bool:
        """Use up one unit of a counting switch (``fail_next: 3`` fails the next three calls)."""
        with self._lock:
            left = self._values.get(name) or 0
            if left <= 0:
                return False
            self._values[name] = left - 1
            return True

    def reset(self) -> None:
        with self._lock:
            self._values = dict(self._defaults)

    def as_dict(self) -> dict:
        with self._lock:
            return dict(self._values)


def json_response(data, status: int = 200) -> Response:
    return Response(json.dumps(data, ensure_ascii=False), status=status, content_type="application/json")


def with_control(
    app: Callable,
    switches: Switches,
    state: Callable[[], dict],
    reset: Callable[[], None],
) -> Callable:
    """Wrap a stand-in's WSGI ``app`` with ``/_health``, ``/_control``, ``/_state`` and ``/_reset``."""

    def wrapped(environ, start_response) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path.startswith("/_"):
            request = Request(environ)
            if path == "/_health":
                response = json_response({"ok": True})
            elif path == "/_control" and request.method == "POST":
                response = json_response({"switches": switches.update(request.get_json(force=True) or {})})
            elif path == "/_state":
                response = json_response({"switches": switches.as_dict(), **state()})
            elif path == "/_reset" and request.method == "POST":
                switches.reset()
                reset()
                response = json_response({"ok": True})
            else:  # a stand-in's own test helpers (``/_file``, ``/_push``…) are its app's
                return app(environ, start_response)
            return response(environ, start_response)
        return app(environ, start_response)

    return wrapped


class _KeepAliveHandler(WSGIRequestHandler):
    protocol_version = "HTTP/1.1"  # keep connections open: the connector sends thousands of calls

    def log_request(self, code="-", size="-") -> None:  # quiet: the state endpoint is the record
        pass


def serve(app: Callable, host: str, port: int) -> None:
    server = make_server(host, port, app, threaded=True, request_handler=_KeepAliveHandler)
    print(f"stand-in listening on http://{host}:{server.port}/", flush=True)
    server.serve_forever()
