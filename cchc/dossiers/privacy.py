"""Need-to-know: whose eyes a dossier's personal data is for, how it is masked for everyone else
(decision 0018; Luật Bảo vệ dữ liệu cá nhân 2025, before it ND 13/2023: restrict access to whoever the
purpose needs).

One rule, two forms held equal by a hypothesis test: :func:`can_see_personal_data` for one dossier
(the page, its documents, slips and results), :func:`personal_data_q` for lists (a column of
"visible" per row). A staff member sees a dossier's personal data while:

- their unit holds it (``holder_unit``), or sent it to another agency and waits for it back;
- they acted on it (a ``DossierEvent`` of theirs);
- they are a counter officer of its place of receipt or of return (the counter receives the dossier,
  returns the result and is where the applicant comes back at any stage); for an online dossier that
  names no place of receipt, of the competent agency's own counter or a place serving the agency;
- they head a unit it passed through (a control-slip row addressed to the unit);
- they are a director or the Office and opened it with a written reason less than
  ``CCHC_BREAK_GLASS_MINUTES`` ago (a "break-glass" read, logged with its reason).

Everyone else who may open the dossier at all sees its code, procedure and progress, with the
applicant's fields masked by :func:`masked`.

Who may open a dossier at all (decision 0021, "Permissions across agencies") is the other rule here,
in the same two forms held equal by a hypothesis test: :func:`can_open` for one dossier (every staff
page, file and slip of a dossier answers 404 otherwise, so its existence does not leak) and
:func:`openable_q` for every staff list, export and API list. A staff member opens a dossier when

- it belongs to their agency: its competent agency (``Dossier.agency``), or it is held by or was
  handed to their agency or one of its units (an inter-agency step);
- their agency is its place of receipt or of return (a service centre, a branch, an agency's own
  counter); a counter of a place serving the competent agency also opens an online dossier that
  names no place of receipt (the counters that act on it, ``dossiers.places``);
- they may see its personal data (above: held, acted on, passed through their unit);
- they hold the province-wide read-only role or are a system administrator: every dossier.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cchc.dossiers.models import ApplicantKind, Dossier, DossierEvent, Handover, PersonalDataRead, Status
from cchc.org import roles
from cchc.org.access import is_counter_officer, staff_of
from cchc.org.models import Agency, Staff, Unit

# Roles that may open any dossier of their agency for a stated reason (break-glass).
BREAK_GLASS_ROLES = frozenset({roles.DIRECTOR, roles.OFFICE})
# Roles that open every dossier of the province (read-only; personal data masked unless need-to-know).
HIDDEN = "••••••"


# The role a read is made in, as the applicant reads it (highest first when a person holds several).
ROLE_LABELS = {
    roles.DIRECTOR: _("Lãnh đạo Sở"),
    roles.OFFICE: _("Văn phòng Sở"),
    roles.UNIT_HEAD: _("Lãnh đạo đơn vị"),
    roles.COUNTER_OFFICER: _("Cán bộ Bộ phận Một cửa"),
    roles.SPECIALIST: _("Chuyên viên xử lý"),
    roles.SYSADMIN: _("Quản trị hệ thống"),
}


def acting_role(user) -> str:
    """The role ``user`` reads in: the highest of theirs in ``ROLE_LABELS`` ("" without one)."""
    held = roles.user_roles(user)
    return next((name for name in ROLE_LABELS if name in held), "")


def _staff_or_none(user) -> Staff | None:
    try:
        return staff_of(user)
    except PermissionDenied:
        return None


def _window_start(now: dt.datetime | None) -> dt.datetime:
    return (now or timezone.now()) - dt.timedelta(minutes=settings.CCHC_BREAK_GLASS_MINUTES)


def may_break_glass(user) -> bool:
    """Directors and the Office may open a dossier outside their involvement, with a reason."""
    return _staff_or_none(user) is not None and bool(roles.user_roles(user) & BREAK_GLASS_ROLES)


def _counter_acts_on(staff: Staff, dossier: Dossier) -> bool:
    """Is ``staff``'s agency a place acting on ``dossier``: its place of receipt or of return; with no
    place of receipt (online), the competent agency's own counter or a service place serving it."""
    agency_id = staff.unit.agency_id
    if agency_id in (dossier.receipt_place_id, dossier.return_place_id):
        return True
    if dossier.receipt_place_id is not None:
        return False
    if agency_id == dossier.agency_id:
        return True
    return (
        _serving_counter(staff)
        and Agency.serves.through.objects.filter(
            from_agency_id=agency_id, to_agency_id=dossier.agency_id
        ).exists()
    )


def _counter_acts_q(staff: Staff) -> Q:
    """The SQL form of :func:`_counter_acts_on`."""
    agency_id = staff.unit.agency_id
    q = (
        Q(receipt_place=agency_id)
        | Q(return_place=agency_id)
        | Q(receipt_place__isnull=True, agency=agency_id)
    )
    if _serving_counter(staff):
        served = Agency.serves.through.objects.filter(from_agency_id=agency_id).values("to_agency_id")
        q |= Q(receipt_place__isnull=True, agency__in=served)
    return q


def can_see_personal_data(user, dossier: Dossier, *, now: dt.datetime | None = None) -> bool:
    """Whether ``user`` may see ``dossier``'s personal data now (the module's rule)."""
    staff = _staff_or_none(user)
    if staff is None:
        return False
    unit = staff.unit
    names = roles.user_roles(user)
    if dossier.holder_unit_id is not None and dossier.holder_unit_id == unit.pk:
        return True
    if dossier.status == Status.INTER_AGENCY:
        last = dossier.handovers.order_by("-seq").values_list("from_unit", flat=True).first()
        if last is not None and last == unit.pk:
            return True
    if is_counter_officer(names, staff) and _counter_acts_on(staff, dossier):
        return True
    if dossier.events.filter(actor=user).exists():
        return True
    if roles.UNIT_HEAD in names and dossier.handovers.filter(to_unit=unit).exists():
        return True
    if names & BREAK_GLASS_ROLES and dossier.agency_id == unit.agency_id:
        return PersonalDataRead.objects.filter(
            dossier=dossier, actor=user, action=PersonalDataRead.What.BREAK_GLASS, at__gte=_window_start(now)
        ).exists()
    return False


def personal_data_q(user, *, now: dt.datetime | None = None) -> Q:
    """The SQL form of :func:`can_see_personal_data`: the dossiers whose personal data ``user`` may see."""
    staff = _staff_or_none(user)
    if staff is None:
        return Q(pk__in=[])
    unit = staff.unit
    names = roles.user_roles(user)
    last_sender = Handover.objects.filter(dossier=OuterRef("pk")).order_by("-seq").values("from_unit")[:1]
    sent = Dossier.objects.filter(status=Status.INTER_AGENCY).alias(sender=last_sender).filter(sender=unit.pk)
    q = Q(holder_unit=unit.pk) | Q(pk__in=sent.values("pk"))
    if is_counter_officer(names, staff):
        q |= _counter_acts_q(staff)
    q |= Exists(DossierEvent.objects.filter(dossier=OuterRef("pk"), actor=user))
    if roles.UNIT_HEAD in names:
        q |= Exists(Handover.objects.filter(dossier=OuterRef("pk"), to_unit=unit.pk))
    if names & BREAK_GLASS_ROLES:
        opened = PersonalDataRead.objects.filter(
            dossier=OuterRef("pk"),
            actor=user,
            action=PersonalDataRead.What.BREAK_GLASS,
            at__gte=_window_start(now),
        )
        q |= Q(agency=unit.agency_id) & Exists(opened)
    return q


# --- who may open a dossier at all -------------------------------------------------------------------


def _serving_counter(staff: Staff) -> bool:
    """A counter of a service place in force: it acts on online dossiers of the agencies it serves
    that name no place of receipt (``dossiers.places``)."""
    if staff.unit.kind != Unit.Kind.COUNTER:
        return False
    return Agency.objects.valid_on().filter(pk=staff.unit.agency_id, kind=Agency.Kind.SERVICE_CENTRE).exists()


def sees_whole_province(user) -> bool:
    """Whoever sees the province as a whole (``roles.sees_province``: the oversight role, the leaders
    and the Office of the province's people's committee) and the system administrators open every
    dossier (read-only: they hold no role of the workflow's operations on other agencies' dossiers)."""
    staff = _staff_or_none(user)
    if staff is None:
        return False
    names = roles.user_roles(user)
    return roles.SYSADMIN in names or roles.sees_province(names, staff)


def can_open(user, dossier: Dossier, *, now: dt.datetime | None = None) -> bool:
    """Whether ``user`` may open ``dossier`` at all (the module's second rule)."""
    staff = _staff_or_none(user)
    if staff is None:
        return False
    if sees_whole_province(user):
        return True
    agency_id = staff.unit.agency_id
    if agency_id in (
        dossier.agency_id,
        dossier.receipt_place_id,
        dossier.return_place_id,
        dossier.holder_agency_id,
    ):
        return True
    if (
        dossier.holder_unit_id is not None
        and Unit.objects.filter(pk=dossier.holder_unit_id, agency_id=agency_id).exists()
    ):
        return True
    if dossier.handovers.filter(Q(to_agency=agency_id) | Q(to_unit__agency=agency_id)).exists():
        return True
    if staff.unit.kind == Unit.Kind.COUNTER and _counter_acts_on(staff, dossier):
        return True
    return can_see_personal_data(user, dossier, now=now)


def openable_q(user, *, now: dt.datetime | None = None) -> Q:
    """The SQL form of :func:`can_open`: the dossiers ``user`` may open (a filter for every staff list)."""
    staff = _staff_or_none(user)
    if staff is None:
        return Q(pk__in=[])
    if sees_whole_province(user):
        return Q()
    agency_id = staff.unit.agency_id
    units = Unit.objects.filter(agency_id=agency_id).values("pk")
    q = (
        Q(agency=agency_id)
        | Q(receipt_place=agency_id)
        | Q(return_place=agency_id)
        | Q(holder_agency=agency_id)
        | Q(holder_unit__in=units)
    )
    handed = Handover.objects.filter(dossier=OuterRef("pk")).filter(
        Q(to_agency=agency_id) | Q(to_unit__in=units)
    )
    q |= Exists(handed)
    if staff.unit.kind == Unit.Kind.COUNTER:
        q |= _counter_acts_q(staff)
    return q | personal_data_q(user, now=now)


def openable(qs, user, *, now: dt.datetime | None = None):
    """``qs`` narrowed to the dossiers ``user`` may open."""
    q = openable_q(user, now=now)
    return qs if not q else qs.filter(q)


def annotate_visible(qs, user, *, now: dt.datetime | None = None):
    """``qs`` with ``personal_visible`` per row (the lists mask the rows where it is false)."""
    return qs.annotate(
        personal_visible=ExpressionWrapper(personal_data_q(user, now=now), output_field=BooleanField())
    )


def name_rows(rows) -> list:
    """Put ``applicant_display`` on each row of a list annotated by :func:`annotate_visible`."""
    rows = list(rows)
    for row in rows:
        row.applicant_display = display_applicant(row, row.personal_visible)
    return rows


# --- masks ------------------------------------------------------------------------------------------

_NON_DIGIT = re.compile(r"\D")


def mask_digits(value: str, keep: int = 3) -> str:
    """``060090001234`` → ``*********234``: only the last ``keep`` digits (fewer than the four that
    find a dossier on the tracking page)."""
    digits = _NON_DIGIT.sub("", value or "")
    if not digits:
        return ""
    keep = min(keep, max(len(digits) - 1, 0))
    return "*" * (len(digits) - keep) + digits[len(digits) - keep :] if keep else "*" * len(digits)


def mask_email(value: str) -> str:
    """``an@example.com`` → ``a***@example.com``."""
    if not value or "@" not in value:
        return ""
    local, domain = value.rsplit("@", 1)
    return f"{local[:1]}***@{domain}"


def mask_person_name(value: str) -> str:
    """``Nguyễn Văn An`` → ``Nguyễn V. A.``: the family name and initials, enough to talk about the
    dossier together with its code, not enough to identify the person."""
    words = (value or "").split()
    if len(words) <= 1:
        return f"{words[0][:1]}." if words else ""
    return " ".join([words[0], *(f"{w[:1]}." for w in words[1:])])


def display_applicant(dossier: Dossier, visible: bool) -> str:
    """The applicant's name as a list row or page shows it: an organisation's name always (not
    personal data), a person's in full only to those who may see the personal data."""
    if visible or dossier.applicant_kind == ApplicantKind.ORGANISATION:
        return dossier.applicant_name
    return mask_person_name(dossier.applicant_name)


@dataclass(frozen=True)
class Applicant:
    """The applicant's fields as a page shows them (masked or not)."""

    masked: bool
    name: str
    id_number: str
    tax_code: str
    representative: str
    phone: str
    email: str
    address: str


def applicant_view(dossier: Dossier, visible: bool) -> Applicant:
    if visible:
        return Applicant(
            False,
            dossier.applicant_name,
            dossier.id_number,
            dossier.tax_code,
            dossier.representative,
            dossier.phone,
            dossier.email,
            dossier.address,
        )
    return Applicant(
        True,
        display_applicant(dossier, False),
        mask_digits(dossier.id_number),
        dossier.tax_code,  # an organisation's tax code is public (business registry)
        mask_person_name(dossier.representative),
        mask_digits(dossier.phone),
        mask_email(dossier.email),
        HIDDEN if dossier.address else "",
    )
