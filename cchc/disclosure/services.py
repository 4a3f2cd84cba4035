"""Every change of a publication: create or update a draft, publish, withdraw.

Each function takes the keyword-only ``actor`` (a Django user), checks the role **and unit**
against ``cchc.disclosure.workflow`` and the state first, runs in one ``transaction.atomic``, locks
the row (``select_for_update``) when two people may collide, and appends a
:class:`~cchc.disclosure.models.PublicationEvent` in the same transaction. Refusals raise
``PermissionDenied`` or ``ValidationError`` with a Vietnamese message; nothing is half-saved (a file
written for a transaction that rolls back is removed again).
"""

from __future__ import annotations

import contextlib
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
from cchc.common.uploads import UploadInfo, inspect_upload
from cchc.disclosure import workflow
from cchc.disclosure.models import Commune, Kind, Publication, PublicationEvent, Status
from cchc.org import roles
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


def _staff(actor) -> Staff:
    staff = Staff.objects.select_related("unit").filter(user=actor).first() if actor is not None else None
    if staff is None or not actor.is_active:
        raise PermissionDenied(_("Chỉ cán bộ có tài khoản thuộc một đơn vị mới được thực hiện thao tác này."))
    return staff


def _check_allowed(operation: str, actor, status: str, unit_id) -> Staff:
    staff = _staff(actor)
    names = roles.user_roles(actor)
    if workflow.allowed(operation, status, names, staff.unit_id, unit_id):
        return staff
    op = workflow.OPERATIONS[operation]
    if status not in op.sources:
        raise ValidationError(
            _("Không thể thực hiện thao tác này với thông tin ở trạng thái “%(status)s”.")
            % {"status": Status(status).label if status else "—"}
        )
    if op.scope_for(names) is None:
        if operation in ("publish", "withdraw"):
            raise PermissionDenied(
                _("Chỉ Văn phòng Sở được công khai hoặc gỡ bỏ thông tin trên trang công khai.")
            )
        raise PermissionDenied(_("Vai trò của bạn không được soạn thông tin công khai."))
    raise PermissionDenied(_("Bạn chỉ được soạn thông tin công khai của đơn vị mình."))


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


def _remove(names: list[str]) -> None:
    storage = Publication._meta.get_field("file").storage
    for name in names:
        with contextlib.suppress(OSError):
            storage.delete(name)


def _event(publication, action, actor, from_status, note="") -> None:
    PublicationEvent.objects.create(
        publication=publication,
        at=timezone.now(),
        action=action,
        actor=actor,
        from_status=from_status,
        to_status=publication.status,
        note=note,
    )


def create_draft(*, actor, values: Mapping[str, Any], unit: Unit | None = None, upload=None) -> Publication:
    """A new draft of ``unit`` (default: the actor's unit), with its file if given."""
    staff = _staff(actor)
    unit = unit or staff.unit
    _check_allowed("create", actor, "", unit.pk)
    if unit.agency_id != staff.unit.agency_id:
        raise PermissionDenied(_("Chỉ soạn được thông tin công khai của các đơn vị thuộc cơ quan mình."))
    values = {k: values.get(k) for k in FIELDS}
    validate(values)
    info = check_file(upload) if upload is not None else None
    written: list[str] = []
    try:
        with transaction.atomic():
            publication = Publication(unit=unit, created_by=actor, status=Status.DRAFT, **_clean(values))
            if info is not None:
                _store_file(publication, upload, info, written)
            publication.save()
            _event(publication, PublicationEvent.Action.CREATE, actor, "")
    except Exception:
        _remove(written)
        raise
    return publication


def update_draft(*, actor, publication: Publication, values: Mapping[str, Any], upload=None) -> Publication:
    """Change a draft (only a draft: a published text is withdrawn and published anew)."""
    info = check_file(upload) if upload is not None else None
    written: list[str] = []
    try:
        with transaction.atomic():
            locked = Publication.objects.select_for_update().get(pk=publication.pk)
            _check_allowed("update", actor, locked.status, locked.unit_id)
            merged = {k: values.get(k, getattr(locked, k)) for k in FIELDS}
            validate(merged)
            for key, value in _clean(merged).items():
                setattr(locked, key, value)
            if info is not None:
                _store_file(locked, upload, info, written)
            locked.save()
            _event(locked, PublicationEvent.Action.UPDATE, actor, Status.DRAFT)
    except Exception:
        _remove(written)
        raise
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
    with transaction.atomic():
        locked = Publication.objects.select_for_update().get(pk=publication.pk)
        _check_allowed("publish", actor, locked.status, locked.unit_id)
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
        locked.status = Status.PUBLISHED
        locked.published_on = day
        locked.published_at = timezone.now()
        locked.late_days = working_days_between(locked.issued_on, day)
        try:
            with transaction.atomic():
                locked.save()
        except IntegrityError as exc:  # a concurrent publication of the same commune and year
            raise ValidationError(_("Đã có kết quả rà soát của xã, năm này đang công khai.")) from exc
        _event(locked, PublicationEvent.Action.PUBLISH, actor, Status.DRAFT)
    return locked


def withdraw(*, actor, publication: Publication, reason: str) -> Publication:
    """Withdraw a published item: hidden from the public lists, the row and its history kept."""
    reason = (reason or "").strip()
    with transaction.atomic():
        locked = Publication.objects.select_for_update().get(pk=publication.pk)
        _check_allowed("withdraw", actor, locked.status, locked.unit_id)
        if not reason:
            raise ValidationError({"reason": _("Nhập lý do gỡ bỏ.")})
        locked.status = Status.WITHDRAWN
        locked.withdrawn_at = timezone.now()
        locked.withdrawal_reason = reason[:500]
        locked.save()
        _event(locked, PublicationEvent.Action.WITHDRAW, actor, Status.PUBLISHED, reason)
    return locked
