"""The ``cchc`` script on a database that ``cchc migrate`` has not set up: one clear line, exit 1."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from cchc.manage import unmigrated_message


def _run(*args, env_extra: dict[str, str]) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | env_extra
    return subprocess.run(
        [sys.executable, "-m", "cchc.manage", *args], capture_output=True, text=True, env=env, timeout=120
    )


def test_a_command_on_a_fresh_database_says_to_migrate(tmp_path):
    result = _run(
        "workdays",
        "due",
        "--received",
        "2026-12-01T08:00",
        "--days",
        "5",
        env_extra={"CCHC_SQLITE_PATH": str(tmp_path / "empty.sqlite3")},
    )
    assert result.returncode == 1
    assert result.stderr.strip() == "Chưa khởi tạo cơ sở dữ liệu — chạy `cchc migrate`."
    assert "Traceback" not in result.stderr


def test_an_unreachable_database_keeps_its_own_error(tmp_path):
    # Port 9 (discard) has nothing listening: the connection error is the message that helps.
    result = _run(
        "workdays",
        "due",
        "--received",
        "2026-12-01T08:00",
        "--days",
        "5",
        env_extra={"DATABASE_URL": "postgres://cchc:cchc@127.0.0.1:9/nothing"},
    )
    assert result.returncode != 0
    assert "migrate" not in result.stderr
    assert "OperationalError" in result.stderr


@pytest.mark.django_db
def test_a_migrated_database_has_nothing_to_say():
    assert unmigrated_message() is None


@pytest.mark.django_db
def test_code_newer_than_the_database_says_to_migrate():
    from django.db.migrations.recorder import MigrationRecorder

    MigrationRecorder.Migration.objects.filter(app="dossiers").order_by("-id").first().delete()
    assert (
        unmigrated_message() == "Cơ sở dữ liệu chưa được cập nhật (1 bước chưa chạy) — chạy `cchc migrate`."
    )
