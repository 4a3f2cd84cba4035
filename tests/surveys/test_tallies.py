"""The daily summary (DailyTally): equal to a direct aggregate over the responses, kept by each
response, rebuilt in SQL (idempotent), and the results read from it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib import admin
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncDate
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc.surveys import selectors, services, tallies
from cchc.surveys.models import (
    SCORE_SLOTS,
    Criterion,
    DailyTally,
    MethodVersion,
    Response,
    score_field,
    tally_field,
)
from cchc.surveys.selectors import Filters

from .conftest import all_fives, local, returned_dossier

pytestmark = pytest.mark.django_db

MEASURES = ["n"] + [tally_field(s, m) for s in range(1, SCORE_SLOTS + 1) for m in ("n", "ok", "low", "sum")]
KEY = ["day", "method_id", "unit_id", "procedure_id", "field_id", "channel"]


def table() -> dict:
    """The tally table as {key: measures} (zero rows left out)."""
    return {
        tuple(row[k] for k in KEY): tuple(row[m] for m in MEASURES)
        for row in DailyTally.objects.values(*KEY, *MEASURES)
    }


def direct() -> dict:
    """The same figures computed straight from the responses (the definition of a tally)."""
    agg = {"n": Count("id")}
    for slot in range(1, SCORE_SLOTS + 1):
        f = score_field(slot)
        agg[tally_field(slot, "n")] = Count(f)
        agg[tally_field(slot, "ok")] = Count("id", filter=Q(**{f"{f}__gte": 4}))
        agg[tally_field(slot, "low")] = Count("id", filter=Q(**{f"{f}__lte": 2}))
        agg[tally_field(slot, "sum")] = Sum(f)
    rows = (
        Response.objects.annotate(day=TruncDate("submitted_at", tzinfo=timezone.get_default_timezone()))
        .values(*KEY)
        .annotate(**agg)
        .order_by()
    )
    return {tuple(row[k] for k in KEY): tuple(row[m] or 0 for m in MEASURES) for row in rows}


score = st.one_of(st.none(), st.integers(min_value=1, max_value=5))
answer = st.fixed_dictionaries(
    {
        "minutes": st.integers(min_value=-120, max_value=3 * 24 * 60),  # crosses local midnights
        "who": st.integers(min_value=0, max_value=5),  # channel, unit, procedure (below)
        "scores": st.lists(score, min_size=SCORE_SLOTS, max_size=SCORE_SLOTS),
    }
)


@pytest.fixture
def pool(world, sipas):
    """Returned dossiers to attach link/kiosk answers to (a dossier has at most one response)."""
    return [returned_dossier(world, at=local(2026, 3, 1, 9)) for _ in range(30)]


def _save(world, sipas, slots, pool, answers) -> None:
    base = local(2026, 3, 1, 0, 0)
    dossiers = iter(pool)
    for a in answers:
        who = a["who"]
        public = who in (0, 1)
        values = {score_field(s): v for s, v in zip(slots, a["scores"], strict=False) if v is not None}
        response = Response.objects.create(
            method=sipas,
            channel="public" if public else ("kiosk" if who == 2 else "link"),
            dossier=None if public else next(dossiers),
            unit=None if who == 0 else (world.division if who in (1, 2, 3) else world.other_division),
            procedure=None if public else world.version.procedure,
            field=None if public else world.version.field,
            submitted_at=base + dt.timedelta(minutes=a["minutes"]),
            **values,
        )
        tallies.add_response(response)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(answers=st.lists(answer, min_size=1, max_size=30))
def test_tallies_equal_a_direct_aggregate_and_rebuild_is_idempotent(world, sipas, pool, answers):
    DailyTally.objects.all().delete()
    Response.objects.all().delete()
    slots = sorted(Criterion.objects.filter(method=sipas).values_list("slot", flat=True))
    _save(world, sipas, slots, pool, answers)
    expected = direct()
    assert sum(v[0] for v in expected.values()) == len(answers)
    assert table() == expected  # kept response by response
    written = tallies.rebuild_tallies()
    assert written == len(expected)
    assert table() == expected  # recomputed in SQL
    tallies.rebuild_tallies()
    assert table() == expected  # idempotent
    # A partial rebuild touches only its days (and gives the same figures for them).
    day = local(2026, 3, 2, 12).date()
    tallies.rebuild_tallies(day, day)
    assert table() == expected
    # The results read the tallies: the same counts as straight from the responses.
    period = Filters(dt.date(2026, 2, 28), dt.date(2026, 3, 2), unit_id=world.division.pk)
    start, end = period.bounds()
    chosen = Response.objects.filter(
        submitted_at__gte=start, submitted_at__lt=end, unit=world.division
    ).exclude(channel="public")  # the index's population: responses tied to a dossier
    results = selectors.method_results(period, low=True)
    if not chosen.exists():
        assert results == []
        return
    [r] = results
    assert r.responses == chosen.count()
    for c in r.criteria:
        f = c.criterion.field_name
        row = chosen.aggregate(
            n=Count(f),
            ok=Count("id", filter=Q(**{f"{f}__gte": 4})),
            low=Count("id", filter=Q(**{f"{f}__lte": 2})),
        )
        assert (c.valid, c.satisfied, c.low) == (row["n"], row["ok"], row["low"])
    data = selectors.results(Filters(period.start, period.end))
    all_in = Response.objects.filter(submitted_at__gte=start, submitted_at__lt=end)
    assert data.public == all_in.filter(channel="public").count()
    assert data.collected == all_in.exclude(channel="public").count()


def test_submit_keeps_the_tally_in_its_transaction(world, sipas):
    at = local(2026, 3, 2, 23, 30)  # 23:30 local time: the local day, not the UTC one
    d1 = returned_dossier(world, at=local(2026, 3, 2, 9))
    d2 = returned_dossier(world, at=local(2026, 3, 2, 9))
    services.submit(channel="link", dossier=d1, answers=all_fives(sipas, {1: 2}), at=at)
    services.submit(channel="link", dossier=d2, answers=all_fives(sipas, {1: None}), at=at)
    [row] = DailyTally.objects.all()
    assert row.day == dt.date(2026, 3, 2)
    assert (row.unit_id, row.procedure_id, row.channel) == (
        world.division.pk,
        world.version.procedure_id,
        "link",
    )
    assert row.n == 2
    assert (row.s01_n, row.s01_ok, row.s01_low, row.s01_sum) == (1, 0, 1, 2)
    assert (row.s02_n, row.s02_ok, row.s02_low, row.s02_sum) == (2, 2, 0, 10)
    assert table() == direct()
    # A refused submission (already answered) leaves the tally as it was.
    with pytest.raises(Exception, match="đã được đánh giá"):
        services.submit(channel="link", dossier=d1, answers=all_fives(sipas), at=at)
    assert DailyTally.objects.get().n == 2


def test_responses_without_a_tally_are_not_counted_until_rebuilt(sipas):
    """A bulk insert bypasses the service: the results see it only after ``rebuild_tallies``."""
    MethodVersion.objects.exclude(pk=sipas.pk).update(valid_to=dt.date(2022, 12, 31))
    Response.objects.bulk_create(
        Response(method=sipas, channel="public", submitted_at=local(2026, 3, 2, 9), s01=5, s02=1)
        for _ in range(3)
    )
    march = Filters(dt.date(2026, 3, 1), dt.date(2026, 3, 31), channel="public")
    assert selectors.method_results(march) == []
    assert tallies.rebuild_tallies(dt.date(2026, 3, 1), dt.date(2026, 3, 31)) == 1
    [r] = selectors.method_results(march)
    assert r.responses == 3
    assert r.criteria[0].index == Decimal(100)
    months = selectors.breakdown(march, sipas, "month")
    assert [(timezone.localtime(m["key"]).date(), m["responses"]) for m in months] == [
        (dt.date(2026, 3, 1), 3)
    ]


def test_management_command_rebuilds(sipas):
    from django.core.management import call_command

    Response.objects.create(method=sipas, channel="public", submitted_at=local(2026, 3, 2, 9), s01=4)
    call_command("rebuild_survey_tallies", "--from", "2026-03-01", "--to", "2026-03-31", verbosity=0)
    assert DailyTally.objects.get().s01_ok == 1


def test_method_version_is_read_only_in_the_admin_once_answered(admin_client, admin_user, sipas, world):
    url = reverse("admin:surveys_methodversion_change", args=[sipas.pk])
    model_admin = admin.site._registry[MethodVersion]
    request = RequestFactory().get(url)
    request.user = admin_user
    # No responses yet: everything editable.
    assert "formula" not in model_admin.get_readonly_fields(request, sipas)
    assert all(
        i.has_change_permission(request, sipas) for i in model_admin.get_inline_instances(request, sipas)
    )
    assert 'name="criteria-0-text"' in admin_client.get(url).content.decode()

    services.submit(channel="public", answers=all_fives(sipas), at=local(2026, 3, 2, 9))
    readonly = model_admin.get_readonly_fields(request, sipas)
    assert {"formula", "valid_from", "code"} <= set(readonly)
    for inline in model_admin.get_inline_instances(request, sipas):
        assert not inline.has_change_permission(request, sipas)
        assert not inline.has_add_permission(request, sipas)
        assert not inline.has_delete_permission(request, sipas)
    assert not model_admin.has_delete_permission(request, sipas)
    page = admin_client.get(url).content.decode()
    assert page.count("Biển hiệu") >= 1  # the criteria are still shown
    assert 'name="criteria-0-text"' not in page and 'name="formula"' not in page
    # A forged POST cannot change the formula nor a criterion's slot.
    criterion = Criterion.objects.filter(method=sipas).order_by("slot").first()
    slot = criterion.slot
    admin_client.post(
        url,
        {
            "code": sipas.code,
            "name": sipas.name,
            "basis": sipas.basis,
            "formula": "mean_x20",
            "target": "90",
            "margin": "0.05",
            "criteria-TOTAL_FORMS": "1",
            "criteria-INITIAL_FORMS": "1",
            "criteria-0-id": criterion.pk,
            "criteria-0-slot": str(SCORE_SLOTS if slot != SCORE_SLOTS else 1),
        },
    )
    sipas.refresh_from_db()
    criterion.refresh_from_db()
    assert sipas.formula == "share_4_5"
    assert criterion.slot == slot


def test_monthly_results_equal_each_months_results(world, sipas):
    """The dashboard's T7 trend (one grouped query) gives each month what ``method_results`` gives."""
    from cchc.surveys.selectors import Filters, method_results, monthly_method_results

    # January: one happy, one unhappy on criterion 1; March: one happy; February: nobody
    for when, overrides in (((1, 12), {1: 2}), ((1, 20), {}), ((3, 3), {})):
        at = local(2026, *when, 10, 0)
        d = returned_dossier(world, at=at)
        services.submit(channel="link", dossier=d, answers=all_fives(sipas, overrides), at=at)
    monthly = monthly_method_results(Filters(dt.date(2026, 1, 1), dt.date(2026, 3, 31)))
    assert sorted(monthly) == [dt.date(2026, 1, 1), dt.date(2026, 3, 1)]
    for first, last in (
        (dt.date(2026, 1, 1), dt.date(2026, 1, 31)),
        (dt.date(2026, 3, 1), dt.date(2026, 3, 31)),
    ):
        expected = method_results(Filters(first, last))
        got = monthly[first]
        assert [(r.method.pk, r.responses, r.index) for r in got] == [
            (r.method.pk, r.responses, r.index) for r in expected
        ]
    assert monthly[dt.date(2026, 1, 1)][0].responses == 2
    assert monthly[dt.date(2026, 1, 1)][0].index < monthly[dt.date(2026, 3, 1)][0].index
