"""Production settings: `cchc check --deploy` must find nothing with only the documented variables set."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def production_env(tmp_path, **extra) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CCHC_", "DJANGO_"))}
    env.pop("DATABASE_URL", None)
    env.update(
        CCHC_DEBUG="0",
        CCHC_SECRET_KEY=secrets.token_urlsafe(60),
        CCHC_ALLOWED_HOSTS="dichvucong.example.gov.vn",
        CCHC_VAR_DIR=str(tmp_path),
        **extra,
    )
    return env


def cchc(*args, env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "cchc.manage", *args],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_finds_no_issue_in_production(tmp_path):
    done = cchc("check", "--deploy", "--fail-level", "WARNING", env=production_env(tmp_path))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout, done.stdout + done.stderr


def test_each_protection_can_be_switched_off(tmp_path):
    env = production_env(tmp_path, CCHC_SSL_REDIRECT="0", CCHC_HSTS_SECONDS="0", CCHC_SECURE_COOKIES="0")
    done = cchc("check", "--deploy", env=env)
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in done.stdout + done.stderr


def test_development_keeps_plain_http(settings):
    # The test run uses the development defaults (CCHC_DEBUG unset): no redirect, no HSTS, no proxy header.
    assert settings.SECURE_SSL_REDIRECT is False
    assert settings.SECURE_HSTS_SECONDS == 0
    assert settings.SESSION_COOKIE_SECURE is False
    assert not hasattr(settings, "SECURE_PROXY_SSL_HEADER") or settings.SECURE_PROXY_SSL_HEADER is None
