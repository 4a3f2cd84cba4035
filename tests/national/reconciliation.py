"""Test helpers around the daily reconciliation, for the tests that put dossiers on the stand-in portal
(the reconciliation's own tests, the 1,000-dossier fault test)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from cchc.national.models import ReconcileLine, ReconcileRun
from cchc.national.reconcile import reconcile


def assert_reconciled_100(
    day: dt.date | None = None, *, now: dt.datetime | None = None, allow_late: bool = False, client=None
) -> ReconcileRun:
    """Run the reconciliation of ``day`` (today by default: the dossiers a test just changed) against
    the configured portal and assert it shows 100 %: the run complete, at least one dossier, every one
    synchronised (or, with ``allow_late``, synchronised late). Returns the run; a failure lists the
    first dossiers that were not."""
    now = now or timezone.now()
    run = reconcile(day or timezone.localdate(now), now=now, client=client)
    assert run.state == ReconcileRun.State.COMPLETE, f"đối soát chưa hoàn tất: {run.error}"
    verdict, reason = ReconcileLine.Verdict, ReconcileLine.Reason
    ok = Q(verdict=verdict.SYNCHRONISED)
    if allow_late:  # acknowledged late, not still waiting
        ok |= Q(verdict=verdict.LATE, reason=reason.DELIVERED_LATE)
    not_ok = run.lines.exclude(ok).order_by("dossier_id")
    n = not_ok.count()
    examples = list(
        not_ok.values_list("dossier__code", "verdict", "reason", "expected_code", "portal_code")[:20]
    )
    assert run.total > 0, "không có hồ sơ nào để đối soát"
    assert n == 0, f"{n}/{run.total} hồ sơ chưa đồng bộ, ví dụ: {examples}"
    return run
