"""The workflow kernel: the one way every app changes a row that moves through statuses.

An app declares its workflow as data, a :class:`Table` of :class:`Operation` (the statuses an operation
starts from, the status it leads to, the roles that may do it and on which rows: the scope), and one
:class:`Workflow` that ties the table to the model, the event table (``cchc.common.events``) and the
app's own rules, passed in as hooks: who may act (``authorize``: staff, role, unit, scope), what a
refusal says, how a notice is queued. Each service function then writes inside
:meth:`Workflow.operation`::

    with DOSSIERS.operation("refuse", actor=actor, row=dossier, revision=revision, at=at) as change:
        change.row.outcome_reason = change.note = reason
        change.notify(notices.refused(change.row, reason))

In one transaction the frame locks the row and checks the revision the caller saw (:class:`Stale`:
another officer was faster, or the form was sent twice), checks the row's status against the table
and the actor with ``authorize``, moves the row to the operation's target status, lets the service do
its part, then saves the row under a new revision, appends its event and queues its notices (in the
same transaction, as outbox rows). Anything raised on the way leaves nothing written.

Views turn the refusals into responses in one place, :func:`refusal`. This module imports no app.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from cchc.common.events import AppendOnlyEvent

# The status of a row not created yet: an operation whose sources hold NEW creates the row.
NEW = ""
# Targets that are not a status: the operation keeps the row's status, or the service sets it
# (it depends on the case, e.g. the next step of a dossier is a unit or another agency).
UNCHANGED = ""
DECIDED = None
# The role of a grant that needs no staff role: its scope alone says who may (e.g. the applicant).
NO_ROLE = ""


@dataclass(frozen=True)
class Operation:
    """One row of a workflow table. ``grants`` pairs each role allowed with its scope: which rows the
    holder may act on (the app's ``authorize`` gives each scope its meaning)."""

    name: str
    sources: frozenset[str]
    target: str | None
    grants: tuple[tuple[str, str], ...] = ()
    label: str = ""

    @classmethod
    def of(
        cls, name: str, sources: Iterable[str], target: str | None, roles: Iterable[str], scope: str, **more
    ):
        """The usual shape: every role listed, one scope (no roles: ``NO_ROLE`` with that scope)."""
        grants = tuple((role, scope) for role in sorted(roles)) or ((NO_ROLE, scope),)
        return cls(name, frozenset(sources), target, grants, **more)

    @property
    def roles(self) -> frozenset[str]:
        return frozenset(role for role, _scope in self.grants if role != NO_ROLE)

    @property
    def scope(self) -> str:
        """The scope of an operation whose roles all share one (see :meth:`scopes_for` otherwise)."""
        scopes = {scope for _role, scope in self.grants}
        if len(scopes) != 1:
            raise ValueError(f"{self.name}: each role has its own scope; use scopes_for()")
        return next(iter(scopes))

    def scopes_for(self, role_names: Iterable[str]) -> frozenset[str]:
        """The scopes the roles held give (a grant without role counts for everyone)."""
        held = set(role_names)
        return frozenset(scope for role, scope in self.grants if role == NO_ROLE or role in held)


class Table(Mapping[str, Operation]):
    """A workflow table: its operations by name."""

    def __init__(self, *operations: Operation):
        self._operations: dict[str, Operation] = {}
        for op in operations:
            if op.name in self._operations:
                raise ValueError(f"operation {op.name!r} is in the table twice")
            self._operations[op.name] = op

    def __getitem__(self, name: str) -> Operation:
        return self._operations[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._operations)

    def __len__(self) -> int:
        return len(self._operations)

    def allowed_from(self, status: str) -> list[str]:
        """The operations that may start from ``status`` (in table order)."""
        return [op.name for op in self._operations.values() if status in op.sources]


class Stale(ValidationError):
    """The row changed since the caller read it (its revision moved on): reload and decide again."""


@dataclass
class Change:
    """What one operation writes, filled in by the service inside :meth:`Workflow.operation`."""

    row: Any  # the locked row (at the operation's target status already, unless the target is DECIDED)
    op: Operation
    actor: Any
    staff: Any  # what ``authorize`` returned: the actor's Staff (None when no staff acts, e.g. the applicant)
    at: dt.datetime
    before: str  # the row's status before the operation
    note: str = ""
    data: dict = field(default_factory=dict)  # the event's data
    columns: dict = field(default_factory=dict)  # the event's own columns (``public``, ``actor_label``…)
    notices: list = field(default_factory=list)

    def notify(self, notice) -> None:
        """Queue ``notice`` (a None notice is skipped): sent through the workflow's ``notify`` hook."""
        if notice is not None:
            self.notices.append(notice)


def actor_unit(change: Change) -> dict:
    """Event columns of the workflows whose event records the unit the actor acted for."""
    return {"unit_id": change.staff.unit_id if change.staff is not None else None}


def _no_columns(change: Change) -> dict:
    return {}


def _save(row: models.Model) -> None:
    row.save()


@dataclass(frozen=True)
class Workflow:
    """One app's workflow: its table, model and event table, and its rules as hooks."""

    table: Table
    model: type[models.Model]
    event: type[AppendOnlyEvent]
    subject: str  # the event's ForeignKey to the row
    # (operation, actor, row) -> the actor's Staff (or None); raises PermissionDenied (or
    # ValidationError) unless the actor's role, unit and scope allow the operation on the row.
    authorize: Callable[[Operation, Any, Any], Any]
    # (operation, row) -> the message when the row's status does not allow the operation.
    refused_status: Callable[[Operation, Any], str]
    # row -> the message when the row changed since the caller read it; None: the rows have no revision.
    stale: Callable[[Any], str] | None = None
    # (row, notice) -> None: queue one notice about the row (the app's outbox writer).
    notify: Callable[[Any, Any], None] | None = None
    # change -> columns every event of this workflow gets (e.g. :func:`actor_unit`).
    event_columns: Callable[[Change], dict] = _no_columns
    lock_related: tuple[str, ...] = ()
    status_field: str = "status"
    save_row: Callable[[Any], None] = _save
    # (row, event) -> None: called after every appended event, inside the same transaction (the app
    # tells the apps above it, e.g. by a signal; what they write commits or rolls back with the change).
    appended: Callable[[Any, Any], None] | None = None

    def status_of(self, row) -> str:
        """The row's status; ``NEW`` for a row not saved yet."""
        return NEW if row.pk is None else getattr(row, self.status_field)

    def check(self, name: str, actor, row):
        """Raise unless ``actor`` may perform ``name`` on ``row`` now; return what ``authorize`` returns.

        The status first (``ValidationError``, code "transition"), then the app's ``authorize``."""
        op = self.table[name]
        if self.status_of(row) not in op.sources:
            raise ValidationError(self.refused_status(op, row), code="transition")
        return self.authorize(op, actor, row)

    def may(self, name: str, actor, row) -> bool:
        try:
            self.check(name, actor, row)
        except (PermissionDenied, ValidationError):
            return False
        return True

    def allowed(self, actor, row) -> list[str]:
        """The operations ``actor`` may perform on ``row`` now (for the screens' action lists)."""
        return [name for name in self.table.allowed_from(self.status_of(row)) if self.may(name, actor, row)]

    def lock(self, row, revision: int | None = None):
        """The row re-read under a row lock (inside the caller's transaction); :class:`Stale` if
        ``revision`` is given and the row has moved on since."""
        locked = (
            self.model.objects.select_for_update(of=("self",))
            .select_related(*self.lock_related)
            .get(pk=row.pk)
        )
        if revision is not None:
            if self.stale is None:
                raise TypeError(f"{self.model.__name__} rows have no revision to check")
            if locked.revision != revision:
                raise Stale(self.stale(locked), code="stale")
        return locked

    @contextmanager
    def operation(self, name: str, *, actor, row, revision: int | None, at: dt.datetime) -> Iterator[Change]:
        """The frame of every operation (see the module's docstring). ``row`` not saved yet: the
        operation creates it (its sources hold ``NEW``); ``revision`` None: not checked."""
        with transaction.atomic():
            locked = row if row.pk is None else self.lock(row, revision)
            staff = self.check(name, actor, locked)
            op = self.table[name]
            change = Change(row=locked, op=op, actor=actor, staff=staff, at=at, before=self.status_of(locked))
            if op.target:  # neither UNCHANGED nor DECIDED: the table's target, applied here
                setattr(locked, self.status_field, op.target)
            yield change
            if self.stale is not None and change.before != NEW:
                locked.revision += 1
            self.save_row(locked)
            self.append(
                locked,
                name,
                actor=actor,
                at=at,
                before=change.before,
                note=change.note,
                data=change.data,
                **{**self.event_columns(change), **change.columns},
            )
            for notice in change.notices:
                self.notify(locked, notice)

    def append(
        self,
        row,
        action: str,
        *,
        actor,
        at: dt.datetime,
        before: str = NEW,
        note: str = "",
        data=None,
        **columns,
    ) -> AppendOnlyEvent:
        """Append an event of ``row`` to its history, ``to_status`` its status now. ``before`` NEW: the
        row was created in this transaction, so its first event is numbered without a query."""
        event = self.event.append(
            new=before == NEW,
            **{self.subject: row},
            at=at,
            action=action,
            actor=actor,
            from_status=before,
            to_status=self.status_of(row),
            note=note,
            data=data or {},
            **columns,
        )
        if self.appended is not None:
            self.appended(row, event)
        return event


@dataclass(frozen=True)
class Refusal:
    """How a view answers a refused service call."""

    status: int  # 409: the row changed (show it as it is now); 403: not allowed; 400: bad input or status
    messages: list[str]

    @property
    def message(self) -> str:
        return " ".join(self.messages)


def refusal(exc: PermissionDenied | ValidationError) -> Refusal:
    """The one mapping of the services' refusals to HTTP: :class:`Stale` 409, ``PermissionDenied``
    403, ``ValidationError`` 400, each with its Vietnamese message."""
    if isinstance(exc, Stale):
        return Refusal(409, list(exc.messages))
    if isinstance(exc, ValidationError):
        return Refusal(400, list(exc.messages))
    if isinstance(exc, PermissionDenied):
        return Refusal(403, [str(exc) or _("Bạn không được thực hiện thao tác này.")])
    raise TypeError(f"not a refusal: {exc!r}")
