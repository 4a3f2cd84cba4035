"""Need-to-know: whose eyes a dossier's personal data is for, how it is masked for everyone else
(decision 0018; Luật Bảo vệ dữ liệu cá nhân 2025, before it ND 13/2023: restrict access to whoever the
purpose needs).

One rule, two forms held equal by a hypothesis test: :func:`can_see_personal_data` for one dossier
(the page, its documents, slips and results), :func:`personal_data_q` for lists (a column of
"visible" per row). A staff member sees a dossier's personal data while:

- their unit holds it (``holder_unit``), or sent it to another agency and waits for it back;
- they acted on it (a ``DossierEvent`` of theirs);
- they are a counter officer of the receiving agency's one-stop counter (it receives every dossier,
  returns every result and is where the applicant comes back at any stage);
- they head a unit it passed through (a control-slip row addressed to the unit);
- they are a director or the Office and opened it with a written reason less than
  ``CCHC_BREAK_GLASS_MINUTES`` ago (a "break-glass" read, logged with its reason).

Everyone else who may open the dossier at all sees its code, procedure and progress, with the
applicant's fields masked by :func:`masked`.
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
from cchc.org.models import Staff

# Roles that may open any dossier of their agency for a stated reason (break-glass).
BREAK_GLASS_ROLES = frozenset({roles.DIRECTOR, roles.OFFICE})
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
    if is_counter_officer(names, staff) and dossier.agency_id == unit.agency_id:
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
        q |= Q(agency=unit.agency_id)
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
