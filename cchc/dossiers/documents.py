"""Files of a dossier: checking uploads and storing them as ``DossierDocument`` rows.

Every file is checked by :func:`cchc.common.uploads.inspect_upload` (content, not name; size limit
``settings.CCHC_MAX_UPLOAD_BYTES``) *before* anything is written: :func:`check_files` returns the
checked files and every error per field, and callers save nothing unless there is no error.

Files go to the default storage under ``MEDIA_ROOT`` (``dossiers/%Y/%m/``) with the safe name derived
from the detected type. ``MEDIA_URL`` is not served: a file is only ever delivered by a view that
checks permission (:func:`open_document`).

:func:`submit_with_documents` is the one-transaction online submission used by the portal form and
the API: ``services.submit_online`` plus the files. If the transaction fails, files already written
to disk are removed again.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.common.stored_files import removed_on_failure
from cchc.common.uploads import UploadInfo, inspect_upload
from cchc.dossiers import services
from cchc.dossiers.models import Dossier, DossierDocument, Status
from cchc.procedures.models import ProcedureVersion, RequiredDocument

# While the applicant may still add files to an online dossier (before the counter checks it, or
# when the counter asked for a supplement at intake).
APPLICANT_UPLOAD_STATUSES = frozenset({Status.SUBMITTED, Status.SUPPLEMENT_REQUESTED})


@dataclass(frozen=True)
class CheckedFile:
    required_document: RequiredDocument | None
    file: object  # UploadedFile or any seekable binary file with .name
    info: UploadInfo


def check_files(
    files: Mapping[str, tuple[RequiredDocument | None, object | None]], *, require: bool = True
) -> tuple[list[CheckedFile], dict[str, list[str]]]:
    """Check every ``field → (required document, uploaded file or None)``.

    A missing file is an error when ``require`` and the required document is not ``optional``.
    Returns the checked files and ``{field: [messages]}``; never raises for a file's content.
    """
    checked: list[CheckedFile] = []
    errors: dict[str, list[str]] = {}
    for field, (document, upload) in files.items():
        if upload is None:
            if require and document is not None and not document.optional:
                errors[field] = [
                    _("Đính kèm tệp “%(name)s” (bắt buộc).") % {"name": document.name},
                ]
            continue
        try:
            info = inspect_upload(upload)
        except ValidationError as exc:
            errors[field] = list(exc.messages)
        else:
            checked.append(CheckedFile(document, upload, info))
    return checked, errors


def save_documents(
    dossier: Dossier,
    checked: Iterable[CheckedFile],
    *,
    kind: str = DossierDocument.Kind.COMPONENT,
    user=None,
    written: list[str] | None = None,
    round: int = 0,
    title: str = "",
) -> list[DossierDocument]:
    """Store the checked files of ``dossier``. Call inside the caller's transaction.

    The storage names of the files written are appended to ``written`` so that the caller can remove
    them if its transaction rolls back.
    """
    now = timezone.now()
    saved = []
    for item in checked:
        doc = DossierDocument(
            dossier=dossier,
            required_document=item.required_document,
            kind=kind,
            round=round,
            title=title,
            uploaded_by=user if user is not None and user.is_authenticated else None,
        )
        doc.record(item.info, now)
        doc.store(item.file, item.info, written)
        saved.append(doc)
    if kind == DossierDocument.Kind.COMPONENT and saved:
        refresh_digitised(dossier)
    return saved


def refresh_digitised(dossier: Dossier) -> bool:
    """QĐ 766 indicator 4.2: the dossier's components are digitised when every required (not
    optional) document of its procedure version has a file. One UPDATE; returns the new value."""
    attached = DossierDocument.objects.filter(
        dossier=dossier, kind=DossierDocument.Kind.COMPONENT, required_document=OuterRef("pk")
    )
    missing = RequiredDocument.objects.filter(
        version_id=dossier.procedure_version_id, optional=False
    ).exclude(Exists(attached))
    digitised = not missing.exists()
    Dossier.objects.filter(pk=dossier.pk).update(digitised_components=digitised)
    dossier.digitised_components = digitised
    return digitised


def submit_with_documents(
    *,
    procedure_version: ProcedureVersion,
    applicant: services.Applicant,
    return_channel: int,
    checked: Iterable[CheckedFile],
) -> tuple[Dossier, str]:
    """``services.submit_online`` and the files, in one transaction. Returns (dossier, secret)."""
    with removed_on_failure() as written, transaction.atomic():
        dossier, secret = services.submit_online(
            procedure_version=procedure_version, applicant=applicant, return_channel=return_channel
        )
        save_documents(dossier, checked, written=written)
    return dossier, secret


def add_documents(*, dossier: Dossier, secret: str, checked: Iterable[CheckedFile]) -> list[DossierDocument]:
    """The applicant adds files to an online dossier still at intake (code + secret)."""
    with removed_on_failure() as written, transaction.atomic():
        locked = Dossier.objects.select_for_update(of=("self",)).get(pk=dossier.pk)
        if not services.check_proof(locked, secret):
            raise PermissionDenied(_("Mã hồ sơ hoặc mã bí mật không đúng."))
        if locked.status not in APPLICANT_UPLOAD_STATUSES:
            raise ValidationError(
                _(
                    "Hồ sơ đã được tiếp nhận hoặc đã kết thúc; không thể nộp thêm tệp trực tuyến. "
                    "Vui lòng liên hệ Bộ phận Một cửa."
                ),
                code="closed",
            )
        # Files sent before a re-submission belong to the round that re-submission opens.
        upcoming = 1 if locked.status == Status.SUPPLEMENT_REQUESTED else 0
        round_ = services.supply_round(locked) + upcoming
        return save_documents(locked, checked, written=written, round=round_)


def supplement_with_documents(
    *, dossier: Dossier, secret: str, note: str, checked: Iterable[CheckedFile]
) -> Dossier:
    """The applicant sends a supplement online — asked at intake (``services.resubmit``) or during
    processing (``services.supplement_online``) — with its files, as a new round of documents.
    ``secret``: the tracking secret or a signed notice link's token (``services.check_proof``)."""
    checked = list(checked)
    if not checked and not note.strip():
        raise ValidationError(
            _("Đính kèm ít nhất một tệp hoặc ghi nội dung bổ sung."), code="empty_supplement"
        )
    service = (
        services.resubmit if dossier.status == Status.SUPPLEMENT_REQUESTED else services.supplement_online
    )
    return _supplemented(lambda: service(dossier=dossier, secret=secret, note=note), checked)


def counter_supplement(
    *, actor, dossier: Dossier, revision, note: str, checked: Iterable[CheckedFile]
) -> Dossier:
    """The counter records a supplement the applicant brought (at intake: ``intake_supplement_received``;
    during processing: ``supplement_received``), with the scans, as a new round of documents."""
    service = (
        services.intake_supplement_received
        if dossier.status == Status.SUPPLEMENT_REQUESTED
        else services.supplement_received
    )
    return _supplemented(
        lambda: service(actor=actor, dossier=dossier, revision=revision, note=note), list(checked), user=actor
    )


def _supplemented(change, checked: list[CheckedFile], *, user=None) -> Dossier:
    """``change()`` (a supplement operation) and its files as the round it opened, in one transaction;
    files written are removed again if anything fails."""
    with removed_on_failure() as written, transaction.atomic():
        dossier = change()
        save_documents(dossier, checked, written=written, user=user, round=services.supply_round(dossier))
    return dossier


def resubmit_with_documents(*, dossier: Dossier, secret: str, note: str, checked: Iterable[CheckedFile]):
    """The applicant amends after a supplement request at intake (kept for the API)."""
    return supplement_with_documents(dossier=dossier, secret=secret, note=note, checked=checked)


def _result_attacher(checked: list[CheckedFile], *, actor, title: str, written: list[str]):
    def attach(dossier: Dossier) -> None:
        save_documents(
            dossier, checked, kind=DossierDocument.Kind.RESULT, user=actor, written=written, title=title
        )

    return attach


def approve_with_result(
    *, actor, dossier: Dossier, revision, note: str = "", title: str = "", checked: Iterable[CheckedFile]
):
    """``services.approve`` and the result files (kind RESULT, named ``title``), in one transaction."""
    title = (title or "").strip() or dossier.procedure_version.result_name
    with removed_on_failure() as written:
        attach = _result_attacher(list(checked), actor=actor, title=title, written=written)
        return services.approve(actor=actor, dossier=dossier, revision=revision, note=note, attach=attach)


def return_with_result(*, actor, dossier: Dossier, revision, title: str = "", checked: Iterable[CheckedFile]):
    """``services.return_result``, storing the electronic result first when one is given."""
    checked = list(checked)
    title = (title or "").strip() or dossier.procedure_version.result_name
    with removed_on_failure() as written:
        attach = _result_attacher(checked, actor=actor, title=title, written=written) if checked else None
        return services.return_result(actor=actor, dossier=dossier, revision=revision, attach=attach)


def documents_of(dossier: Dossier):
    """The files of ``dossier`` (no file content read)."""
    return dossier.documents.select_related("required_document").order_by("kind", "id")


def open_document(document: DossierDocument):
    """Open the stored file for reading (``FileNotFoundError`` if missing on disk)."""
    return document.file.open("rb")
