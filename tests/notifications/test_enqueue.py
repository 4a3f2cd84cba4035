"""``enqueue``: the one place a notice becomes outbox rows (contacts, SMS length, subject length)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cchc.dossiers import services as dossiers
from cchc.notifications import services
from cchc.notifications.models import Outbox
from cchc.notifications.services import SMS_MAX, SUBJECT_MAX, Notice, enqueue, shorten, sms_text
from tests.dossiers.conftest import person, world  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db

LINK = "https://motcua.example.gov.vn/ho-so/lien-ket/AbCdEf123/"


def test_one_insert_for_every_contact(django_assert_num_queries):
    notice = Notice("Đã tiếp nhận hồ sơ 000.00.15.H10-260302-0001", "Hẹn trả kết quả ngày 10/03/2026.")
    with django_assert_num_queries(1):
        enqueue(notice, emails=["an@example.com", "binh@example.com"], phones=["0987654321"])
    rows = list(Outbox.objects.order_by("id").values_list("kind", "recipient", "subject", "body"))
    assert rows == [
        ("email", "an@example.com", notice.subject, notice.body),
        ("email", "binh@example.com", notice.subject, notice.body),
        ("sms", "0987654321", "", f"{notice.subject}. {notice.body}"),
    ]


def test_empty_contacts_and_no_notice_queue_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert enqueue(Notice("Tiêu đề", "Nội dung"), emails=["", "  ", None], phones=[""]) == []
        assert enqueue(None, emails=["an@example.com"], phones=["0987654321"]) == []
    assert not Outbox.objects.exists()


def test_a_contact_listed_twice_gets_one_message():
    enqueue(
        Notice("Tiêu đề", "Nội dung"),
        emails=["an@example.com", " an@example.com "],
        phones=["0987654321"] * 2,
    )
    assert sorted(Outbox.objects.values_list("kind", "recipient")) == [
        ("email", "an@example.com"),
        ("sms", "0987654321"),
    ]


def test_one_contact_as_a_string_is_refused():
    with pytest.raises(TypeError):
        enqueue(Notice("Tiêu đề", "Nội dung"), emails="an@example.com")


def test_a_long_subject_is_shortened_to_its_column():
    enqueue(Notice("Nhiệm vụ " + "rất dài " * 60, "Nội dung"), emails=["an@example.com"])
    subject = Outbox.objects.get().subject
    assert len(subject) == SUBJECT_MAX and subject.endswith("…")


def test_the_sms_keeps_its_link_when_the_text_is_long():
    body = "Bổ sung " + "giấy tờ rất dài " * 60 + LINK
    [sms] = enqueue(Notice("Yêu cầu bổ sung hồ sơ", body), phones=["0987654321"])
    assert len(sms.body) <= SMS_MAX
    assert sms.body.startswith("Yêu cầu bổ sung hồ sơ. Bổ sung giấy tờ")
    assert sms.body.endswith(f"… {LINK}")


def test_the_sms_without_a_link_ends_with_an_ellipsis():
    text = sms_text(Notice("Trả lời câu hỏi", "Nội dung trả lời rất dài. " * 40))
    assert len(text) == SMS_MAX and text.endswith("…")


def test_a_short_sms_is_left_alone():
    assert sms_text(Notice("Đã tiếp nhận", f"Xem hồ sơ: {LINK}")) == f"Đã tiếp nhận. Xem hồ sơ: {LINK}"


words = st.lists(st.text(alphabet="aăâbcdđeêxyz ,.\n", min_size=0, max_size=30), max_size=40).map(" ".join)


@given(text=words, link=st.booleans(), limit=st.integers(min_value=20, max_value=500))
def test_shorten_never_exceeds_its_limit_and_keeps_a_link_that_fits(text, link, limit):
    if link:
        text = f"{text} {LINK}"
    short = shorten(text, limit)
    assert len(short) <= limit
    if len(text) <= limit:
        assert short == text
    elif link and len(LINK) + 2 < limit and text.rpartition(" ")[0]:
        assert short.endswith(LINK) and "…" in short
    else:
        assert short.endswith("…")


def test_past_notices_of_loaded_history_are_marked_sent_when_queued(world):  # noqa: F811
    past, _ = dossiers.submit_online(procedure_version=world.version, applicant=person())
    today, _ = dossiers.submit_online(procedure_version=world.version, applicant=person())
    assert services.mark_sent_when_queued(dossier_ids=[past.pk]) == 2  # mail and SMS
    for row in Outbox.objects.filter(dossier=past):
        assert row.sent_at == row.created_at
    assert Outbox.objects.filter(dossier=today, sent_at__isnull=True).count() == 2
    assert services.mark_sent_when_queued(dossier_ids=[past.pk]) == 0  # already marked
