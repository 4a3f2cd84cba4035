"""One verdict per dossier: the dossier page, the worklist and its tabs, the late list (P-B13), the
indicators' drill-down and QĐ 766 indicator 2.1 all say the same (cchc.dossiers.timeliness)."""
# ruff: noqa: F811  (pytest fixtures imported from tests.dossiers.conftest are redefined as arguments)

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from cchc.dossiers import services, timeliness, worklists
from cchc.dossiers.models import Dossier, Status
from cchc.indicators import engine
from cchc.indicators.engine import Period
from tests.backoffice.test_dossier_screens import as_user, at_counter, detail_url, to_division
from tests.dossiers.conftest import world  # noqa: F401

REASON = "Trễ hạn — bổ sung quá 1 lần"


def _supplemented_twice(world):
    """Received today, well within its 10 working days, but asked to supplement twice."""
    s = world.staff
    dossier = to_division(world, at_counter(world))
    for n in (1, 2):
        dossier = services.request_supplement(
            actor=s["specialist"], dossier=dossier, revision=dossier.revision, items=f"Thiếu giấy tờ {n}"
        )
        dossier = services.supplement_received(actor=s["counter"], dossier=dossier, revision=dossier.revision)
    assert (dossier.status, dossier.supplement_count, dossier.holder_unit) == (
        Status.IN_PROCESS,
        2,
        world.division,
    )
    assert dossier.due_at > timezone.now() + dt.timedelta(days=5)
    return dossier


def _page(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def test_a_dossier_supplemented_twice_is_late_everywhere_with_its_reason(world, client):
    dossier = _supplemented_twice(world)
    s = world.staff
    assert timeliness.classify(dossier) == timeliness.LATE_SUPPLEMENTS

    # The dossier page gives the verdict and its reason.
    as_user(client, s["head"])
    assert REASON in _page(client, detail_url(dossier))

    # The unit's worklist files it under "Quá hạn" (overdue), not under "Sắp đến hạn" or nowhere.
    now = timezone.now()
    counts = worklists.tab_counts(world.division, now=now)
    assert counts[worklists.TAB_OVERDUE] == 1 and counts[worklists.TAB_DUE_SOON] == 0
    assert list(worklists.unit_tab(world.division, worklists.TAB_OVERDUE, now=now)) == [dossier]
    overdue_tab = _page(client, reverse("backoffice:worklist"), tab=worklists.TAB_OVERDUE)
    assert dossier.code in overdue_tab and REASON in overdue_tab

    # The late list (P-B13: late, no apology) and the director's overview.
    as_user(client, s["director"])
    assert list(worklists.late_without_apology(world.agency)) == [dossier]
    late_list = _page(client, reverse("backoffice:late_list"))
    assert dossier.code in late_list and REASON in late_list

    # QĐ 766 indicator 2.1 and its drill-down list.
    period = Period.year(timezone.localdate().year)
    counts = engine.on_time_counts(period)
    assert (counts["n"], counts["on_time"], counts["late_no_apology"]) == (1, 0, 1)
    assert list(engine.late_dossiers(period)) == [dossier]
    drill = _page(client, reverse("backoffice:indicators_staff:late_dossiers"), ky=period.key)
    assert dossier.code in drill and REASON in drill


def test_a_dossier_stopped_after_its_appointment_is_late_on_the_list_as_on_the_page(world):
    """Stopped at the applicant's request after the appointment passed, without an apology: the page
    and the indicator say "late, no apology"; the late list said nothing."""
    dossier = at_counter(world)
    services.stop(actor=world.staff["counter"], dossier=dossier, revision=dossier.revision, reason="Xin dừng")
    Dossier.objects.filter(pk=dossier.pk).update(due_at=timezone.now() - dt.timedelta(days=3))
    dossier.refresh_from_db()
    assert dossier.status == Status.STOPPED
    assert timeliness.classify(dossier) == timeliness.LATE_WITHOUT_APOLOGY
    assert list(worklists.late_without_apology(world.agency)) == [dossier]
    period = Period.year(timezone.localdate().year)
    assert list(engine.late_dossiers(period, without_apology=True)) == [dossier]


def test_waiting_for_a_supplement_since_an_unknown_moment_is_paused_for_the_indicator_too(world):
    """A dossier waiting for the applicant with no pause start recorded: the page says "paused"
    (the clock stopped), and so does the indicator (it counted it late once its date passed)."""
    dossier = to_division(world, at_counter(world))
    Dossier.objects.filter(pk=dossier.pk).update(
        status=Status.WAITING_SUPPLEMENT,
        paused_since=None,
        supplement_count=1,
        due_at=timezone.now() - dt.timedelta(days=3),
    )
    dossier.refresh_from_db()
    assert timeliness.classify(dossier) == timeliness.PAUSED
    period = Period.year(timezone.localdate().year)
    counts = engine.on_time_counts(period)
    assert (counts["n"], counts["on_time"]) == (1, 1)
    assert not engine.late_dossiers(period).exists()
