"""Reads of the connector's state that other apps share: the status mapping's rule, and the two
definitions QĐ 766 counts — a dossier **synchronised** to the portal (1.4) and a result **linked to the
applicant's personal data store** (4.4). The indicators (``cchc.indicators.qd766``), the reconciliation
page and the delivery worker read these, so each rule lives here once.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from cchc.national.models import DossierSync, StatusMapping


def late_after() -> dt.timedelta:
    """How long after a change the portal may acknowledge it and still be on time
    (``CCHC_DVCQG_SYNC_LATE_MINUTES``)."""
    return dt.timedelta(minutes=settings.DVCQG_SYNC_LATE_MINUTES)


def status_codes(on: dt.date | None = None) -> dict[tuple[str, str], str]:
    """The status mapping in force on ``on`` (today): (status, action or "") → national code."""
    on = on or timezone.localdate()
    rows = (
        StatusMapping.objects.filter(valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .order_by("valid_from")  # the latest in force wins
        .values_list("status", "action", "national_code")
    )
    return {(status, action): code for status, action, code in rows}


def national_code(codes: dict[tuple[str, str], str], status: str, action: str = "") -> str | None:
    """The national code of a dossier in ``status`` reached by ``action``: the row for that operation
    first, then the status alone (``StatusMapping``'s rule); None when the mapping has no row."""
    return codes.get((status, action or "")) or codes.get((status, ""))


def synchronised(now: dt.datetime | None = None) -> Exists:
    """A dossier (outer row: ``Dossier``) is **synchronised** when the portal acknowledged its intake
    (``DossierSync.acked_at``, by ``now``) and the last reconciliation did not find it missing there.

    A late acknowledgement counts: QĐ 766 1.4 counts the dossiers the portal has, whenever they came;
    how late they came is the reconciliation's measure (decision 0023, "Reconciliation")."""
    acked = Q(acked_at__isnull=False, portal_missing_at__isnull=True)
    if now is not None:
        acked &= Q(acked_at__lte=now)
    return Exists(DossierSync.objects.filter(acked, dossier=OuterRef("pk")))


def result_in_store(now: dt.datetime | None = None) -> Exists:
    """A dossier's (outer row: ``Dossier``) result reached the applicant's personal data store on the
    portal (``DossierSync.store_linked_at``, by ``now``; the delivery sets it when the portal
    acknowledges a result linked to the applicant's account)."""
    linked = Q(store_linked_at__isnull=False)
    if now is not None:
        linked &= Q(store_linked_at__lte=now)
    return Exists(DossierSync.objects.filter(linked, dossier=OuterRef("pk")))
