"""Read-side queries for organisations."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Q, QuerySet

from cchc.org import roles
from cchc.org.models import Agency, Staff, Unit


def display_name(user) -> str:
    """How any person who acts in the system is named on every screen, slip and report.

    Staff are named by ``Staff.full_name``, written as they write it (Vietnamese order); an account
    without a staff profile (a system administrator) by its user name. ``""`` for no user.
    """
    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    try:
        staff = user.staff
    except ObjectDoesNotExist:
        staff = None
    return (staff.full_name if staff is not None else "") or user.get_username()


def public_contacts(day: dt.date | None = None) -> QuerySet[Staff]:
    """Officials who receive, guide and answer feedback on procedures (plan P-B5), by unit."""
    units = Unit.objects.valid_on(day)
    return (
        Staff.objects.filter(is_public_contact=True, user__is_active=True, unit__in=units)
        .select_related("user", "unit", "unit__agency")
        .order_by("unit__kind", "unit__name", "contact_order", "full_name")
    )


def heads() -> QuerySet[Staff]:
    """Everyone who heads their unit: the unit-head role, or the Office role for staff of the Office
    (decision 0003: given to someone of another unit, the Office role makes no head). One row per
    person. Accounts closed since are included (a year's 90 % table still measures them); see
    ``heads_of`` for the people to tell.

    The SQL form of what ``roles.user_roles`` gives one user, for grouped queries.
    """
    head = Q(user__groups__name=roles.UNIT_HEAD) | Q(
        user__groups__name=roles.OFFICE, unit__kind=Unit.Kind.OFFICE
    )
    return Staff.objects.filter(pk__in=Staff.objects.filter(head).values("pk"))


def heads_of(unit: Unit) -> QuerySet[Staff]:
    """The heads of ``unit`` with an open account: whom the plan, the early warnings and the survey
    follow-ups tell about the unit's work (``Staff.email`` is their address, possibly empty)."""
    return heads().filter(unit=unit, user__is_active=True).select_related("user")


# --- the province: agencies, service places, lineage (decision 0021) ---------------------------------


def agencies_on(day: dt.date | None = None) -> QuerySet[Agency]:
    """The agencies in force on ``day`` (today by default)."""
    return Agency.objects.valid_on(day)


def service_places(day: dt.date | None = None) -> QuerySet[Agency]:
    """Public administration service centres and their branches in force on ``day``: the places that
    receive dossiers and return results for the province's agencies."""
    return agencies_on(day).filter(kind=Agency.Kind.SERVICE_CENTRE).order_by("level", "name")


def places_receiving_for(
    agency_ids, *, anywhere: bool = False, day: dt.date | None = None
) -> QuerySet[Agency]:
    """Where a dossier for any of ``agency_ids`` may be received (and its result returned): every service
    place of the province in force on ``day`` for a procedure receivable anywhere (ND 118/2025), else the
    places that serve one of the agencies (``Agency.serves``). An agency's own counter is the caller's."""
    places = service_places(day)
    if anywhere:
        return places
    return places.filter(serves__in=list(agency_ids)).distinct()


def predecessors(agency: Agency) -> list[Agency]:
    """Every agency whose ``replaced_by`` chain leads to ``agency`` (not ``agency`` itself), nearest
    first: the history an indicator over a period that crosses a merger follows (decision 0021)."""
    out: list[Agency] = []
    frontier, seen = [agency.pk], {agency.pk}
    while frontier:
        found = list(Agency.objects.filter(replaced_by__in=frontier).exclude(pk__in=seen))
        out.extend(found)
        frontier = [a.pk for a in found]
        seen.update(frontier)
    return out


def lineage_ids(agency: Agency) -> list[int]:
    """``agency`` and its predecessors, as ids."""
    return [agency.pk, *(a.pk for a in predecessors(agency))]


def places_receiving_for_many(agency_ids, *, day: dt.date | None = None) -> dict[int, list[Agency]]:
    """``places_receiving_for`` per agency, in one query: agency id → the
    service places that serve it (a commune-level procedure's page lists every commune's centre)."""
    through = Agency.serves.through
    places = {p.pk: p for p in service_places(day).filter(serves__in=agency_ids).distinct()}
    out: dict[int, list[Agency]] = {pk: [] for pk in agency_ids}
    rows = through.objects.filter(from_agency_id__in=places, to_agency_id__in=agency_ids)
    for place_id, agency_id in rows.values_list("from_agency_id", "to_agency_id"):
        out[agency_id].append(places[place_id])
    for found in out.values():
        found.sort(key=lambda p: (p.level != Agency.Level.PROVINCE, p.name))
    return out
