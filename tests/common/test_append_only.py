"""Every app's history is one append-only event table: the same abstract model, and on PostgreSQL
a trigger that refuses UPDATE and DELETE on each of them (SQLite relies on the services)."""

from __future__ import annotations

import contextlib
import datetime as dt

import pytest
from django.apps import apps
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from cchc.common.events import AppendOnlyEvent

# A plan event needs a subject (a check constraint): its three are filled.
PLAN_SUBJECTS = {"task", "initiative", "course"}

EVENT_TABLES = {
    "dossiers.DossierEvent",
    "feedback.FeedbackEvent",
    "plans.PlanEvent",
    "accounts.SecurityEvent",  # not a history: the log of sign-ins (decision 0017)
    "disclosure.PublicationEvent",
    "surveys.SurveyEvent",
    "dossiers.PersonalDataRead",  # not a history: the log of reads of personal data (decision 0018)
    "national.MessageEvent",  # not a workflow: the log of each message's attempts (decision 0023)
    "payments.PaymentEvent",  # not a workflow: the log of each payment's requests and callbacks (0023)
    "citizens.SignIn",  # not a history: the log of citizens' sign-ins through the national sign-on
}


def _event_models():
    return sorted(
        (m for m in apps.get_models() if issubclass(m, AppendOnlyEvent)), key=lambda m: m._meta.label
    )


def test_the_event_tables_are_exactly_the_six_histories_and_the_two_logs():
    assert {m._meta.label for m in _event_models()} == EVENT_TABLES


def _one_event(model) -> dict:
    """The columns of an event row of ``model``. Its subjects are ids of no row: PostgreSQL checks
    foreign keys at commit (Django makes them deferrable), and the row is rolled back before."""
    columns = {"at": timezone.make_aware(dt.datetime(2026, 3, 2, 9)), "action": "x", "note": "", "data": "{}"}
    for field in model._meta.concrete_fields:
        if field.column in columns or field.primary_key or (field.null and field.name not in PLAN_SUBJECTS):
            continue
        if field.is_relation:
            columns[field.column] = 1
        elif field.has_default():
            columns[field.column] = field.get_default()
        else:
            columns[field.column] = "" if field.get_internal_type() == "CharField" else 1
    return columns


@pytest.mark.parametrize("model", _event_models(), ids=lambda m: m._meta.label)
@pytest.mark.django_db
def test_postgresql_refuses_to_rewrite_the_history(model):
    if connection.vendor != "postgresql":
        pytest.skip("the append-only triggers are PostgreSQL's; SQLite relies on the services")
    columns = _one_event(model)
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    marks = ", ".join(["%s"] * len(columns))
    with contextlib.suppress(_RolledBack), transaction.atomic():
        with connection.cursor() as cur:
            cur.execute(
                f"INSERT INTO {table} ({names}) VALUES ({marks}) RETURNING id", list(columns.values())
            )
            pk = cur.fetchone()[0]
        for statement in (
            f"UPDATE {table} SET note = 'sửa' WHERE id = %s",
            f"DELETE FROM {table} WHERE id = %s",
        ):
            with (
                pytest.raises(DatabaseError, match=f"{model._meta.db_table} is append-only"),
                transaction.atomic(),
                connection.cursor() as cur,
            ):
                cur.execute(statement, [pk])
        assert model.objects.filter(pk=pk, note="").exists()
        raise _RolledBack  # the row and its dangling subjects go before the test's constraint check


class _RolledBack(Exception):
    pass
