"""A dossier's whole life, step by step, with the dates it must show."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cchc.common.workflow import Stale
from cchc.dossiers import documents, links, services
from cchc.dossiers.models import Channel, DossierEvent, Handover, Outcome, Status
from cchc.notifications.models import Outbox
from tests.dossiers.conftest import local, person
from tests.factories import checked_pdf


def test_online_dossier_through_every_kind_of_step(world):
    s = world.staff
    # Friday 13/2/2026 10:00, just before Tết (16–20/2 off).
    dossier, secret = services.submit_online(
        procedure_version=world.version, applicant=person(), at=local(2026, 2, 13, 10, 0)
    )
    assert dossier.code == "000.00.15.H10-260213-0001"
    assert dossier.status == Status.SUBMITTED and dossier.due_at is None
    assert services.check_secret(dossier, secret) and not services.check_secret(dossier, "doan-mo")

    dossier = services.receive(
        actor=s["counter"], dossier=dossier, revision=dossier.revision, at=local(2026, 2, 13, 10, 30)
    )
    # 10 working days from the day after receipt: 23/2 … 6/3 (Tết skipped), end of office hours.
    assert dossier.due_at == local(2026, 3, 6, 17, 0)
    assert dossier.holder_unit == world.counter

    dossier = services.hand_over(
        actor=s["counter"], dossier=dossier, revision=dossier.revision, at=local(2026, 2, 13, 11, 0)
    )
    assert (dossier.status, dossier.holder_unit) == (Status.IN_PROCESS, world.division)

    dossier = services.request_supplement(
        actor=s["specialist"],
        dossier=dossier,
        revision=dossier.revision,
        items="Bổ sung quyết định chấm dứt hợp đồng lao động",
        at=local(2026, 2, 23, 8, 0),
    )
    assert dossier.status == Status.WAITING_SUPPLEMENT
    # Back on Wednesday 25/2 at 08:00: paused 23/2 08:00–17:00 (7 h), 24/2 (7.5 h), 25/2 07:30–08:00.
    dossier = services.supplement_received(
        actor=s["counter"], dossier=dossier, revision=dossier.revision, at=local(2026, 2, 25, 8, 0)
    )
    assert dossier.paused_minutes == 420 + 450 + 30
    # 900 working minutes = two working days: the appointment moves from Friday 6/3 to Tuesday 10/3.
    assert dossier.due_at == local(2026, 3, 10, 17, 0)
    due_after_pause = dossier.due_at

    dossier = services.hand_over(
        actor=s["specialist"], dossier=dossier, revision=dossier.revision, at=local(2026, 2, 26, 9, 0)
    )
    dossier = services.hand_over(
        actor=s["head"], dossier=dossier, revision=dossier.revision, at=local(2026, 2, 26, 15, 0)
    )
    assert (dossier.status, dossier.holder_agency, dossier.holder_unit) == (
        Status.INTER_AGENCY,
        world.partner,
        None,
    )

    dossier = services.apologise(
        actor=s["head"],
        dossier=dossier,
        revision=dossier.revision,
        reason="Chờ Bảo hiểm xã hội xác nhận quá trình đóng",
        new_due_at=due_after_pause + dt.timedelta(days=5),
        at=local(2026, 3, 2, 9, 0),
    )
    assert dossier.apology_late is False
    with pytest.raises(ValidationError, match="không được hẹn lại lần thứ hai"):
        services.apologise(
            actor=s["head"],
            dossier=dossier,
            revision=dossier.revision,
            reason="Lần hai",
            new_due_at=due_after_pause + dt.timedelta(days=9),
        )

    dossier = services.take_back(
        actor=s["head"], dossier=dossier, revision=dossier.revision, at=local(2026, 3, 4, 9, 0)
    )
    assert (dossier.status, dossier.holder_unit) == (Status.IN_PROCESS, world.leadership)
    with pytest.raises(PermissionDenied):
        services.approve(actor=s["head"], dossier=dossier, revision=dossier.revision)
    dossier = services.approve(
        actor=s["director"], dossier=dossier, revision=dossier.revision, at=local(2026, 3, 5, 10, 0)
    )
    assert (dossier.status, dossier.outcome, dossier.holder_unit) == (
        Status.RESULT_READY,
        Outcome.APPROVED,
        world.counter,
    )
    assert dossier.result_code == f"{dossier.code}-KQ1"
    # The applicant chose the electronic result: it cannot be returned without its file.
    with pytest.raises(ValidationError, match="đính kèm tệp kết quả điện tử"):
        services.return_result(actor=s["counter"], dossier=dossier, revision=dossier.revision)
    dossier = documents.return_with_result(
        actor=s["counter"],
        dossier=dossier,
        revision=dossier.revision,
        title="Quyết định hưởng trợ cấp thất nghiệp",
        checked=[checked_pdf()],
    )
    assert dossier.status == Status.RETURNED
    result = dossier.documents.get(kind="result")
    assert result.download_name == f"Quyết định hưởng trợ cấp thất nghiệp — {dossier.code}.pdf"

    actions = list(
        DossierEvent.objects.filter(dossier=dossier).values_list("action", "from_status", "to_status")
    )
    assert actions == [
        ("submit_online", "", "submitted"),
        ("receive", "submitted", "received"),
        ("hand_over", "received", "in_process"),
        ("request_supplement", "in_process", "waiting_supplement"),
        ("supplement_received", "waiting_supplement", "in_process"),
        ("hand_over", "in_process", "in_process"),
        ("hand_over", "in_process", "inter_agency"),
        ("apologise", "inter_agency", "inter_agency"),
        ("take_back", "inter_agency", "in_process"),
        ("approve", "in_process", "result_ready"),
        ("return_result", "result_ready", "returned"),
    ]
    slip = list(Handover.objects.filter(dossier=dossier).order_by("seq"))
    assert [h.step.order for h in slip] == [1, 2, 3, 4, 5, 6]
    assert all(h.done_at for h in slip) and all(h.result for h in slip)
    # The counter's half-day budget ran to 16:15 on 13/2; handing on at 11:00 the same day is "on time"
    # (early means finished before the due *day*, domain.md §5).
    assert slip[0].result == Handover.Result.ON_TIME
    assert slip[1].result == Handover.Result.EARLY  # specialist: 3 days budget, done in 2
    assert slip[3].to_agency == world.partner
    assert Outbox.objects.filter(dossier=dossier).count() >= 10  # mail + SMS at each notice
    # The released electronic result brings its signed download link (never the secret).
    last = Outbox.objects.filter(dossier=dossier, kind=Outbox.Kind.EMAIL).latest("id")
    token = last.body.split("/ho-so/lien-ket/", 1)[1].split("/")[0]
    assert links.read(token) == (dossier.pk, links.RESULT)


def test_counter_intake_of_paper_dossier_for_online_procedure_needs_a_reason(world):
    with pytest.raises(ValidationError) as err:
        services.receive_at_counter(
            actor=world.staff["counter"], procedure_version=world.version, applicant=person()
        )
    assert "T4" in str(err.value)
    dossier, _secret = services.receive_at_counter(
        actor=world.staff["counter"],
        procedure_version=world.version,
        applicant=person(),
        paper_reason="Người cao tuổi, không dùng điện thoại thông minh",
        at=local(2026, 5, 4, 9, 0),
    )
    assert dossier.status == Status.RECEIVED and dossier.channel == Channel.COUNTER
    assert dossier.paper_reason.startswith("Người cao tuổi")


def test_codes_run_per_agency_and_day(world):
    codes = [
        services.receive_at_counter(
            actor=world.staff["counter"], procedure_version=world.paper_version, applicant=person(), at=at
        )[0].code
        for at in [local(2026, 5, 4, 9), local(2026, 5, 4, 10), local(2026, 5, 5, 9)]
    ]
    assert codes == ["000.00.15.H10-260504-0001", "000.00.15.H10-260504-0002", "000.00.15.H10-260505-0001"]


def test_stale_revision_is_refused_and_nothing_changes(world):
    dossier, _ = services.submit_online(procedure_version=world.version, applicant=person())
    seen = dossier.revision
    services.receive(actor=world.staff["counter"], dossier=dossier, revision=seen)
    with pytest.raises(Stale, match="vừa được người khác thay đổi"):
        services.refuse(
            actor=world.staff["counter"], dossier=dossier, revision=seen, reason="Không đủ điều kiện"
        )
    dossier.refresh_from_db()
    assert dossier.status == Status.RECEIVED
    assert dossier.events.count() == 2


def test_refusal_needs_a_reason_and_records_it(world):
    dossier, _ = services.submit_online(procedure_version=world.version, applicant=person())
    with pytest.raises(ValidationError):
        services.refuse(actor=world.staff["counter"], dossier=dossier, revision=dossier.revision, reason="  ")
    dossier = services.refuse(
        actor=world.staff["counter"],
        dossier=dossier,
        revision=dossier.revision,
        reason="Không thuộc đối tượng hưởng",
    )
    assert dossier.status == Status.REFUSED and dossier.finished_at is not None


def test_intake_supplement_round_keeps_the_code(world):
    dossier, secret = services.submit_online(procedure_version=world.version, applicant=person())
    code = dossier.code
    dossier = services.request_intake_supplement(
        actor=world.staff["counter"],
        dossier=dossier,
        revision=dossier.revision,
        items="Thiếu sổ bảo hiểm xã hội",
    )
    with pytest.raises(PermissionDenied):
        services.resubmit(dossier=dossier, secret="sai")
    dossier = services.resubmit(dossier=dossier, secret=secret, note="Đã bổ sung")
    assert (dossier.status, dossier.code) == (Status.SUBMITTED, code)


def test_late_apology_is_allowed_but_marked(world):
    dossier, _ = services.receive_at_counter(
        actor=world.staff["counter"],
        procedure_version=world.paper_version,
        applicant=person(),
        at=local(2026, 5, 4, 9),
    )
    dossier = services.hand_over(
        actor=world.staff["counter"], dossier=dossier, revision=dossier.revision, at=local(2026, 5, 4, 10)
    )
    # Due Monday 11/5 17:00; apologising on Monday morning is less than 1 working day before.
    assert dossier.due_at == local(2026, 5, 11, 17, 0)
    dossier = services.apologise(
        actor=world.staff["head"],
        dossier=dossier,
        revision=dossier.revision,
        reason="Thiếu xác nhận của xã",
        new_due_at=local(2026, 5, 13, 17, 0),
        at=local(2026, 5, 11, 8, 0),
    )
    assert dossier.apology_late is True


def test_stop_at_the_applicants_request(world):
    dossier, _ = services.receive_at_counter(
        actor=world.staff["counter"], procedure_version=world.paper_version, applicant=person()
    )
    dossier = services.stop(
        actor=world.staff["counter"], dossier=dossier, revision=dossier.revision, reason="Người nộp rút hồ sơ"
    )
    assert dossier.status == Status.STOPPED
    with pytest.raises(ValidationError, match="trạng thái"):
        services.stop(
            actor=world.staff["counter"], dossier=dossier, revision=dossier.revision, reason="Lần nữa"
        )


def test_history_cannot_be_rewritten_on_postgresql(world):
    from django.db import DatabaseError, connection, transaction

    if connection.vendor != "postgresql":
        pytest.skip("the append-only trigger is PostgreSQL's; SQLite relies on the services")
    dossier, _ = services.submit_online(procedure_version=world.version, applicant=person())
    event = dossier.events.get()
    for statement in (
        "UPDATE dossiers_dossierevent SET note = 'sửa' WHERE id = %s",
        "DELETE FROM dossiers_dossierevent WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cur,
        ):
            cur.execute(statement, [event.pk])
    assert dossier.events.get().note == ""


def test_a_partner_step_just_before_the_return_can_be_decided(world):
    """Regression: taking a dossier back from the last (partner) step must let the sender decide."""
    from decimal import Decimal

    from cchc.procedures.models import ProcessStep
    from tests.factories import ProcedureVersionFactory

    version = ProcedureVersionFactory(agency=world.agency, processing_time=Decimal(10))
    for order, (role, unit, agency) in enumerate(
        [
            (ProcessStep.Role.COUNTER, world.counter, None),
            (ProcessStep.Role.UNIT_HEAD, world.division, None),
            (ProcessStep.Role.PARTNER, None, world.partner),
            (ProcessStep.Role.RETURN, world.counter, None),
        ],
        start=1,
    ):
        ProcessStep.objects.create(
            version=version,
            order=order,
            name=f"Bước {order}",
            role=role,
            unit=unit,
            agency=agency,
            budget=Decimal(2),
        )
    s = world.staff
    dossier, _ = services.receive_at_counter(
        actor=s["counter"], procedure_version=version, applicant=person()
    )
    dossier = services.hand_over(actor=s["counter"], dossier=dossier, revision=dossier.revision)
    dossier = services.hand_over(actor=s["head"], dossier=dossier, revision=dossier.revision)
    assert dossier.status == Status.INTER_AGENCY
    dossier = services.take_back(actor=s["head"], dossier=dossier, revision=dossier.revision)
    assert (dossier.status, dossier.holder_unit) == (Status.IN_PROCESS, world.division)
    with pytest.raises(ValidationError, match="bước cuối"):
        services.hand_over(actor=s["head"], dossier=dossier, revision=dossier.revision)
    dossier = services.approve(actor=s["head"], dossier=dossier, revision=dossier.revision)
    assert (dossier.status, dossier.holder_unit) == (Status.RESULT_READY, world.counter)


def test_catalog_import_cannot_rewrite_a_version_that_has_dossiers(world):
    from cchc.procedures import catalog_io
    from cchc.procedures import services as catalog_services
    from cchc.procedures.catalog_io import CatalogImportError
    from tests.factories import UserFactory

    services.receive_at_counter(
        actor=world.staff["counter"], procedure_version=world.paper_version, applicant=person()
    )
    exported = catalog_io.export_catalog()  # re-importing the same catalog replaces the versions' child rows
    admin = UserFactory(is_superuser=True)
    with pytest.raises(CatalogImportError, match="phiên bản mới"):
        catalog_services.import_catalog(actor=admin, data=exported)
