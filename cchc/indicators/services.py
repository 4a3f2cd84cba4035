"""Writes of the indicators app: external results and the PAR self-assessment (Office, sysadmin)."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q, Sum

from cchc.common.uploads import inspect_upload
from cchc.indicators.models import Criterion, Evidence, ExternalResult, SelfAssessment
from cchc.org import roles

EDITORS = {roles.OFFICE, roles.SYSADMIN}
MAX_EVIDENCE_BYTES = 20 * 1024 * 1024


def _check(actor) -> None:
    if actor is None or not (roles.user_roles(actor) & EDITORS):
        raise PermissionDenied("Chỉ Văn phòng Sở hoặc quản trị hệ thống được thay đổi số liệu này.")


@transaction.atomic
def save_external_result(
    *, actor, index, year, score, max_score, rank=None, rank_of=None, source="", note=""
) -> ExternalResult:
    """Create or update the result of ``index`` for ``year`` (one row per index and year)."""
    _check(actor)
    if score > max_score:
        raise ValidationError("Điểm không được lớn hơn thang điểm.")
    if rank and rank_of and rank > rank_of:
        raise ValidationError("Thứ hạng không được lớn hơn tổng số đơn vị xếp hạng.")
    result = ExternalResult.objects.select_for_update().filter(index=index, year=year).first()
    result = result or ExternalResult(index=index, year=year)
    result.score, result.max_score = score, max_score
    result.rank, result.rank_of = rank, rank_of
    result.source, result.note = source or "", note or ""
    result.illustrative = False
    result.updated_by = actor
    result.full_clean()
    result.save()
    return result


@transaction.atomic
def score_criterion(*, actor, criterion: Criterion, self_score: Decimal | None, note: str = "") -> Criterion:
    _check(actor)
    criterion = Criterion.objects.select_for_update().get(pk=criterion.pk)
    if self_score is not None and self_score > criterion.max_points:
        raise ValidationError(
            f"Điểm tự đánh giá của tiêu chí {criterion.code} không được vượt {criterion.max_points} điểm."
        )
    criterion.self_score = self_score
    criterion.note = note or ""
    criterion.save(update_fields=["self_score", "note"])
    return criterion


@transaction.atomic
def add_evidence(*, actor, criterion: Criterion, title: str, url: str = "", file=None) -> Evidence:
    _check(actor)
    if not url and not file:
        raise ValidationError("Cần đường dẫn hoặc tệp kiểm chứng.")
    evidence = Evidence(criterion=criterion, title=title, url=url or "", added_by=actor)
    if file:
        info = inspect_upload(file, max_bytes=MAX_EVIDENCE_BYTES)
        evidence.original_name, evidence.mime = info.original_name, info.mime
        evidence.size, evidence.sha256 = info.size, info.sha256
        evidence.file.save(info.safe_name, file, save=False)
    evidence.save()
    return evidence


def assessment_totals(sheet: SelfAssessment) -> dict:
    """Max points, self score (of scored criteria), criteria without score or without evidence."""
    row = sheet.criteria.aggregate(
        total_max=Sum("max_points"),
        total_self=Sum("self_score"),
        unscored=Count("pk", filter=Q(self_score__isnull=True)),
    )
    row["without_evidence"] = sheet.criteria.filter(evidence__isnull=True).count()
    return {
        "max_points": row["total_max"],
        "self_score": row["total_self"],
        "unscored": row["unscored"],
        "without_evidence": row["without_evidence"],
    }
