"""The transition table, exhaustively: every operation × status × role × (own / other unit)."""

from __future__ import annotations

import itertools

import pytest

from cchc.disclosure import workflow
from cchc.disclosure.models import Status
from cchc.org import roles

STATUSES = ["", *Status.values]
ROLE_SETS = [set(), *({r} for r in roles.ROLES)]

# The expectation, written independently of the table: (operation) -> (sources, {role: own_unit_only})
EXPECTED = {
    "create": ({""}, {roles.OFFICE: False, roles.SPECIALIST: True, roles.UNIT_HEAD: True}),
    "update": ({Status.DRAFT}, {roles.OFFICE: False, roles.SPECIALIST: True, roles.UNIT_HEAD: True}),
    "publish": ({Status.DRAFT}, {roles.OFFICE: False}),
    "withdraw": ({Status.PUBLISHED}, {roles.OFFICE: False}),
}


def test_table_has_exactly_the_expected_operations():
    assert set(workflow.OPERATIONS) == set(EXPECTED)


@pytest.mark.parametrize(
    ("operation", "status", "role_names", "same_unit"),
    list(itertools.product(EXPECTED, STATUSES, ROLE_SETS, [True, False])),
    ids=lambda v: str(sorted(v)) if isinstance(v, set) else str(v),
)
def test_every_transition(operation, status, role_names, same_unit):
    sources, grants = EXPECTED[operation]
    role = next(iter(role_names), None)
    expected = status in sources and role in grants and (same_unit or not grants[role])
    assert workflow.allowed(operation, status, role_names, 1, 1 if same_unit else 2) is expected


def test_office_scope_wins_over_own_unit():
    assert workflow.allowed("update", Status.DRAFT, {roles.SPECIALIST, roles.OFFICE}, 1, 2)
    assert not workflow.allowed("update", Status.DRAFT, {roles.SPECIALIST}, None, None)
