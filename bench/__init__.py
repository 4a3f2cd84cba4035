"""Micro-benchmarks: ``python -m bench [NAME]`` runs ``bench/bench_NAME.py`` (all of them without NAME)."""

from __future__ import annotations

import os


def setup_django(sqlite_file: str, *, fresh: bool = False) -> None:
    """Production-like settings on the benchmark's own database (never real data), migrated.

    SQLite ``var/<sqlite_file>`` unless DATABASE_URL names a (scratch) PostgreSQL database.
    DEBUG is off: with DEBUG on, Django records every query and formats its parameters.
    """
    if not os.environ.get("DATABASE_URL"):
        path = os.path.join("var", sqlite_file)
        os.environ.setdefault("CCHC_SQLITE_PATH", path)
        if fresh and os.path.exists(path):
            os.remove(path)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.settings")
    os.environ["CCHC_RATELIMIT"] = "0"
    os.environ["CCHC_DEBUG"] = "0"
    os.environ.setdefault("CCHC_SECRET_KEY", "benchmark-only")
    os.environ["CCHC_MANIFEST_STATIC"] = "0"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
