"""Public disclosure pages and the Office's checklist with 50,000 publications.

No target is set by the plan; the figures show that the portal pages (index with a window
function, a searched list, the Atom feed) and the checklist (database aggregates) do not grow with
the number of publications beyond the index scans.

Own database: var/bench-disclosure.sqlite3, or DATABASE_URL naming a scratch PostgreSQL database.
The publications are bulk-inserted (the read side is measured, not the services).
"""

from __future__ import annotations

import datetime as dt
import os
import random
import time

from bench import setup_django
from bench.bench_worklist import count_queries, report

N = int(os.environ.get("BENCH_PUBLICATIONS", 50_000))
ROUNDS = 50


def populate() -> None:
    from django.core.management import call_command

    from cchc.common.db import refresh_statistics
    from cchc.disclosure.models import Commune, Kind, Publication, Status
    from cchc.org.models import Agency, Unit

    if not Agency.objects.filter(is_home=True).exists():
        call_command("demo", dossiers=0, verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    have = Publication.objects.count()
    if have >= N:
        return
    units = list(Unit.objects.filter(agency=Agency.home()))
    communes = list(Commune.objects.all())
    rng = random.Random(4)
    words = [
        "trợ",
        "cấp",
        "thất",
        "nghiệp",
        "hộ",
        "nghèo",
        "việc",
        "làm",
        "người",
        "có",
        "công",
        "bảo",
        "trợ",
        "xã",
        "hội",
        "giáo",
        "dục",
        "nghề",
        "nghiệp",
        "tiền",
        "lương",
    ]
    today = dt.date.today()
    rows = []
    for i in range(have, N):
        kind = rng.choice([k for k in Kind.values if k != Kind.POOR_HOUSEHOLD])
        issued = today - dt.timedelta(days=rng.randrange(3650))
        late = rng.choice([0, 1, 1, 2, 2, 3, 5])
        title = f"Văn bản số {i} về " + " ".join(rng.sample(words, 4))
        item = Publication(
            kind=kind,
            status=Status.PUBLISHED if rng.random() < 0.95 else Status.DRAFT,
            unit=rng.choice(units),
            title=title,
            number=f"{i}/QĐ-BENCH",
            issued_on=issued,
            year=issued.year,
            round_ends_on=issued + dt.timedelta(days=45) if kind == Kind.RECRUITMENT else None,
        )
        if item.status == Status.PUBLISHED:
            item.published_on = issued + dt.timedelta(days=late)
            item.published_at = dt.datetime.combine(item.published_on, dt.time(9), tzinfo=dt.UTC)
            item.late_days = late
        item.refresh_search_text()
        rows.append(item)
    Publication.objects.bulk_create(rows, batch_size=5000)
    assert communes is not None
    refresh_statistics()


def main() -> None:
    setup_django("bench-disclosure.sqlite3")
    started = time.perf_counter()
    populate()
    from django.test import Client

    from cchc.disclosure import selectors
    from cchc.disclosure.models import Publication

    setup_s = time.perf_counter() - started
    print(f"disclosure: {Publication.objects.count():,} publications (setup {setup_s:.0f} s)")
    client = Client()
    for label, url in (
        ("/cong-khai/ (index)", "/cong-khai/"),
        ("/cong-khai/van-ban/?q=tro cap that nghiep", "/cong-khai/van-ban/?q=tro+cap+that+nghiep"),
        ("/cong-khai/tuyen-dung/?nam=<this year>", f"/cong-khai/tuyen-dung/?nam={dt.date.today().year}"),
        ("/cong-khai/atom.xml", "/cong-khai/atom.xml"),
    ):
        samples = []
        for _ in range(ROUNDS):
            with count_queries() as q:
                t = time.perf_counter()
                response = client.get(url)
                samples.append((time.perf_counter() - t) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        report(f"{label} [{q.n} queries]", samples)
    samples = []
    for _ in range(ROUNDS):
        with count_queries() as q:
            t = time.perf_counter()
            selectors.checklist()
            samples.append((time.perf_counter() - t) * 1000)
    report(f"checklist selector [{q.n} queries]", samples)
