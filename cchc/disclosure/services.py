"""Every change of a publication: create or update a draft, publish, withdraw.

Each function takes the keyword-only ``actor`` (a Django user) and runs in the workflow kernel's
frame (``PUBLICATIONS.operation``, ``cchc.common.workflow``): one transaction; the row locked; the
state, then the role **and unit** checked against ``cchc.disclosure.workflow``; the table's target
applied; a :class:`~cchc.disclosure.models.PublicationEvent` appended in the same transaction.
Refusals raise ``PermissionDenied`` or ``ValidationError`` with a Vietnamese message; nothing is
half-saved (a file written for a transaction that rolls back is removed again).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.common import formats
from cchc.common.stored_files import removed_on_failure
from cchc.common.uploads import UploadInfo, inspect_upload
from cchc.common.workflow import Operation, Workflow
from cchc.disclosure import workflow
from cchc.disclosure.models import Commune, Kind, Publication, PublicationEvent, Status
from cchc.org import roles
from cchc.org.access import staff_of
from cchc.org.models import Staff, Unit
from cchc.workdays.calendar import working_days_between

# Fields a draft's author fills in.
FIELDS = (
    "kind",
    "title",
    "summary",
    "number",
    "issuer",
    "issued_on",
    "effective_on",
    "round_ends_on",
    "year",
    "commune",
    "poor_households",
    "near_poor_households",
)
# Kinds that cannot be published without their file.
FILE_REQUIRED = frozenset({Kind.LEGAL, Kind.POOR_HOUSEHOLD})
YEAR_KINDS = frozenset({Kind.PLAN, Kind.PLAN_REPORT, Kind.SURVEY, Kind.POOR_HOUSEHOLD})


def max_file_bytes() -> int:
    return int(getattr(settings, "CCHC_DISCLOSURE_MAX_FILE_BYTES", settings.CCHC_MAX_UPLOAD_BYTES))


def check_file(upload) -> UploadInfo:
    """The upload checked by content and size (raises ``ValidationError`` on the field ``file``)."""
    try:
        return inspect_upload(upload, max_bytes=max_file_bytes())
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc


def _fmt(day: dt.date) -> str:
    return formats.format_date(day)


def _refused_status(op: Operation, publication: Publication) -> str:
    status = PUBLICATIONS.status_of(publication)
    return _("Không thể thực hiện thao tác này với thông tin ở trạng thái “%(status)s”.") % {
        "status": Status(status).label if status else "—"
    }


def _authorize(op: Operation, actor, publication: Publication) -> Staff:
    """The role and unit rules of the publication workflow (the status is checked before)."""
    staff = staff_of(actor)
    names = roles.user_roles(actor)
    if workflow.may(op, names, staff.unit_id, publication.unit_id):
        return staff
    if workflow.scope_for(op, names) is None:
        if op.name in ("publish", "withdraw"):
            raise PermissionDenied(
                _("Chỉ Văn phòng Sở được công khai hoặc gỡ bỏ thông tin trên trang công khai.")
            )
        raise PermissionDenied(_("Vai trò của bạn không được soạn thông tin công khai."))
    raise PermissionDenied(_("Bạn chỉ được soạn thông tin công khai của đơn vị mình."))


def _save_publication(publication: Publication) -> None:
    """Save; the database's one-published-review-per-commune-and-year rule may refuse a publication
    that raced another one (the check in :func:`publish` did not see it yet)."""
    try:
        with transaction.atomic():
            publication.save()
    except IntegrityError as exc:
        raise ValidationError(_("Đã có kết quả rà soát của xã, năm này đang công khai.")) from exc


# The publication workflow in the kernel's frame (publications have no revision: drafts are
# edited by one unit, and publish/withdraw check the status under the row lock).
PUBLICATIONS = Workflow(
    table=workflow.OPERATIONS,
    model=Publication,
    event=PublicationEvent,
    subject="publication",
    authorize=_authorize,
    refused_status=_refused_status,
    save_row=_save_publication,
)


def validate(values: Mapping[str, Any], *, today: dt.date | None = None) -> None:
    """Check a draft's values; raises ``ValidationError`` with every message per field."""
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}

    def err(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    kind = values.get("kind")
    if kind not in Kind.values:
        err("kind", _("Chọn loại thông tin công khai."))
    if not (values.get("title") or "").strip():
        err("title", _("Nhập tiêu đề, trích yếu."))
    issued = values.get("issued_on")
    if not issued:
        err("issued_on", _("Nhập ngày ban hành."))
    elif issued > today:
        err("issued_on", _("Ngày ban hành không được sau ngày hôm nay."))
    effective = values.get("effective_on")
    if issued and effective and effective < issued:
        err(
            "effective_on",
            _("Ngày có hiệu lực (%(eff)s) không được trước ngày ban hành (%(iss)s).")
            % {"eff": _fmt(effective), "iss": _fmt(issued)},
        )
    ends = values.get("round_ends_on")
    if issued and ends and ends < issued:
        err(
            "round_ends_on",
            _("Ngày kết thúc đợt tuyển dụng (%(end)s) không được trước ngày ban hành (%(iss)s).")
            % {"end": _fmt(ends), "iss": _fmt(issued)},
        )
    if kind == Kind.LEGAL:
        if not (values.get("number") or "").strip():
            err("number", _("Nhập số, ký hiệu văn bản."))
        if not (values.get("issuer") or "").strip():
            err("issuer", _("Nhập cơ quan ban hành văn bản."))
    if kind == Kind.RECRUITMENT and not ends:
        err("round_ends_on", _("Kế hoạch tuyển dụng phải có ngày kết thúc đợt tuyển dụng."))
    year = values.get("year")
    if kind in YEAR_KINDS and not year:
        err("year", _("Nhập năm của kế hoạch, kết quả hoặc đợt rà soát."))
    if year and not 2000 <= int(year) <= today.year + 5:
        err("year", _("Năm không hợp lệ."))
    if kind == Kind.POOR_HOUSEHOLD:
        if not values.get("commune"):
            err("commune", _("Chọn xã, phường của kết quả rà soát."))
        for name, label in (
            ("poor_households", _("số hộ nghèo")),
            ("near_poor_households", _("số hộ cận nghèo")),
        ):
            if values.get(name) is None:
                err(name, _("Nhập %(what)s.") % {"what": label})
    if errors:
        raise ValidationError(errors)


def _store_file(publication: Publication, upload, info: UploadInfo, written: list[str]) -> None:
    upload.seek(0)
    publication.file.save(info.safe_name, File(upload, name=info.safe_name), save=False)
    written.append(publication.file.name)
    publication.file_name = info.original_name[:255] or info.safe_name
    publication.file_mime = info.mime
    publication.file_size = info.size
    publication.file_sha256 = info.sha256


def create_draft(*, actor, values: Mapping[str, Any], unit: Unit | None = None, upload=None) -> Publication:
    """A new draft of ``unit`` (default: the actor's unit), with its file if given."""
    staff = staff_of(actor)
    draft = Publication(unit=unit or staff.unit, created_by=actor)
    with (
        removed_on_failure() as written,
        PUBLICATIONS.operation("create", actor=actor, row=draft, revision=None, at=timezone.now()),
    ):
        if draft.unit.agency_id != staff.unit.agency_id:
            raise PermissionDenied(_("Chỉ soạn được thông tin công khai của các đơn vị thuộc cơ quan mình."))
        values = {k: values.get(k) for k in FIELDS}
        validate(values)
        info = check_file(upload) if upload is not None else None
        for key, value in _clean(values).items():
            setattr(draft, key, value)
        if info is not None:
            _store_file(draft, upload, info, written)
    return draft


def update_draft(*, actor, publication: Publication, values: Mapping[str, Any], upload=None) -> Publication:
    """Change a draft (only a draft: a published text is withdrawn and published anew)."""
    info = check_file(upload) if upload is not None else None
    with (
        removed_on_failure() as written,
        PUBLICATIONS.operation(
            "update", actor=actor, row=publication, revision=None, at=timezone.now()
        ) as change,
    ):
        locked = change.row
        merged = {k: values.get(k, getattr(locked, k)) for k in FIELDS}
        validate(merged)
        for key, value in _clean(merged).items():
            setattr(locked, key, value)
        if info is not None:
            _store_file(locked, upload, info, written)
    return locked


def _clean(values: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(values)
    for key in ("title", "summary", "number", "issuer"):
        out[key] = (out.get(key) or "").strip()
    if isinstance(out.get("commune"), int | str) and out.get("commune"):
        out["commune"] = Commune.objects.get(pk=out["commune"])
    return out


def publish(*, actor, publication: Publication, published_on: dt.date | None = None) -> Publication:
    """Publish a draft on ``published_on`` (default today; an earlier day records a publication
    already made on the old website) and store its lateness in working days."""
    today = timezone.localdate()
    day = published_on or today
    with PUBLICATIONS.operation(
        "publish", actor=actor, row=publication, revision=None, at=timezone.now()
    ) as change:
        locked = change.row
        if day > today:
            raise ValidationError({"published_on": _("Ngày công khai không được sau ngày hôm nay.")})
        if day < locked.issued_on:
            raise ValidationError(
                {
                    "published_on": _("Ngày công khai (%(pub)s) không được trước ngày ban hành (%(iss)s).")
                    % {"pub": _fmt(day), "iss": _fmt(locked.issued_on)}
                }
            )
        if locked.kind in FILE_REQUIRED and not locked.file:
            raise ValidationError({"file": _("Phải đính kèm tệp văn bản trước khi công khai.")})
        if (
            locked.kind == Kind.POOR_HOUSEHOLD
            and Publication.objects.filter(
                kind=Kind.POOR_HOUSEHOLD, status=Status.PUBLISHED, commune=locked.commune_id, year=locked.year
            ).exists()
        ):
            raise ValidationError(
                _("%(commune)s đã có kết quả rà soát năm %(year)s đang công khai; gỡ bỏ bản cũ trước.")
                % {"commune": locked.commune.name, "year": locked.year}
            )
        locked.published_on = day
        locked.published_at = change.at
        locked.late_days = working_days_between(locked.issued_on, day)
    return locked


def withdraw(*, actor, publication: Publication, reason: str) -> Publication:
    """Withdraw a published item: hidden from the public lists, the row and its history kept."""
    reason = (reason or "").strip()
    with PUBLICATIONS.operation(
        "withdraw", actor=actor, row=publication, revision=None, at=timezone.now()
    ) as change:
        if not reason:
            raise ValidationError({"reason": _("Nhập lý do gỡ bỏ.")})
        change.row.withdrawn_at = change.at
        change.row.withdrawal_reason = reason[:500]
        change.note = reason
    return change.row
