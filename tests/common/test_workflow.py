"""The workflow kernel itself (``cchc.common.workflow``), on a table of its own over the feedback model.

The apps' tables and rules are tested in their own folders; here the frame: the order of the checks,
the target applied by the frame, the revision, the event, the notices, and nothing written on a refusal.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cchc.common.workflow import (
    DECIDED,
    NEW,
    NO_ROLE,
    UNCHANGED,
    Operation,
    Stale,
    Table,
    Workflow,
    refusal,
)
from cchc.feedback.models import Feedback, FeedbackEvent, Status
from cchc.org import roles
from tests.feedback.conftest import submit

pytestmark = pytest.mark.django_db

TABLE = Table(
    Operation.of("assign", {Status.RECEIVED}, Status.ASSIGNED, {roles.OFFICE}, "any"),
    Operation.of("keep", {Status.RECEIVED}, UNCHANGED, {roles.OFFICE}, "any"),
    Operation.of("decide", {Status.RECEIVED}, DECIDED, {roles.OFFICE}, "any"),
)


class Hooks:
    """Records what the frame asked of the app."""

    def __init__(self, *, refuse: bool = False):
        self.refuse = refuse
        self.authorized: list[tuple[str, str]] = []
        self.notices: list[tuple[str, str]] = []

    def authorize(self, op, actor, row):
        self.authorized.append((op.name, row.status))
        if self.refuse:
            raise PermissionDenied("không được")
        return None

    def workflow(self, **more) -> Workflow:
        return Workflow(
            table=TABLE,
            model=Feedback,
            event=FeedbackEvent,
            subject="feedback",
            authorize=self.authorize,
            refused_status=lambda op, row: f"không thể {op.name} từ {row.status}",
            stale=lambda row: f"{row.code} đã đổi",
            notify=lambda row, notice: self.notices.append((row.code, notice)),
            **more,
        )


AT = timezone.make_aware(dt.datetime(2026, 3, 2, 9, 0))


def test_the_frame_applies_the_target_then_saves_appends_and_notifies():
    item = submit()
    hooks = Hooks()
    flow = hooks.workflow(event_columns=lambda change: {"public": False})
    with flow.operation("assign", actor=None, row=item, revision=item.revision, at=AT) as change:
        # The service sees the row at its target already, and what it was before.
        assert (change.row.status, change.before) == (Status.ASSIGNED, Status.RECEIVED)
        assert hooks.authorized == [("assign", Status.RECEIVED)]  # authorised on the row as it was
        change.note = "giao"
        change.data["why"] = 1
        change.notify("thông báo")
        change.notify(None)  # skipped
        assert hooks.notices == []  # queued only after the event
    saved = Feedback.objects.get(pk=item.pk)
    assert (saved.status, saved.revision) == (Status.ASSIGNED, item.revision + 1)
    event = saved.events.order_by("seq").last()
    assert (event.seq, event.action, event.from_status, event.to_status) == (
        2,
        "assign",
        "received",
        "assigned",
    )
    assert (event.note, event.data, event.public, event.at) == ("giao", {"why": 1}, False, AT)
    assert hooks.notices == [(item.code, "thông báo")]


def test_unchanged_keeps_the_status_and_decided_leaves_it_to_the_service():
    item = submit()
    flow = Hooks().workflow()
    with flow.operation("keep", actor=None, row=item, revision=None, at=AT) as change:
        assert change.row.status == Status.RECEIVED
    assert Feedback.objects.get(pk=item.pk).status == Status.RECEIVED
    with flow.operation("decide", actor=None, row=item, revision=None, at=AT) as change:
        assert change.row.status == Status.RECEIVED
        change.row.status = Status.REJECTED
        change.row.reason = "ngoài thẩm quyền"
    assert Feedback.objects.get(pk=item.pk).status == Status.REJECTED
    assert list(item.events.values_list("action", "to_status")) == [
        ("submit", "received"),
        ("keep", "received"),
        ("decide", "rejected"),
    ]


def _unchanged(item: Feedback) -> None:
    saved = Feedback.objects.get(pk=item.pk)
    assert (saved.status, saved.revision) == (item.status, item.revision)
    assert saved.events.count() == 1


def test_a_stale_revision_is_refused_first_and_writes_nothing():
    item = submit()
    hooks = Hooks()
    with (
        pytest.raises(Stale, match="đã đổi") as refused,
        hooks.workflow().operation("assign", actor=None, row=item, revision=item.revision - 1, at=AT),
    ):
        raise AssertionError("the service must not run")
    assert hooks.authorized == []
    assert refused.value.code == "stale" and refusal(refused.value).status == 409
    _unchanged(item)


def test_the_status_is_checked_before_the_actor():
    item = submit()
    Feedback.objects.filter(pk=item.pk).update(status=Status.ASSIGNED)
    hooks = Hooks(refuse=True)
    with (
        pytest.raises(ValidationError, match="không thể assign từ assigned") as refused,
        hooks.workflow().operation("assign", actor=None, row=item, revision=None, at=AT),
    ):
        raise AssertionError("the service must not run")
    assert refused.value.code == "transition" and hooks.authorized == []


def test_a_refused_actor_or_a_failing_service_leaves_nothing_written():
    item = submit()
    hooks = Hooks(refuse=True)
    with (
        pytest.raises(PermissionDenied),
        hooks.workflow().operation("assign", actor=None, row=item, revision=None, at=AT),
    ):
        raise AssertionError("the service must not run")
    _unchanged(item)
    hooks = Hooks()
    with (
        pytest.raises(ValidationError, match="thiếu"),
        hooks.workflow().operation("assign", actor=None, row=item, revision=None, at=AT) as change,
    ):
        change.notify("thông báo")
        raise ValidationError({"note": "thiếu"})
    _unchanged(item)
    assert hooks.notices == []


def test_may_and_allowed_ask_the_same_checks():
    item = submit()
    assert Hooks().workflow().allowed(None, item) == ["assign", "keep", "decide"]
    assert Hooks(refuse=True).workflow().allowed(None, item) == []
    assert not Hooks().workflow().may("assign", None, Feedback(status=Status.ASSIGNED, pk=item.pk))


def test_a_row_not_saved_yet_is_created_from_new_and_numbered_without_a_query(django_assert_num_queries):
    table = Table(Operation.of("create", {NEW}, Status.RECEIVED, (), "anyone"))
    flow = Workflow(
        table=table,
        model=Feedback,
        event=FeedbackEvent,
        subject="feedback",
        authorize=lambda op, actor, row: None,
        refused_status=lambda op, row: "",
        stale=lambda row: "",
    )
    template = submit()
    row = Feedback(
        code="PA-260302-0099",
        kind=template.kind,
        subject=template.subject,
        asker_name="Lê Văn Cường",
        title="Câu hỏi",
        body="Nội dung",
        received_at=AT,
        due_on=AT.date(),
    )
    with (
        django_assert_num_queries(4),  # savepoint, insert the row, insert its event, release
        flow.operation("create", actor=None, row=row, revision=None, at=AT) as change,
    ):
        assert change.before == NEW and change.row.status == Status.RECEIVED
    event = row.events.get()
    assert (event.seq, event.from_status, event.to_status) == (1, "", "received")
    assert row.revision == 1  # a new row keeps its first revision


def test_operations_tables_and_refusals():
    op = Operation.of("x", {"a"}, "b", {roles.OFFICE, roles.DIRECTOR}, "any")
    assert op.roles == {roles.OFFICE, roles.DIRECTOR} and op.scope == "any"
    applicant = Operation.of("y", {"a"}, "b", (), "applicant")
    assert applicant.roles == frozenset() and applicant.grants == ((NO_ROLE, "applicant"),)
    assert applicant.scopes_for(set()) == {"applicant"}
    mixed = Operation("z", frozenset({"a"}), "b", ((roles.OFFICE, "any"), (roles.SPECIALIST, "own")))
    assert mixed.scopes_for({roles.SPECIALIST}) == {"own"}
    with pytest.raises(ValueError, match="scopes_for"):
        _ = mixed.scope
    with pytest.raises(ValueError, match="twice"):
        Table(op, op)
    assert Table(op, applicant).allowed_from("a") == ["x", "y"]
    assert refusal(PermissionDenied()).status == 403
    assert refusal(PermissionDenied()).message == "Bạn không được thực hiện thao tác này."
    assert refusal(ValidationError({"a": "một", "b": "hai"})).messages == ["một", "hai"]
    assert refusal(ValidationError("ba")).status == 400
