"""Restoring a backup set into a fresh place (``cchc restore``).

The set is verified first (every checksum, the database copy's integrity). The database goes to a
fresh target: a SQLite file that does not exist yet, or an empty PostgreSQL database (``pg_restore
--no-owner --no-privileges --clean --if-exists --single-transaction``: all of it or nothing); the media
files to an empty folder. A non-empty target is refused unless ``force``. Finally each table's row count
is compared with the manifest's.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db.migrations.loader import MigrationLoader

from cchc.backups import sets
from cchc.backups.sets import BackupError, Database, Say, quiet


@dataclass(frozen=True)
class Restored:
    database: Database
    media_root: Path
    media_files: int
    counts: dict[str, tuple[int, int]]  # table -> (in the manifest, restored)
    missing_migrations: list[str]  # migrations of this code that the restored database has not applied

    @property
    def mismatches(self) -> dict[str, tuple[int, int]]:
        return {table: pair for table, pair in self.counts.items() if pair[0] != pair[1]}


def _target_database(manifest: dict, into: Path | None, database_url: str | None) -> Database:
    engine = manifest["engine"]
    if database_url:
        database = Database.from_url(database_url)
    elif into is not None and engine == "sqlite":
        database = Database("sqlite", str(into / "cchc.sqlite3"))
    elif into is not None:  # a folder cannot hold a PostgreSQL database: never fall back to the live one
        raise BackupError(
            "Bản sao lưu PostgreSQL: chỉ định cơ sở dữ liệu đích bằng --database-url postgres://…."
        )
    else:
        database = Database.default()
    if database.engine != engine:
        hint = " (dùng --into THƯ_MỤC)" if engine == "sqlite" else " (dùng --database-url postgres://…)"
        raise BackupError(
            f"Bản sao lưu là {engine}, nơi phục hồi là {database.engine}: không phục hồi chéo được{hint}."
        )
    return database


def _check_sqlite_target(database: Database, force: bool) -> None:
    path = Path(database.name)
    if path.exists() and path.stat().st_size > 0 and not force:
        raise BackupError(f"{path} đã có dữ liệu: phục hồi vào chỗ mới, hoặc thêm --force để ghi đè.")


def _check_pg_target(database: Database, force: bool) -> None:
    try:
        with database.pg_connect() as conn, conn.cursor() as cursor:
            tables = sets.pg_tables(cursor)
    except Exception as exc:  # psycopg.OperationalError: no such database, refused…
        raise BackupError(f"Không kết nối được {database.label()}: {exc}") from exc
    if tables and not force:
        raise BackupError(
            f"{database.label()} đã có {len(tables)} bảng: phục hồi vào một cơ sở dữ liệu mới, trống "
            "(CREATE DATABASE …), hoặc thêm --force để thay thế."
        )


def _check_media_target(media_root: Path, force: bool) -> None:
    if media_root.is_dir() and any(media_root.iterdir()) and not force:
        raise BackupError(
            f"Thư mục tệp đính kèm {media_root} không trống: chọn --media-root mới, hoặc --force."
        )


def _restore_sqlite(backup: Path, database: Database) -> None:
    target = Path(database.name)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(target.name + ".restoring")
    shutil.copyfile(backup / sets.SQLITE_FILE, temporary)
    with contextlib.closing(sqlite3.connect(temporary)) as db:
        db.execute("PRAGMA journal_mode = WAL")  # as the application runs it
    for suffix in ("-wal", "-shm"):  # a replaced database's journal must not be replayed onto the copy
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    os.replace(temporary, target)


def _restore_postgresql(backup: Path, database: Database) -> None:
    command = [
        sets.pg_tool("pg_restore"),
        "--no-password",
        "--no-owner",
        "--no-privileges",
        "--clean",
        "--if-exists",
        "--single-transaction",
        "--exit-on-error",
        "--dbname",
        database.name,
        str(backup / sets.PG_FILE),
    ]
    sets.run_tool(command, env=database.pg_env())


def _restore_media(backup: Path, media_root: Path) -> int:
    expected = sets.read_sums(backup / sets.MEDIA_SUMS)
    for relative, digest in expected.items():
        target = media_root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if sets.copy_hashed(backup / sets.MEDIA_DIR / relative, target) != digest:
            raise BackupError(f"Tệp {relative} chép ra khác bản trong bản sao lưu (lỗi đĩa?).")
    return len(expected)


def _missing_migrations(applied: list[str]) -> list[str]:
    on_disk = {
        f"{app}.{name}" for app, name in MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    }
    return sorted(on_disk - set(applied))


def restore(
    backup: Path,
    *,
    into: Path | None = None,
    database_url: str | None = None,
    media_root: Path | None = None,
    force: bool = False,
    say: Say = quiet,
) -> Restored:
    """Verify ``backup`` and restore its database and media files into a fresh place."""
    say(f"Kiểm tra bản sao lưu {backup.name}…")
    manifest = sets.verify(backup, say=say)
    database = _target_database(manifest, into, database_url)
    if media_root is None:
        media_root = into / "media" if into is not None else Path(settings.MEDIA_ROOT)
    media_root = Path(media_root)
    if database.engine == "sqlite":
        _check_sqlite_target(database, force)
    else:
        _check_pg_target(database, force)
    _check_media_target(media_root, force)

    say(f"Phục hồi cơ sở dữ liệu vào {database.label()}…")
    if database.engine == "sqlite":
        _restore_sqlite(backup, database)
    else:
        _restore_postgresql(backup, database)
    say(f"Phục hồi tệp đính kèm vào {media_root}…")
    media_root.mkdir(parents=True, exist_ok=True)
    media_files = _restore_media(backup, media_root)

    restored_counts = sets.table_counts(database)
    tables = sorted(set(manifest["counts"]) | set(restored_counts))
    counts = {t: (manifest["counts"].get(t, -1), restored_counts.get(t, -1)) for t in tables}
    return Restored(database, media_root, media_files, counts, _missing_migrations(manifest["migrations"]))
