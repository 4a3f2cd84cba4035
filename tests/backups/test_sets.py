"""``cchc backup`` / ``cchc restore``: verification, refusals, clear failures, the retention rule."""

from __future__ import annotations

import datetime as dt
import errno
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from cchc.backups import sets
from cchc.backups.sets import BackupSet, Database

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def media(settings):
    root = Path(settings.MEDIA_ROOT)
    (root / "dossiers/2026/12").mkdir(parents=True)
    (root / "dossiers/2026/12/don.pdf").write_bytes(b"%PDF-1.4 don")
    (root / "dossiers/2026/12/anh.png").write_bytes(b"\x89PNG anh")
    return root


def _backup(tmp_path) -> Path:
    call_command("backup", "--dir", str(tmp_path / "backups"), "--no-prune")
    return sets.list_sets(tmp_path / "backups")[0].path


def test_a_set_holds_the_database_the_media_and_a_manifest_and_verifies(tmp_path, media):
    backup = _backup(tmp_path)
    manifest = sets.read_manifest(backup)
    assert manifest["engine"] == Database.default().engine
    assert manifest["counts"]["django_migrations"] == len(manifest["migrations"]) > 0
    assert manifest["media"]["files"] == 2 and manifest["verified_at"]
    assert (backup / "media/dossiers/2026/12/don.pdf").read_bytes() == b"%PDF-1.4 don"
    call_command("backup", "--verify", str(backup))
    assert not list((tmp_path / "backups").glob(".*.partial"))


def test_an_unchanged_file_is_a_hard_link_to_the_previous_set(tmp_path, media):
    first = _backup(tmp_path)
    (media / "moi.pdf").write_bytes(b"%PDF-1.4 moi")
    second = sets.create(directory=tmp_path / "backups")
    assert (second / "media/dossiers/2026/12/don.pdf").samefile(first / "media/dossiers/2026/12/don.pdf")
    assert (second / "media/moi.pdf").stat().st_nlink == 1
    sets.verify(second)


@pytest.mark.parametrize("damaged", ["media/dossiers/2026/12/don.pdf", "db", "media.sha256"])
def test_verify_finds_a_damaged_file(tmp_path, media, damaged):
    backup = _backup(tmp_path)
    if damaged == "db":
        damaged = "db.sqlite3" if (backup / "db.sqlite3").exists() else "db.dump"
    path = backup / damaged
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(CommandError, match="hỏng"):
        call_command("backup", "--verify", backup.name, "--dir", str(tmp_path / "backups"))


def test_a_full_disk_fails_clearly_and_leaves_no_half_written_set(tmp_path, media, monkeypatch):
    def full(source, target):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(sets, "copy_hashed", full)
    with pytest.raises(CommandError, match="Hết chỗ trống trên đĩa"):
        call_command("backup", "--dir", str(tmp_path / "backups"))
    assert list((tmp_path / "backups").iterdir()) == [tmp_path / "backups/.lock"]


def test_a_missing_pg_dump_fails_clearly(tmp_path, settings):
    settings.CCHC_PG_BINDIR = str(tmp_path)  # no pg_dump in there
    with pytest.raises(sets.BackupError, match="Không tìm thấy pg_dump"):
        sets.create(directory=tmp_path / "backups", database=Database("postgresql", "cchc"))
    assert not sets.list_sets(tmp_path / "backups")


def test_restore_refuses_a_place_that_already_has_data(tmp_path, media, restore_target):
    backup = _backup(tmp_path)
    call_command("restore", str(backup), *restore_target.restore_args)
    with pytest.raises(CommandError, match="--force"):
        call_command("restore", str(backup), *restore_target.restore_args)
    call_command("restore", str(backup), *restore_target.restore_args, "--force")
    assert (restore_target.media_root / "dossiers/2026/12/anh.png").read_bytes() == b"\x89PNG anh"


def test_a_postgresql_set_is_never_restored_into_the_live_database_by_default(tmp_path, media):
    backup = _backup(tmp_path)
    if sets.read_manifest(backup)["engine"] != "postgresql":
        pytest.skip("a SQLite set goes into DIR/cchc.sqlite3")
    with pytest.raises(CommandError, match="--database-url"):
        call_command("restore", str(backup), "--into", str(tmp_path / "restored"))


def test_restore_checks_the_set_before_writing_anything(tmp_path, media, restore_target):
    backup = _backup(tmp_path)
    (backup / "media/dossiers/2026/12/anh.png").write_bytes(b"changed")
    with pytest.raises(CommandError, match="hỏng"):
        call_command("restore", str(backup), *restore_target.restore_args)
    assert not restore_target.media_root.exists()


def _sets(times: list[dt.datetime]) -> list[BackupSet]:
    return sorted(
        (BackupSet(Path(f"cchc-{t:%Y%m%dT%H%M%SZ}"), t) for t in times),
        key=lambda s: s.created_at,
        reverse=True,
    )


def test_retention_keeps_the_newest_of_each_day_week_and_month():
    start = dt.datetime(2025, 1, 1, 19, 0, tzinfo=dt.UTC)  # 02:00 in Vietnam: a nightly run
    nightly = _sets([start + dt.timedelta(days=d) for d in range(400)])
    kept = sets.retained(nightly, daily=7, weekly=4, monthly=12)
    newest = nightly[0].created_at
    assert nightly[0].path in kept
    days = sorted(s.created_at for s in nightly if s.path in kept)
    assert days[-7:] == [newest - dt.timedelta(days=d) for d in range(6, -1, -1)]  # the last 7 nights
    assert len(kept) <= 7 + 4 + 12 and len(kept) >= 12
    assert days[0] >= newest - dt.timedelta(days=366)  # nothing older than 12 months
    # The month buckets keep the last set of each month: 12 different months are represented.
    assert len({(d + dt.timedelta(hours=7)).strftime("%Y-%m") for d in days}) == 12


def test_retention_never_removes_the_newest_set_even_with_nothing_to_keep(tmp_path):
    now = dt.datetime(2026, 12, 4, 19, 0, tzinfo=dt.UTC)
    backups = _sets([now, now - dt.timedelta(hours=1)])
    assert sets.retained(backups, daily=0, weekly=0, monthly=0) == {backups[0].path}


def test_prune_removes_what_the_rule_does_not_keep(tmp_path, media):
    for _ in range(2):
        _backup(tmp_path)
    older, newest = sorted(s.path for s in sets.list_sets(tmp_path / "backups"))
    assert sets.prune(directory=tmp_path / "backups", daily=7, weekly=4, monthly=12) == [older]
    assert [s.path for s in sets.list_sets(tmp_path / "backups")] == [newest]
