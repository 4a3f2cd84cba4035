"""What is counted: the home agency's dossiers and procedure versions, of the whole Department or of
one unit.

**Which unit a dossier belongs to.** The unit in charge of a dossier is the unit of the *specialist*
step (``ProcessStep.Role.SPECIALIST``) of its procedure version's internal process — the division
that examines it, whichever unit holds it at the moment (the counter holds the returned ones).
"The whole Department" (``unit=None``) is every dossier received by the home agency.
"""

from __future__ import annotations

from django.db.models import F, QuerySet

from cchc.common.periods import Period
from cchc.dossiers.models import Dossier
from cchc.org.models import Agency, Unit, valid_on_q
from cchc.procedures.models import ProcedureVersion, ProcessStep


def home_agency() -> Agency | None:
    return Agency.home()


def unit_versions(unit: Unit) -> QuerySet:
    """Ids of the procedure versions whose specialist step is ``unit``'s (as an SQL subquery)."""
    return ProcessStep.objects.filter(role=ProcessStep.Role.SPECIALIST, unit=unit).values("version_id")


def version_units() -> dict[int, int]:
    """procedure version id → id of the unit in charge (small table: one row per version)."""
    rows = (
        ProcessStep.objects.filter(role=ProcessStep.Role.SPECIALIST, unit__isnull=False)
        .order_by("version_id", "order")
        .values_list("version_id", "unit_id")
    )
    out: dict[int, int] = {}
    for version_id, unit_id in rows:
        out.setdefault(version_id, unit_id)
    return out


def dossiers(unit: Unit | None = None) -> QuerySet[Dossier]:
    """The dossiers of the Department (or of one unit).

    The agency and version filters compare ``column + 0``: an aggregate over a year reads about a
    third of the table, which a sequential scan does far faster than the (agency, received_at) index
    followed by a random row fetch per dossier (SQLite picks the index otherwise: 120 s instead of
    1.7 s over 1,000,000 dossiers; see bench/bench_dashboard.py).
    """
    qs = Dossier.objects.all()
    agency = home_agency()
    if agency is not None:
        qs = qs.alias(agency_scan=F("agency_id") + 0).filter(agency_scan=agency.pk)
    if unit is not None:
        qs = qs.alias(version_scan=F("procedure_version_id") + 0).filter(version_scan__in=unit_versions(unit))
    return qs


def in_scope(qs: QuerySet, unit: Unit | None, *, version: str = "procedure_version") -> QuerySet:
    """Rows of the home agency and, with ``unit``, of that unit's procedure versions (``version``
    names the field that holds the version: ``"pk"`` for ProcedureVersion itself). ``dossiers()``
    keeps its own copy with a scan hint for the large aggregates."""
    agency = home_agency()
    if agency is not None:
        qs = qs.filter(agency=agency)
    if unit is not None:
        qs = qs.filter(**{f"{version}__in": unit_versions(unit)})
    return qs


def _home_versions(unit: Unit | None) -> QuerySet[ProcedureVersion]:
    """Published procedure versions of the home agency (or of ``unit``), whatever their validity."""
    return in_scope(
        ProcedureVersion.objects.filter(status=ProcedureVersion.Status.PUBLISHED), unit, version="pk"
    )


def _published_versions(period: Period, unit: Unit | None) -> QuerySet[ProcedureVersion]:
    """The versions in force at the period's end (``ProcedureVersion.objects.published``'s rule)."""
    return _home_versions(unit).filter(valid_on_q(period.end))
