"""The workflow table, exhaustively: every operation × status × role × unit, against the services.

For each combination the expected answer is derived from the table's definition (status in the
sources, role in the roles, actor's unit = the Office or the assigned unit); ``services.check``
must agree, and the service functions must really call it (an allowed actor moves the item to the
target status; an actor of another unit is refused and nothing changes).
"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cchc.feedback import services, workflow
from cchc.feedback.models import FeedbackEvent, Status
from cchc.org import roles
from tests.feedback.conftest import ROLE_KEYS, UNIT_KEYS, submit, walk

pytestmark = pytest.mark.django_db

ALL_STATUSES = list(Status.values)


def expected(op: workflow.Operation, status: str, role: str, unit_key: str) -> str:
    """'ok', 'state' (ValidationError) or 'denied' (PermissionDenied)."""
    if status not in op.sources:
        return "state"
    if role not in op.roles:
        return "denied"
    if op.scope == workflow.OFFICE and unit_key != "office":
        return "denied"
    if op.scope == workflow.UNIT and unit_key != "division":  # the item is assigned to "division"
        return "denied"
    return "ok"


def test_table_shape():
    assert set(workflow.OPERATIONS) == {
        "assign",
        "reject",
        "mark_duplicate",
        "save_draft",
        "draft",
        "approve",
        "return_for_revision",
        "publish",
        "answer_privately",
    }
    for op in workflow.OPERATIONS.values():
        assert op.sources <= set(ALL_STATUSES)
        assert op.target in ALL_STATUSES
        assert op.roles <= set(roles.ROLES)
    # Closed statuses are final: nothing starts from them.
    for status in (Status.PUBLISHED, Status.ANSWERED, Status.REJECTED, Status.DUPLICATE):
        assert workflow.allowed_from(status) == []
    assert workflow.allowed_from(Status.DRAFTED) == ["approve", "return_for_revision"]


@pytest.mark.parametrize("operation", sorted(workflow.OPERATIONS))
def test_check_every_status_role_and_unit(world, operation):
    op = workflow.OPERATIONS[operation]
    item = walk(world, submit(), Status.ASSIGNED)  # unit = world.division
    mismatches = []
    for status in ALL_STATUSES:
        item.status = status  # check() reads the status of the object it is given
        for unit_key in UNIT_KEYS:
            for role_key, role in ROLE_KEYS.items():
                user = world.user(role_key, unit_key)
                want = expected(op, status, role, unit_key)
                try:
                    services.check(operation, user, item)
                    got = "ok"
                except PermissionDenied:
                    got = "denied"
                except ValidationError:
                    got = "state"
                if got != want:
                    mismatches.append((status, unit_key, role_key, want, got))
    assert mismatches == []


def test_citizen_and_strangers_are_refused(world):
    from django.contrib.auth.models import AnonymousUser

    from tests.factories import UserFactory

    item = walk(world, submit(), Status.RECEIVED)
    no_staff = UserFactory(username="khong-thuoc-don-vi")
    for actor in (None, AnonymousUser(), no_staff):
        with pytest.raises(PermissionDenied):
            services.check("assign", actor, item)
    inactive = world.office_user
    inactive.is_active = False
    inactive.save()
    with pytest.raises(PermissionDenied):
        services.check("assign", inactive, item)


def _kwargs(operation, world, item):
    return {
        "assign": {"kind": item.kind, "unit": world.division, "field": world.field},
        "reject": {"reason": "Không thuộc thẩm quyền của Sở"},
        "mark_duplicate": {"duplicate_of_code": submit().code},
        "save_draft": {"answer": "Nội dung trả lời"},
        "draft": {"answer": "Nội dung trả lời"},
        "approve": {},
        "return_for_revision": {"note": "Bổ sung căn cứ pháp lý"},
        "publish": {
            "public_title": "Tiêu đề",
            "public_question": "Câu hỏi đã biên tập",
            "public_answer": "Trả lời đã biên tập",
        },
        "answer_privately": {},
    }[operation]


SOURCE_PATH = {Status.RECEIVED: Status.RECEIVED, Status.ASSIGNED: Status.ASSIGNED}
FUNCTIONS = {
    "assign": services.assign,
    "reject": services.reject,
    "mark_duplicate": services.mark_duplicate,
    "save_draft": services.save_draft,
    "draft": services.draft,
    "approve": services.approve,
    "return_for_revision": services.return_for_revision,
    "publish": services.publish,
    "answer_privately": services.answer_privately,
}
ALLOWED_ACTOR = {
    workflow.OFFICE: ("office", "office"),
    workflow.UNIT: None,  # decided by the role
}


def _allowed_user(world, op):
    if op.scope == workflow.OFFICE:
        return world.user("office", "office")
    role_key = "specialist" if roles.SPECIALIST in op.roles else "head"
    return world.user(role_key, "division")


def _other_unit_user(world, op):
    """Same role, wrong unit."""
    if op.scope == workflow.OFFICE:
        return world.user("office", "division")
    role_key = "specialist" if roles.SPECIALIST in op.roles else "head"
    return world.user(role_key, "other")


@pytest.mark.parametrize(
    ("operation", "source"),
    [(name, source) for name, op in sorted(workflow.OPERATIONS.items()) for source in sorted(op.sources)],
)
def test_service_functions_follow_the_table(world, operation, source):
    op = workflow.OPERATIONS[operation]
    item = walk(world, submit(), source)
    events = FeedbackEvent.objects.filter(feedback=item).count()
    # Another unit with the right role: refused, nothing changed.
    with pytest.raises(PermissionDenied):
        FUNCTIONS[operation](
            actor=_other_unit_user(world, op),
            feedback=item,
            revision=item.revision,
            **_kwargs(operation, world, item),
        )
    item.refresh_from_db()
    assert item.status == source
    assert FeedbackEvent.objects.filter(feedback=item).count() == events
    # The right actor: done, one event appended with from/to statuses.
    FUNCTIONS[operation](
        actor=_allowed_user(world, op),
        feedback=item,
        revision=item.revision,
        **_kwargs(operation, world, item),
    )
    item.refresh_from_db()
    assert item.status == op.target
    last = item.events.order_by("-seq").first()
    assert (last.action, last.from_status, last.to_status) == (operation, source, op.target)
    assert last.seq == events + 1


@pytest.mark.parametrize("operation", sorted(workflow.OPERATIONS))
def test_service_refuses_from_wrong_status(world, operation):
    op = workflow.OPERATIONS[operation]
    wrong = next(s for s in [Status.PUBLISHED, Status.REJECTED] if s not in op.sources)
    item = walk(world, submit(), Status.PUBLISHED if wrong == Status.PUBLISHED else Status.REJECTED)
    with pytest.raises(ValidationError):
        FUNCTIONS[operation](
            actor=_allowed_user(world, op),
            feedback=item,
            revision=item.revision,
            **_kwargs(operation, world, item),
        )
