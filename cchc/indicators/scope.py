"""What is counted: the dossiers and procedure versions of the whole province, of one agency (with its
lineage) or of one unit.

**Which agency a dossier counts for (decision 0021, "Split work").** ``Dossier.agency`` is the
competent agency. Agency X's indicators over any period count

- X's own dossiers;
- its predecessors' (``org.selectors.predecessors``: the ``replaced_by`` chain backwards) in every
  field the predecessor did not hand to another agency (``procedures.FieldTransfer``);
- the dossiers of another agency (and of that agency's predecessors) in a field it handed to X.

So Sở LĐTBXH's dossiers up to 30/6/2025 count in Sở Nội vụ's 2025 figures, except those of social
protection and children, which count in Sở Y tế's. ``Lineage`` holds that rule once: as an SQL
condition on ``agency_id`` and ``procedure_version_id`` (``q()``, which the dossiers and their monthly
tallies both carry, so the tallies' fast path stays) and as its Python twin (``covers()``); a test
holds them equal.

**Which unit a dossier belongs to.** The unit in charge of a dossier is the unit of the *specialist*
step (``ProcessStep.Role.SPECIALIST``) of the process that applies to its competent agency (the
performer's own steps, else the version's) — the division that examines it, whichever unit holds it at
the moment. A unit's dossiers are its agency's (with the lineage above) whose version has such a step
of the unit.

``agency=None`` and ``unit=None`` is the whole province: every dossier.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import F, Q, QuerySet

from cchc.common.periods import Period
from cchc.dossiers.models import Dossier
from cchc.org.models import Agency, Unit, valid_on_q
from cchc.org.selectors import lineage_ids, predecessors
from cchc.procedures.models import FieldTransfer, ProcedureVersion, ProcessStep


@dataclass(frozen=True)
class Lineage:
    """The dossiers agency ``agency_id`` answers for: ``whole`` agencies in every field, ``partial``
    ones in every field but some, ``incoming`` ones in some fields only."""

    agency_id: int
    whole: frozenset[int]
    partial: dict[int, frozenset[int]] = field(default_factory=dict)  # agency id → fields NOT counted
    incoming: dict[int, frozenset[int]] = field(default_factory=dict)  # agency id → the only fields counted

    def covers(self, agency_id: int, field_id: int | None) -> bool:
        """Python twin of ``q()``: does a dossier of ``agency_id`` in ``field_id`` count here?"""
        if agency_id in self.whole:
            return True
        if agency_id in self.partial:
            return field_id not in self.partial[agency_id]
        return field_id in self.incoming.get(agency_id, ())

    def q(self, agency: str = "agency_id", version: str = "procedure_version_id") -> Q:
        """The rule as one SQL condition on a row's agency and procedure version columns."""
        cond = Q(**{f"{agency}__in": sorted(self.whole)})
        for fields, ids in _group(self.partial).items():
            cond |= Q(**{f"{agency}__in": ids}) & ~Q(**{f"{version}__in": _versions_in(fields)})
        for fields, ids in _group(self.incoming).items():
            cond |= Q(**{f"{agency}__in": ids, f"{version}__in": _versions_in(fields)})
        return cond

    @property
    def agency_ids(self) -> set[int]:
        return set(self.whole) | set(self.partial) | set(self.incoming)


def _group(by_agency: dict[int, frozenset[int]]) -> dict[frozenset[int], list[int]]:
    out: dict[frozenset[int], list[int]] = {}
    for agency_id, fields in sorted(by_agency.items()):
        out.setdefault(fields, []).append(agency_id)
    return out


def _versions_in(fields: frozenset[int]) -> QuerySet:
    return ProcedureVersion.objects.filter(field_id__in=sorted(fields)).values("pk")


def lineage(agency: Agency) -> Lineage:
    """The lineage of ``agency`` (a few small queries: agencies and field transfers)."""
    before = {a.pk for a in predecessors(agency)}
    excluded: dict[int, set[int]] = {}
    incoming: dict[int, set[int]] = {}
    for t in FieldTransfer.objects.filter(Q(from_agency_id__in=before) | Q(to_agency=agency)).select_related(
        "from_agency"
    ):
        if t.to_agency_id == agency.pk:
            if t.from_agency_id in before:
                continue  # the field stayed in the line: counted anyway
            for source in lineage_ids(t.from_agency):
                if source != agency.pk and source not in before:
                    incoming.setdefault(source, set()).add(t.field_id)
        else:
            # the field left the line: neither this predecessor's nor its own predecessors' dossiers in it
            for source in lineage_ids(t.from_agency):
                if source in before:
                    excluded.setdefault(source, set()).add(t.field_id)
    whole = {agency.pk} | (before - set(excluded))
    return Lineage(
        agency.pk,
        frozenset(whole),
        {k: frozenset(v) for k, v in excluded.items()},
        {k: frozenset(v) for k, v in incoming.items() if k not in whole and k not in excluded},
    )


def unit_lineage_ids(unit: Unit) -> list[int]:
    """``unit`` and the units it replaced (``Unit.replaced_by`` backwards): a renamed or merged
    division keeps its history."""
    out, frontier = [unit.pk], [unit.pk]
    while frontier:
        frontier = list(
            Unit.objects.filter(replaced_by__in=frontier).exclude(pk__in=out).values_list("pk", flat=True)
        )
        out.extend(frontier)
    return out


def unit_versions(unit: Unit) -> QuerySet:
    """Ids of the procedure versions whose specialist step is ``unit``'s or one of the units it
    replaced (as an SQL subquery)."""
    return ProcessStep.objects.filter(
        role=ProcessStep.Role.SPECIALIST, unit_id__in=unit_lineage_ids(unit)
    ).values("version_id")


def version_units(agency: Agency | None = None) -> dict[int, int]:
    """procedure version id → id of the unit in charge (one row per version): the specialist step of
    the version's common process, or of ``agency``'s own process where it has one."""
    steps = ProcessStep.objects.filter(role=ProcessStep.Role.SPECIALIST, unit__isnull=False)
    common = steps.filter(performer__isnull=True)
    out: dict[int, int] = {}
    for version_id, unit_id in common.order_by("version_id", "order").values_list("version_id", "unit_id"):
        out.setdefault(version_id, unit_id)
    if agency is not None:
        own: dict[int, int] = {}
        rows = steps.filter(performer__agency=agency).order_by("version_id", "order")
        for version_id, unit_id in rows.values_list("version_id", "unit_id"):
            own.setdefault(version_id, unit_id)
        out.update(own)
    return out


def _agency_of(agency: Agency | None, unit: Unit | None) -> Agency | None:
    return unit.agency if unit is not None else agency


def dossiers(agency: Agency | None = None, unit: Unit | None = None) -> QuerySet[Dossier]:
    """The dossiers of the province (both None), of ``agency`` with its lineage, or of ``unit``.

    The agency and version filters compare ``column + 0``: an aggregate over a year reads a large
    part of the table, which a sequential scan does far faster than the (agency, received_at) index
    followed by a random row fetch per dossier (SQLite picks the index otherwise: 120 s instead of
    1.7 s over 1,000,000 dossiers; see bench/bench_dashboard.py).
    """
    qs = Dossier.objects.all()
    agency = _agency_of(agency, unit)
    if agency is not None:
        qs = qs.alias(agency_scan=F("agency_id") + 0, version_scan=F("procedure_version_id") + 0).filter(
            lineage(agency).q("agency_scan", "version_scan")
        )
    if unit is not None:
        qs = qs.alias(unit_scan=F("procedure_version_id") + 0).filter(unit_scan__in=unit_versions(unit))
    return qs


def in_scope(
    qs: QuerySet,
    unit: Unit | None,
    *,
    version: str = "procedure_version",
    agency: Agency | None = None,
    agency_field: str = "agency",
) -> QuerySet:
    """Rows (dossiers, tallies, anything with an agency and a procedure version) of ``agency`` with its
    lineage, or of ``unit`` (``version`` names the field that holds the version). ``dossiers()`` keeps
    its own copy with a scan hint for the large aggregates."""
    agency = _agency_of(agency, unit)
    if agency is not None:
        qs = qs.filter(lineage(agency).q(f"{agency_field}_id", f"{version}_id"))
    if unit is not None:
        qs = qs.filter(**{f"{version}__in": unit_versions(unit)})
    return qs


def agency_versions(agency: Agency | None, unit: Unit | None = None) -> QuerySet[ProcedureVersion]:
    """Procedure versions ``agency`` performs (lead agency or performer), or ``unit``'s; all of the
    province's with both None."""
    qs = ProcedureVersion.objects.all()
    agency = _agency_of(agency, unit)
    if agency is not None:
        qs = qs.filter(Q(agency=agency) | Q(pk__in=agency.performances.values("version_id")))
    if unit is not None:
        qs = qs.filter(pk__in=unit_versions(unit))
    return qs


def _home_versions(unit: Unit | None, agency: Agency | None = None) -> QuerySet[ProcedureVersion]:
    """Published procedure versions of ``agency`` (or of ``unit``), whatever their validity."""
    return agency_versions(agency, unit).filter(status=ProcedureVersion.Status.PUBLISHED)


def _published_versions(
    period: Period, unit: Unit | None, agency: Agency | None = None
) -> QuerySet[ProcedureVersion]:
    """The versions in force at the period's end (``ProcedureVersion.objects.published``'s rule)."""
    return _home_versions(unit, agency).filter(valid_on_q(period.end))
