"""Every change to a dossier, as one service function per workflow operation (workflow.py).

Each function: keyword-only ``actor``; runs in the workflow kernel's frame (``DOSSIERS.operation``,
``cchc.common.workflow``): one transaction; the dossier row locked and the revision the caller saw
checked (a stale page or a second officer gets "changed by someone else"); the operation checked
against the workflow table — status, then role and unit (:func:`_authorize`); the table's target
status applied; the change written, its ``DossierEvent`` appended (and control-slip ``Handover``
rows) and notifications queued in the ``Outbox``, all in the same transaction.

``at`` (the moment of the action) exists for data loading and tests; screens never pass it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.citizens.selectors import Identity
from cchc.common.workflow import Change, Operation, Workflow, actor_unit
from cchc.dossiers import clock, events, links, notices, places, workflow
from cchc.dossiers.clock import due_for
from cchc.dossiers.clock import end_pause as _end_pause
from cchc.dossiers.models import (
    ApplicantKind,
    Channel,
    DayCounter,
    Dossier,
    DossierDocument,
    DossierEvent,
    Handover,
    Outcome,
    PaperTransfer,
    PersonalDataRead,
    Status,
)
from cchc.dossiers.privacy import acting_role, may_break_glass
from cchc.dossiers.survey_link import survey_url
from cchc.notifications.services import enqueue
from cchc.org import roles
from cchc.org.access import staff_of
from cchc.org.models import Agency, Staff, Unit
from cchc.procedures.models import Fee, Performer, ProcedureVersion, ProcessStep
from cchc.procedures.selectors import process_steps
from cchc.workdays import calendar

# The staff role that completes each kind of process step.
STEP_ROLE = {
    ProcessStep.Role.COUNTER: roles.COUNTER_OFFICER,
    ProcessStep.Role.SPECIALIST: roles.SPECIALIST,
    ProcessStep.Role.CLERICAL: roles.SPECIALIST,
    ProcessStep.Role.UNIT_HEAD: roles.UNIT_HEAD,
    ProcessStep.Role.DIRECTOR: roles.DIRECTOR,
    ProcessStep.Role.RETURN: roles.COUNTER_OFFICER,
}


@dataclass(frozen=True)
class Applicant:
    kind: str
    name: str
    id_number: str = ""
    tax_code: str = ""
    representative: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""

    def clean(self) -> Applicant:
        """Validated and normalised copy, or ValidationError listing every problem."""
        from cchc.common import identity

        errors: dict[str, list] = {}
        values = dict(self.__dict__)
        if self.kind not in ApplicantKind.values:
            errors["kind"] = [_("Chọn người nộp là cá nhân hay tổ chức.")]
        if not self.name.strip():
            errors["name"] = [_("Nhập họ tên người nộp hoặc tên tổ chức.")]
        checks = [("phone", identity.validate_vn_phone, identity.normalize_vn_phone)]
        if self.kind == ApplicantKind.PERSON:
            checks.append(("id_number", identity.validate_citizen_id, lambda v: v.replace(" ", "")))
            if not self.id_number.strip():
                errors.setdefault("id_number", []).append(_("Nhập số định danh cá nhân (12 chữ số)."))
        else:
            checks.append(("tax_code", identity.validate_tax_code, identity.normalize_tax_code))
            if not self.tax_code.strip():
                errors.setdefault("tax_code", []).append(_("Nhập mã số thuế của tổ chức."))
        for name, validate, normalise in checks:
            value = values[name].strip()
            if not value:
                continue
            try:
                validate(value)
            except ValidationError as exc:
                errors.setdefault(name, []).extend(exc.messages)
            else:
                values[name] = normalise(value)
        if not (self.phone.strip() or self.email.strip()):
            errors.setdefault("phone", []).append(_("Nhập số điện thoại hoặc thư điện tử để nhận thông báo."))
        if errors:
            raise ValidationError(errors)
        return Applicant(**{k: (v.strip() if isinstance(v, str) else v) for k, v in values.items()})


# --- checks ----------------------------------------------------------------------------------------


NOT_STAFF = gettext_lazy("Chỉ cán bộ có tài khoản thuộc một đơn vị mới được xử lý hồ sơ.")


def _counter_unit(agency: Agency) -> Unit:
    unit = Unit.objects.valid_on().filter(agency=agency, kind=Unit.Kind.COUNTER).first()
    if unit is None:
        raise ValidationError(_("Cơ quan %(agency)s chưa có Bộ phận Một cửa.") % {"agency": agency})
    return unit


def _sender_unit_id(dossier: Dossier) -> int | None:
    last = dossier.handovers.order_by("-seq").first()
    return last.from_unit_id if last else None


def _refused_status(op: Operation, dossier: Dossier) -> str:
    return _("Không thể thực hiện thao tác này khi hồ sơ đang ở trạng thái “%(status)s”.") % {
        "status": dossier.get_status_display()
    }


def _authorize(op: Operation, actor, dossier: Dossier) -> Staff | None:
    """The role and unit rules of the dossier workflow (the status is checked before)."""
    operation = op.name
    if op.scope == workflow.APPLICANT:
        return None
    staff = staff_of(actor, NOT_STAFF)
    held = roles.user_roles(actor)
    if not held & op.roles:
        raise PermissionDenied(_("Vai trò của bạn không được thực hiện thao tác này."))
    if op.scope == workflow.COUNTER:
        if not places.counter_may_act(staff.unit, dossier, places.RECEIPT):
            raise PermissionDenied(
                _("Chỉ Bộ phận Một cửa của nơi tiếp nhận hồ sơ được thực hiện thao tác này.")
            )
    elif op.scope == workflow.RETURN_COUNTER:
        if not places.counter_may_act(staff.unit, dossier, places.RETURN):
            raise PermissionDenied(_("Chỉ Bộ phận Một cửa của nơi trả kết quả được thực hiện thao tác này."))
    elif op.scope == workflow.SENDER:
        if staff.unit_id != _sender_unit_id(dossier):
            raise PermissionDenied(_("Chỉ đơn vị đã chuyển hồ sơ sang cơ quan phối hợp được nhận lại."))
    elif op.scope == workflow.HOLDER:
        holder = dossier.holder_unit_id or _sender_unit_id(dossier)
        if staff.unit_id != holder:
            raise PermissionDenied(_("Hồ sơ không do đơn vị của bạn đang giữ."))
        step = acting_step(dossier)
        if operation == "send_back":
            if step is None or step.role not in APPROVAL_ROLES:
                raise ValidationError(
                    _("Chỉ trả lại bước trước ở bước phê duyệt của lãnh đạo."), code="transition"
                )
            if not send_back_targets(dossier):
                raise ValidationError(
                    _("Không có bước xử lý nào trước bước này để trả lại."), code="transition"
                )
        if operation in STEP_OPERATIONS and step is not None:
            needed = STEP_ROLE.get(step.role)
            if needed and needed not in held:
                raise PermissionDenied(
                    _("Bước “%(step)s” do %(role)s thực hiện.") % {"step": step.name, "role": needed}
                )
    return staff


def check(operation: str, actor, dossier: Dossier) -> Staff | None:
    """Raise unless ``actor`` may perform ``operation`` on ``dossier`` now; return their Staff."""
    return DOSSIERS.check(operation, actor, dossier)


# Operations done by whoever the acting process step names (its role), not by any role of the unit.
STEP_OPERATIONS = frozenset({"hand_over", "approve", "reject", "send_back"})
APPROVAL_ROLES = frozenset({ProcessStep.Role.UNIT_HEAD, ProcessStep.Role.DIRECTOR})


def _steps(dossier: Dossier) -> list[ProcessStep]:
    """The competent agency's internal process for the dossier (``procedures.selectors.process_steps``)."""
    return list(
        process_steps(dossier.procedure_version_id, dossier.agency_id).select_related("unit", "agency")
    )


def acting_step(dossier: Dossier) -> ProcessStep | None:
    """The process step whose role acts on ``dossier`` now.

    Normally the current step. After a step at another agency (the dossier is back with a unit but
    its current step is still the outside one, because no internal step follows it), it is the
    approver the process names: the last approval step (unit head, director) before the outside
    step — the dossier is held by that step's unit (:func:`take_back`).
    """
    step = dossier.current_step
    if step is None or step.role != ProcessStep.Role.PARTNER or dossier.status == Status.INTER_AGENCY:
        return step
    before = [s for s in _steps(dossier) if s.order < step.order and s.unit_id]
    approvers = [s for s in before if s.role in APPROVAL_ROLES]
    return approvers[-1] if approvers else None


def send_back_targets(dossier: Dossier) -> list[ProcessStep]:
    """The internal steps an approver may send ``dossier`` back to: those before the acting step
    that a unit's specialist or head works on (not the counter, not another agency), nearest first."""
    acting = acting_step(dossier)
    if acting is None:
        return []
    workable = {ProcessStep.Role.SPECIALIST, ProcessStep.Role.CLERICAL, *APPROVAL_ROLES}
    earlier = [s for s in _steps(dossier) if s.order < acting.order and s.unit_id and s.role in workable]
    return list(reversed(earlier))


def _stale(dossier: Dossier) -> str:
    return _("Hồ sơ %(code)s vừa được người khác thay đổi. Hãy tải lại trang để xem tình trạng mới nhất.") % {
        "code": dossier.code
    }


def _now(at: dt.datetime | None) -> dt.datetime:
    return at or timezone.now()


def _notify(dossier: Dossier, notice: notices.Notice | None) -> None:
    """Queue the notice by e-mail and SMS (whichever contacts the applicant gave)."""
    enqueue(notice, emails=[dossier.email], phones=[dossier.phone], dossier=dossier)


# The dossier workflow in the kernel's frame: the table, the rules above, the notices by mail and SMS.
DOSSIERS = Workflow(
    table=workflow.OPERATIONS,
    model=Dossier,
    event=DossierEvent,
    subject="dossier",
    authorize=_authorize,
    refused_status=_refused_status,
    stale=_stale,
    notify=_notify,
    event_columns=actor_unit,
    lock_related=("current_step", "procedure_version"),
    appended=events.send,
)


# --- time ------------------------------------------------------------------------------------------
# The dossier's time rules (due date, step budgets, pauses, apology lateness) are cchc.dossiers.clock's;
# ``due_for`` and ``_end_pause`` (``clock.end_pause``) are imported above under the names used here.


def _open_handover(dossier, *, step, at, actor, from_unit=None, from_agency=None, new=False) -> Handover:
    seq = 1 if new else (dossier.handovers.aggregate(m=Max("seq"))["m"] or 0) + 1
    step_due = None
    if step is not None:
        step_due = clock.step_due(dossier.procedure_version, step.budget, at)
    return Handover.objects.create(
        dossier=dossier,
        seq=seq,
        step=step,
        from_unit=from_unit,
        from_agency=from_agency,
        to_unit_id=step.unit_id if step is not None and not _at_counter(step) else dossier.holder_unit_id,
        to_agency_id=step.agency_id if step is not None and not step.unit_id else None,
        handed_at=at,
        handed_by=actor,
        step_due_at=step_due,
    )


def _close_handover(dossier, at) -> Handover | None:
    current = dossier.handovers.filter(done_at__isnull=True).order_by("-seq").first()
    if current is None:
        return None
    current.done_at = at
    current.result = clock.step_result(at, current.step_due_at) if current.step_due_at else ""
    current.save(update_fields=["done_at", "result"])
    return current


# --- intake ----------------------------------------------------------------------------------------


def _allocate_code(agency_id: int, agency_code: str, at: dt.datetime) -> str:
    """Next code of the agency for the local day of ``at``: gap-free, inside the caller's transaction.

    One ``UPDATE … RETURNING`` (SQLite ≥ 3.35, PostgreSQL) takes the counter row's lock until the
    intake commits, so a rolled-back intake gives its number back; the day's first intake creates
    the row. Plain SQL because this runs on every intake (docs/benchmarks.md, intake).
    """
    day = timezone.localdate(at)
    table = connection.ops.quote_name(DayCounter._meta.db_table)
    bump = (
        f"UPDATE {table} SET last_number = last_number + 1"
        " WHERE agency_id = %s AND day = %s RETURNING last_number"
    )
    with connection.cursor() as cursor:
        cursor.execute(bump, [agency_id, day])
        row = cursor.fetchone()
        if row is None:
            cursor.execute(
                f"INSERT INTO {table} (agency_id, day, last_number)"
                " VALUES (%s, %s, 0) ON CONFLICT DO NOTHING",
                [agency_id, day],
            )
            cursor.execute(bump, [agency_id, day])
            row = cursor.fetchone()
    return f"{agency_code}-{day:%y%m%d}-{row[0]:04d}"


def _new_secret() -> tuple[str, str]:
    """A secret citizens read aloud and type: ``XXXXX-XXXXX-XXXXX`` (15 characters, 73 bits).

    The alphabet is Crockford's base 32 without 0 and 1, so no look-alikes (0/O, 1/I/L, U/V) are
    left; upper case, grouped by five for reading. The hash is of the 15 characters alone, the form
    ``check_secret`` reduces whatever the citizen types to.
    """
    alphabet = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
    bare = "".join(secrets.choice(alphabet) for _ in range(15))
    secret = "-".join(bare[i : i + 5] for i in range(0, 15, 5))
    return secret, hashlib.sha256(bare.encode()).hexdigest()


def check_secret(dossier: Dossier, secret: str) -> bool:
    """Does ``secret`` open ``dossier``? Case, spaces and dashes do not matter.

    Secrets issued before the grouped form were ``token_urlsafe`` text hashed as issued (mixed
    case, ``-`` and ``_`` significant): the text exactly as typed is tried first, then the
    normalised form (upper case, without spaces and dashes).
    """
    expected = dossier.tracking_secret_hash
    if not expected:
        return False
    secret = secret or ""
    normalised = "".join(secret.split()).replace("-", "").upper()
    as_typed = secrets.compare_digest(expected, hashlib.sha256(secret.strip().encode()).hexdigest())
    forgiving = secrets.compare_digest(expected, hashlib.sha256(normalised.encode()).hexdigest())
    return as_typed or forgiving


@dataclass(frozen=True)
class IntakeFacts:
    """What an intake needs from the catalog about one performer of the version, read in one
    statement (``intake_options``): the agency, its fee total and the first step of its process."""

    agency_id: int
    agency_code: str
    fee_total: Decimal
    first_step: ProcessStep | None
    online_level: str = ""
    anywhere: bool = False
    served: bool = False  # the place of receipt serves this agency (``Agency.serves``)

    @property
    def is_online(self) -> bool:
        return self.online_level != ProcedureVersion.OnlineLevel.NONE


_STEP_COLUMNS = ("id", "unit_id", "agency_id", "budget", "role")


def _facts_sql(one_agency: bool) -> str:
    """One statement: the version if in force, left-joined to each of its performers (its lead agency
    is one even without a ``Performer`` row) with the performer's fee total and first step — its own
    where it has them, else the version's common ones (``procedures.selectors.fees``/``process_steps``)."""
    q = connection.ops.quote_name
    version, fee, step, agency, performer = (
        q(m._meta.db_table) for m in (ProcedureVersion, Fee, ProcessStep, Agency, Performer)
    )
    serves = q(Agency.serves.through._meta.db_table)
    candidates = (
        f"SELECT p.version_id, p.agency_id, p.id AS performer_id, p.online_level FROM {performer} p"
        " WHERE p.version_id = %s"
        f" UNION ALL SELECT v2.id, v2.agency_id, NULL, '' FROM {version} v2 WHERE v2.id = %s"
        f" AND NOT EXISTS (SELECT 1 FROM {performer} p2 WHERE p2.version_id = v2.id"
        " AND p2.agency_id = v2.agency_id)"
    )
    own_steps = f"EXISTS (SELECT 1 FROM {step} o WHERE o.performer_id = c.performer_id)"
    first = (
        f"SELECT s.{{}} FROM {step} s WHERE s.version_id = v.id AND (s.performer_id = c.performer_id"
        f" OR (s.performer_id IS NULL AND NOT {own_steps})) ORDER BY s.{q('order')}, s.id LIMIT 1"
    )
    fee_total = (
        f"CASE WHEN EXISTS (SELECT 1 FROM {fee} o WHERE o.performer_id = c.performer_id)"
        f" THEN (SELECT COALESCE(SUM(f.amount), 0) FROM {fee} f WHERE f.performer_id = c.performer_id)"
        f" ELSE (SELECT COALESCE(SUM(f.amount), 0) FROM {fee} f"
        " WHERE f.version_id = v.id AND f.performer_id IS NULL) END"
    )
    served = (
        f"EXISTS (SELECT 1 FROM {serves} sv WHERE sv.from_agency_id = %s AND sv.to_agency_id = c.agency_id)"
    )
    return (
        "SELECT v.anywhere, v.online_level, c.agency_id, a.code, a.valid_from, a.valid_to, c.online_level, "
        f"{served}, {fee_total}, "
        + ", ".join(f"({first.format(q(column))})" for column in _STEP_COLUMNS)
        + f" FROM {version} v LEFT JOIN ({candidates}) c ON c.version_id = v.id"
        + (" AND c.agency_id = %s" if one_agency else "")
        + f" LEFT JOIN {agency} a ON a.id = c.agency_id"
        " WHERE v.id = %s AND v.status = %s"
        " AND (v.valid_from IS NULL OR v.valid_from <= %s) AND (v.valid_to IS NULL OR v.valid_to >= %s)"
        " ORDER BY a.name, a.id"
    )


def intake_options(
    version: ProcedureVersion, at: dt.datetime, *, agency_id: int | None = None, place_id: int | None = None
) -> list[IntakeFacts]:
    """The agencies in force that perform ``version`` (only ``agency_id`` when given), each with its
    fee total and first process step, and whether ``place_id`` serves it — if the version is in force
    on the day of ``at``.

    The same condition as ``ProcedureVersion.objects.published(day)`` and the same performer rules as
    ``procedures.selectors`` (tests hold them equal), in one plain SQL statement, because it runs on
    every intake and the ORM's compile time was most of the intake's cost (docs/benchmarks.md, intake).
    """
    day = timezone.localdate(at)
    params = [place_id, version.pk, version.pk]
    if agency_id is not None:
        params.append(agency_id)
    params += [version.pk, ProcedureVersion.Status.PUBLISHED, day, day]
    with connection.cursor() as cursor:
        cursor.execute(_facts_sql(agency_id is not None), params)
        rows = cursor.fetchall()
    if not rows:
        raise ValidationError(_("Thủ tục này không còn được áp dụng; hãy chọn thủ tục đang công bố."))
    options = []
    for anywhere, level, agency, code, valid_from, valid_to, own_level, served, fees, *step in rows:
        if agency is None or not _in_force_on(valid_from, valid_to, day):
            continue
        options.append(
            IntakeFacts(
                agency,
                code,
                _decimal(fees).quantize(Decimal(1)),
                _partial_step(version, step),
                own_level or level,
                bool(anywhere),
                bool(served),
            )
        )
    return options


def _in_force_on(valid_from, valid_to, day: dt.date) -> bool:
    if isinstance(valid_from, str):  # SQLite returns dates as text in a raw cursor
        valid_from = dt.date.fromisoformat(valid_from)
    if isinstance(valid_to, str):
        valid_to = dt.date.fromisoformat(valid_to)
    return (valid_from is None or valid_from <= day) and (valid_to is None or valid_to >= day)


def _partial_step(version: ProcedureVersion, columns) -> ProcessStep | None:
    step_id, unit_id, agency_id, budget, role = columns
    if step_id is None:
        return None
    step = ProcessStep(
        pk=step_id,
        version_id=version.pk,
        unit_id=unit_id,
        agency_id=agency_id,
        budget=_decimal(budget),
        role=role,
    )
    step._state.adding = False
    return step


def choose_agency(options: list[IntakeFacts], *, agency_id: int | None, place_id: int | None) -> IntakeFacts:
    """The competent agency among the performers: the one chosen; else the only one; else the place's
    own agency (a department's own counter); else the only one the place serves."""
    if agency_id is not None:
        if not options:
            raise ValidationError(
                {
                    "agency": _(
                        "Cơ quan đã chọn không thực hiện thủ tục này; chọn một trong các cơ quan thực hiện."
                    )
                }
            )
        return options[0]
    if not options:
        raise ValidationError(_("Thủ tục này chưa có cơ quan thực hiện đang hoạt động."))
    if len(options) == 1:
        return options[0]
    own = [o for o in options if o.agency_id == place_id]
    served = [o for o in options if o.served]
    if own or len(served) == 1:
        return (own or served)[0]
    raise ValidationError({"agency": _("Thủ tục có nhiều cơ quan thực hiện: chọn cơ quan giải quyết hồ sơ.")})


def intake_facts(
    version: ProcedureVersion, at: dt.datetime, *, agency_id: int | None = None, place_id: int | None = None
) -> IntakeFacts:
    """The competent agency's facts (:func:`intake_options`, :func:`choose_agency`)."""
    options = intake_options(version, at, agency_id=agency_id, place_id=place_id)
    return choose_agency(options, agency_id=agency_id, place_id=place_id)


def _decimal(value) -> Decimal:
    """A numeric column as Decimal (SQLite returns int or float, PostgreSQL Decimal)."""
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _first_step(dossier: Dossier) -> ProcessStep | None:
    """The first step of the competent agency's process: where a received dossier goes."""
    return (
        process_steps(dossier.procedure_version_id, dossier.agency_id)
        .select_related("unit", "agency")
        .first()
    )


def _at_counter(step: ProcessStep) -> bool:
    """A reception or return step: done by the counter that holds the dossier (the place's)."""
    return step.role in (ProcessStep.Role.COUNTER, ProcessStep.Role.RETURN)


def _intake_holder_id(first_step: ProcessStep | None, counter_unit_id: int) -> int:
    """Who holds a dossier just received: the receiving counter when the process starts with the
    counter's step (it hands over when done); else the unit of the agency's first step."""
    if first_step is None or _at_counter(first_step) or not first_step.unit_id:
        return counter_unit_id
    return first_step.unit_id


def _return_holder(dossier: Dossier, return_step: ProcessStep | None) -> Unit:
    """The counter that returns a decided dossier: the place of return's (``places.return_counter``);
    the return step's unit when no place has a counter."""
    unit = places.return_counter(dossier)
    if unit is None and return_step is not None and return_step.unit_id:
        return return_step.unit
    if unit is None:
        raise ValidationError(_("Nơi trả kết quả của hồ sơ chưa có Bộ phận Một cửa."))
    return unit


def _code_owner(facts: IntakeFacts, place: Agency | None) -> tuple[int, str]:
    """Whose code prefix and day counter number the dossier (decision 0021, "Codes")."""
    if settings.CCHC_CODE_PREFIX == "place" and place is not None:
        return place.pk, place.code
    return facts.agency_id, facts.agency_code


def _return_place(
    return_place: Agency | None, default: Agency | None, facts: IntakeFacts, return_channel: int
) -> Agency | None:
    """The place of return named (checked), or ``default`` for a result collected at the counter."""
    if return_place is None:
        return default if return_channel == Channel.COUNTER else None
    if return_channel != Channel.COUNTER:
        raise ValidationError(
            {"return_place": _("Nhận kết quả qua bưu chính hoặc trực tuyến thì không chọn nơi trả kết quả.")}
        )
    if not places.may_receive(return_place, facts.agency_id, anywhere=facts.anywhere):
        raise ValidationError({"return_place": places.refusal(return_place, _agency_name(facts.agency_id))})
    return return_place


def _agency_name(agency_id: int) -> str:
    return Agency.objects.filter(pk=agency_id).values_list("name", flat=True).first() or ""


def verified_owner(id_number: str, identity: Identity | None) -> bool:
    """Whether the identity verified by the national sign-on is the person of ``id_number``: the one rule
    behind ``vneid_verified``, "Hồ sơ của tôi" and the signed-in owner's access to a dossier's files."""
    return identity is not None and len(id_number or "") == 12 and identity.personal_id == id_number


def submit_online(
    *,
    procedure_version: ProcedureVersion,
    applicant: Applicant,
    agency: Agency | None = None,
    return_place: Agency | None = None,
    return_channel: int = Channel.ONLINE,
    identity: Identity | None = None,
    language: str = "vi",
    national_code: str = "",
    at: dt.datetime | None = None,
) -> tuple[Dossier, str]:
    """A citizen submits online: the system acknowledges, allocates the code, the counter checks later.

    ``agency``: the competent agency the applicant chose among the performers (None: the only one);
    ``return_place``: where the applicant will collect a paper result (a service place serving the
    agency, any place for a procedure received anywhere), None for a result by post or online.
    ``national_code``: the dossier's code on the national portal when it was filed there (kept in the
    ``submit_online`` event's data, where the connector reads it: the portal already knows the dossier).
    ``identity``: the citizen signed in through the national sign-on who files it (None: nobody);
    ``vneid_verified`` is set only when that identity's personal ID is the applicant's ID number.
    Returns the dossier and the tracking secret (shown once to the applicant, stored hashed).
    """
    at = _now(at)
    applicant = applicant.clean()
    vneid_verified = verified_owner(applicant.id_number, identity)
    with transaction.atomic():
        facts = intake_facts(procedure_version, at, agency_id=agency.pk if agency else None)
        version = procedure_version
        if not facts.is_online:
            raise ValidationError(
                _("Thủ tục này chưa cung cấp dịch vụ công trực tuyến; hãy nộp tại Bộ phận Một cửa.")
            )
        place = _return_place(return_place, None, facts, return_channel)
        secret, secret_hash = _new_secret()
        dossier = Dossier.objects.create(
            code=_allocate_code(*_code_owner(facts, None), at),
            agency_id=facts.agency_id,
            return_place=place,
            procedure_version=version,
            status=Status.SUBMITTED,
            channel=Channel.ONLINE,
            return_channel=return_channel,
            submitted_at=at,
            applicant_kind=applicant.kind,
            applicant_name=applicant.name,
            id_number=applicant.id_number,
            tax_code=applicant.tax_code,
            representative=applicant.representative,
            phone=applicant.phone,
            email=applicant.email,
            address=applicant.address,
            vneid_verified=vneid_verified,
            fee_amount=facts.fee_total,
            tracking_secret_hash=secret_hash,
            language=language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE,
        )
        DOSSIERS.append(
            dossier,
            "submit_online",
            actor=None,
            at=at,
            actor_label=applicant.name,
            data={"national_code": national_code} if national_code else None,
        )
        _notify(dossier, notices.submitted(dossier))
    return dossier, secret


def receive_at_counter(
    *,
    actor,
    procedure_version: ProcedureVersion,
    applicant: Applicant,
    agency: Agency | None = None,
    return_place: Agency | None = None,
    channel: int = Channel.COUNTER,
    return_channel: int = Channel.COUNTER,
    paper_reason: str = "",
    at: dt.datetime | None = None,
) -> tuple[Dossier, str]:
    """A walk-in (or postal) dossier checked complete at the counter: received at once.

    The place of receipt is the officer's agency: a service place receives for the agencies it serves
    and for any procedure received anywhere in the province; an agency's own counter for its agency.
    ``agency``: the competent agency among the version's performers (None: the only one, the
    counter's own, or the only one the place serves). ``return_place``: where the result is collected
    (None: here, for a result at the counter). The dossier goes to the first step of the competent
    agency's process; paper originals received for another agency open their transfer to it.
    """
    at = _now(at)
    applicant = applicant.clean()
    staff = staff_of(actor, NOT_STAFF)
    if roles.COUNTER_OFFICER not in roles.user_roles(actor) or staff.unit.kind != Unit.Kind.COUNTER:
        raise PermissionDenied(_("Chỉ cán bộ Bộ phận Một cửa được tiếp nhận hồ sơ."))
    if channel not in (Channel.COUNTER, Channel.POST):
        raise ValidationError(_("Hồ sơ trực tuyến do công dân tự nộp trên Cổng dịch vụ công."))
    place = staff.unit.agency
    with transaction.atomic():
        facts = intake_facts(
            procedure_version, at, agency_id=agency.pk if agency else None, place_id=place.pk
        )
        version = procedure_version
        if not places.may_receive(place, facts.agency_id, anywhere=facts.anywhere, served=facts.served):
            if place.is_service_place:
                raise PermissionDenied(places.refusal(place, agency or _agency_name(facts.agency_id)))
            raise PermissionDenied(
                _("Thủ tục này không thuộc cơ quan của Bộ phận Một cửa bạn đang làm việc.")
            )
        if facts.is_online and not paper_reason.strip():
            raise ValidationError(
                {
                    "paper_reason": _(
                        "Thủ tục có dịch vụ công trực tuyến: ghi lý do nhận hồ sơ giấy (chỉ tiêu T4)."
                    )
                }
            )
        returned_at = _return_place(return_place, place, facts, return_channel)
        secret, secret_hash = _new_secret()
        dossier = Dossier.objects.create(
            code=_allocate_code(*_code_owner(facts, place), at),
            agency_id=facts.agency_id,
            receipt_place=place,
            return_place=returned_at,
            procedure_version=version,
            status=Status.RECEIVED,
            channel=channel,
            return_channel=return_channel,
            paper_reason=paper_reason.strip(),
            submitted_at=at,
            received_at=at,
            due_at=due_for(version, at),
            holder_unit_id=_intake_holder_id(facts.first_step, staff.unit_id),
            current_step=facts.first_step,
            applicant_kind=applicant.kind,
            applicant_name=applicant.name,
            id_number=applicant.id_number,
            tax_code=applicant.tax_code,
            representative=applicant.representative,
            phone=applicant.phone,
            email=applicant.email,
            address=applicant.address,
            fee_amount=facts.fee_total,
            tracking_secret_hash=secret_hash,
        )
        _open_handover(dossier, step=dossier.current_step, at=at, actor=actor, new=True)
        DOSSIERS.append(dossier, "receive", actor=actor, at=at, unit_id=staff.unit_id)
        if place.pk != facts.agency_id:  # the paper originals leave for the competent agency
            _send(
                dossier,
                PaperTransfer.Direction.TO_AGENCY,
                actor=actor,
                what=ORIGINALS,
                at=at,
                new=True,
                place=place,
            )
        _notify(dossier, notices.received(dossier))
    return dossier, secret


def _required_text(value: str, field_name: str, message: str) -> str:
    if not value or not value.strip():
        raise ValidationError({field_name: message})
    return value.strip()


def _code_subject(message: str, dossier: Dossier) -> str:
    return message % {"code": dossier.code}


def receive(*, actor, dossier: Dossier, revision: int | None, at: dt.datetime | None = None) -> Dossier:
    """The counter finds an online submission complete: the clock starts now."""
    at = _now(at)
    with DOSSIERS.operation("receive", actor=actor, row=dossier, revision=revision, at=at) as change:
        d = change.row
        d.received_at = at
        d.due_at = due_for(d.procedure_version, at)
        d.current_step = _first_step(d)
        d.holder_unit_id = _intake_holder_id(d.current_step, change.staff.unit_id)
        _open_handover(d, step=d.current_step, at=at, actor=actor)
        change.notify(notices.received(d))
    return change.row


def request_intake_supplement(*, actor, dossier, revision, items: str, at=None) -> Dossier:
    """Mẫu 02: everything missing, in one go (domain.md §3 point 1)."""
    at = _now(at)
    items = _required_text(items, "items", _("Ghi đầy đủ, một lần, các giấy tờ cần bổ sung, hoàn thiện."))
    with DOSSIERS.operation(
        "request_intake_supplement", actor=actor, row=dossier, revision=revision, at=at
    ) as change:
        change.note = items
        change.notify(notices.supplement(change.row, items))
    return change.row


def refuse(*, actor, dossier, revision, reason: str, at=None) -> Dossier:
    """Mẫu 03: not eligible, with a written reason."""
    at = _now(at)
    reason = _required_text(reason, "reason", _("Ghi rõ lý do từ chối tiếp nhận."))
    with DOSSIERS.operation("refuse", actor=actor, row=dossier, revision=revision, at=at) as change:
        change.row.finished_at = at
        change.row.outcome_reason = change.note = reason
        change.notify(notices.refused(change.row, reason))
    return change.row


# The operations by which the documents of a supplement arrive: each one opens a new round of
# documents (``DossierDocument.round``), numbered in the order they arrived.
SUPPLY_ACTIONS = ("resubmit", "intake_supplement_received", "supplement_received", "supplement_online")


def supply_round(dossier: Dossier) -> int:
    """The round of the last supplement that arrived (0: none yet, the documents first submitted)."""
    return dossier.events.filter(action__in=SUPPLY_ACTIONS).count()


def check_proof(dossier: Dossier, proof: str) -> bool:
    """Does ``proof`` show the right to act as the applicant of ``dossier``? It is the tracking secret
    or the token of a signed notice link (``cchc.dossiers.links``) issued for this dossier."""
    if not proof:
        return False
    if check_secret(dossier, proof):
        return True
    try:
        dossier_id, _purpose = links.read(proof)
    except ValidationError:
        return False
    return dossier_id == dossier.pk


def _applicant(dossier: Dossier, proof: str) -> None:
    if not check_proof(Dossier.objects.get(pk=dossier.pk), proof):
        raise PermissionDenied(_("Mã bí mật tra cứu không đúng."))


def _supplied(change: Change, note: str) -> None:
    change.note = note.strip()
    change.data["round"] = supply_round(change.row) + 1


def resubmit(*, dossier, secret: str, note: str = "", at=None) -> Dossier:
    """The applicant amends after a supplement request at intake; the code does not change (ND 45 Đ12).

    ``secret``: the tracking secret, or a signed notice link's token (:func:`check_proof`)."""
    at = _now(at)
    _applicant(dossier, secret)
    with DOSSIERS.operation("resubmit", actor=None, row=dossier, revision=None, at=at) as change:
        change.columns["actor_label"] = change.row.applicant_name
        _supplied(change, note)
    return change.row


def intake_supplement_received(*, actor, dossier, revision, note: str = "", at=None) -> Dossier:
    """The applicant brings what intake asked for to the counter; the counter checks it again."""
    at = _now(at)
    with DOSSIERS.operation(
        "intake_supplement_received", actor=actor, row=dossier, revision=revision, at=at
    ) as change:
        _supplied(change, note)
    return change.row


# --- processing ------------------------------------------------------------------------------------


def _next_step(dossier: Dossier) -> ProcessStep | None:
    current = dossier.current_step
    steps = process_steps(dossier.procedure_version_id, dossier.agency_id).select_related("unit", "agency")
    if current is None:
        return steps.first()
    return steps.filter(order__gt=current.order).first()


def _is_final(step: ProcessStep | None) -> bool:
    return step is None or step.role == ProcessStep.Role.RETURN


def at_last_step(dossier: Dossier) -> bool:
    """Is the dossier at the last step before the return, where it is decided rather than handed on?"""
    return _is_final(_next_step(dossier))


def hand_over(*, actor, dossier, revision, note: str = "", at=None) -> Dossier:
    """Finish the current step and pass the dossier to the next one (a row of the control slip)."""
    at = _now(at)
    with DOSSIERS.operation("hand_over", actor=actor, row=dossier, revision=revision, at=at) as change:
        d = change.row
        nxt = _next_step(d)
        if _is_final(nxt):
            raise ValidationError(_("Đây là bước cuối của quy trình: hãy phê duyệt hoặc trả lại hồ sơ."))
        _close_handover(d, at)
        d.current_step = nxt
        if nxt.unit_id:
            d.status, d.holder_unit, d.holder_agency = Status.IN_PROCESS, nxt.unit, None
        else:  # a step at another agency (liên thông)
            d.status, d.holder_unit, d.holder_agency = Status.INTER_AGENCY, None, nxt.agency
        _open_handover(d, step=nxt, at=at, actor=actor, from_unit=change.staff.unit)
        change.note = note
        change.data["step"] = nxt.order
    return change.row


def take_back(*, actor, dossier, revision, note: str = "", at=None) -> Dossier:
    """The other agency has done its part; the unit that sent the dossier records its return.

    If an internal step follows the outside one, the dossier goes to it. Otherwise the approver the
    process names (:func:`acting_step`) decides: the dossier goes to that step's unit.
    """
    at = _now(at)
    with DOSSIERS.operation("take_back", actor=actor, row=dossier, revision=revision, at=at) as change:
        d, unit = change.row, change.staff.unit
        partner_step = d.current_step
        _close_handover(d, at)
        nxt = _next_step(d)
        d.holder_agency = None
        if _is_final(nxt) or nxt.unit_id is None:
            d.current_step = partner_step
            approver = acting_step(d)
            d.holder_unit = approver.unit if approver is not None else unit
            _open_handover(d, step=None, at=at, actor=actor, from_agency=partner_step.agency)
        else:
            d.current_step, d.holder_unit = nxt, nxt.unit
            _open_handover(d, step=nxt, at=at, actor=actor, from_agency=partner_step.agency)
        change.note = note
    return change.row


def send_back(*, actor, dossier, revision, reason: str, to_step: int | None = None, at=None) -> Dossier:
    """An approver returns the dossier to an earlier internal step (by default the one just before)
    with the reason; the step is done again and the dossier's clock runs on."""
    at = _now(at)
    reason = _required_text(reason, "reason", _("Ghi rõ lý do trả lại và nội dung cần làm lại."))
    with DOSSIERS.operation("send_back", actor=actor, row=dossier, revision=revision, at=at) as change:
        d = change.row
        targets = send_back_targets(d)
        target = targets[0] if to_step is None else next((s for s in targets if s.order == to_step), None)
        if target is None:
            raise ValidationError({"to_step": _("Chọn một bước xử lý trước bước hiện tại.")})
        _close_handover(d, at)
        d.current_step, d.holder_unit, d.holder_agency = target, target.unit, None
        _open_handover(d, step=target, at=at, actor=actor, from_unit=change.staff.unit)
        change.note = reason
        change.data["step"] = target.order
    return change.row


def request_supplement(*, actor, dossier, revision, items: str, at=None) -> Dossier:
    """Ask the applicant to supplement during processing: the clock pauses (domain.md §3 point 3)."""
    at = _now(at)
    items = _required_text(items, "items", _("Ghi đầy đủ, một lần, các nội dung cần bổ sung."))
    with DOSSIERS.operation(
        "request_supplement", actor=actor, row=dossier, revision=revision, at=at
    ) as change:
        d = change.row
        d.paused_since = at
        d.supplement_count += 1
        change.note = items
        change.data["request"] = d.supplement_count
        change.notify(notices.supplement(d, items))
    return change.row


def supplement_received(*, actor, dossier, revision, note: str = "", at=None) -> Dossier:
    """The applicant's supplement arrives at the counter: the paused working time moves the due dates."""
    at = _now(at)
    with DOSSIERS.operation(
        "supplement_received", actor=actor, row=dossier, revision=revision, at=at
    ) as change:
        change.data["paused_minutes"] = _end_pause(change.row, at)
        _supplied(change, note)
    return change.row


def supplement_online(*, dossier, secret: str, note: str = "", at=None) -> Dossier:
    """The applicant sends the supplement asked for during processing online: received at once, so
    the clock resumes as when the counter records a supplement. ``secret`` as in :func:`resubmit`."""
    at = _now(at)
    _applicant(dossier, secret)
    with DOSSIERS.operation("supplement_online", actor=None, row=dossier, revision=None, at=at) as change:
        change.columns["actor_label"] = change.row.applicant_name
        change.data["paused_minutes"] = _end_pause(change.row, at)
        _supplied(change, note)
    return change.row


def apologise(*, actor, dossier, revision, reason: str, new_due_at: dt.datetime, at=None) -> Dossier:
    """Mẫu 04: apology and one new appointment, due 1 working day before the due date (P-B13)."""
    at = _now(at)
    reason = _required_text(reason, "reason", _("Ghi rõ lý do chậm trả kết quả."))
    with DOSSIERS.operation("apologise", actor=actor, row=dossier, revision=revision, at=at) as change:
        d = change.row
        if d.apologised_at is not None:
            raise ValidationError(
                _code_subject(
                    _("Hồ sơ %(code)s đã được xin lỗi và hẹn lại một lần; không được hẹn lại lần thứ hai."), d
                ),
                code="second_apology",
            )
        if new_due_at <= d.due_at:
            raise ValidationError({"new_due_at": _("Ngày hẹn mới phải sau ngày hẹn trả ban đầu.")})
        d.apologised_at = at
        d.apology_reason = change.note = reason
        d.new_due_at = new_due_at
        d.apology_late = clock.apology_is_late(at, d.due_at)
        change.data.update(new_due_at=new_due_at.isoformat(), late=d.apology_late)
        change.notify(notices.apology(d, reason))
    return change.row


def _decide(name, *, actor, dossier, revision, outcome, reason, at, attach=None) -> Dossier:
    at = _now(at)
    with transaction.atomic():
        with DOSSIERS.operation(name, actor=actor, row=dossier, revision=revision, at=at) as change:
            d = change.row
            return_step = _next_step(d)
            if not _is_final(return_step):
                raise ValidationError(_("Hồ sơ chưa đến bước cuối của quy trình: hãy chuyển bước tiếp theo."))
            _close_handover(d, at)
            d.outcome = outcome
            d.outcome_reason = change.note = reason
            d.finished_at = at
            if outcome == Outcome.APPROVED:
                d.result_code = f"{d.code}-KQ1"
            d.current_step = return_step
            d.holder_unit = _return_holder(d, return_step)
            d.holder_agency = None
            _open_handover(d, step=return_step, at=at, actor=actor, from_unit=change.staff.unit)
            if attach is not None:
                attach(d)
            change.notify(notices.result_ready(d))
        _open_return_transfer(change.row, actor=actor, at=at)
    return change.row


def approve(*, actor, dossier, revision, note: str = "", at=None, attach=None) -> Dossier:
    """The approver decides to grant: the result is ready. ``attach(dossier)``, if given, stores the
    electronic result inside the same transaction, after every check passed."""
    return _decide(
        "approve",
        actor=actor,
        dossier=dossier,
        revision=revision,
        outcome=Outcome.APPROVED,
        reason=note,
        at=at,
        attach=attach,
    )


def reject(*, actor, dossier, revision, reason: str, at=None) -> Dossier:
    reason = _required_text(reason, "reason", _("Ghi rõ lý do không giải quyết hồ sơ."))
    return _decide(
        "reject",
        actor=actor,
        dossier=dossier,
        revision=revision,
        outcome=Outcome.REJECTED,
        reason=reason,
        at=at,
    )


def has_electronic_result(dossier: Dossier) -> bool:
    return DossierDocument.objects.filter(dossier=dossier, kind=DossierDocument.Kind.RESULT).exists()


def return_result(*, actor, dossier, revision, at=None, attach=None) -> Dossier:
    """The counter returns the result. An approved dossier whose applicant chose the electronic
    result needs its result file (``attach(dossier)`` may store it now): the notice carries the link
    to download it. A paper result's notice invites to the satisfaction survey."""
    at = _now(at)
    with DOSSIERS.operation("return_result", actor=actor, row=dossier, revision=revision, at=at) as change:
        d = change.row
        if attach is not None:
            attach(d)
        electronic = d.return_channel == Channel.ONLINE and d.outcome == Outcome.APPROVED
        if electronic and not has_electronic_result(d):
            raise ValidationError(
                {
                    "result_file": _(
                        "Người nộp đăng ký nhận kết quả trực tuyến: đính kèm tệp kết quả điện tử "
                        "trước khi trả kết quả."
                    )
                },
                code="no_result_file",
            )
        d.returned_at = at
        _close_handover(d, at)
        if electronic:
            change.notify(notices.result_delivered(d))
        else:
            # The one-time satisfaction survey link (SIPAS, plan T7) goes with the returned result.

            change.notify(notices.returned(d, survey_url(d)))
    return change.row


def record_result_download(*, dossier: Dossier, via: str, at=None) -> None:
    """The applicant downloaded the electronic result (``via``: "link" from a notice, or "tracking"
    after the code and secret): appended to the dossier's history, which the applicant sees. The
    dossier itself does not change, so its revision (and any officer's open form) stays valid."""
    at = _now(at)
    with transaction.atomic():
        locked = DOSSIERS.lock(dossier)
        DOSSIERS.append(
            locked,
            "download_result",
            actor=None,
            at=at,
            before=locked.status,
            data={"via": via},
            actor_label=locked.applicant_name,
        )


def stop(*, actor, dossier, revision, reason: str, at=None) -> Dossier:
    """Stop at the applicant's request (2025 regime, Mẫu 05 "Thông báo dừng giải quyết hồ sơ")."""
    at = _now(at)
    reason = _required_text(reason, "reason", _("Ghi nội dung đề nghị dừng giải quyết của người nộp."))
    with DOSSIERS.operation("stop", actor=actor, row=dossier, revision=revision, at=at) as change:
        d = change.row
        d.finished_at = at
        d.outcome_reason = change.note = reason
        _end_pause(d, at)  # a pause ending in a stop still does not count against the dossier
        _close_handover(d, at)
    return change.row


# --- paper originals between places and the competent agency (decision 0021) -------------------------

ORIGINALS = gettext_lazy("Bản gốc hồ sơ giấy tiếp nhận tại nơi tiếp nhận")
RESULT_PAPER = gettext_lazy("Kết quả giải quyết bản giấy")


def _transfer_ends(dossier: Dossier, direction: str) -> tuple[int | None, int | None]:
    """(from, to) agency ids of a transfer; the service place is the one that is not the agency."""
    if direction == PaperTransfer.Direction.TO_AGENCY:
        return dossier.receipt_place_id, dossier.agency_id
    if direction == PaperTransfer.Direction.TO_RETURN:
        return dossier.agency_id, dossier.return_place_id
    raise ValidationError({"direction": _("Chọn chiều chuyển bản giấy.")})


def paper_due(place: Agency, sent_at: dt.datetime) -> dt.datetime:
    """When paper sent at ``sent_at`` must arrive: the place's budget in working hours (office time,
    holidays and make-up days of ``cchc.workdays``)."""
    return calendar.add_working_minutes(sent_at, int(place.transfer_hours * 60))


def _send(
    dossier: Dossier, direction: str, *, actor, what, at, new: bool = False, place: Agency | None = None
) -> PaperTransfer:
    """Record the paper leaving (the dossier locked by the caller, checks done). ``new``: the dossier
    was created in this transaction with one event (intake): no query for what it already has;
    ``place``: the service place whose budget applies, when the caller holds it."""
    from_id, to_id = _transfer_ends(dossier, direction)
    if not from_id or not to_id or from_id == to_id:
        raise ValidationError(
            _(
                "Hồ sơ %(code)s không có bản giấy phải chuyển giữa nơi tiếp nhận, nơi trả kết quả "
                "và cơ quan giải quyết."
            )
            % {"code": dossier.code}
        )
    if not new and PaperTransfer.objects.filter(dossier=dossier, direction=direction).exists():
        raise ValidationError(
            _("Bản giấy của hồ sơ %(code)s đã được chuyển theo chiều này.") % {"code": dossier.code}
        )
    place_id = from_id if direction == PaperTransfer.Direction.TO_AGENCY else to_id
    if place is None or place.pk != place_id:
        place = Agency.objects.get(pk=place_id)
    transfer = PaperTransfer.objects.create(
        dossier=dossier,
        direction=direction,
        from_agency_id=from_id,
        to_agency_id=to_id,
        what=str(what).strip()[:500],
        sent_at=at,
        sent_by=actor,
        due_at=paper_due(place, at),
    )
    DOSSIERS.append(
        dossier,
        "paper_sent",
        actor=actor,
        at=at,
        before=dossier.status,
        note=transfer.what,
        data={"direction": direction, "due_at": transfer.due_at.isoformat()},
        unit_id=getattr(getattr(actor, "staff", None), "unit_id", None),
        public=False,
        **({"seq": 2} if new else {}),
    )
    return transfer


def _open_return_transfer(dossier: Dossier, *, actor, at: dt.datetime) -> PaperTransfer | None:
    """A paper result to be collected at a place other than the competent agency leaves for it."""
    if dossier.return_channel != Channel.COUNTER or not dossier.return_place_id:
        return None
    if dossier.return_place_id == dossier.agency_id:
        return None
    return _send(dossier, PaperTransfer.Direction.TO_RETURN, actor=actor, what=RESULT_PAPER, at=at)


def _paper_actor(actor, dossier: Dossier, agency_side: bool, direction: str) -> Staff:
    """The agency's side (its staff) or the place's side (the counter of the place of receipt for
    originals leaving it, of the place of return for a result arriving)."""
    staff = staff_of(actor, NOT_STAFF)
    if agency_side:
        if staff.unit.agency_id != dossier.agency_id:
            raise PermissionDenied(_("Chỉ cán bộ của cơ quan giải quyết hồ sơ được thực hiện thao tác này."))
        return staff
    side = places.RECEIPT if direction == PaperTransfer.Direction.TO_AGENCY else places.RETURN
    if roles.COUNTER_OFFICER not in roles.user_roles(actor) or not (
        staff.unit.agency_id == _transfer_ends(dossier, direction)[0 if side == places.RECEIPT else 1]
        and places.counter_may_act(staff.unit, dossier, side)
    ):
        raise PermissionDenied(
            _(
                "Chỉ Bộ phận Một cửa của nơi tiếp nhận hoặc nơi trả kết quả của hồ sơ được thực hiện "
                "thao tác này."
            )
        )
    return staff


def may_paper(send: bool, actor, dossier: Dossier, direction: str) -> bool:
    """May ``actor`` record sending (``send``) or confirm the arrival of ``dossier``'s paper in
    ``direction`` now? The screens' buttons; the services check the same again."""
    try:
        _paper_actor(actor, dossier, send == (direction == PaperTransfer.Direction.TO_RETURN), direction)
    except PermissionDenied:
        return False
    existing = next((t for t in dossier.paper_transfers.all() if t.direction == direction), None)
    if send:
        ends = _transfer_ends(dossier, direction)
        if existing is not None or not all(ends) or ends[0] == ends[1]:
            return False
        return direction == PaperTransfer.Direction.TO_AGENCY or dossier.status == Status.RESULT_READY
    return existing is not None and existing.received_at is None


def send_paper(*, actor, dossier: Dossier, direction: str, what: str, at=None) -> PaperTransfer:
    """Hand the paper over for carrying: the originals from the place of receipt to the agency (by
    the place's counter), or the paper result from the agency to the place of return (by the
    agency's staff, once the result is ready). Due within the place's ``transfer_hours``."""
    at = _now(at)
    with transaction.atomic():
        d = DOSSIERS.lock(dossier)
        _paper_actor(actor, d, direction == PaperTransfer.Direction.TO_RETURN, direction)
        if direction == PaperTransfer.Direction.TO_RETURN and d.status != Status.RESULT_READY:
            raise ValidationError(_("Chỉ chuyển kết quả bản giấy khi hồ sơ đã có kết quả, chờ trả."))
        what = (what or "").strip() or str(
            ORIGINALS if direction == PaperTransfer.Direction.TO_AGENCY else RESULT_PAPER
        )
        return _send(d, direction, actor=actor, what=what, at=at)


def confirm_paper(*, actor, dossier: Dossier, direction: str, at=None) -> PaperTransfer:
    """The other side confirms the paper arrived: early, on time or late against its due time."""
    at = _now(at)
    with transaction.atomic():
        d = DOSSIERS.lock(dossier)
        staff = _paper_actor(actor, d, direction == PaperTransfer.Direction.TO_AGENCY, direction)
        transfer = PaperTransfer.objects.select_for_update().filter(dossier=d, direction=direction).first()
        if transfer is None:
            raise ValidationError(_("Chưa có bản giấy nào được chuyển theo chiều này."))
        if transfer.received_at is not None:
            raise ValidationError(
                _("Bản giấy này đã được xác nhận nhận lúc %(at)s.")
                % {"at": f"{timezone.localtime(transfer.received_at):%H:%M %d/%m/%Y}"}
            )
        if at < transfer.sent_at:
            raise ValidationError(_("Thời điểm nhận không thể trước thời điểm chuyển."))
        transfer.received_at, transfer.received_by = at, actor
        transfer.result = clock.step_result(at, transfer.due_at)
        transfer.save(update_fields=["received_at", "received_by", "result"])
        DOSSIERS.append(
            d,
            "paper_received",
            actor=actor,
            at=at,
            before=d.status,
            data={"direction": direction, "result": transfer.result},
            unit_id=staff.unit_id,
            public=direction == PaperTransfer.Direction.TO_RETURN,
        )
        return transfer


# --- reads of personal data (decision 0018) ----------------------------------------------------------

BREAK_GLASS_REASON_MIN = 10


def record_personal_data_read(
    *, actor, dossier: Dossier, what: str, detail: dict | None = None, reason: str = ""
) -> PersonalDataRead:
    """Append that ``actor`` read ``dossier``'s personal data (``what``: a ``PersonalDataRead.What``;
    ``detail``: which document or slip). One INSERT, no lock: a read changes nothing else."""
    staff = staff_of(actor, NOT_STAFF)
    return PersonalDataRead.objects.create(
        dossier=dossier,
        actor=actor,
        unit_id=staff.unit_id,
        at=timezone.now(),
        action=what,
        note=reason,
        data={**(detail or {}), "role": acting_role(actor)},
    )


def record_register_read(*, actor, dossier_ids: list[int]) -> int:
    """Append one read per dossier whose personal data an exported register showed: one INSERT."""
    staff = staff_of(actor, NOT_STAFF)
    at = timezone.now()
    role = {"role": acting_role(actor)}
    rows = [
        PersonalDataRead(
            dossier_id=pk,
            actor=actor,
            unit_id=staff.unit_id,
            at=at,
            action=PersonalDataRead.What.REGISTER,
            data=role,
        )
        for pk in dossier_ids
    ]
    return len(PersonalDataRead.objects.bulk_create(rows, batch_size=2000))


def open_personal_data(*, actor, dossier: Dossier, reason: str) -> PersonalDataRead:
    """A director or the Office opens the personal data of a dossier of their agency they do not
    otherwise need ("break-glass"): the written reason is required and logged, and the data stays
    open to them for ``CCHC_BREAK_GLASS_MINUTES`` (``privacy.can_see_personal_data``)."""
    staff = staff_of(actor, NOT_STAFF)
    if not may_break_glass(actor) or staff.unit.agency_id != dossier.agency_id:
        raise PermissionDenied(
            _("Chỉ lãnh đạo và Văn phòng của cơ quan giải quyết hồ sơ được mở thông tin cá nhân của hồ sơ.")
        )
    reason = (reason or "").strip()
    if len(reason) < BREAK_GLASS_REASON_MIN:
        message = _("Ghi rõ lý do cần xem thông tin cá nhân (ít nhất %(n)s ký tự).")
        raise ValidationError({"reason": [message % {"n": BREAK_GLASS_REASON_MIN}]})
    return record_personal_data_read(
        actor=actor, dossier=dossier, what=PersonalDataRead.What.BREAK_GLASS, reason=reason[:1000]
    )


# --- online payment ----------------------------------------------------------------------------------


def record_online_payment(
    *, actor, dossier: Dossier, amount: Decimal, via: int, reference: str, at: dt.datetime | None = None
) -> Dossier:
    """The payment platform confirmed that the dossier's fee was paid online (called only by
    ``cchc.payments.services`` on a verified callback): ``paid_online`` is set to ``via`` (an
    ``OnlinePayment``) and a ``paid_online`` event is appended — the status is unchanged, and so is the
    revision (an officer's open form stays valid) — so the apps listening to ``dossier_changed`` hear it.
    The amount must be the dossier's fee; a dossier already paid online is refused."""
    at = _now(at)
    with transaction.atomic():
        locked = DOSSIERS.lock(dossier)
        if locked.paid_online:
            raise ValidationError(_("Hồ sơ %(code)s đã được thanh toán trực tuyến.") % {"code": locked.code})
        if Decimal(amount) != locked.fee_amount:
            raise ValidationError(
                _("Số tiền thanh toán %(amount)s khác phí, lệ phí của hồ sơ %(code)s.")
                % {"amount": amount, "code": locked.code}
            )
        locked.paid_online = via
        locked.save(update_fields=["paid_online"])
        DOSSIERS.append(
            locked,
            "paid_online",
            actor=actor,
            at=at,
            before=locked.status,
            data={"reference": reference, "amount": str(amount), "via": int(via)},
            actor_label=locked.applicant_name,
        )
    dossier.paid_online = via
    return locked
