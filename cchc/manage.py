"""The ``cchc`` console script: Django's manage.py with the settings preset.

A command run against a database that ``cchc migrate`` has not set up (a fresh clone, or code newer
than the database) fails on its first query; instead of that traceback the script says what to do,
in one line, and exits with status 1. Any other database error (the server is down, a real bug) is
raised as usual.
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.settings")
    from django.core.management import execute_from_command_line
    from django.db import DatabaseError

    try:
        execute_from_command_line(sys.argv)
    except DatabaseError:
        if len(sys.argv) > 1 and sys.argv[1] == "migrate":
            raise
        message = unmigrated_message()
        if message is None:
            raise
        sys.stderr.write(message + "\n")
        sys.exit(1)


def unmigrated_message() -> str | None:
    """One Vietnamese line when migrations are missing from the database; None when they are all
    applied or the database cannot be asked (then the original error is the one to show)."""
    from django.db import DatabaseError, connection
    from django.db.migrations.executor import MigrationExecutor

    try:
        if not connection.in_atomic_block:
            connection.close()  # a failed statement may have left the connection unusable
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        applied = executor.recorder.applied_migrations()
    except DatabaseError:
        return None
    if not plan:
        return None
    if not applied:
        return "Chưa khởi tạo cơ sở dữ liệu — chạy `cchc migrate`."
    return f"Cơ sở dữ liệu chưa được cập nhật ({len(plan)} bước chưa chạy) — chạy `cchc migrate`."


if __name__ == "__main__":
    main()
