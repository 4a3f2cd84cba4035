"""``make run``'s last step: serve the demo together with the outside systems it talks to.

Starts, on loopback, the stand-ins of the national portal (Cổng DVCQG, port 8770), the national sign-on
(VNeID, OpenID Connect, 8771) and the payment platform (8772) from ``tools/standins``; configures CCHC to use
them (environment variables not already set by the caller); queues once the demo's dossiers the portal was
never told of (``cchc national backfill --since 2025-07-01``, the province's first connection); then runs the
connector's worker (``cchc national send``), the inbound pull (``cchc national pull``, every 30 s) and the
development server. Ctrl-C stops all of them. The stand-in portal keeps what it received in
``var/standins/dvcqg.sqlite3``; delete it together with the database to start over.

    python tools/serve_demo.py [HOST] [PORT]
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CCHC = str(BIN / "cchc")
CONNECTED_SINCE = "2025-07-01"  # the national portal became the one online door (domain.md §7)
PUSH_SECRET = "demo-push-secret"


def _demo_pull_agencies() -> str:
    """The portal codes of the demo's departments and communes in force (the pull asks for each)."""
    out = subprocess.run(
        [
            CCHC,
            "shell",
            "-c",
            "from cchc.org.models import Agency;"
            "print(','.join(Agency.objects.filter(valid_to__isnull=True, kind__in=['department','commune'])"
            ".order_by('code').values_list('code', flat=True)))",
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return out.stdout.strip().splitlines()[-1] if out.stdout.strip() else ""


def _wait(url: str, name: str, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"{name} could not start (is its port taken?)")
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    sys.exit(f"{name} did not answer at {url}")


def main() -> None:
    host = sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1"
    port = sys.argv[2] if len(sys.argv) > 2 else "8000"
    site = f"http://{host}:{port}"
    dvcqg, oidc, paygate = "http://127.0.0.1:8770", "http://127.0.0.1:8771", "http://127.0.0.1:8772"
    state = ROOT / "var" / "standins"
    state.mkdir(parents=True, exist_ok=True)
    env = os.environ
    defaults = {
        "CCHC_DVCQG_ENABLED": "1",
        "CCHC_DVCQG_URL": dvcqg,
        "CCHC_DVCQG_PUSH_SECRET": PUSH_SECRET,
        "CCHC_DVCQG_PULL_SECONDS": "30",
        "CCHC_SSO_ENABLED": "1",
        "CCHC_SSO_DISCOVERY_URL": f"{oidc}/.well-known/openid-configuration",
        "CCHC_PAYGATE_URL": paygate,
        "CCHC_PAYGATE_PAGE_ORIGIN": paygate,
        "CCHC_PUBLIC_BASE_URL": site,
    }
    for name, value in defaults.items():
        env.setdefault(name, value)
    env.setdefault("CCHC_DVCQG_PULL_AGENCIES", _demo_pull_agencies())

    standins = [
        (
            "dvcqg",
            8770,
            {
                "state_file": str(state / "dvcqg.sqlite3"),
                "push_url": f"{site}/api/dvcqg/ho-so",
                "push_secret": env["CCHC_DVCQG_PUSH_SECRET"],
            },
        ),
        (
            "oidc",
            8771,
            {
                "redirect_uris": f"{site}/dang-nhap-vneid/ve/,{site}/en/dang-nhap-vneid/ve/",
                "post_logout_redirect_uris": f"{site}/dang-nhap-vneid/da-dang-xuat/,"
                f"{site}/en/dang-nhap-vneid/da-dang-xuat/",
            },
        ),
        ("paygate", 8772, {"callback_url": f"{site}/thanh-toan/ipn/"}),
    ]
    children: list[subprocess.Popen] = []

    def stop(*_args) -> None:
        for child in reversed(children):
            if child.poll() is None:
                child.terminate()
        for child in children:
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    try:
        for name, standin_port, options in standins:
            args = [sys.executable, "-m", "tools.standins", name, "--port", str(standin_port)]
            for key, value in options.items():
                args += ["--option", f"{key}={value}"]
            child = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL)
            children.append(child)
            _wait(f"http://127.0.0.1:{standin_port}/_health", f"the {name} stand-in", child)
            print(f"Stand-in {name}: http://127.0.0.1:{standin_port}/")
        subprocess.run([CCHC, "national", "backfill", "--since", CONNECTED_SINCE], cwd=ROOT, check=True)
        children.append(subprocess.Popen([CCHC, "national", "send", "--idle", "2"], cwd=ROOT))
        children.append(subprocess.Popen([CCHC, "national", "pull"], cwd=ROOT, stdout=subprocess.DEVNULL))
        server = subprocess.Popen([CCHC, "runserver", f"{host}:{port}"], cwd=ROOT)
        children.append(server)
        server.wait()
    except KeyboardInterrupt:
        pass
    finally:
        stop()


if __name__ == "__main__":
    main()
