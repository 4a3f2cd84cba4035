"""Restore targets for the backup tests: a fresh folder on SQLite, a fresh database on PostgreSQL."""

from __future__ import annotations

import contextlib
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import connection

from cchc.backups.sets import Database

MINIMAL_PDF = (
    b"%PDF-1.4\n"
    b"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
    b"trailer << /Root 1 0 R >>\n"
)


def pdf(n: int) -> bytes:
    """A small PDF whose content (hence sha256) differs with ``n``."""
    return MINIMAL_PDF + f"% tệp số {n}\n".encode() + b"%%EOF\n"


@dataclass
class Target:
    """Where a test restores to: ``restore_args`` for ``cchc restore``, ``database`` to read it back."""

    restore_args: list[str]
    database: Database
    media_root: Path

    def query(self, sql: str) -> list[tuple]:
        if self.database.engine == "sqlite":
            with contextlib.closing(sqlite3.connect(self.database.name)) as db:
                return db.execute(sql).fetchall()
        with self.database.pg_connect() as conn, conn.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchall()


@pytest.fixture
def restore_target(tmp_path):
    """A fresh place to restore into. On PostgreSQL, a new database (CREATE DATABASE), dropped after."""
    media_root = tmp_path / "restored-media"
    if connection.vendor == "sqlite":
        into = tmp_path / "restored"
        yield Target(
            ["--into", str(into), "--media-root", str(media_root)],
            Database("sqlite", str(into / "cchc.sqlite3")),
            media_root,
        )
        return
    source = Database.default()
    name = f"{source.name}_restored"[:63]
    admin = Database("postgresql", source.name, source.host, source.port, source.user, source.password)
    with admin.pg_connect(autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    target = Database("postgresql", name, source.host, source.port, source.user, source.password)
    auth = f"{source.user}:{source.password}@" if source.password else f"{source.user}@"
    url = f"postgres://{auth}{source.host or 'localhost'}:{source.port or 5432}/{name}"
    try:
        yield Target(["--database-url", url, "--media-root", str(media_root)], target, media_root)
    finally:
        with admin.pg_connect(autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
