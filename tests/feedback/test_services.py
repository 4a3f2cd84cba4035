"""Submission checks, codes and secrets, due dates, history, notices, stale pages, votes."""

from __future__ import annotations

import datetime as dt
import itertools
import re

import pytest
from django.core.exceptions import ValidationError

from cchc.common.workflow import Stale
from cchc.feedback import services
from cchc.feedback.models import Feedback, FeedbackEvent, Status, Subject, Vote
from cchc.notifications.models import Outbox
from cchc.workdays import calendar
from tests.factories import ProcedureVersionFactory
from tests.feedback.conftest import local, question, submit, walk

pytestmark = pytest.mark.django_db


def test_submit_gives_code_secret_due_date_and_one_event(world):
    at = local(2026, 3, 2, 9, 0)
    item, secret = services.submit(data=question(), at=at)
    assert re.fullmatch(r"PA-260302-0001", item.code)
    assert item.status == Status.RECEIVED
    assert item.due_on == calendar.add_working_days(at, 15).date()
    assert services.check_secret(item, secret)
    assert services.check_secret(item, secret.lower())
    assert not services.check_secret(item, "SAI" + secret[3:])
    assert secret not in item.secret_hash
    assert list(item.events.values_list("seq", "action", "to_status")) == [(1, "submit", "received")]
    second, _ = services.submit(data=question(), at=at)
    assert second.code == "PA-260302-0002"
    # Receipt notices by e-mail and SMS.
    assert set(Outbox.objects.values_list("kind", "recipient")) == {
        ("email", "binh@example.com"),
        ("sms", "0987654321"),
    }


def test_due_days_are_a_setting(world, settings):
    settings.CCHC_FEEDBACK_DUE_WORKING_DAYS = 5
    at = local(2026, 3, 2, 9, 0)
    assert submit(at=at).due_on == calendar.add_working_days(at, 5).date()


@pytest.mark.parametrize(
    ("overrides", "field", "text"),
    [
        ({"phone": "12345"}, "phone", "Số điện thoại"),
        ({"phone": "+1 202 555 0100"}, "phone", "+84"),
        ({"email": "khong-hop-le@"}, "email", "thư điện tử"),
        ({"phone": "", "email": ""}, "phone", "Nhập số điện thoại hoặc thư điện tử"),
        ({"asker_name": "  "}, "asker_name", "Nhập họ tên"),
        ({"title": ""}, "title", "Nhập tiêu đề"),
        ({"body": ""}, "body", "Nhập nội dung"),
        ({"body": "x" * 5001}, "body", "quá dài"),
        ({"subject": Subject.DOSSIER, "dossier_code": "KHONG-CO"}, "dossier_code", "Không tìm thấy hồ sơ"),
        ({"subject": Subject.DOSSIER, "dossier_code": ""}, "dossier_code", "Nhập mã hồ sơ"),
        ({"subject": Subject.PROCEDURE, "procedure_code": "9.999999"}, "procedure_code", "Chọn thủ tục"),
        ({"kind": "khac"}, "kind", "Chọn loại"),
    ],
)
def test_bad_input_is_refused_in_vietnamese_and_nothing_saved(world, overrides, field, text):
    with pytest.raises(ValidationError) as info:
        services.submit(data=question(**overrides))
    assert field in info.value.message_dict
    assert text in " ".join(info.value.message_dict[field])
    assert Feedback.objects.count() == 0
    assert FeedbackEvent.objects.count() == 0
    assert Outbox.objects.count() == 0


def test_phone_is_normalised(world):
    assert submit(phone="+84 912.345.678").phone == "0912345678"


def make_dossier(version, code="000.00.15.H10-260302-0001"):
    from cchc.dossiers.models import Channel, Dossier
    from cchc.dossiers.models import Status as DossierStatus

    return Dossier.objects.create(
        code=code,
        agency=version.agency,
        procedure_version=version,
        applicant_kind="person",
        applicant_name="Nguyễn Văn An",
        channel=Channel.ONLINE,
        return_channel=Channel.ONLINE,
        status=DossierStatus.RECEIVED,
    )


def test_subject_links_procedure_and_dossier(world):
    version = ProcedureVersionFactory(procedure__code="1.001978", agency=world.agency)
    item = submit(subject=Subject.PROCEDURE, procedure_code="1.001978")
    assert item.procedure == version.procedure
    dossier = make_dossier(version)
    linked = submit(subject=Subject.DOSSIER, dossier_code=dossier.code.lower())
    assert linked.dossier == dossier
    assert linked.procedure == version.procedure


def test_full_walk_notifies_and_keeps_history(world):
    at = local(2026, 3, 2, 9, 0)
    item = submit(at=at)
    Outbox.objects.all().delete()
    item = walk(world, item, Status.PUBLISHED, at=local(2026, 3, 9, 10, 0))
    assert item.answered_at == local(2026, 3, 9, 10, 0)
    assert item.working_days_taken == calendar.working_days_between(dt.date(2026, 3, 2), dt.date(2026, 3, 9))
    assert not item.is_late
    actions = list(item.events.order_by("seq").values_list("action", flat=True))
    assert actions == ["submit", "assign", "draft", "approve", "publish"]
    statuses = list(item.events.order_by("seq").values_list("from_status", "to_status"))
    for (_, to), (frm, _) in itertools.pairwise(statuses):
        assert to == frm
    sent = list(Outbox.objects.values_list("kind", "recipient", "body"))
    assert {(k, r) for k, r, _ in sent} == {("email", "binh@example.com"), ("sms", "0987654321")}
    assert all("Trả lời: có." in body for _, _, body in sent)


def test_a_long_answer_by_sms_is_shortened_like_every_sms(world):
    """The e-mail carries the whole answer; the SMS is cut at a word with "…", as every notice's SMS."""
    item = walk(world, submit(), Status.ASSIGNED)
    answer = " ".join(["Người lao động được hưởng trợ cấp thất nghiệp khi đủ điều kiện."] * 40)
    services.draft(actor=world.specialist, feedback=item, revision=None, answer=answer)
    services.approve(actor=world.head, feedback=item, revision=None)
    Outbox.objects.all().delete()
    services.answer_privately(actor=world.office_user, feedback=item, revision=None)
    assert Outbox.objects.get(kind="email").body == answer
    sms = Outbox.objects.get(kind="sms").body
    assert len(sms) <= 480 and sms.endswith("…")
    assert sms.startswith(f"Trả lời câu hỏi, phản ánh {item.code}. Người lao động được hưởng")


def test_late_when_answered_after_the_due_date(world):
    item = submit(at=local(2026, 3, 2, 9, 0))
    item = walk(world, item, Status.ANSWERED, at=local(2026, 4, 20, 9, 0))
    assert item.due_on < dt.date(2026, 4, 20)
    assert item.is_late


def test_return_for_revision_goes_back_to_the_specialist(world):
    item = walk(world, submit(), Status.DRAFTED)
    services.return_for_revision(actor=world.head, feedback=item, revision=item.revision, note="Sửa căn cứ")
    item.refresh_from_db()
    assert item.status == Status.ASSIGNED
    services.draft(actor=world.specialist, feedback=item, revision=item.revision, answer="Bản sửa")
    item.refresh_from_db()
    assert (item.status, item.answer) == (Status.DRAFTED, "Bản sửa")


def test_assign_checks_unit_and_due_date(world):
    item = submit(at=local(2026, 3, 2, 9, 0))
    with pytest.raises(ValidationError) as info:
        services.assign(
            actor=world.office_user,
            feedback=item,
            revision=item.revision,
            kind="question",
            unit=world.counter,
        )
    assert "unit" in info.value.message_dict
    with pytest.raises(ValidationError) as info:
        services.assign(
            actor=world.office_user,
            feedback=item,
            revision=item.revision,
            kind="question",
            unit=world.division,
            due_on=dt.date(2026, 3, 1),
        )
    assert "due_on" in info.value.message_dict
    services.assign(
        actor=world.office_user,
        feedback=item,
        revision=item.revision,
        kind="feedback",
        unit=world.division,
        due_on=dt.date(2026, 3, 10),
    )
    item.refresh_from_db()
    assert (item.kind, item.unit, item.due_on) == ("feedback", world.division, dt.date(2026, 3, 10))


def test_stale_revision_is_refused(world):
    item = submit()
    seen = item.revision
    services.assign(
        actor=world.office_user, feedback=item, revision=seen, kind="question", unit=world.division
    )
    with pytest.raises(Stale) as info:
        services.assign(
            actor=world.office_user, feedback=item, revision=seen, kind="question", unit=world.other
        )
    assert "vừa được người khác thay đổi" in info.value.messages[0]
    item.refresh_from_db()
    assert item.unit == world.division
    assert item.events.count() == 2


def test_publish_refuses_personal_data_in_public_text(world):
    item = walk(world, submit(), Status.APPROVED)
    name = item.asker_name  # the asker's full name, also without accents, and a 12-digit ID number
    from cchc.common.text import fold

    for text in (
        "Gọi 0987 654 321",
        "Liên hệ binh@example.com",
        "+84987654321",
        f"Kính gửi ông/bà {name},",
        f"Kinh gui {fold(name).upper()}.",
        "CCCD 060090001234",
    ):
        with pytest.raises(ValidationError):
            services.publish(
                actor=world.office_user,
                feedback=item,
                revision=item.revision,
                public_title="Tiêu đề",
                public_question=text,
                public_answer="Trả lời",
            )
    with pytest.raises(ValidationError) as info:
        services.publish(
            actor=world.office_user,
            feedback=item,
            revision=item.revision,
            public_title="",
            public_question="",
            public_answer="",
        )
    assert set(info.value.message_dict) == {"public_title", "public_question", "public_answer"}
    item.refresh_from_db()
    assert item.status == Status.APPROVED


def test_reject_and_duplicate_need_reasons_and_notify(world):
    first = submit()
    item = submit()
    with pytest.raises(ValidationError):
        services.reject(actor=world.office_user, feedback=item, revision=item.revision, reason=" ")
    with pytest.raises(ValidationError):
        services.mark_duplicate(
            actor=world.office_user, feedback=item, revision=item.revision, duplicate_of_code=item.code
        )
    Outbox.objects.all().delete()
    services.mark_duplicate(
        actor=world.office_user, feedback=item, revision=item.revision, duplicate_of_code=first.code
    )
    item.refresh_from_db()
    assert (item.status, item.duplicate_of) == (Status.DUPLICATE, first)
    assert first.code in item.reason
    assert Outbox.objects.count() == 2


def test_one_vote_per_voter_and_only_on_published(world):
    item = walk(world, submit(), Status.PUBLISHED)
    services.vote(feedback=item, voter="a", value=1)
    services.vote(feedback=item, voter="b", value=-1)
    with pytest.raises(ValidationError) as info:
        services.vote(feedback=item, voter="a", value=-1)
    assert "đã bình chọn" in info.value.messages[0]
    item.refresh_from_db()
    assert (item.likes, item.dislikes) == (1, 1)
    assert Vote.objects.count() == 2
    with pytest.raises(ValidationError):
        services.vote(feedback=item, voter="c", value=5)
    draft = walk(world, submit(), Status.DRAFTED)
    with pytest.raises(ValidationError):
        services.vote(feedback=draft, voter="a", value=1)
