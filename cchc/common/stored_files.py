"""The record of an uploaded file that was checked by content (``cchc.common.uploads.inspect_upload``)
and stored under MEDIA_ROOT, never at a public URL: one abstract model for the apps that keep such
files (dossier documents, Q&A attachments), so they record the same facts and store them the same way.
"""

from __future__ import annotations

import datetime as dt

from django.core.files import File
from django.db import models

from cchc.common.uploads import UploadInfo


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
