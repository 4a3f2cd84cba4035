"""The public tracking page ``/tra-cuu/`` with 1,000,000 dossiers in the database.

Target: tracking page ≤ 10 ms server time at p50.

Times, through the Django test client with DEBUG off and rate limits off: the lookup (POST of the
code and the last four digits of the applicant's phone; answer: a redirect to the dossier's status
page) and the status page it leads to (the dossier and its public timeline). Uses the database of
``bench_worklist`` (var/bench-dossiers.sqlite3, or DATABASE_URL), whose 1,000,000 dossiers and
events are **bulk-inserted**: intake throughput through the services is measured by ``bench_intake``.
"""

from __future__ import annotations

import random
import time

from bench.bench_worklist import ROUNDS, count_queries, load_average, populate, report, setup


def main() -> None:
    setup()
    from django.db import connection
    from django.test import Client

    from cchc.dossiers.models import Dossier

    seconds = populate()
    last = Dossier.objects.order_by("-pk").values_list("pk", flat=True).first()
    rng = random.Random(2026)
    picks = []
    while len(picks) < ROUNDS:
        row = Dossier.objects.filter(pk=rng.randint(1, last)).values_list("code", "phone").first()
        if row:
            picks.append(row)
    print(
        f"database: {connection.vendor}, dossiers: {Dossier.objects.count():,} (bulk set-up {seconds:.0f} s)"
    )

    client = Client()

    def lookup(code, phone):
        response = client.post("/tra-cuu/", {"code": code, "last4": phone[-4:]}, secure=True)
        assert response.status_code == 302, response.status_code
        return response["Location"]

    def status_page(location):
        response = client.get(location, secure=True)
        assert response.status_code == 200, response.status_code

    for code, phone in picks[:5]:  # warm-up
        status_page(lookup(code, phone))
    with count_queries() as posted:
        location = lookup(*picks[0])
    with count_queries() as shown:
        status_page(location)
    looked, shown_ms = [], []
    for code, phone in picks:  # the session remembers only the last few dossiers: one after the other
        start = time.perf_counter()
        location = lookup(code, phone)
        middle = time.perf_counter()
        status_page(location)
        looked.append((middle - start) * 1000)
        shown_ms.append((time.perf_counter() - middle) * 1000)
    report(f"POST /tra-cuu/ lookup ({posted.n} queries)", looked)
    report(f"GET status page after lookup ({shown.n} queries)", shown_ms)
    print(f"load average: {load_average()}")
