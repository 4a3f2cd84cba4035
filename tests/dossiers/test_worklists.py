import datetime as dt

import pytest

from cchc.dossiers import services, timeliness, worklists
from tests.dossiers.conftest import local, person


@pytest.mark.parametrize("days_later", [0, 3, 6, 8, 30])
def test_tab_counts_match_the_tab_lists(world, days_later):
    s = world.staff
    start = local(2026, 5, 4, 9)
    for n in range(6):
        dossier, _ = services.receive_at_counter(
            actor=s["counter"],
            procedure_version=world.paper_version,
            applicant=person(),
            at=start + dt.timedelta(days=n),
        )
        dossier = services.hand_over(
            actor=s["counter"],
            dossier=dossier,
            revision=dossier.revision,
            at=start + dt.timedelta(days=n, hours=1),
        )
        if n == 2:
            services.request_supplement(
                actor=s["head"],
                dossier=dossier,
                revision=dossier.revision,
                items="Thiếu",
                at=start + dt.timedelta(days=n, hours=2),
            )
        if n == 4:  # asked to supplement twice: late whatever its dates
            for round_ in (1, 2):
                dossier = services.request_supplement(
                    actor=s["head"],
                    dossier=dossier,
                    revision=dossier.revision,
                    items="Thiếu",
                    at=start + dt.timedelta(days=n, hours=1, minutes=10 * round_),
                )
                dossier = services.supplement_received(
                    actor=s["counter"],
                    dossier=dossier,
                    revision=dossier.revision,
                    at=start + dt.timedelta(days=n, hours=1, minutes=10 * round_ + 5),
                )
        if n == 3:
            services.approve(
                actor=s["head"],
                dossier=dossier,
                revision=dossier.revision,
                at=start + dt.timedelta(days=n, hours=3),
            )
    now = start + dt.timedelta(days=days_later, hours=5)
    overdue = worklists.unit_tab(world.division, worklists.TAB_OVERDUE, now=now)
    assert overdue.filter(supplement_count=2).count() == 1  # the twice-supplemented one, from day one
    for unit in (world.division, world.counter):
        counts = worklists.tab_counts(unit, now=now)
        assert counts == {tab: worklists.unit_tab(unit, tab, now=now).count() for tab in worklists.TABS}
        # Each row's label (timeliness.classify, as the page shows it) belongs to its tab.
        for dossier in worklists.unit_tab(unit, worklists.TAB_DUE_SOON, now=now):
            assert timeliness.classify(dossier, now) == timeliness.DUE_SOON
        for dossier in worklists.unit_tab(unit, worklists.TAB_OVERDUE, now=now):
            assert timeliness.classify(dossier, now) in timeliness.LATE
        others = worklists.unit_tab(unit, worklists.TAB_PROCESS, now=now).exclude(
            pk__in=worklists.unit_tab(unit, worklists.TAB_DUE_SOON, now=now).values("pk")
        )
        for dossier in others.exclude(
            pk__in=worklists.unit_tab(unit, worklists.TAB_OVERDUE, now=now).values("pk")
        ):
            assert timeliness.classify(dossier, now) not in {timeliness.DUE_SOON, *timeliness.LATE}
