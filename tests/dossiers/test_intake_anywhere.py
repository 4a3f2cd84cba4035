"""Intake anywhere in a province (decision 0021): who receives for whom, the competent agency among the
performers, the places of receipt and return, routing to the agency's process, results coming back to
the place of return, the paper originals' transfers and the code prefix rule."""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cchc.dossiers import services
from cchc.dossiers.models import Channel, Dossier, PaperTransfer, Status
from cchc.procedures.models import ProcessStep
from cchc.workdays import calendar
from tests.dossiers.conftest import local, person
from tests.factories import province_world

pytestmark = pytest.mark.django_db
AT = local(2026, 6, 1, 9, 0)  # a Monday


@pytest.fixture
def p():
    return province_world()


def _receive(p, officer, version=None, **kwargs):
    kwargs.setdefault("paper_reason", "Người nộp không có tài khoản định danh điện tử")
    dossier, _ = services.receive_at_counter(
        actor=p.staff[officer],
        procedure_version=version or p.commune_version,
        applicant=person(),
        at=kwargs.pop("at", AT),
        **kwargs,
    )
    return dossier


def test_a_commune_centre_receives_for_another_commune_with_return_at_a_branch(p):
    dossier = _receive(p, "officer_centre_b", agency=p.commune_a, return_place=p.branch)
    assert (dossier.agency, dossier.receipt_place, dossier.return_place) == (
        p.commune_a,
        p.centre_b,
        p.branch,
    )
    assert dossier.code == "000.31.01.H37-260601-0001"  # the competent agency's code and counter
    first = Dossier.objects.get(pk=dossier.pk).current_step
    assert (first.performer.agency, first.role) == (p.commune_a, ProcessStep.Role.COUNTER)
    assert dossier.holder_unit == p.counters["centre_b"]  # the receiving counter does the reception step
    assert dossier.fee_amount == Decimal(8000)
    [transfer] = dossier.paper_transfers.all()
    assert (transfer.direction, transfer.from_agency, transfer.to_agency) == (
        PaperTransfer.Direction.TO_AGENCY,
        p.centre_b,
        p.commune_a,
    )
    assert transfer.due_at == calendar.add_working_minutes(AT, 8 * 60)  # the centre's 8 working hours
    assert list(dossier.events.values_list("action", flat=True)) == ["receive", "paper_sent"]


def test_the_default_agency_is_the_one_the_place_serves(p):
    dossier = _receive(p, "officer_centre_b")
    assert (dossier.agency, dossier.return_place) == (p.commune_b, p.centre_b)
    assert dossier.paper_transfers.get().to_agency == p.commune_b  # the centre is not the agency
    with pytest.raises(ValidationError, match="chọn cơ quan giải quyết"):
        _receive(p, "officer_far_centre")
    assert _receive(p, "officer_far_centre", agency=p.commune_a).agency == p.commune_a  # received anywhere


def test_a_place_receives_only_for_the_agencies_it_serves_unless_anywhere():
    p = province_world(commune_anywhere=False)
    with pytest.raises(PermissionDenied, match="Hàm Liêm không tiếp nhận"):
        _receive(p, "officer_centre_b", agency=p.commune_a)
    assert _receive(p, "officer_centre_a", agency=p.commune_a).receipt_place == p.centre_a
    with pytest.raises(PermissionDenied, match="không tiếp nhận"):
        _receive(p, "officer_far_centre", version=p.dept_version)
    assert _receive(p, "officer_branch", version=p.dept_version).agency == p.department
    with pytest.raises(ValidationError, match="không thực hiện thủ tục này"):
        _receive(p, "officer_branch", version=p.dept_version, agency=p.commune_a)
    assert Dossier.objects.count() == 2


def test_the_return_place_must_return_for_the_agency(p):
    with pytest.raises(ValidationError) as refused:
        _receive(p, "officer_branch", version=p.dept_version, return_place=p.centre_a)
    assert "không tiếp nhận, trả kết quả" in str(refused.value.message_dict["return_place"])
    with pytest.raises(ValidationError, match="bưu chính hoặc trực tuyến"):
        _receive(
            p, "officer_branch", version=p.dept_version, return_place=p.centre, return_channel=Channel.POST
        )
    by_post = _receive(p, "officer_branch", version=p.dept_version, return_channel=Channel.POST)
    assert by_post.return_place is None
    assert Dossier.objects.count() == 1


def _walk_to_result(p, dossier, at):
    services.hand_over(actor=p.staff["officer_centre_b"], dossier=dossier, revision=dossier.revision, at=at)
    dossier.refresh_from_db()
    assert (dossier.holder_unit, dossier.current_step.order) == (p.division_a, 2)
    services.hand_over(actor=p.staff["specialist_a"], dossier=dossier, revision=dossier.revision, at=at)
    dossier.refresh_from_db()
    return services.approve(actor=p.staff["head_a"], dossier=dossier, revision=dossier.revision, at=at)


def test_the_result_comes_back_to_the_place_of_return_which_returns_it(p):
    dossier = _receive(p, "officer_centre_b", agency=p.commune_a, return_place=p.branch)
    decided_at = local(2026, 6, 2, 10, 0)
    dossier = _walk_to_result(p, dossier, decided_at)
    assert (dossier.status, dossier.holder_unit) == (Status.RESULT_READY, p.counters["branch"])
    back = dossier.paper_transfers.get(direction=PaperTransfer.Direction.TO_RETURN)
    assert (back.from_agency, back.to_agency) == (p.commune_a, p.branch)
    assert back.due_at == calendar.add_working_minutes(decided_at, 4 * 60)  # the branch's budget
    with pytest.raises(PermissionDenied, match="nơi trả kết quả"):
        services.return_result(actor=p.staff["officer_centre_b"], dossier=dossier, revision=dossier.revision)
    services.return_result(
        actor=p.staff["officer_branch"], dossier=dossier, revision=dossier.revision, at=local(2026, 6, 3, 9)
    )
    dossier.refresh_from_db()
    assert dossier.status == Status.RETURNED


def test_paper_transfers_are_confirmed_by_the_other_side_with_their_class(p):
    dossier = _receive(p, "officer_centre_b", agency=p.commune_a, return_place=p.branch)
    to_agency = PaperTransfer.Direction.TO_AGENCY
    for outsider in ("officer_centre_b", "specialist_b", "officer_branch"):
        with pytest.raises(PermissionDenied):
            services.confirm_paper(actor=p.staff[outsider], dossier=dossier, direction=to_agency)
    with pytest.raises(ValidationError, match="đã được chuyển"):
        services.send_paper(actor=p.staff["officer_centre_b"], dossier=dossier, direction=to_agency, what="x")
    late = services.confirm_paper(
        actor=p.staff["specialist_a"], dossier=dossier, direction=to_agency, at=local(2026, 6, 2, 15, 0)
    )
    assert late.result == "late"  # 8 working hours from Monday 9:00 end on Tuesday morning
    with pytest.raises(ValidationError, match="đã được xác nhận"):
        services.confirm_paper(actor=p.staff["specialist_a"], dossier=dossier, direction=to_agency)
    to_return = PaperTransfer.Direction.TO_RETURN
    with pytest.raises(ValidationError, match="Chưa có bản giấy"):
        services.confirm_paper(actor=p.staff["officer_branch"], dossier=dossier, direction=to_return)
    dossier = _walk_to_result(p, dossier, local(2026, 6, 2, 10, 0))
    with pytest.raises(PermissionDenied):
        services.confirm_paper(actor=p.staff["officer_centre_b"], dossier=dossier, direction=to_return)
    on_time = services.confirm_paper(
        actor=p.staff["officer_branch"], dossier=dossier, direction=to_return, at=local(2026, 6, 2, 14, 0)
    )
    assert on_time.result == "on_time"
    actions = list(dossier.events.values_list("action", "public"))
    assert ("paper_received", True) in actions and ("paper_sent", False) in actions


def test_a_transfer_confirmed_a_day_early_is_early(p):
    dossier = _receive(p, "officer_far_centre", agency=p.commune_a, at=local(2026, 6, 1, 8, 0))
    dossier.receipt_place.transfer_hours = Decimal(16)
    transfer = dossier.paper_transfers.get()
    assert timezone_date(transfer.due_at) > dt.date(2026, 6, 1)
    early = services.confirm_paper(
        actor=p.staff["head_a"],
        dossier=dossier,
        direction=PaperTransfer.Direction.TO_AGENCY,
        at=local(2026, 6, 1, 16, 0),
    )
    assert early.result == "early"


def timezone_date(value):
    from django.utils import timezone

    return timezone.localdate(value)


def test_online_with_a_chosen_agency_and_return_place(p):
    dossier, _ = services.submit_online(
        procedure_version=p.commune_version,
        applicant=person(),
        agency=p.commune_a,
        return_place=p.branch,
        return_channel=Channel.COUNTER,
        at=AT,
    )
    assert (dossier.agency, dossier.receipt_place, dossier.return_place) == (p.commune_a, None, p.branch)
    with pytest.raises(ValidationError, match="chọn cơ quan giải quyết"):
        services.submit_online(procedure_version=p.commune_version, applicant=person(), at=AT)
    with pytest.raises(PermissionDenied, match="nơi tiếp nhận"):  # B's centre does not serve A
        services.receive(actor=p.staff["officer_centre_b"], dossier=dossier, revision=dossier.revision)
    services.receive(actor=p.staff["officer_centre_a"], dossier=dossier, revision=dossier.revision, at=AT)
    dossier.refresh_from_db()
    assert dossier.current_step.performer.agency == p.commune_a


def test_the_place_prefix_numbers_every_agency_at_one_place_in_one_series(p, settings):
    settings.CCHC_CODE_PREFIX = "place"
    first = _receive(p, "officer_centre_b", agency=p.commune_a)
    second = _receive(p, "officer_centre_b")
    assert [first.code, second.code] == ["000.31.92.H37-260601-0001", "000.31.92.H37-260601-0002"]
    online, _ = services.submit_online(
        procedure_version=p.commune_version, applicant=person(), agency=p.commune_a, at=AT
    )
    assert online.code == "000.31.01.H37-260601-0001"  # no place of receipt: the agency's series


def test_the_slips_print_the_places_and_the_paper_transfers(p):
    from cchc.dossiers import slips

    dossier = _receive(p, "officer_centre_b", agency=p.commune_a, return_place=p.branch)
    receipt = slips.render_html(dossier, slips.RECEIPT)
    assert "Nơi tiếp nhận: Trung tâm Phục vụ hành chính công xã Hàm Liêm" in receipt
    assert "cơ quan giải quyết: UBND xã Hàm Thắng" in receipt
    assert "Nơi trả kết quả: Chi nhánh Trung tâm Phục vụ hành chính công tỉnh tại Phan Thiết" in receipt
    assert "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG XÃ HÀM LIÊM" in receipt  # the place heads its slip
    control = slips.render_html(dossier, slips.CONTROL)
    assert "Thời hạn chuyển 8 giờ làm việc" in control
    dump = os.environ.get("CCHC_DUMP_SLIPS")
    if dump:
        for kind in (slips.RECEIPT, slips.CONTROL):
            Path(dump, f"{kind}.pdf").write_bytes(slips.render_pdf(dossier, kind))


def test_the_register_has_the_competent_agency_and_the_places(p):
    from cchc.dossiers import register

    dossier = _receive(p, "officer_centre_b", agency=p.commune_a, return_place=p.branch)
    day = dt.date(2026, 6, 1)
    for owner in (p.commune_a, p.centre_b):  # the agency's register and the receiving place's
        [row] = register.register_rows(owner, day, day)
        assert row[1] == dossier.code and row[5] == "UBND xã Hàm Thắng"
        assert "Nơi tiếp nhận: Trung tâm Phục vụ hành chính công xã Hàm Liêm" in row[-1]
        assert "Nơi trả kết quả: Chi nhánh" in row[-1]
    assert register.register_rows(p.commune_b, day, day) == []
