"""Answering, one response per dossier, follow-ups (role + unit), kiosk devices."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cchc.dossiers.models import Status
from cchc.notifications.models import Outbox
from cchc.org import roles
from cchc.org.models import Unit
from cchc.surveys import services
from cchc.surveys.models import FollowUp, Response, SurveyEvent
from cchc.surveys.services import Answers

from .conftest import all_fives, make_user, returned_dossier

pytestmark = pytest.mark.django_db


def test_link_response_copies_dossier_attributes(world, sipas):
    dossier = returned_dossier(world)
    response = services.submit(channel="link", dossier=dossier, answers=all_fives(sipas))
    assert response.method == sipas
    assert response.unit == world.division  # the unit that handled it, not the counter
    assert response.procedure_id == world.version.procedure_id
    assert response.field_id == world.version.field_id
    assert response.anonymous and response.respondent_name == ""
    assert SurveyEvent.objects.filter(response=response, action="response_link").exists()
    assert not FollowUp.objects.exists()


def test_one_response_per_dossier(world, sipas):
    dossier = returned_dossier(world)
    services.submit(channel="link", dossier=dossier, answers=all_fives(sipas))
    with pytest.raises(ValidationError, match="đã được đánh giá"):
        services.submit(channel="link", dossier=dossier, answers=all_fives(sipas))
    assert Response.objects.count() == 1


def test_dossier_not_returned_is_refused(world, sipas):
    dossier = returned_dossier(world, status=Status.IN_PROCESS)
    with pytest.raises(ValidationError, match="chưa được trả kết quả"):
        services.submit(channel="link", dossier=dossier, answers=all_fives(sipas))


def test_answers_are_checked(world, sipas):
    dossier = returned_dossier(world)
    with pytest.raises(ValidationError, match="từ 1 đến 5"):
        services.submit(channel="link", dossier=dossier, answers=all_fives(sipas, {1: 7}))
    with pytest.raises(ValidationError, match="ít nhất một tiêu chí"):
        services.submit(channel="link", dossier=dossier, answers=Answers(scores={1: None}))
    with pytest.raises(ValidationError, match="không thuộc phương pháp"):
        services.submit(channel="link", dossier=dossier, answers=all_fives(sipas, {24: 5}))
    with pytest.raises(ValidationError, match="không hợp lệ"):
        services.submit(channel="link", dossier=dossier, answers=Answers(scores={1: 5}, extras={1: 3}))
    with pytest.raises(ValidationError, match="Khảo sát mở không gắn"):
        services.submit(channel="public", dossier=dossier, answers=all_fives(sipas))
    assert not Response.objects.exists()


def test_name_kept_only_when_not_anonymous(world, sipas):
    answers = all_fives(sipas)
    answers.anonymous, answers.name, answers.phone = False, "Trần Thị Bình", "0912345678"
    r = services.submit(channel="public", answers=answers)
    assert (r.respondent_name, r.respondent_phone, r.anonymous) == ("Trần Thị Bình", "0912345678", False)
    answers.anonymous = True
    r = services.submit(channel="public", answers=answers)
    assert r.respondent_name == "" and r.respondent_phone == ""


def test_low_answer_opens_follow_up_for_the_handling_unit_head(world, sipas):
    dossier = returned_dossier(world)
    response = services.submit(channel="link", dossier=dossier, answers=all_fives(sipas, {5: 2, 8: 1}))
    follow_up = response.follow_up
    assert follow_up.unit == world.division and follow_up.state == "open"
    assert "2 điểm" in follow_up.low_criteria and "1 điểm" in follow_up.low_criteria
    mail = Outbox.objects.get(recipient=world.staff["head"].email)
    assert dossier.code in mail.subject


def test_staff_notice_is_in_vietnamese_when_the_citizen_answers_in_english(world, sipas):
    from django.utils import translation

    with translation.override("en"):
        services.submit(channel="public", answers=all_fives(sipas, {1: 1}))
        with pytest.raises(ValidationError) as refused:  # the citizen's own messages are in English
            services.submit(channel="link", answers=all_fives(sipas))
    assert "dossier" in refused.value.messages[0]
    [mail] = Outbox.objects.all()
    assert mail.subject == "Phiếu khảo sát có đánh giá không hài lòng (khảo sát mở)"
    assert mail.body.startswith("Tiêu chí bị đánh giá thấp:")


def test_public_low_answer_goes_to_the_office(world, sipas):
    response = services.submit(channel="public", answers=all_fives(sipas, {1: 1}))
    assert response.follow_up.unit.kind == Unit.Kind.OFFICE


def test_close_follow_up_checks_role_unit_state_and_note(world, sipas):
    response = services.submit(
        channel="link", dossier=returned_dossier(world), answers=all_fives(sipas, {1: 1})
    )
    follow_up = response.follow_up
    for who in ("specialist", "other_head", "director", "counter"):
        with pytest.raises(PermissionDenied):
            services.close_follow_up(actor=world.staff[who], follow_up=follow_up, note="Đã gọi điện")
    with pytest.raises(ValidationError, match="ghi kết quả"):
        services.close_follow_up(actor=world.staff["head"], follow_up=follow_up, note="  ")
    services.close_follow_up(actor=world.staff["head"], follow_up=follow_up, note="Đã gọi điện xin lỗi")
    follow_up.refresh_from_db()
    assert follow_up.state == "closed" and follow_up.closed_by == world.staff["head"]
    assert SurveyEvent.objects.filter(follow_up=follow_up, action="follow_up_closed").exists()
    with pytest.raises(ValidationError, match="đã được xử lý"):
        services.close_follow_up(actor=world.staff["head"], follow_up=follow_up, note="lần hai")


def test_office_closes_its_own_items(world, sipas):
    follow_up = services.submit(channel="public", answers=all_fives(sipas, {1: 1})).follow_up
    office_user = world.staff["office"]
    follow_up.unit = office_user.staff.unit
    follow_up.save()
    services.close_follow_up(actor=office_user, follow_up=follow_up, note="Đã trả lời")


def test_kiosk_is_opened_by_counter_staff_only(world, sipas):
    device = services.open_kiosk(actor=world.staff["counter"], label="Quầy 1")
    assert device.unit == world.counter
    for who in ("specialist", "head"):
        with pytest.raises(PermissionDenied):
            services.open_kiosk(actor=world.staff[who], label="x")
    with pytest.raises(PermissionDenied):
        services.submit(channel="kiosk", dossier=returned_dossier(world), answers=all_fives(sipas))
    response = services.submit(
        channel="kiosk", dossier=returned_dossier(world), answers=all_fives(sipas), kiosk=device
    )
    assert response.channel == "kiosk"
    with pytest.raises(PermissionDenied):
        services.close_kiosk(actor=world.staff["other_counter"], device=device)
    services.close_kiosk(actor=world.staff["counter"], device=device)
    device.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.submit(
            channel="kiosk", dossier=returned_dossier(world), answers=all_fives(sipas), kiosk=device
        )


def test_counter_head_can_open_a_kiosk(world):
    head = make_user(roles.UNIT_HEAD, world.counter, "truong.motcua")
    assert services.open_kiosk(actor=head, label="Quầy 2").unit == world.counter


def test_a_kiosk_closed_twice_is_closed_once_and_its_history_names_it(world):
    device = services.open_kiosk(actor=world.staff["counter"], label="Quầy 3")
    closed = services.close_kiosk(actor=world.staff["counter"], device=device)
    again = services.close_kiosk(actor=world.staff["counter"], device=device)  # the form sent twice
    assert again.closed_at == closed.closed_at is not None
    history = SurveyEvent.objects.filter(kiosk=device).order_by("id")
    assert [(e.action, e.unit, e.actor) for e in history] == [
        ("kiosk_opened", world.counter, world.staff["counter"]),
        ("kiosk_closed", world.counter, world.staff["counter"]),
    ]
    assert [(e.from_status, e.to_status) for e in history] == [("", "open"), ("open", "closed")]
