"""The connector's writes (decision 0023)."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone

from cchc.national import catalogue, inbound, interim_client
from cchc.national.models import InboundDossier

# --- inbound and catalogue ---------------------------------------------------------------------------
# (dossiers filed on the national portal: cchc.national.inbound; the national procedure database:
# cchc.national.catalogue)

log = logging.getLogger("cchc.national.inbound")


def receive_inbound(record, *, via: str, madonvi: str = "", at: dt.datetime | None = None):
    """One dossier record from the national portal → an online dossier in the counter's queue, once
    (``cchc.national.inbound.receive``: idempotent by the portal's code; checked first; all or nothing)."""
    return inbound.receive(record, via=via, madonvi=madonvi, at=at)


@dataclass
class PullResult:
    created: int = 0
    duplicates: int = 0
    rejected: int = 0
    failed_agencies: list[str] = field(default_factory=list)  # the portal failed: retried next round
    errors: list[str] = field(default_factory=list)


def pull_inbound(*, at: dt.datetime | None = None) -> PullResult:
    """One round of the pull: the dossiers filed on the portal for each configured agency code
    (``CCHC_DVCQG_AGENCY_CODES``), each through :func:`receive_inbound`. The portal failing (listing
    or a document) ends that agency's round with nothing half-saved; the next round asks again."""
    result = PullResult()
    for code in settings.CCHC_DVCQG_AGENCY_CODES:
        try:
            records = interim_client.call(settings.CCHC_DVCQG_LIST_SERVICE, madonvi=code)
            for record in records:
                outcome = inbound.receive(record, via=InboundDossier.Via.PULL, madonvi=code, at=at)
                if outcome.result == "created":
                    result.created += 1
                elif outcome.result == "duplicate":
                    result.duplicates += 1
                else:
                    result.rejected += 1
        except interim_client.PortalError as exc:
            log.warning("inbound pull for %s stopped: %s", code, exc)
            result.failed_agencies.append(code)
            result.errors.append(f"{code}: {exc}")
    log.info(
        "inbound pull at %s: %s created, %s repeated, %s refused, %s agencies failed",
        at or timezone.now(),
        result.created,
        result.duplicates,
        result.rejected,
        len(result.failed_agencies),
    )
    return result


def check_catalogue(*, at: dt.datetime | None = None):
    """Compare the catalogue with the national procedure database; store what differs
    (``cchc.national.catalogue.check``)."""
    return catalogue.check(at=at)


def apply_catalogue(*, actor, check, valid_from: dt.date):
    """The catalogue administrator confirms a procedure's differences: a new version from ``valid_from``
    (``cchc.national.catalogue.apply``; the local process, fees and performing agencies kept)."""
    return catalogue.apply(actor=actor, check=check, valid_from=valid_from)
