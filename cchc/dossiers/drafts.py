"""Online submissions in progress (``SubmissionDraft``): fill in, check, review and declare, submit.

The portal's online form keeps what the applicant entered and every file that passed the upload
checks in a draft from the first time the form is sent, so that

- a validation error never drops the files already accepted (they are shown and kept);
- the applicant reviews everything — each entry, each file with its name and size — and declares
  ("Tôi xin cam đoan…") before the dossier is created (:func:`submit`);
- "Lưu để nộp sau" keeps the draft for ``CCHC_DRAFT_MAX_AGE`` seconds and sends the link that resumes
  it to the applicant's e-mail or phone (:func:`save_for_later`); any other draft expires after
  ``CCHC_DRAFT_UNSAVED_MAX_AGE`` (a day) and :func:`purge` (``cchc purge_drafts``) deletes it and
  its files.

A draft is found by its key (a random secret held by the applicant's browser session and by the
resume link; only its hash is stored). Submitting a draft twice creates one dossier: the second
call finds the first dossier (:class:`AlreadySubmitted`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cchc.common import formats
from cchc.common.stored_files import remove_stored, removed_on_failure
from cchc.dossiers import services
from cchc.dossiers.documents import CheckedFile, refresh_digitised
from cchc.dossiers.models import Dossier, DossierDocument, DraftFile, SubmissionDraft
from cchc.notifications.services import Notice, enqueue
from cchc.procedures.models import ProcedureVersion, RequiredDocument

# What a draft keeps of the form (the applicant's entries); anything else posted is ignored.
DATA_FIELDS = (
    "kind",
    "name",
    "id_number",
    "tax_code",
    "representative",
    "phone",
    "email",
    "address",
    "return_channel",
    "agency",
    "return_place",
)


class AlreadySubmitted(Exception):
    """The draft was submitted before: ``code`` is the dossier it created."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def unsaved_max_age() -> dt.timedelta:
    return dt.timedelta(seconds=int(getattr(settings, "CCHC_DRAFT_UNSAVED_MAX_AGE", 86400)))


def saved_max_age() -> dt.timedelta:
    return dt.timedelta(seconds=int(getattr(settings, "CCHC_DRAFT_MAX_AGE", 30 * 86400)))


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def create(version: ProcedureVersion, *, language: str = "vi") -> tuple[SubmissionDraft, str]:
    """A new, empty draft of an online submission of ``version``; returns it and its key."""
    key = secrets.token_urlsafe(24)
    draft = SubmissionDraft.objects.create(
        key_hash=_hash(key),
        procedure_version=version,
        language=language,
        expires_at=timezone.now() + unsaved_max_age(),
    )
    return draft, key


def find(key: str, *, version: ProcedureVersion | None = None) -> SubmissionDraft | None:
    """The live draft with ``key`` (of ``version`` if given): not expired. A submitted draft is
    returned too, so that the caller can tell the applicant which dossier it became."""
    if not key or len(key) > 64:
        return None
    qs = SubmissionDraft.objects.select_related("procedure_version__procedure", "dossier").filter(
        key_hash=_hash(key), expires_at__gt=timezone.now()
    )
    if version is not None:
        qs = qs.filter(procedure_version=version)
    return qs.first()


def files_of(draft: SubmissionDraft) -> dict[int | None, DraftFile]:
    """The draft's files by required document id."""
    return {f.required_document_id: f for f in draft.files.select_related("required_document")}


def update(draft: SubmissionDraft, *, data: dict, checked: Iterable[CheckedFile]) -> None:
    """Keep the applicant's entries and the files that passed the checks; a new file for a document
    replaces the draft's earlier one. Entries are kept as typed: they are validated at submission."""
    replaced: list[str] = []
    now = timezone.now()
    with removed_on_failure() as written, transaction.atomic():
        locked = SubmissionDraft.objects.select_for_update().get(pk=draft.pk)
        if locked.dossier_id:
            raise AlreadySubmitted(locked.dossier.code)
        locked.data = {k: str(data.get(k) or "") for k in DATA_FIELDS}
        if not locked.saved:
            locked.expires_at = now + unsaved_max_age()
        locked.save(update_fields=["data", "expires_at", "updated_at"])
        existing = files_of(locked)
        for item in checked:
            doc_id = item.required_document.pk if item.required_document else None
            old = existing.get(doc_id)
            if old is not None:
                replaced.append(old.file.name)
                old.delete()
            row = DraftFile(draft=locked, required_document=item.required_document)
            row.record(item.info, now)
            row.store(item.file, item.info, written)
    remove_stored(replaced)
    draft.refresh_from_db()


def remove_file(draft: SubmissionDraft, required_document_id: int) -> None:
    """The applicant takes a file out of the draft."""
    names = []
    with transaction.atomic():
        for row in DraftFile.objects.select_for_update().filter(
            draft=draft, required_document_id=required_document_id
        ):
            names.append(row.file.name)
            row.delete()
    remove_stored(names)


def resume_path(key: str, language: str = "vi") -> str:
    with translation.override(language):
        return reverse("portal:draft_resume", args=[key])


def save_for_later(draft: SubmissionDraft, key: str) -> str:
    """Keep the draft for ``CCHC_DRAFT_MAX_AGE`` and send the link that resumes it to the contacts the
    applicant entered (e-mail, phone), if any. Returns the absolute link."""
    url = f"{settings.CCHC_PUBLIC_BASE_URL.rstrip('/')}{resume_path(key, draft.language)}"
    with transaction.atomic():
        locked = SubmissionDraft.objects.select_for_update().get(pk=draft.pk)
        locked.saved = True
        locked.expires_at = timezone.now() + saved_max_age()
        locked.save(update_fields=["saved", "expires_at", "updated_at"])
        email, phone = locked.data.get("email", "").strip(), locked.data.get("phone", "").strip()
        with translation.override(locked.language):
            subject = _("Hồ sơ trực tuyến đang khai: %(procedure)s") % {
                "procedure": locked.procedure_version.name[:120]
            }
            body = _("Tiếp tục khai và nộp hồ sơ (đến hết ngày %(date)s): %(url)s") % {
                "date": formats.format_date(locked.expires_at),
                "url": url,
            }
        enqueue(Notice(subject, body), emails=[email], phones=[phone])
    draft.refresh_from_db()
    return url


def missing_documents(draft: SubmissionDraft) -> list[RequiredDocument]:
    """The required (not optional) documents the draft has no file for."""
    have = set(draft.files.values_list("required_document_id", flat=True))
    return [
        doc
        for doc in draft.procedure_version.required_documents.order_by("order", "id")
        if not doc.optional and doc.pk not in have
    ]


def submit(
    draft: SubmissionDraft,
    *,
    applicant: services.Applicant,
    return_channel: int,
    declared: bool,
    agency=None,
    return_place=None,
    identity=None,
) -> tuple[Dossier, str]:
    """Create the dossier from the draft, after the applicant's declaration: the entries, the files
    (handed over to the dossier, not copied) and the acknowledgement, in one transaction.

    Raises ``ValidationError`` (nothing written) for a missing declaration, missing required files
    or invalid entries, and :class:`AlreadySubmitted` for a draft already submitted.
    """
    if not declared:
        raise ValidationError({"declaration": _("Đánh dấu ô cam đoan để nộp hồ sơ.")}, code="not_declared")
    now = timezone.now()
    with transaction.atomic():
        locked = (
            SubmissionDraft.objects.select_for_update(of=("self",))
            .select_related("procedure_version")
            .get(pk=draft.pk)
        )
        if locked.dossier_id:
            raise AlreadySubmitted(Dossier.objects.values_list("code", flat=True).get(pk=locked.dossier_id))
        missing = missing_documents(locked)
        if missing:
            raise ValidationError(
                {
                    f"tep_{doc.pk}": _("Đính kèm tệp “%(name)s” (bắt buộc).") % {"name": doc.name}
                    for doc in missing
                },
                code="missing_files",
            )
        dossier, secret = services.submit_online(
            procedure_version=locked.procedure_version,
            applicant=applicant,
            agency=agency,
            return_place=return_place,
            return_channel=return_channel,
            identity=identity,
            language=locked.language,
            at=now,
        )
        rows = list(locked.files.all())
        DossierDocument.objects.bulk_create(
            [
                DossierDocument(
                    dossier=dossier,
                    required_document_id=row.required_document_id,
                    kind=DossierDocument.Kind.COMPONENT,
                    original_name=row.original_name,
                    safe_name=row.safe_name,
                    mime=row.mime,
                    size=row.size,
                    sha256=row.sha256,
                    uploaded_at=row.uploaded_at,
                    file=row.file.name,
                )
                for row in rows
            ]
        )
        if rows:
            refresh_digitised(dossier)
        DraftFile.objects.filter(
            pk__in=[row.pk for row in rows]
        ).delete()  # the files now belong to the dossier
        locked.dossier = dossier
        locked.declared_at = now
        locked.data = {}  # the entries now live on the dossier; the draft only remembers what it became
        locked.save(update_fields=["dossier", "declared_at", "data", "updated_at"])
    return dossier, secret


def discard(draft: SubmissionDraft) -> None:
    """The applicant starts again: the draft and its files are deleted (a submitted one is kept)."""
    with transaction.atomic():
        locked = SubmissionDraft.objects.select_for_update().filter(pk=draft.pk, dossier__isnull=True).first()
        if locked is None:
            return
        names = list(locked.files.values_list("file", flat=True))
        locked.delete()
    remove_stored(names)


def purge(*, now: dt.datetime | None = None) -> tuple[int, int]:
    """Delete expired drafts and their files; returns (drafts, files) deleted."""
    now = now or timezone.now()
    expired = SubmissionDraft.objects.filter(expires_at__lte=now)
    with transaction.atomic():
        names = list(DraftFile.objects.filter(draft__in=expired).values_list("file", flat=True))
        _count, per_model = expired.delete()
    remove_stored(names)
    return per_model.get(SubmissionDraft._meta.label, 0), len(names)
