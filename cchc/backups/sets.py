"""Backup sets: writing, verifying, listing and pruning them.

A set is one folder ``cchc-YYYYMMDDTHHMMSSZ`` in ``CCHC_BACKUP_DIR`` holding:

- ``db.sqlite3`` — SQLite through its online backup API (``sqlite3.Connection.backup``): one
  consistent snapshot taken while the server keeps writing (WAL mode: readers never block writers);
  or ``db.dump`` — PostgreSQL through ``pg_dump -Fc`` (custom format, for ``pg_restore``);
- ``media/`` — the uploaded files, copied *after* the database snapshot: every file a committed row
  names was written before its transaction committed, hence before the snapshot, hence is in the copy
  (newer files are harmless extras). A file unchanged since the previous set (same size and mtime) is
  a hard link to that set's copy, so keeping 7 + 4 + 12 sets does not keep 23 copies of every file;
- ``media.sha256`` — the checksum of every media file (``sha256sum -c`` format);
- ``manifest.json`` — when, which engine, the application's version and git commit, the applied
  migrations, the row count of every table (taken in the dump's own snapshot), and the size and
  sha256 of each file above.

A set is written under a hidden ``.cchc-….partial`` name, checked (``PRAGMA integrity_check`` of the
copy, ``pg_restore --list`` of the dump, every checksum) and only then renamed: a set with its final
name is complete and verified. Connection parameters of PostgreSQL go to ``pg_dump`` through its
``PG*`` environment variables, never on its command line (where ``ps`` would show the password).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import fcntl
import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.utils import timezone

FORMAT = 1
NAME_RE = re.compile(r"^cchc-(\d{8}T\d{6}Z)(?:-\d+)?$")
STAMP = "%Y%m%dT%H%M%SZ"
MANIFEST = "manifest.json"
MEDIA_DIR = "media"
MEDIA_SUMS = "media.sha256"
SQLITE_FILE = "db.sqlite3"
PG_FILE = "db.dump"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message (Vietnamese) says why and what to do."""


Say = Callable[[str], None]


def quiet(_message: str) -> None:
    pass


# --- the database's connection parameters ----------------------------------------------------------


@dataclass(frozen=True)
class Database:
    """Where a database is: a SQLite file, or a PostgreSQL server and database name."""

    engine: str  # "sqlite" or "postgresql"
    name: str  # the SQLite path, or the PostgreSQL database name
    host: str = ""
    port: str = ""
    user: str = ""
    password: str = ""
    sslmode: str = ""

    @classmethod
    def from_settings(cls, settings_dict: dict) -> Database:
        engine = settings_dict["ENGINE"]
        if engine.endswith("sqlite3"):
            return cls("sqlite", str(settings_dict["NAME"]))
        if "postgresql" in engine:
            options = settings_dict.get("OPTIONS") or {}
            return cls(
                "postgresql",
                str(settings_dict["NAME"]),
                host=str(settings_dict.get("HOST") or ""),
                port=str(settings_dict.get("PORT") or ""),
                user=str(settings_dict.get("USER") or ""),
                password=str(settings_dict.get("PASSWORD") or ""),
                sslmode=str(options.get("sslmode") or ""),
            )
        raise BackupError(f"Không sao lưu được cơ sở dữ liệu loại {engine} (chỉ SQLite và PostgreSQL).")

    @classmethod
    def from_url(cls, url: str) -> Database:
        import dj_database_url

        try:
            return cls.from_settings(dj_database_url.parse(url))
        except ValueError as exc:
            raise BackupError(f"Địa chỉ cơ sở dữ liệu không hợp lệ: {exc}") from exc

    @classmethod
    def default(cls) -> Database:
        return cls.from_settings(connections["default"].settings_dict)

    def pg_env(self) -> dict[str, str]:
        """The environment for pg_dump / pg_restore / psql: every parameter, the password included."""
        env = dict(os.environ)
        values = {
            "PGHOST": self.host,
            "PGPORT": self.port,
            "PGUSER": self.user,
            "PGPASSWORD": self.password,
            "PGDATABASE": self.name,
            "PGSSLMODE": self.sslmode,
        }
        env.update({key: value for key, value in values.items() if value})
        return env

    def pg_connect(self, **kwargs):
        import psycopg

        params = {"dbname": self.name, "host": self.host, "port": self.port, "user": self.user}
        params.update(password=self.password, sslmode=self.sslmode)
        return psycopg.connect(**{k: v for k, v in params.items() if v}, **kwargs)

    def label(self) -> str:
        if self.engine == "sqlite":
            return f"SQLite {self.name}"
        return f"PostgreSQL {self.name} trên {self.host or 'localhost'}:{self.port or 5432}"


def pg_tool(name: str) -> str:
    """The path of ``pg_dump``/``pg_restore`` (from ``CCHC_PG_BINDIR`` or PATH), or a clear error."""
    bindir = getattr(settings, "CCHC_PG_BINDIR", "")
    path = shutil.which(name, path=bindir or None)
    if path is None:
        where = f"trong {bindir}" if bindir else "trên PATH"
        raise BackupError(
            f"Không tìm thấy {name} {where}: cài gói postgresql-client cùng phiên bản với máy chủ "
            "(Debian: apt-get install postgresql-client-15) hoặc đặt CCHC_PG_BINDIR."
        )
    return path


def run_tool(command: list[str], env: dict[str, str] | None = None) -> str:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip()
        raise BackupError(f"{Path(command[0]).name} thất bại (mã {result.returncode}): {detail}")
    return result.stdout


# --- counts and migrations ---------------------------------------------------------------------------


def _sqlite_facts(path: Path) -> tuple[dict[str, int], list[str]]:
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
        tables = [
            row[0]
            for row in db.execute(
                "SELECT name FROM sqlite_master "
                "WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        return _facts(db.cursor(), tables)


def pg_tables(cursor) -> list[str]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")
    return [row[0] for row in cursor.fetchall()]


def _facts(cursor, tables: list[str]) -> tuple[dict[str, int], list[str]]:
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT count(*) FROM "{table}"')  # names read from the catalog, quoted
        counts[table] = cursor.fetchone()[0]
    migrations = []
    if "django_migrations" in counts:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        migrations = [f"{app}.{name}" for app, name in cursor.fetchall()]
    return counts, migrations


def table_counts(database: Database) -> dict[str, int]:
    """The row count of every table of ``database`` (a restored one, to compare with the manifest)."""
    if database.engine == "sqlite":
        return _sqlite_facts(Path(database.name))[0]
    with database.pg_connect() as conn, conn.cursor() as cursor:
        return _facts(cursor, pg_tables(cursor))[0]


# --- writing a set ------------------------------------------------------------------------------------


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def copy_hashed(source: Path, target: Path) -> str:
    """Copy ``source`` to ``target`` (with its times) reading it once; return its sha256."""
    digest = hashlib.sha256()
    with source.open("rb") as reader, target.open("wb") as writer:
        while chunk := reader.read(CHUNK):
            digest.update(chunk)
            writer.write(chunk)
        writer.flush()
        os.fsync(writer.fileno())
    shutil.copystat(source, target)
    return digest.hexdigest()


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _snapshot_sqlite(source: Path, target: Path) -> None:
    if not source.is_file():
        raise BackupError(f"Không có tệp cơ sở dữ liệu SQLite {source}.")
    # mode=rw: never create an empty database where the real one is missing.
    with (
        contextlib.closing(sqlite3.connect(f"file:{source}?mode=rw", uri=True, timeout=60)) as src,
        contextlib.closing(sqlite3.connect(target)) as dst,
    ):
        src.execute("PRAGMA busy_timeout = 60000")
        src.backup(dst)  # all pages in one step: one read transaction, one consistent snapshot
        dst.execute("PRAGMA journal_mode = DELETE")  # the copy is one self-contained file
    with target.open("rb+") as handle:
        os.fsync(handle.fileno())


def _dump_postgresql(database: Database, target: Path) -> tuple[dict[str, int], list[str]]:
    """``pg_dump -Fc`` of an exported snapshot, and the counts read in that very snapshot."""
    import psycopg

    pg_dump = pg_tool("pg_dump")
    with database.pg_connect() as conn:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        with conn.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            run_tool(
                [pg_dump, "-Fc", "--no-password", f"--snapshot={snapshot}", "-f", str(target)],
                env=database.pg_env(),
            )
            facts = _facts(cursor, pg_tables(cursor))
        conn.rollback()
    return facts


def _media_files(root: Path) -> Iterator[Path]:
    if not root.is_dir():
        return
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            yield Path(folder, name)


def _previous_media(backup_dir: Path) -> tuple[Path, dict[str, str]] | None:
    """The newest finished set's media folder and checksums (files are hard-linked from it)."""
    for backup in list_sets(backup_dir):
        sums = backup.path / MEDIA_SUMS
        if sums.is_file():
            return backup.path / MEDIA_DIR, read_sums(sums)
    return None


def _copy_media(source_root: Path, target_root: Path, backup_dir: Path, say: Say) -> dict[str, str]:
    previous = _previous_media(backup_dir)
    sums: dict[str, str] = {}
    linked = 0
    for source in _media_files(source_root):
        relative = source.relative_to(source_root).as_posix()
        target = target_root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            stat = source.stat()
            if previous and relative in previous[1]:
                old = previous[0] / relative
                with contextlib.suppress(FileNotFoundError):
                    old_stat = old.stat()
                    if (old_stat.st_size, old_stat.st_mtime_ns) == (stat.st_size, stat.st_mtime_ns):
                        try:
                            os.link(old, target)
                        except OSError as exc:
                            if exc.errno == errno.ENOSPC:
                                raise
                        else:
                            sums[relative] = previous[1][relative]
                            linked += 1
                            continue
            sums[relative] = copy_hashed(source, target)
        except FileNotFoundError:  # removed while we walked (an expired draft's file): not needed
            say(f"Bỏ qua {relative}: tệp đã bị xoá trong lúc sao lưu.")
            target.unlink(missing_ok=True)
    if linked:
        say(f"{linked} tệp không đổi từ bản sao lưu trước: liên kết cứng, không chép lại.")
    return sums


def write_sums(path: Path, sums: dict[str, str]) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for relative, digest in sorted(sums.items()):
            handle.write(f"{digest}  {relative}\n")
        handle.flush()
        os.fsync(handle.fileno())


def read_sums(path: Path) -> dict[str, str]:
    sums = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            digest, _, relative = line.partition("  ")
            sums[relative] = digest
    return sums


def _git_commit() -> str:
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        result = subprocess.run(
            ["git", "-C", str(settings.REPO_DIR), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
        if result.returncode == 0:
            return result.stdout.strip()
    return ""


def _version() -> str:
    try:
        return metadata.version("cchc")
    except metadata.PackageNotFoundError:
        return ""


@contextlib.contextmanager
def _locked(backup_dir: Path) -> Iterator[None]:
    """One backup (or prune) at a time in ``backup_dir``."""
    with (backup_dir / ".lock").open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise BackupError(f"Một lần sao lưu khác đang chạy trong {backup_dir}.") from exc
        yield


def _new_name(backup_dir: Path, now: dt.datetime) -> str:
    base = f"cchc-{now.strftime(STAMP)}"
    name, n = base, 0
    while (backup_dir / name).exists():
        n += 1
        name = f"{base}-{n}"
    return name


def backup_dir() -> Path:
    return Path(settings.CCHC_BACKUP_DIR)


def create(*, directory: Path | None = None, database: Database | None = None, say: Say = quiet) -> Path:
    """Write, verify and publish one backup set; return its folder. Prunes nothing (see :func:`prune`)."""
    directory = Path(directory or backup_dir())
    database = database or Database.default()
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)  # the sets hold personal data
    except OSError as exc:
        raise BackupError(f"Không tạo được thư mục sao lưu {directory}: {exc.strerror}.") from exc
    with _locked(directory):
        for stale in directory.glob(".cchc-*.partial"):  # left by a backup that was killed
            shutil.rmtree(stale, ignore_errors=True)
        started = timezone.now().astimezone(dt.UTC)
        name = _new_name(directory, started)
        partial = directory / f".{name}.partial"
        partial.mkdir(mode=0o700)
        try:
            manifest = _write(partial, database, directory, started, say)
            say("Kiểm tra bản sao lưu vừa ghi…")
            verify(partial, manifest=manifest)
            manifest["verified_at"] = timezone.now().astimezone(dt.UTC).isoformat()
            manifest_path = partial / MANIFEST
            manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
            with manifest_path.open("rb") as handle:
                os.fsync(handle.fileno())
            _fsync_dir(partial)
            final = directory / name
            partial.rename(final)
            _fsync_dir(directory)
        except (OSError, sqlite3.Error) as exc:
            shutil.rmtree(partial, ignore_errors=True)
            if getattr(exc, "errno", None) == errno.ENOSPC or "disk is full" in str(exc):
                raise BackupError(
                    f"Hết chỗ trống trên đĩa khi ghi bản sao lưu vào {directory}; bản dở dang đã được xoá. "
                    "Giải phóng chỗ trống (hoặc giảm số bản giữ lại) rồi chạy lại."
                ) from exc
            raise BackupError(f"Lỗi khi ghi bản sao lưu: {exc}") from exc
        except BaseException:
            shutil.rmtree(partial, ignore_errors=True)
            raise
    return final


def _write(partial: Path, database: Database, directory: Path, started: dt.datetime, say: Say) -> dict:
    say(f"Sao lưu cơ sở dữ liệu ({database.label()})…")
    if database.engine == "sqlite":
        db_file = SQLITE_FILE
        _snapshot_sqlite(Path(database.name), partial / db_file)
        counts, migrations = _sqlite_facts(partial / db_file)
    else:
        db_file = PG_FILE
        counts, migrations = _dump_postgresql(database, partial / db_file)
    # Media after the database snapshot: every file a saved row names is already on disk.
    media_root = Path(settings.MEDIA_ROOT)
    say(f"Sao lưu tệp đính kèm ({media_root})…")
    sums = _copy_media(media_root, partial / MEDIA_DIR, directory, say)
    write_sums(partial / MEDIA_SUMS, sums)
    files = {}
    for file_name in (db_file, MEDIA_SUMS):
        path = partial / file_name
        files[file_name] = {"size": path.stat().st_size, "sha256": _sha256_file(path)}
    media_bytes = sum((partial / MEDIA_DIR / rel).stat().st_size for rel in sums)
    return {
        "format": FORMAT,
        "created_at": started.isoformat(),
        "engine": database.engine,
        "database": database.name if database.engine == "postgresql" else Path(database.name).name,
        "app_version": _version(),
        "git_commit": _git_commit(),
        "migrations": migrations,
        "counts": counts,
        "files": files,
        "media": {"files": len(sums), "bytes": media_bytes},
    }


# --- verifying -------------------------------------------------------------------------------------------


def read_manifest(path: Path) -> dict:
    try:
        manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise BackupError(f"{path} không phải bản sao lưu hoàn chỉnh: thiếu {MANIFEST}.") from exc
    except (OSError, ValueError) as exc:
        raise BackupError(f"Không đọc được {MANIFEST} của {path}: {exc}") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{path}: định dạng bản sao lưu {manifest.get('format')} không được hỗ trợ.")
    return manifest


def verify(path: Path, *, manifest: dict | None = None, say: Say = quiet) -> dict:
    """Check a set: each file's sha256, the database copy's own integrity check, every media file.

    Returns the manifest; raises :class:`BackupError` naming the first problem found.
    """
    path = Path(path)
    manifest = manifest or read_manifest(path)
    for file_name, expected in manifest["files"].items():
        file_path = path / file_name
        if not file_path.is_file():
            raise BackupError(f"Bản sao lưu {path.name} thiếu tệp {file_name}.")
        if _sha256_file(file_path) != expected["sha256"]:
            raise BackupError(f"Tệp {file_name} của bản sao lưu {path.name} bị hỏng (sai mã kiểm tra).")
    if manifest["engine"] == "sqlite":
        uri = f"file:{path / SQLITE_FILE}?mode=ro&immutable=1"
        with contextlib.closing(sqlite3.connect(uri, uri=True)) as db:
            result = [row[0] for row in db.execute("PRAGMA integrity_check")]
        if result != ["ok"]:
            raise BackupError(f"Cơ sở dữ liệu trong {path.name} không qua kiểm tra toàn vẹn: {result[:5]}")
    else:
        listing = run_tool([pg_tool("pg_restore"), "--list", str(path / PG_FILE)])
        if "TABLE DATA" not in listing:
            raise BackupError(f"Bản kết xuất PostgreSQL trong {path.name} không có dữ liệu bảng nào.")
    sums = read_sums(path / MEDIA_SUMS)
    if len(sums) != manifest["media"]["files"]:
        raise BackupError(f"Danh sách tệp đính kèm của {path.name} không khớp với manifest.")
    for relative, digest in sums.items():
        media_file = path / MEDIA_DIR / relative
        if not media_file.is_file() or _sha256_file(media_file) != digest:
            raise BackupError(f"Tệp đính kèm {relative} trong {path.name} bị thiếu hoặc hỏng.")
    say(
        f"{path.name}: hợp lệ ({manifest['engine']}, {sum(manifest['counts'].values())} dòng, "
        f"{len(sums)} tệp đính kèm)."
    )
    return manifest


# --- listing and pruning -------------------------------------------------------------------------------


@dataclass(frozen=True)
class BackupSet:
    path: Path
    created_at: dt.datetime


def list_sets(directory: Path) -> list[BackupSet]:
    """The finished sets in ``directory``, newest first (by the time in their name)."""
    found = []
    if directory.is_dir():
        for path in directory.iterdir():
            match = NAME_RE.match(path.name)
            if match and path.is_dir() and (path / MANIFEST).is_file():
                created = dt.datetime.strptime(match.group(1), STAMP).replace(tzinfo=dt.UTC)
                found.append(BackupSet(path, created))
    return sorted(found, key=lambda s: (s.created_at, s.path.name), reverse=True)


def retained(sets: list[BackupSet], *, daily: int, weekly: int, monthly: int) -> set[Path]:
    """The sets the retention rule keeps: the newest of each of the last ``daily`` days, ``weekly``
    ISO weeks and ``monthly`` months that have a set (local time), and always the newest set."""
    keep = {sets[0].path} if sets else set()
    rules = [
        (daily, lambda d: d.date()),
        (weekly, lambda d: d.isocalendar()[:2]),
        (monthly, lambda d: (d.year, d.month)),
    ]
    for count, bucket in rules:
        seen = []
        for backup in sets:  # newest first: the first set met in a bucket is its newest
            key = bucket(timezone.localtime(backup.created_at))
            if key not in seen:
                if len(seen) >= count:
                    break
                seen.append(key)
                keep.add(backup.path)
    return keep


def prune(
    *, directory: Path | None = None, daily: int, weekly: int, monthly: int, say: Say = quiet
) -> list[Path]:
    """Remove the finished sets the retention rule does not keep; return them."""
    directory = Path(directory or backup_dir())
    with _locked(directory):
        sets = list_sets(directory)
        keep = retained(sets, daily=daily, weekly=weekly, monthly=monthly)
        removed = []
        for backup in sets:
            if backup.path not in keep:
                shutil.rmtree(backup.path)
                say(f"Đã xoá bản sao lưu cũ {backup.path.name}.")
                removed.append(backup.path)
    return removed


def resolve(name_or_path: str, directory: Path | None = None) -> Path:
    """A set given by its name (in the backup folder) or its path."""
    path = Path(name_or_path)
    if not path.is_dir():
        path = Path(directory or backup_dir()) / name_or_path
    if not path.is_dir():
        raise BackupError(f"Không tìm thấy bản sao lưu {name_or_path}.")
    return path
