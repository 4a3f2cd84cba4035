"""A backup taken while dossiers keep arriving restores, in a fresh place, every dossier committed before
it started — with its events and its files — and the restored database passes its integrity check."""

from __future__ import annotations

import hashlib
import sqlite3
import threading
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection

from cchc.backups import sets
from cchc.dossiers import documents
from cchc.dossiers.models import Channel, Dossier, DossierDocument, DossierEvent
from tests.backups.conftest import pdf
from tests.dossiers.conftest import person, world  # noqa: F401  (the fixture)
from tests.factories import RequiredDocumentFactory

pytestmark = pytest.mark.django_db(transaction=True)


class Intake(threading.Thread):
    """Online submissions with a file each, one after the other, through the real service, until stopped.
    ``committed`` holds the id of each dossier whose transaction has committed."""

    def __init__(self, version, required):
        super().__init__(daemon=True)
        self.version, self.required = version, required
        self.committed: list[int] = []
        self.stop = threading.Event()
        self.error: BaseException | None = None

    def run(self):
        try:
            n = 0
            while not self.stop.is_set():
                n += 1
                upload = SimpleUploadedFile(f"to-khai-{n}.pdf", pdf(n))
                checked, errors = documents.check_files({"f": (self.required, upload)})
                assert not errors, errors
                dossier, _secret = documents.submit_with_documents(
                    procedure_version=self.version,
                    applicant=person(name=f"Người nộp {n}"),
                    return_channel=Channel.ONLINE,
                    checked=checked,
                )
                self.committed.append(dossier.pk)
        except BaseException as exc:  # reported by the test
            self.error = exc
        finally:
            connection.close()

    def wait_for(self, count: int, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while len(self.committed) < count:
            assert self.error is None, self.error
            assert time.monotonic() < deadline, "the intake thread is too slow"
            time.sleep(0.02)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_backup_while_dossiers_arrive_restores_every_dossier_committed_before_it(
    world,  # noqa: F811
    settings,
    tmp_path,
    restore_target,
):
    required = RequiredDocumentFactory(version=world.version, optional=False)
    intake = Intake(world.version, required)
    intake.start()
    try:
        intake.wait_for(5)
        before = list(intake.committed)  # all committed before the backup starts
        call_command("backup", "--dir", str(tmp_path / "backups"), "--no-prune")
        during = len(intake.committed) - len(before)
        intake.wait_for(len(intake.committed) + 2)  # still arriving after it
    finally:
        intake.stop.set()
        intake.join(30)
    assert intake.error is None, intake.error
    assert during > 0, "no dossier arrived while the backup ran: the test proves nothing"

    (backup,) = sets.list_sets(tmp_path / "backups")
    call_command("restore", str(backup.path), *restore_target.restore_args)

    restored = restore_target
    dossier_t, event_t, document_t = (m._meta.db_table for m in (Dossier, DossierEvent, DossierDocument))
    ids = ", ".join(str(pk) for pk in before)
    found = dict(restored.query(f"SELECT id, code FROM {dossier_t} WHERE id IN ({ids})"))
    assert found == dict(Dossier.objects.filter(pk__in=before).values_list("id", "code"))
    events = set(
        restored.query(f"SELECT id, dossier_id, seq, action FROM {event_t} WHERE dossier_id IN ({ids})")
    )
    source_events = set(
        DossierEvent.objects.filter(dossier_id__in=before).values_list("id", "dossier_id", "seq", "action")
    )
    assert events == source_events and {e[1] for e in events} == set(before)
    rows = restored.query(f"SELECT dossier_id, file, sha256 FROM {document_t} WHERE dossier_id IN ({ids})")
    assert {row[0] for row in rows} == set(before)
    for _dossier_id, name, digest in rows:
        assert _sha256(restored.media_root / name) == digest == _sha256(Path(settings.MEDIA_ROOT) / name)

    # Every file a restored row names is restored too, also for dossiers that arrived during the backup
    # (the media are copied after the database snapshot).
    for name, digest in restored.query(f"SELECT file, sha256 FROM {document_t}"):
        assert _sha256(restored.media_root / name) == digest

    if restored.database.engine == "sqlite":
        with sqlite3.connect(restored.database.name) as db:
            assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert db.execute("PRAGMA foreign_key_check").fetchall() == []
