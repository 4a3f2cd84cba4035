"""Where a dossier is received and its result returned (decision 0021, "Intake anywhere").

One home for the place rules that intake, the workflow's counter scope, the paper transfers and the
counter's queue share:

- :func:`may_receive` — may a place (the officer's agency) receive a dossier of ``agency``: its own
  counter (a single department) always; a service place (centre, branch) in force when it serves the
  agency (``Agency.serves``) or the procedure is received anywhere in the province (ND 118/2025);
- :func:`intake_counters_q` / :func:`return_counters_q` — which places' counters act on the receipt
  side (receive, ask to supplement at intake, refuse, stop) and on the return side (the supplement
  during processing, the return): the place of receipt, the place of return (the place of receipt
  when it is empty); for an online dossier that names no place, the places serving the competent
  agency and the agency's own counter;
- :func:`counter_unit` / :func:`return_counter` — the counter unit of a place, and the counter that
  holds a decided dossier until it is returned.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.dossiers.models import Dossier
from cchc.org import selectors as org_selectors
from cchc.org.models import Agency, Unit

RECEIPT = "receipt"
RETURN = "return"


def serves(place_id: int, agency_id: int) -> bool:
    return Agency.serves.through.objects.filter(from_agency_id=place_id, to_agency_id=agency_id).exists()


def may_receive(
    place: Agency, agency_id: int, *, anywhere: bool, served: bool | None = None, day: dt.date | None = None
) -> bool:
    """May ``place`` receive (or return) a dossier whose competent agency is ``agency_id``?
    ``served``: whether the place serves the agency, when the caller has already read it."""
    if place.pk == agency_id:
        return True  # the agency's own counter (a single department)
    if not place.is_service_place or not place.is_valid_on(day):
        return False
    if anywhere:
        return True
    return serves(place.pk, agency_id) if served is None else served


def refusal(place: Agency, agency: Agency | str) -> str:
    return _(
        "%(place)s không tiếp nhận, trả kết quả hồ sơ của %(agency)s cho thủ tục này: thủ tục không "
        "thuộc danh mục tiếp nhận không phụ thuộc địa giới hành chính và nơi này không phục vụ cơ quan đó."
    ) % {"place": place, "agency": agency}


def check_return_place(place: Agency | None, agency: Agency, *, anywhere: bool, return_channel: int) -> None:
    """A return place named with the intake: where the result may be collected, or a clear refusal."""
    from cchc.dossiers.models import Channel

    if place is None:
        return
    if return_channel != Channel.COUNTER:
        raise ValidationError(
            {"return_place": _("Nhận kết quả qua bưu chính hoặc trực tuyến thì không chọn nơi trả kết quả.")}
        )
    if not may_receive(place, agency.pk, anywhere=anywhere):
        raise ValidationError({"return_place": refusal(place, agency)})


def _fallback_q(dossier: Dossier) -> Q:
    """Counters of the places serving the competent agency (in force today), and its own counter."""
    serving = org_selectors.places_receiving_for([dossier.agency_id])
    return Q(agency_id=dossier.agency_id) | Q(agency__in=serving.values("pk"))


def _place_q(place_id: int | None, dossier: Dossier) -> Q:
    return Q(agency_id=place_id) if place_id else _fallback_q(dossier)


def intake_counters_q(dossier: Dossier) -> Q:
    """Counter units (a ``Unit`` filter) acting on ``dossier``'s receipt side."""
    return Q(kind=Unit.Kind.COUNTER) & _place_q(dossier.receipt_place_id, dossier)


def return_place_id(dossier: Dossier) -> int | None:
    """The place that returns the result: the place of return, else the place of receipt."""
    return dossier.return_place_id or dossier.receipt_place_id


def return_counters_q(dossier: Dossier) -> Q:
    """Counter units (a ``Unit`` filter) acting on ``dossier``'s return side."""
    return Q(kind=Unit.Kind.COUNTER) & _place_q(return_place_id(dossier), dossier)


def counter_may_act(unit: Unit, dossier: Dossier, side: str) -> bool:
    """Is ``unit`` a counter acting on ``side`` (:data:`RECEIPT` or :data:`RETURN`) of ``dossier``?
    No query when the dossier names its place."""
    if unit.kind != Unit.Kind.COUNTER:
        return False
    place_id = dossier.receipt_place_id if side == RECEIPT else return_place_id(dossier)
    if place_id:
        return unit.agency_id == place_id
    if unit.agency_id == dossier.agency_id:
        return True
    return org_selectors.places_receiving_for([dossier.agency_id]).filter(pk=unit.agency_id).exists()


def counter_unit(place_id: int) -> Unit | None:
    """The counter unit (Bộ phận Một cửa) of a place, in force today."""
    return Unit.objects.valid_on().filter(agency_id=place_id, kind=Unit.Kind.COUNTER).order_by("pk").first()


def return_counter(dossier: Dossier) -> Unit | None:
    """The counter that holds a decided dossier until the result is returned: the return place's
    (the receipt place's when the return place is empty); for an online dossier that names none, the
    competent agency's own counter, else the first place serving it."""
    place_id = return_place_id(dossier)
    if place_id:
        return counter_unit(place_id)
    own = counter_unit(dossier.agency_id)
    if own is not None:
        return own
    return Unit.objects.valid_on().filter(intake_counters_q(dossier)).order_by("agency_id", "pk").first()


def receivable_versions_q(place: Agency) -> Q:
    """A ``ProcedureVersion`` filter: what ``place``'s counter may receive — its own agency's
    procedures; at a service place also those of the agencies it serves and those received anywhere."""
    q = Q(agency=place) | Q(performers__agency=place)
    if place.is_service_place:
        served = place.serves.values("pk")
        q |= Q(anywhere=True) | Q(agency__in=served) | Q(performers__agency__in=served)
    return q


def performing_agencies(version) -> list[Agency]:
    """The agencies in force performing ``version``: its lead agency and each ``Performer``, by name."""
    day = timezone.localdate()
    ids = {version.agency_id, *version.performers.values_list("agency_id", flat=True)}
    return list(Agency.objects.valid_on(day).filter(pk__in=ids).order_by("name"))


def return_places(version, agencies: list[Agency], here: Agency | None = None) -> list[Agency]:
    """Where the result of a dossier of ``version`` may be collected: ``here`` (the receiving counter)
    first, then every service place in force that returns for one of ``agencies`` (any place for a
    procedure received anywhere)."""
    qs = org_selectors.places_receiving_for([a.pk for a in agencies], anywhere=version.anywhere)
    found = list(qs.order_by("level", "name"))
    if here is not None:
        found = [here, *(p for p in found if p.pk != here.pk)]
    return found


def _unnamed_here_q(place: Agency) -> Q:
    """Dossiers naming no place whose competent agency is ``place`` or one it serves."""
    served = list(place.serves.values_list("pk", flat=True)) if place.is_service_place else []
    return Q(agency_id__in=[place.pk, *served])


def receipt_side_q(place: Agency) -> Q:
    """A ``Dossier`` filter: the dossiers whose receipt side is ``place``'s counter (the twin of
    :func:`counter_may_act` with :data:`RECEIPT`, for lists)."""
    return Q(receipt_place=place) | (Q(receipt_place__isnull=True) & _unnamed_here_q(place))


def return_side_q(place: Agency) -> Q:
    """A ``Dossier`` filter: the dossiers whose return side is ``place``'s counter."""
    return (
        Q(return_place=place)
        | Q(return_place__isnull=True, receipt_place=place)
        | (Q(return_place__isnull=True, receipt_place__isnull=True) & _unnamed_here_q(place))
    )
