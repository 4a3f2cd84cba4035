"""Run a stand-in of an outside system (``tools/standins``) as a real process on loopback for a test.

    portal = StandIn("dvcqg", option=value…).start()
    portal.url, portal.control(fail="http"), portal.state(), portal.stop(), portal.start()

The process keeps its state in a file of its own, so ``stop()`` then ``start()`` is the outside system
going down and coming back with what it had received. The ``standin`` fixture starts one and stops it
after the test; a module that needs one for all its tests holds a ``StandIn`` in a module-scoped fixture.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class StandIn:
    def __init__(self, name: str, *, port: int | None = None, **options):
        self.name = name
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.options = {k: str(v) for k, v in options.items()}
        if name == "dvcqg":
            self.options.setdefault(
                "state_file", os.path.join(tempfile.mkdtemp(prefix="dvcqg-"), "state.sqlite3")
            )
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 20) -> StandIn:
        args = [sys.executable, "-m", "tools.standins", self.name, "--port", str(self.port)]
        for key, value in self.options.items():
            args += ["--option", f"{key}={value}"]
        self.process = subprocess.Popen(
            args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"stand-in {self.name} exited: {self.process.stderr.read().decode()[-2000:]}"
                )
            try:
                with urllib.request.urlopen(f"{self.url}/_health", timeout=1):
                    return self
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"stand-in {self.name} did not start on port {self.port}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        if self.process and self.process.stderr:
            self.process.stderr.close()
        self.process = None

    def _call(self, path: str, data: dict | None = None) -> dict:
        body = None if data is None else json.dumps(data).encode()
        request = urllib.request.Request(
            self.url + path,
            data=body,
            headers={"Content-Type": "application/json"},
            method="POST" if body else "GET",
        )
        with urllib.request.urlopen(request, timeout=60) as reply:
            return json.loads(reply.read())

    def control(self, **switches) -> dict:
        return self._call("/_control", switches)

    def state(self) -> dict:
        return self._call("/_state")

    def reset(self) -> dict:
        return self._call("/_reset", {})

    def post(self, path: str, data: dict) -> dict:
        return self._call(path, data)


@pytest.fixture
def standin():
    """``standin(name, **options)`` starts a stand-in for this test; all are stopped at its end."""
    started: list[StandIn] = []

    def start(name: str, **options) -> StandIn:
        s = StandIn(name, **options).start()
        started.append(s)
        return s

    yield start
    for s in started:
        s.stop()
