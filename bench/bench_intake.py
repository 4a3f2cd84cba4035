"""Intake through the service layer: dossiers received per second (target ≥ 200/s on SQLite).

Each intake is one ``services.receive_at_counter`` call: validation of the applicant, permission
check, code allocation under a row lock, the dossier, its first control-slip row, its event and two
notifications, in one transaction. Uses its own database (var/bench-intake.sqlite3 by default, or
DATABASE_URL).
"""

from __future__ import annotations

import os
import time

from bench import setup_django

N = 2000


def main() -> None:
    setup_django("bench-intake.sqlite3", fresh=True)
    from django.core.management import call_command

    call_command("demo", dossiers=0, verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cchc.dossiers import services
    from cchc.dossiers.models import ApplicantKind, Dossier
    from cchc.procedures.models import ProcedureVersion
    from cchc.workdays.calendar import get_calendar

    get_calendar()
    actor = get_user_model().objects.get(username="motcua1")
    version = ProcedureVersion.objects.published().filter(online_level="none").first()
    applicant = services.Applicant(
        kind=ApplicantKind.PERSON,
        name="Nguyễn Văn An",
        id_number="060090001234",
        phone="0912345678",
        email="an@example.com",
        address="Phan Thiết",
    )
    before = Dossier.objects.count()
    start = time.perf_counter()
    for _ in range(N):
        services.receive_at_counter(actor=actor, procedure_version=version, applicant=applicant)
    elapsed = time.perf_counter() - start
    assert Dossier.objects.count() == before + N
    with CaptureQueriesContext(connection) as statements:  # one more, outside the timing
        services.receive_at_counter(actor=actor, procedure_version=version, applicant=applicant)
    print(
        f"intake ({connection.vendor}): {N} dossiers in {elapsed:.2f} s = {N / elapsed:.0f} dossiers/s "
        f"({elapsed / N * 1000:.2f} ms each, {len(statements.captured_queries)} statements each)"
    )
