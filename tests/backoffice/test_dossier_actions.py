"""The dossier page's actions: supplements with files at the counter, send-back at approval steps,
the approver the process names after an outside step, one opinion box, a timeline that says where."""
# ruff: noqa: F811  (pytest fixtures imported from tests.dossiers.conftest are redefined as arguments)

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cchc.dossiers import services
from cchc.dossiers.models import DossierDocument, Handover, Status
from cchc.org.models import Unit
from cchc.procedures.models import ProcessStep
from tests.backoffice.test_dossier_screens import (
    action_url,
    as_user,
    at_counter,
    detail_url,
    pdf,
    to_division,
)
from tests.dossiers.conftest import make_user, person, world  # noqa: F401
from tests.factories import ProcedureVersionFactory, RequiredDocumentFactory, UnitFactory, checked_pdf

pytestmark = pytest.mark.django_db


def waiting(world):
    dossier = to_division(world, at_counter(world))
    return services.request_supplement(
        actor=world.staff["specialist"], dossier=dossier, revision=dossier.revision, items="Bổ sung sổ BHXH."
    )


def test_the_counter_records_a_supplement_with_its_scans(client, world):
    required = RequiredDocumentFactory(version=world.version, order=1, name="Sổ bảo hiểm xã hội")
    dossier = waiting(world)
    from cchc.dossiers import documents

    documents.save_documents(dossier, [checked_pdf(required, "so-cu.pdf")])
    as_user(client, world.staff["counter"])
    page = client.get(detail_url(dossier)).content.decode()
    assert f'name="supplement_received-scan_{required.pk}"' in page
    response = client.post(
        action_url(dossier, "supplement_received"),
        {
            "supplement_received-revision": dossier.revision,
            "supplement_received-note": "Người nộp mang sổ BHXH bản chính",
            f"supplement_received-scan_{required.pk}": pdf("so-moi.pdf"),
            "supplement_received-scan_khac": pdf("giai-trinh.pdf"),
        },
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == Status.IN_PROCESS and dossier.paused_since is None
    rows = list(
        DossierDocument.objects.filter(dossier=dossier).order_by("id").values_list("original_name", "round")
    )
    assert rows == [("so-cu.pdf", 0), ("so-moi.pdf", 1), ("giai-trinh.pdf", 1)]
    # The officer processing it sees the new round, the earlier version kept and marked.
    as_user(client, world.staff["specialist"])
    page = client.get(detail_url(dossier)).content.decode()
    assert "Bổ sung lần 1" in page and "so-moi.pdf" in page and "bản trước, đã được thay" in page
    assert "Lần bổ sung thứ 1, 2 tệp" in page


def test_a_bad_scan_leaves_the_supplement_unrecorded(client, world):
    dossier = waiting(world)
    as_user(client, world.staff["counter"])
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        action_url(dossier, "supplement_received"),
        {
            "supplement_received-revision": dossier.revision,
            "supplement_received-scan_khac": SimpleUploadedFile("x.pdf", b"MZ" + b"\0" * 100),
        },
    )
    assert response.status_code == 400
    dossier.refresh_from_db()
    assert dossier.status == Status.WAITING_SUPPLEMENT and not dossier.documents.exists()


def test_the_counter_takes_an_intake_supplement_back_to_the_check(client, world):
    dossier, _ = services.submit_online(procedure_version=world.version, applicant=person())
    dossier = services.request_intake_supplement(
        actor=world.staff["counter"], dossier=dossier, revision=dossier.revision, items="Thiếu đơn."
    )
    as_user(client, world.staff["counter"])
    client.post(
        action_url(dossier, "intake_supplement_received"),
        {
            "intake_supplement_received-revision": dossier.revision,
            "intake_supplement_received-scan_khac": pdf(),
        },
    )
    dossier.refresh_from_db()
    assert dossier.status == Status.SUBMITTED
    assert list(dossier.documents.values_list("round", flat=True)) == [1]


# --- send back -------------------------------------------------------------------------------------


def at_head(world):
    dossier = to_division(world, at_counter(world))
    return services.hand_over(actor=world.staff["specialist"], dossier=dossier, revision=dossier.revision)


def test_the_unit_head_sends_the_dossier_back_to_the_specialist(client, world):
    dossier = at_head(world)
    assert dossier.current_step.role == ProcessStep.Role.UNIT_HEAD
    as_user(client, world.staff["head"])
    page = client.get(detail_url(dossier)).content.decode()
    assert "Trả lại bước trước" in page
    # One opinion box for the three decisions (approve, send back, refuse): never two "Lý do" boxes.
    assert len(re.findall(r"<textarea", page)) == len(set(re.findall(r'<textarea name="([^"]+)"', page)))
    missing = client.post(action_url(dossier, "send_back"), {"quyet-dinh-revision": dossier.revision})
    assert missing.status_code == 400 and "Ghi rõ lý do trả lại" in missing.content.decode()
    response = client.post(
        action_url(dossier, "send_back"),
        {"quyet-dinh-revision": dossier.revision, "quyet-dinh-opinion": "Thiếu căn cứ tính mức hưởng."},
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.current_step.role == ProcessStep.Role.SPECIALIST and dossier.holder_unit == world.division
    last = Handover.objects.filter(dossier=dossier).latest("seq")
    assert (last.from_unit, last.to_unit, last.step.role) == (world.division, world.division, "specialist")
    # The specialist works it again and hands it on as usual.
    dossier = services.hand_over(actor=world.staff["specialist"], dossier=dossier, revision=dossier.revision)
    assert dossier.current_step.role == ProcessStep.Role.UNIT_HEAD
    as_user(client, world.staff["head"])
    timeline = client.get(detail_url(dossier)).content.decode()
    assert "Trả lại để xử lý lại" in timeline and "Thiếu căn cứ tính mức hưởng." in timeline


def test_send_back_only_at_an_approval_step_and_by_its_approver(world):
    dossier = to_division(world, at_counter(world))  # the specialist's step
    with pytest.raises(ValidationError, match="bước phê duyệt"):
        services.send_back(actor=world.staff["head"], dossier=dossier, revision=dossier.revision, reason="x")
    dossier = at_head(world)
    with pytest.raises(PermissionDenied):
        services.send_back(
            actor=world.staff["specialist"], dossier=dossier, revision=dossier.revision, reason="x"
        )


def test_the_director_chooses_which_earlier_step_gets_it_back(world):
    s = world.staff
    dossier = at_head(world)
    dossier = services.hand_over(actor=s["head"], dossier=dossier, revision=dossier.revision)  # → partner
    dossier = services.take_back(actor=s["head"], dossier=dossier, revision=dossier.revision)  # → director
    assert [t.order for t in services.send_back_targets(dossier)] == [3, 2]
    dossier = services.send_back(
        actor=s["director"], dossier=dossier, revision=dossier.revision, reason="Thẩm định lại", to_step=2
    )
    assert (dossier.current_step.order, dossier.holder_unit) == (2, world.division)


# --- the approver after an outside step --------------------------------------------------------------


def test_after_an_outside_step_the_approver_the_process_names_decides(world):
    """A clerk of the Office sends the approved papers to another agency; when they come back the
    result is decided by the unit head the process names, not by the Office that sent them."""
    office = UnitFactory(agency=world.agency, code="van-phong", name="Văn phòng Sở", kind=Unit.Kind.OFFICE)
    clerk = make_user("Chuyên viên xử lý", office, "van-thu")
    office_head = make_user("Lãnh đạo đơn vị", office, "chanh-van-phong")
    version = ProcedureVersionFactory(agency=world.agency, processing_time=Decimal(10))
    steps = [
        (ProcessStep.Role.COUNTER, world.counter, None),
        (ProcessStep.Role.SPECIALIST, world.division, None),
        (ProcessStep.Role.UNIT_HEAD, world.division, None),
        (ProcessStep.Role.CLERICAL, office, None),
        (ProcessStep.Role.PARTNER, None, world.partner),
        (ProcessStep.Role.RETURN, world.counter, None),
    ]
    for order, (role, unit, agency) in enumerate(steps, start=1):
        ProcessStep.objects.create(
            version=version, order=order, name=f"Bước {order}", role=role, unit=unit, agency=agency, budget=1
        )
    s = world.staff
    dossier, _ = services.receive_at_counter(
        actor=s["counter"], procedure_version=version, applicant=person()
    )
    for actor in (s["counter"], s["specialist"], s["head"], clerk):
        dossier = services.hand_over(actor=actor, dossier=dossier, revision=dossier.revision)
    assert dossier.status == Status.INTER_AGENCY
    dossier = services.take_back(actor=clerk, dossier=dossier, revision=dossier.revision)
    assert dossier.holder_unit == world.division
    assert services.acting_step(dossier).role == ProcessStep.Role.UNIT_HEAD
    with pytest.raises(PermissionDenied):
        services.approve(actor=office_head, dossier=dossier, revision=dossier.revision)
    with pytest.raises(PermissionDenied):
        services.approve(actor=s["specialist"], dossier=dossier, revision=dossier.revision)
    dossier = services.approve(actor=s["head"], dossier=dossier, revision=dossier.revision)
    assert dossier.status == Status.RESULT_READY


def test_the_timeline_says_where_each_hand_over_went(client, world):
    dossier = at_head(world)
    as_user(client, world.staff["head"])
    page = client.get(detail_url(dossier)).content.decode()
    assert "Chuyển xử lý</strong>: Phòng Việc làm — " in page
    public = services.check_secret  # the citizen's page says it too
    assert public
    from cchc.dossiers.selectors import public_timeline

    details = [e.detail for e in public_timeline(dossier) if e.action == "hand_over"]
    assert details and all(d.startswith("Phòng Việc làm — ") for d in details)
    assert reverse("backoffice:dossier", args=[dossier.code]) in detail_url(dossier)


# --- one verdict on every screen ------------------------------------------------------------------


def test_a_dossier_supplemented_twice_is_late_on_every_screen_and_in_the_indicator(client, world):
    from cchc.indicators import engine
    from cchc.indicators.engine import Period

    s = world.staff
    dossier = to_division(world, at_counter(world))
    for _ in range(2):
        dossier = services.request_supplement(
            actor=s["specialist"], dossier=dossier, revision=dossier.revision, items="Bổ sung."
        )
        dossier = services.supplement_received(actor=s["counter"], dossier=dossier, revision=dossier.revision)
    label = "Trễ hạn — bổ sung quá 1 lần"
    # Still open, well before its appointment: the worklist and the page already say late, and why.
    as_user(client, s["specialist"])
    assert label in client.get(reverse("backoffice:worklist")).content.decode()
    assert label in client.get(detail_url(dossier)).content.decode()
    # Finished early: the same verdict on the page, the late lists and the indicator.
    dossier = services.hand_over(actor=s["specialist"], dossier=dossier, revision=dossier.revision)
    dossier = services.hand_over(actor=s["head"], dossier=dossier, revision=dossier.revision)
    dossier = services.take_back(actor=s["head"], dossier=dossier, revision=dossier.revision)
    dossier = services.approve(actor=s["director"], dossier=dossier, revision=dossier.revision)
    as_user(client, s["director"])
    assert label in client.get(detail_url(dossier)).content.decode()
    year = Period.year(dossier.received_at.year)
    assert list(engine.late_dossiers(year, without_apology=True)) == [dossier]
    drill = client.get(
        reverse("backoffice:indicators_staff:late_dossiers"), {"ky": year.key, "xin-loi": "khong"}
    )
    body = drill.content.decode()
    assert dossier.code in body and label in body and "Trước hạn" not in body
    late_list = client.get(reverse("backoffice:late_list")).content.decode()
    assert dossier.code in late_list and label in late_list
