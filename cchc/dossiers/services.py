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

from cchc.common.workflow import Change, Operation, Workflow, actor_unit
from cchc.dossiers import clock, links, notices, workflow
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
    PersonalDataRead,
    Status,
)
from cchc.dossiers.privacy import acting_role, may_break_glass
from cchc.dossiers.survey_link import survey_url
from cchc.notifications.services import enqueue
from cchc.org import roles
from cchc.org.access import staff_of
from cchc.org.models import Agency, Staff, Unit
from cchc.procedures.models import Fee, ProcedureVersion, ProcessStep

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
        if staff.unit.kind != Unit.Kind.COUNTER or staff.unit.agency_id != dossier.agency_id:
            raise PermissionDenied(
                _("Chỉ Bộ phận Một cửa của cơ quan tiếp nhận được thực hiện thao tác này.")
            )
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
    return list(dossier.procedure_version.process_steps.select_related("unit", "agency").order_by("order"))


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
        to_unit_id=step.unit_id if step is not None else dossier.holder_unit_id,
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
    """What an intake needs from the catalog, read in one statement (``intake_facts``)."""

    agency_id: int
    agency_code: str
    fee_total: Decimal
    first_step: ProcessStep | None


def _facts_sql() -> str:
    q = connection.ops.quote_name
    version, fee, step, agency = (q(m._meta.db_table) for m in (ProcedureVersion, Fee, ProcessStep, Agency))
    first = f"SELECT {{}} FROM {step} s WHERE s.version_id = v.id ORDER BY s.{q('order')}, s.id LIMIT 1"
    return (
        "SELECT v.agency_id, a.code, "
        f"(SELECT COALESCE(SUM(f.amount), 0) FROM {fee} f WHERE f.version_id = v.id), "
        + ", ".join(
            f"({first.format(column)})" for column in ("s.id", "s.unit_id", "s.agency_id", "s.budget")
        )
        + f" FROM {version} v JOIN {agency} a ON a.id = v.agency_id"
        " WHERE v.id = %s AND v.status = %s"
        " AND (v.valid_from IS NULL OR v.valid_from <= %s) AND (v.valid_to IS NULL OR v.valid_to >= %s)"
    )


def intake_facts(version: ProcedureVersion, at: dt.datetime) -> IntakeFacts:
    """The version's agency, fee total and first process step — if it is in force on the day of ``at``.

    The same condition as ``ProcedureVersion.objects.published(day)`` (a test holds them equal), in one
    plain SQL statement, because it runs on every intake and the ORM's compile time was most of the
    intake's cost (docs/benchmarks.md, intake).
    """
    day = timezone.localdate(at)
    with connection.cursor() as cursor:
        cursor.execute(_facts_sql(), [version.pk, ProcedureVersion.Status.PUBLISHED, day, day])
        row = cursor.fetchone()
    if row is None:
        raise ValidationError(_("Thủ tục này không còn được áp dụng; hãy chọn thủ tục đang công bố."))
    agency_id, agency_code, fees, step_id, step_unit, step_agency, budget = row
    step = None
    if step_id is not None:
        step = ProcessStep(
            pk=step_id,
            version_id=version.pk,
            unit_id=step_unit,
            agency_id=step_agency,
            budget=_decimal(budget),
        )
        step._state.adding = False
    return IntakeFacts(agency_id, agency_code, _decimal(fees).quantize(Decimal(1)), step)


def _decimal(value) -> Decimal:
    """A numeric column as Decimal (SQLite returns int or float, PostgreSQL Decimal)."""
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _first_step(version: ProcedureVersion) -> ProcessStep | None:
    return version.process_steps.select_related("unit", "agency").order_by("order").first()


def submit_online(
    *,
    procedure_version: ProcedureVersion,
    applicant: Applicant,
    return_channel: int = Channel.ONLINE,
    vneid_verified: bool = False,
    language: str = "vi",
    at: dt.datetime | None = None,
) -> tuple[Dossier, str]:
    """A citizen submits online: the system acknowledges, allocates the code, the counter checks later.

    Returns the dossier and the tracking secret (shown once to the applicant, stored hashed).
    """
    at = _now(at)
    applicant = applicant.clean()
    with transaction.atomic():
        facts = intake_facts(procedure_version, at)
        version = procedure_version
        if not version.is_online:
            raise ValidationError(
                _("Thủ tục này chưa cung cấp dịch vụ công trực tuyến; hãy nộp tại Bộ phận Một cửa.")
            )
        secret, secret_hash = _new_secret()
        dossier = Dossier.objects.create(
            code=_allocate_code(facts.agency_id, facts.agency_code, at),
            agency_id=facts.agency_id,
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
        DOSSIERS.append(dossier, "submit_online", actor=None, at=at, actor_label=applicant.name)
        _notify(dossier, notices.submitted(dossier))
    return dossier, secret


def receive_at_counter(
    *,
    actor,
    procedure_version: ProcedureVersion,
    applicant: Applicant,
    channel: int = Channel.COUNTER,
    return_channel: int = Channel.COUNTER,
    paper_reason: str = "",
    at: dt.datetime | None = None,
) -> tuple[Dossier, str]:
    """A walk-in (or postal) dossier checked complete at the counter: received at once."""
    at = _now(at)
    applicant = applicant.clean()
    staff = staff_of(actor, NOT_STAFF)
    if roles.COUNTER_OFFICER not in roles.user_roles(actor) or staff.unit.kind != Unit.Kind.COUNTER:
        raise PermissionDenied(_("Chỉ cán bộ Bộ phận Một cửa được tiếp nhận hồ sơ."))
    if channel not in (Channel.COUNTER, Channel.POST):
        raise ValidationError(_("Hồ sơ trực tuyến do công dân tự nộp trên Cổng dịch vụ công."))
    with transaction.atomic():
        facts = intake_facts(procedure_version, at)
        version = procedure_version
        if facts.agency_id != staff.unit.agency_id:
            raise PermissionDenied(
                _("Thủ tục này không thuộc cơ quan của Bộ phận Một cửa bạn đang làm việc.")
            )
        if version.is_online and not paper_reason.strip():
            raise ValidationError(
                {
                    "paper_reason": _(
                        "Thủ tục có dịch vụ công trực tuyến: ghi lý do nhận hồ sơ giấy (chỉ tiêu T4)."
                    )
                }
            )
        secret, secret_hash = _new_secret()
        dossier = Dossier.objects.create(
            code=_allocate_code(facts.agency_id, facts.agency_code, at),
            agency_id=facts.agency_id,
            procedure_version=version,
            status=Status.RECEIVED,
            channel=channel,
            return_channel=return_channel,
            paper_reason=paper_reason.strip(),
            submitted_at=at,
            received_at=at,
            due_at=due_for(version, at),
            holder_unit=staff.unit,
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
        d.holder_unit = change.staff.unit
        d.current_step = _first_step(d.procedure_version)
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
    steps = dossier.procedure_version.process_steps.select_related("unit", "agency")
    if current is None:
        return steps.order_by("order").first()
    return steps.filter(order__gt=current.order).order_by("order").first()


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
        d.holder_unit = return_step.unit if return_step and return_step.unit_id else _counter_unit(d.agency)
        d.holder_agency = None
        _open_handover(d, step=return_step, at=at, actor=actor, from_unit=change.staff.unit)
        if attach is not None:
            attach(d)
        change.notify(notices.result_ready(d))
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
