"""Senders for the fault test, loaded by the real ``cchc outbox`` process (``CCHC_SMS_BACKEND``,
``CCHC_EMAIL_BACKEND``): each accepted message is one line appended and fsync'ed to the file named by
``CCHC_FAULT_RECORD`` — ``kind<TAB>key<TAB>recipient`` — the way a gateway keeps its delivery log.

``CCHC_FAULT_CRASH_AFTER=n`` makes the process SIGKILL itself right after recording its n-th message:
the moment between the gateway's acceptance and the outbox marking the message sent.
"""

from __future__ import annotations

import os
import signal
import time

from django.core.mail.backends.base import BaseEmailBackend

_recorded = 0


def _record(kind: str, key: str, recipient: str) -> None:
    global _recorded
    time.sleep(float(os.environ.get("CCHC_FAULT_SEND_SECONDS", "0.02")))  # a gateway's round trip
    fd = os.open(os.environ["CCHC_FAULT_RECORD"], os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, f"{kind}\t{key}\t{recipient}\n".encode())
        os.fsync(fd)
    finally:
        os.close(fd)
    _recorded += 1
    if _recorded == int(os.environ.get("CCHC_FAULT_CRASH_AFTER", "0")):
        os.kill(os.getpid(), signal.SIGKILL)


class RecordingSms:
    def send(self, recipient, body, key=""):
        _record("sms", key, recipient)


class RecordingEmailBackend(BaseEmailBackend):
    def send_messages(self, messages):
        for message in messages:
            key = message.extra_headers.get("Message-ID", "").strip("<>").partition("@")[0]
            _record("email", key, message.to[0])
        return len(messages)


def read(path) -> list[tuple[str, str, str]]:
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as handle:
        return [tuple(line.rstrip("\n").split("\t")) for line in handle if line.strip()]
