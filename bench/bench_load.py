"""Load of the portal through gunicorn, side by side with a hello-world page of the same server.

Targets: anonymous catalog, procedure and search pages at ≥ 40 % of the hello-world rate with p99 ≤ 50 ms
at 16 connections; a 10-minute mixed load (citizens tracking, officers working their lists) with no
error and no growth of the workers' memory.

What it does:
1. the database of ``DATABASE_URL`` (else var/bench-load.sqlite3), filled by ``cchc demo`` when empty;
   picks procedure codes, realistic search queries, dossier codes with their phone digits and the demo
   officers, whose sessions are created directly (SessionStore + cookie: no sign-in form to follow);
2. starts gunicorn (``BENCH_WORKERS`` sync workers, default 4) with production-like settings — DEBUG
   off, a random secret, the production cache, rate limits off — and ``bench.load_settings``, which adds
   ``/hello/`` to the production URLs (never in production);
3. runs locust headless, 16 users, one phase after the other in one run: hello, catalog, procedure,
   search, home, tracking (``BENCH_PHASE_SECONDS`` each, default 40), then the mixed load
   (``BENCH_MIXED_SECONDS``, default 600; 0 skips it) while sampling each worker's RSS every 30 s.
   ``BENCH_PHASE_SECONDS=0`` runs the mixed load alone.

``BENCH_SERVER_SOURCE=/path/to/checkout`` serves another checkout (the "before" figures) with this
benchmark's settings module copied into it.
"""

from __future__ import annotations

import csv
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
USERS = 16
PHASES = [
    ("hello", "HelloUser"),
    ("catalog", "CatalogUser"),
    ("procedure", "ProcedureUser"),
    ("search", "SearchUser"),
    ("home", "HomeUser"),
    ("tracking", "TrackingUser"),
]
# What citizens type (bench_search's phrase queries and broad ones), accented or not.
QUERIES = [
    "tro cap that nghiep",
    "trợ cấp thất nghiệp",
    "GIẤY PHÉP LAO ĐỘNG",
    "giay phep lao dong",
    "người có công",
    "bao tro xa hoi",
    "hộ nghèo",
    "đăng ký",
    "cấp lại",
    "trẻ em",
    "việc làm",
    "gia hạn",
    "xác nhận",
    "người khuyết tật",
    "an toàn lao động",
]


OVERSEERS = {"giamdoc", "phogiamdoc", "vanphong"}  # demo accounts that may open any dossier


def load_average() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def setup_django(secret: str) -> None:
    os.environ["CCHC_DEBUG"] = "0"
    os.environ["CCHC_SECRET_KEY"] = secret
    os.environ.setdefault("CCHC_SQLITE_PATH", str(REPO / "var" / "bench-load.sqlite3"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.settings")
    import django

    django.setup()


def prepare_data(path: Path) -> dict:
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.core.management import call_command
    from django.utils.module_loading import import_string
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from cchc.dossiers.models import Dossier
    from cchc.org.models import Staff
    from cchc.procedures.models import Field, ProcedureVersion

    call_command("migrate", verbosity=0)
    if not ProcedureVersion.objects.exists():
        call_command("demo", verbosity=0)
    codes = sorted(set(ProcedureVersion.objects.published().values_list("procedure__code", flat=True)))
    fields = list(Field.objects.values_list("code", flat=True))
    catalog = ["", "?trang=2", "?trang=3", "?truc-tuyen=full", "?truc-tuyen=partial", "?buu-chinh=any"]
    catalog += [f"?linh-vuc={f}" for f in fields]
    dossiers = [
        (code, phone[-4:])
        for code, phone in Dossier.objects.exclude(phone="").order_by("?").values_list("code", "phone")[:500]
    ]
    store = import_module(settings.SESSION_ENGINE).SessionStore
    # The backend a sign-in records: the one that checked the password and loads users (django-axes'
    # backend, first in the list, only guards the check and loads nobody).
    backend = next(
        path for path in settings.AUTHENTICATION_BACKENDS if hasattr(import_string(path), "get_user")
    )
    officers = []
    for staff in Staff.objects.filter(user__is_active=True).select_related("user"):
        session = store()
        session[SESSION_KEY] = str(staff.user.pk)
        session[BACKEND_SESSION_KEY] = backend
        session[HASH_SESSION_KEY] = staff.user.get_session_auth_hash()
        # Second factor passed with the account's authenticator device, as django_otp.login records it
        # after a right code (the demo gives every account one)
        # (a database seeded before accounts had devices gets one per officer: they have enrolled).
        device = TOTPDevice.objects.filter(user=staff.user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=staff.user, name="Ứng dụng xác thực", confirmed=True)
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
        # The Director's board and the Office see every dossier; the others open those on their list.
        officers.append({"session": session.session_key, "oversees": staff.user.username in OVERSEERS})
    data = {
        "procedures": codes,
        "catalog_params": catalog,
        "queries": QUERIES,
        "dossiers": dossiers,
        "officers": officers,
        "dossier_codes": [code for code, _last4 in dossiers],
        "session_cookie": settings.SESSION_COOKIE_NAME,
    }
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    print(
        f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}, "
        f"{len(codes)} procedures, {Dossier.objects.count():,} dossiers, {len(officers)} officer sessions"
    )
    return data


def start_server(source: Path, port: int, env: dict) -> subprocess.Popen:
    for name in ("load_settings.py", "load_urls.py"):
        if source != REPO:
            shutil.copy(REPO / "bench" / name, source / "bench" / name)
    # The served checkout's own ``cchc`` first: the virtualenv's editable install of this checkout would
    # otherwise win over PYTHONPATH.
    own = "import sys; sys.meta_path = [f for f in sys.meta_path if 'editable' not in repr(f)]; "
    collect = (
        "from django.core.management import execute_from_command_line as run; "
        "run(['cchc', 'collectstatic', '--no-input', '-v0'])"
    )
    subprocess.run([sys.executable, "-c", own + collect], cwd=source, env=env, check=True)
    workers = os.environ.get("BENCH_WORKERS", "4")
    launcher = own + "from gunicorn.app.wsgiapp import run; sys.argv[0] = 'gunicorn'; sys.exit(run())"
    bind = f"127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-c", launcher, "-w", workers, "-b", bind, "--chdir", str(source), "cchc.wsgi"],
        cwd=source,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(REPO / "var" / "bench-load-gunicorn.log", "w"),  # noqa: SIM115
    )
    for _ in range(120):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/hello/", timeout=2)
            return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise SystemExit("gunicorn did not answer; see var/bench-load-gunicorn.log")


def run_locust(host: str, classes: list[str], seconds: int, prefix: str, env: dict) -> dict:
    command = [
        sys.executable, "-m", "locust", "-f", str(REPO / "bench" / "locustfile.py"), "--headless",
        "-u", str(USERS), "-r", str(USERS), "-t", f"{seconds}s", "--host", host,
        "--csv", prefix, "--only-summary", "--loglevel", "WARNING", *classes,
    ]  # fmt: skip
    subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    rows = {}
    with open(f"{prefix}_stats.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            rows[row["Name"]] = row
    return rows


def figures(row: dict) -> tuple[float, str, str, int, int]:
    return (
        float(row["Requests/s"]),
        row["50%"],
        row["99%"],
        int(row["Request Count"]),
        int(row["Failure Count"]),
    )


class RssSampler(threading.Thread):
    def __init__(self, pid: int, every: float = 30.0):
        super().__init__(daemon=True)
        self.pid, self.every, self.samples, self.stop = pid, every, [], threading.Event()

    def sample(self) -> None:
        import psutil

        workers = psutil.Process(self.pid).children()
        self.samples.append({w.pid: w.memory_info().rss for w in workers})

    def run(self) -> None:
        self.sample()
        while not self.stop.wait(self.every):
            self.sample()
        self.sample()


def main() -> None:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # stop the server on kill too
    secret = secrets.token_urlsafe(50)
    setup_django(secret)
    port = int(os.environ.get("BENCH_LOAD_PORT", 8107))
    phase = int(os.environ.get("BENCH_PHASE_SECONDS", 40))
    mixed = int(os.environ.get("BENCH_MIXED_SECONDS", 600))
    source = Path(os.environ.get("BENCH_SERVER_SOURCE", REPO)).resolve()
    work = Path(tempfile.mkdtemp(prefix="bench-load-"))
    data_path = work / "data.json"
    prepare_data(data_path)
    cache_dir = REPO / "var" / "bench-load-cache"
    shutil.rmtree(cache_dir, ignore_errors=True)
    env = {
        **os.environ,
        "PYTHONPATH": str(source),
        "DJANGO_SETTINGS_MODULE": "bench.load_settings",
        "CCHC_DEBUG": "0",
        "CCHC_SECRET_KEY": secret,
        "CCHC_RATELIMIT": "0",
        "CCHC_SSL_REDIRECT": "0",
        "CCHC_SECURE_COOKIES": "0",
        "CCHC_CACHE_DIR": str(cache_dir),
        "BENCH_LOAD_DATA": str(data_path),
    }
    print(
        f"server: {source} ({os.environ.get('BENCH_WORKERS', '4')} gunicorn workers), load {load_average()}"
    )
    server = start_server(source, port, env)
    host = f"http://127.0.0.1:{port}"
    try:
        print("\n| page | requests/s | % of hello | p50 ms | p99 ms | requests | errors | load avg |")
        print("|---|---|---|---|---|---|---|---|")
        hello_rate = None
        for name, cls in PHASES if phase else []:
            rows = run_locust(host, [cls], phase, str(work / name), env)
            rate, p50, p99, count, failures = figures(rows["Aggregated"])
            hello_rate = hello_rate or rate
            share = f"{100 * rate / hello_rate:.0f} %"
            print(
                f"| {name} | {rate:.0f} | {share} | {p50} | {p99} | {count} | {failures} | {load_average()} |"
            )
        if mixed:
            sampler = RssSampler(server.pid)
            sampler.start()
            rows = run_locust(host, ["CitizenUser", "OfficerUser"], mixed, str(work / "mixed"), env)
            sampler.stop.set()
            sampler.join()
            print(f"\nmixed load, {mixed} s, {USERS} users (citizens 3 : officers 1), load {load_average()}")
            print("| request | requests/s | p50 ms | p99 ms | requests | errors |")
            print("|---|---|---|---|---|---|")
            for name, row in rows.items():
                rate, p50, p99, count, failures = figures(row)
                print(f"| {name} | {rate:.1f} | {p50} | {p99} | {count} | {failures} |")
            mib = 1024 * 1024
            print("\nRSS per worker (MiB), sampled every 30 s: start / end / max")
            for pid in sampler.samples[0]:
                series = [s[pid] / mib for s in sampler.samples if pid in s]
                start, end, top = series[0], series[-1], max(series)
                print(f"- worker {pid}: {start:.1f} / {end:.1f} / {top:.1f}  ({len(series)} samples)")
                print("  " + " ".join(f"{mb:.1f}" for mb in series))
            errors_path = work / "mixed_failures.csv"
            if errors_path.exists() and errors_path.read_text().count("\n") > 1:
                print("\nfailures:\n" + errors_path.read_text())
    finally:
        server.terminate()
        server.wait(timeout=30)
