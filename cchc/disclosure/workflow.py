"""The publication workflow as data (``draft`` → ``published`` → ``withdrawn``).

Each operation names its source statuses, its target status, the roles allowed and the unit scope:

- ``ANY_UNIT``: the role may act on a publication of any unit (the Office publishes for the
  whole Department: it runs the website, plan P-B7–P-B9);
- ``OWN_UNIT``: the actor's unit must be the publication's unit (a specialist or the head of a
  unit drafts the information of their own unit's field, e.g. the Social Protection unit drafts
  the poor-household reviews, P-B21).

``cchc.disclosure.services`` runs every change in the workflow kernel's frame
(``cchc.common.workflow``), which checks this table (status, then :func:`scope_for` and the unit)
and applies the target; the tests walk every operation × status × role × unit combination against it.
"""

from __future__ import annotations

from cchc.common.workflow import NEW, Operation, Table
from cchc.disclosure.models import Status
from cchc.org import roles

ANY_UNIT = "any_unit"
OWN_UNIT = "own_unit"

_DRAFTERS = (
    (roles.OFFICE, ANY_UNIT),
    (roles.SPECIALIST, OWN_UNIT),
    (roles.UNIT_HEAD, OWN_UNIT),
)

OPERATIONS = Table(
    Operation("create", frozenset({NEW}), Status.DRAFT, _DRAFTERS),
    Operation("update", frozenset({Status.DRAFT}), Status.DRAFT, _DRAFTERS),
    Operation("publish", frozenset({Status.DRAFT}), Status.PUBLISHED, ((roles.OFFICE, ANY_UNIT),)),
    Operation("withdraw", frozenset({Status.PUBLISHED}), Status.WITHDRAWN, ((roles.OFFICE, ANY_UNIT),)),
)


def scope_for(op: Operation, role_names: set[str]) -> str | None:
    """The widest scope the roles give (``ANY_UNIT`` beats ``OWN_UNIT``), or None."""
    scopes = op.scopes_for(role_names)
    if ANY_UNIT in scopes:
        return ANY_UNIT
    return OWN_UNIT if OWN_UNIT in scopes else None


def may(op: Operation, role_names: set[str], actor_unit_id, publication_unit_id) -> bool:
    """Whether these roles, in this unit, may perform ``op`` on a publication of that unit."""
    scope = scope_for(op, role_names)
    if scope == ANY_UNIT:
        return True
    return scope == OWN_UNIT and actor_unit_id is not None and actor_unit_id == publication_unit_id


def allowed(operation: str, status: str, role_names: set[str], actor_unit_id, publication_unit_id) -> bool:
    """Whether ``operation`` may start from ``status`` for these roles and units."""
    op = OPERATIONS[operation]
    return status in op.sources and may(op, role_names, actor_unit_id, publication_unit_id)
