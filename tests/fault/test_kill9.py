"""kill -9 of the web server in the middle of intake and of the outbox worker in the middle of sending.

Real processes: gunicorn (master and 3 workers) serving the portal's online submission form, and
``cchc outbox --loop``, on the test database; citizens submit over HTTP from threads. The first worker
kills itself right after the gateway accepted its 3rd message (before marking it sent); then the web
server and the second worker are killed with SIGKILL while submissions and sending go on; both restart.

Then: every submission the server acknowledged (its final POST answered with the redirect to the
"submitted" page) is a dossier with its intake event, its file and its notices; no dossier is partly
saved; every notice was accepted by the gateway under its own key, a key twice only for a message in
flight when its worker died (at most one per killed worker; the gateway drops the copy by its key);
and the restarted worker sent what was pending.
"""

from __future__ import annotations

import hashlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
import requests
from django.db import connection

from cchc.dossiers.models import Dossier, DossierDocument, DossierEvent
from cchc.notifications import senders
from cchc.notifications.models import Outbox
from tests.backups.conftest import pdf
from tests.dossiers.conftest import world  # noqa: F401  (the fixture)
from tests.factories import RequiredDocumentFactory
from tests.fault import recorder

pytestmark = [pytest.mark.fault, pytest.mark.django_db(transaction=True)]

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
FORM = "/thu-tuc/1.001978/nop-truc-tuyen/"
REVIEW = FORM + "kiem-tra/"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _environment(settings, record: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="cchc.settings",
        PYTHONPATH=str(REPO),
        CCHC_DEBUG="1",
        CCHC_RATELIMIT="0",
        CCHC_REPORTS_RUN_IN_THREAD="0",
        CCHC_MEDIA_ROOT=str(settings.MEDIA_ROOT),
        CCHC_SMS_BACKEND="tests.fault.recorder.RecordingSms",
        CCHC_EMAIL_BACKEND="tests.fault.recorder.RecordingEmailBackend",
        CCHC_FAULT_RECORD=str(record),
        CCHC_OUTBOX_LEASE_SECONDS="2",
    )
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        env.pop("DATABASE_URL", None)
        env["CCHC_SQLITE_PATH"] = str(db["NAME"])
    else:
        server = f"{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}"
        env["DATABASE_URL"] = f"postgres://{db['USER']}:{db['PASSWORD']}@{server}/{db['NAME']}"
    return env


def _start(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    with log.open("ab") as out:  # the child keeps its own descriptor
        # A session of its own: os.killpg reaches gunicorn's master and every worker at once.
        return subprocess.Popen(command, cwd=REPO, env=env, stdout=out, stderr=out, start_new_session=True)


def _web(env, port, log) -> subprocess.Popen:
    command = [str(BIN / "gunicorn"), "cchc.wsgi", "-w", "3", "-b", f"127.0.0.1:{port}", "--timeout", "30"]
    return _start(command, env, log)


def _worker(env, log, **extra) -> subprocess.Popen:
    return _start([str(BIN / "cchc"), "outbox", "--loop", "0.2"], {**env, **extra}, log)


def _wait(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def _ready(base: str, web: subprocess.Popen) -> None:
    def up():
        assert web.poll() is None, "gunicorn exited"
        try:
            return requests.get(base + FORM, timeout=2).status_code == 200
        except requests.RequestException:
            return False

    _wait(up, 30, "gunicorn to serve the form")


def _kill(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


class Citizen(threading.Thread):
    """Submits online dossiers one after the other over HTTP (form, file, review, declaration)."""

    def __init__(self, base: str, required_pk: int, number: int, acknowledged: list[str], stop):
        super().__init__(daemon=True)
        self.base, self.required_pk, self.number = base, required_pk, number
        self.acknowledged, self.stop = acknowledged, stop
        self.posting = False  # a submission's POST is on its way or being served

    def run(self):
        n = 0
        while not self.stop.is_set():
            n += 1
            name = f"Công dân {self.number}-{n}"
            try:
                session = requests.Session()
                session.get(self.base + FORM, timeout=10).raise_for_status()
                token = session.cookies["csrftoken"]
                data = {
                    "csrfmiddlewaretoken": token,
                    "kind": "person",
                    "name": name,
                    "id_number": "060090001234",
                    "phone": "0912345678",
                    "email": f"cd{self.number}-{n}@example.com",
                    "return_channel": "2",
                }
                files = {
                    f"tep_{self.required_pk}": ("don.pdf", pdf(self.number * 10_000 + n), "application/pdf")
                }
                self.posting = True
                filled = session.post(
                    self.base + FORM, data=data, files=files, allow_redirects=False, timeout=10
                )
                if filled.status_code != 302:
                    continue
                final = session.post(
                    self.base + REVIEW,
                    data={"csrfmiddlewaretoken": token, "declaration": "on"},
                    allow_redirects=False,
                    timeout=10,
                )
                if final.status_code == 302 and final.headers["Location"].endswith("/ho-so/da-nop/"):
                    self.acknowledged.append(name)
            except (requests.RequestException, KeyError):  # the server is down: try again shortly
                time.sleep(0.1)
            finally:
                self.posting = False


def test_kill_9_of_the_web_server_and_the_outbox_worker_loses_nothing_and_sends_each_notice_once(
    world,  # noqa: F811
    settings,
    tmp_path,
):
    required = RequiredDocumentFactory(version=world.version, optional=False)
    record = tmp_path / "gateway.log"
    env = _environment(settings, record)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    acknowledged: list[str] = []
    stop = threading.Event()
    web = _web(env, port, tmp_path / "web.log")
    worker = _worker(env, tmp_path / "outbox.log", CCHC_FAULT_CRASH_AFTER="3")
    citizens = [Citizen(base, required.pk, i, acknowledged, stop) for i in range(3)]
    try:
        _ready(base, web)
        for citizen in citizens:
            citizen.start()
        # 1. The first worker dies right after the gateway accepted its 3rd message, before marking it.
        worker.wait(timeout=60)
        assert worker.returncode == -signal.SIGKILL
        crashed_key = recorder.read(record)[2][1]
        worker = _worker(env, tmp_path / "outbox.log")
        # 2. kill -9 of the worker just after a message went out (more are queued behind it), then of
        #    the web server (master and workers) in the middle of intake, with notices left unsent.
        _wait(lambda: len(acknowledged) >= len(citizens) * 2, 60, "submissions")
        sent_before = len(recorder.read(record))
        _wait(lambda: len(recorder.read(record)) > sent_before, 30, "the worker to send")
        _kill(worker)
        acknowledged_at_kill = len(acknowledged)
        _wait(lambda: len(acknowledged) >= acknowledged_at_kill + 2, 60, "submissions with no worker")
        _wait(lambda: any(c.posting for c in citizens), 10, "a submission in flight")
        _kill(web)
        acknowledged_at_kill = len(acknowledged)
        pending = {senders.delivery_key(row) for row in Outbox.objects.filter(sent_at__isnull=True)}
        assert pending, "nothing was left to resume: the test proves nothing"
        restarted_at = len(recorder.read(record))
        # 3. Restart both; submissions go on.
        web = _web(env, port, tmp_path / "web.log")
        worker = _worker(env, tmp_path / "outbox.log")
        _ready(base, web)
        _wait(lambda: len(acknowledged) >= acknowledged_at_kill + 3, 60, "submissions after the restart")
        stop.set()
        for citizen in citizens:
            citizen.join(20)
        _wait(
            lambda: not Outbox.objects.filter(sent_at__isnull=True).exists(), 40, "the outbox to be drained"
        )
    finally:
        stop.set()
        _kill(web)
        _kill(worker)
    logs = "\n".join(p.read_text(errors="replace")[-3000:] for p in tmp_path.glob("*.log"))

    # Every acknowledged submission is a dossier, each with its intake event, its file and its notices.
    dossiers = {d.applicant_name: d for d in Dossier.objects.all()}
    assert set(acknowledged) <= set(dossiers), logs
    assert len(dossiers) == Dossier.objects.count()  # one dossier per submission, never two
    for dossier in dossiers.values():  # acknowledged or not: none is partly saved
        events = list(DossierEvent.objects.filter(dossier=dossier).values_list("seq", "action"))
        assert events == [(1, "submit_online")]
        (document,) = DossierDocument.objects.filter(dossier=dossier)
        stored = Path(settings.MEDIA_ROOT) / document.file.name
        assert hashlib.sha256(stored.read_bytes()).hexdigest() == document.sha256
        assert sorted(Outbox.objects.filter(dossier=dossier).values_list("kind", flat=True)) == [
            "email",
            "sms",
        ]

    # Every notice reached the gateway under its own key; a key twice only for a message in flight
    # when its worker was killed (two kills: at most two copies in all), among them the first crash's.
    deliveries = recorder.read(record)
    keys = Counter(key for _kind, key, _recipient in deliveries)
    assert set(keys) == {senders.delivery_key(row) for row in Outbox.objects.all()}
    repeated = {key: n for key, n in keys.items() if n > 1}
    assert crashed_key in repeated and sum(n - 1 for n in repeated.values()) <= 2
    # The restart resumed: every notice pending when both were down went out from the restarted worker.
    assert pending <= {key for _kind, key, _recipient in deliveries[restarted_at:]}
