"""The publication workflow as data (``draft`` → ``published`` → ``withdrawn``).

Each operation names its source statuses, its target status, the roles allowed and the unit scope:

- ``ANY_UNIT``: the role may act on a publication of any unit (the Office publishes for the
  whole Department: it runs the website, plan P-B7–P-B9);
- ``OWN_UNIT``: the actor's unit must be the publication's unit (a specialist or the head of a
  unit drafts the information of their own unit's field, e.g. the Social Protection unit drafts
  the poor-household reviews, P-B21).

``cchc.disclosure.services`` consults :func:`allowed` before any change; the tests walk every
operation × status × role × unit combination against this table.
"""

from __future__ import annotations

from dataclasses import dataclass

from cchc.disclosure.models import Status
from cchc.org import roles

ANY_UNIT = "any_unit"
OWN_UNIT = "own_unit"


@dataclass(frozen=True)
class Operation:
    name: str
    sources: frozenset[str]
    target: str
    # role -> scope
    grants: tuple[tuple[str, str], ...]

    def scope_for(self, role_names: set[str]) -> str | None:
        """The widest scope the roles give (``ANY_UNIT`` beats ``OWN_UNIT``), or None."""
        scopes = {scope for role, scope in self.grants if role in role_names}
        if ANY_UNIT in scopes:
            return ANY_UNIT
        return OWN_UNIT if OWN_UNIT in scopes else None


_DRAFTERS = (
    (roles.OFFICE, ANY_UNIT),
    (roles.SPECIALIST, OWN_UNIT),
    (roles.UNIT_HEAD, OWN_UNIT),
)

OPERATIONS: dict[str, Operation] = {
    op.name: op
    for op in [
        Operation("create", frozenset({""}), Status.DRAFT, _DRAFTERS),
        Operation("update", frozenset({Status.DRAFT}), Status.DRAFT, _DRAFTERS),
        Operation("publish", frozenset({Status.DRAFT}), Status.PUBLISHED, ((roles.OFFICE, ANY_UNIT),)),
        Operation("withdraw", frozenset({Status.PUBLISHED}), Status.WITHDRAWN, ((roles.OFFICE, ANY_UNIT),)),
    ]
}


def allowed(operation: str, status: str, role_names: set[str], actor_unit_id, publication_unit_id) -> bool:
    """Whether ``operation`` may start from ``status`` for these roles and units."""
    op = OPERATIONS[operation]
    if status not in op.sources:
        return False
    scope = op.scope_for(role_names)
    if scope == ANY_UNIT:
        return True
    return scope == OWN_UNIT and actor_unit_id is not None and actor_unit_id == publication_unit_id
