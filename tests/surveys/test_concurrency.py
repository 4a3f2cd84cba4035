"""One response per dossier under concurrent submissions, with real processes on PostgreSQL."""

import multiprocessing

import pytest
from django.db import connection, connections

from cchc.surveys.models import Response

from .conftest import returned_dossier

pytestmark = pytest.mark.django_db(transaction=True)

PROCESSES = 6


def _submit(args):
    dossier_pk, barrier = args
    connections.close_all()  # a forked child must not share the parent's connection
    from django.core.exceptions import ValidationError

    from cchc.dossiers.models import Dossier
    from cchc.surveys import services
    from cchc.surveys.models import MethodVersion

    from .conftest import all_fives

    dossier = Dossier.objects.get(pk=dossier_pk)
    answers = all_fives(MethodVersion.objects.get(code="sipas-2023"))
    barrier.wait()
    try:
        services.submit(channel="link", dossier=dossier, answers=answers)
        return "ok"
    except ValidationError as exc:
        return exc.messages[0]
    finally:
        connections.close_all()


def test_concurrent_submissions_for_one_dossier_keep_one_response(world):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers are tested on PostgreSQL (SQLite serialises writers)")
    from cchc.surveys.methods import load_methods
    from cchc.surveys.models import Criterion, Element, MethodVersion, Question

    load_methods(MethodVersion, Element, Criterion, Question)  # a transactional test flushed them
    dossier = returned_dossier(world)
    context = multiprocessing.get_context("fork")
    barrier = context.Manager().Barrier(PROCESSES)
    connections.close_all()
    with context.Pool(PROCESSES) as pool:
        outcomes = pool.map(_submit, [(dossier.pk, barrier)] * PROCESSES)
    assert outcomes.count("ok") == 1
    assert all("đã được đánh giá" in o for o in outcomes if o != "ok")
    assert Response.objects.filter(dossier=dossier).count() == 1


def _submit_public(args):
    at, barrier = args
    connections.close_all()
    from cchc.surveys import services
    from cchc.surveys.models import MethodVersion

    from .conftest import all_fives

    answers = all_fives(MethodVersion.objects.get(code="sipas-2023"), {1: 2})
    barrier.wait()
    try:
        services.submit(channel="public", answers=answers, at=at)
        return "ok"
    finally:
        connections.close_all()


def test_concurrent_responses_on_one_tally_key_lose_no_count(world):
    """Six open-survey answers of the same day, unit and channel at once: the first ones race to
    insert the (new) tally row, the others wait and add to it — the count is exactly six."""
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers are tested on PostgreSQL (SQLite serialises writers)")
    from cchc.surveys.methods import load_methods
    from cchc.surveys.models import Criterion, DailyTally, Element, MethodVersion, Question

    from .conftest import local

    load_methods(MethodVersion, Element, Criterion, Question)
    at = local(2026, 3, 2, 10)
    context = multiprocessing.get_context("fork")
    barrier = context.Manager().Barrier(PROCESSES)
    for round_ in range(2):  # first round: the key is new (insert race); second: updates only
        connections.close_all()  # forked children must not share the parent's connection
        with context.Pool(PROCESSES) as pool:
            outcomes = pool.map(_submit_public, [(at, barrier)] * PROCESSES)
        assert outcomes == ["ok"] * PROCESSES
        [row] = DailyTally.objects.all()
        assert row.n == PROCESSES * (round_ + 1)
        assert (row.s01_n, row.s01_low, row.s01_sum) == (row.n, row.n, 2 * row.n)
        assert Response.objects.count() == row.n
