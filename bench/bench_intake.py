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
    from cchc.demo import province_data

    # Today's intake: Sở Nội vụ (the demo province's successor of the Department) at its own counter.
    actor = get_user_model().objects.get(username="snv.motcua")
    version = (
        ProcedureVersion.objects.published()
        .filter(online_level="none", performers__agency__code=province_data.NOI_VU)
        .order_by("procedure__code")
        .first()
    )
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
    _at_centres(services, version, applicant, actor.staff.unit.agency)


CENTRES = 8


def _at_centres(services, version, applicant, agency) -> None:
    """Intake anywhere (decision 0021): eight service centres receive, in turn, for the procedure's
    agency — each intake also opens the paper originals' transfer to the agency."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cchc.dossiers.models import Dossier, PaperTransfer
    from cchc.org import roles
    from cchc.org.models import Agency, Staff, Unit

    officers = []
    for n in range(CENTRES):
        centre = Agency.objects.create(
            code=f"000.{60 + n:02d}.99.H37",
            name=f"Trung tâm Phục vụ hành chính công {n + 1}",
            kind=Agency.Kind.SERVICE_CENTRE,
        )
        centre.serves.add(agency)
        counter = Unit.objects.create(
            agency=centre, code="mot-cua", name="Bộ phận Một cửa", kind=Unit.Kind.COUNTER
        )
        user = get_user_model().objects.create_user(f"bench.trungtam{n}", password=None)
        user.groups.add(Group.objects.get(name=roles.COUNTER_OFFICER))
        Staff.objects.create(user=user, unit=counter, full_name=f"Cán bộ Một cửa {n + 1}")
        Staff.objects.select_related("unit__agency").get(user=user)  # as staff_required leaves it
        roles.user_roles(user)
        officers.append(user)
    for user in officers:  # the first intake of each officer reads their staff row and roles
        services.receive_at_counter(actor=user, procedure_version=version, applicant=applicant)
    before = Dossier.objects.count()
    start = time.perf_counter()
    for i in range(N):
        services.receive_at_counter(
            actor=officers[i % CENTRES], procedure_version=version, applicant=applicant
        )
    elapsed = time.perf_counter() - start
    assert Dossier.objects.count() == before + N
    assert PaperTransfer.objects.count() == N + CENTRES
    with CaptureQueriesContext(connection) as statements:
        services.receive_at_counter(actor=officers[0], procedure_version=version, applicant=applicant)
    print(
        f"intake at {CENTRES} centres for {agency.code} ({connection.vendor}):"
        f" {N} dossiers in {elapsed:.2f} s"
        f" = {N / elapsed:.0f} dossiers/s ({elapsed / N * 1000:.2f} ms each,"
        f" {len(statements.captured_queries)} statements each)"
    )
