"""The record of an uploaded file that was checked by content (``cchc.common.uploads.inspect_upload``)
and stored under MEDIA_ROOT, never at a public URL: one abstract model for the apps that keep such
files (dossier documents, Q&A attachments), so they record the same facts and store them the same way.

Files are written before their transaction commits; :func:`removed_on_failure` removes them again if it
does not (a file without its row is never left behind on purpose; one left by a crash is harmless).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable, Iterator

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import models

from cchc.common.uploads import UploadInfo


def remove_stored(names: Iterable[str]) -> None:
    """Delete stored files by name, best effort: an orphan file is harmless, a lost row is not."""
    for name in names:
        with contextlib.suppress(OSError):
            default_storage.delete(name)


@contextlib.contextmanager
def removed_on_failure() -> Iterator[list[str]]:
    """Collect the storage names of the files written inside; if anything raises, remove them and
    re-raise. Put it outside the ``transaction.atomic()`` it guards, so the rows roll back first."""
    written: list[str] = []
    try:
        yield written
    except BaseException:
        remove_stored(written)
        raise


class StoredUpload(models.Model):
    """Subclasses add their ``file = models.FileField(upload_to=…)`` and their owner."""

    original_name = models.CharField(max_length=255)
    safe_name = models.CharField(max_length=255)
    mime = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField()

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.original_name

    def record(self, info: UploadInfo, at: dt.datetime) -> None:
        """Copy the checked facts of the upload (the shown name falls back to the safe name)."""
        self.original_name = info.original_name[:255] or info.safe_name
        self.safe_name = info.safe_name
        self.mime = info.mime
        self.size = info.size
        self.sha256 = info.sha256
        self.uploaded_at = at

    def store(self, upload, info: UploadInfo, written: list[str] | None) -> None:
        """Write the file under its safe name and save the row; the storage name is appended to
        ``written`` so that the caller can remove the file if its transaction rolls back."""
        upload.seek(0)
        self.file.save(info.safe_name, File(upload, name=info.safe_name), save=False)
        if written is not None:
            written.append(self.file.name)
        self.save()
