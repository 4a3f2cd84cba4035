"""Reads of online payment: a dossier's payments and receipts, the reconciliation runs."""

from __future__ import annotations

from cchc.dossiers import selectors as dossier_selectors
from cchc.dossiers.models import Dossier
from cchc.payments.models import Payment, ReconciliationLine, ReconciliationRun


def latest_payment(dossier: Dossier) -> Payment | None:
    return Payment.objects.filter(dossier=dossier).order_by("-requested_at", "-id").first()


def payment_of(dossier: Dossier, reference: str) -> Payment | None:
    return Payment.objects.filter(dossier=dossier, reference=(reference or "")[:48]).first()


receipts_of = dossier_selectors.receipts_of


def runs(limit: int = 30) -> list[ReconciliationRun]:
    return list(ReconciliationRun.objects.select_related("actor")[:limit])


def run_lines(run: ReconciliationRun, *, agency=None) -> list[ReconciliationLine]:
    """A run's lines; with ``agency``, only those of that agency's dossiers and those naming no payment
    of ours (the platform's alone, which the agency's finance staff must also look into)."""
    lines = run.lines.select_related("payment__dossier__agency").order_by("kind", "reference")
    if agency is not None:
        from django.db.models import Q

        lines = lines.filter(Q(payment__isnull=True) | Q(payment__dossier__agency=agency))
    return list(lines)
