"""Drafts, publication, withdrawal: dates, files, lateness, permissions (role and unit)."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cchc.disclosure import selectors, services
from cchc.disclosure.models import Kind, Publication, PublicationEvent, Status
from cchc.workdays.calendar import is_working_day, working_days_between
from tests.disclosure.conftest import legal_values, make, pdf_file

pytestmark = pytest.mark.django_db

FRIDAY = dt.date(2025, 8, 29)  # then Sat 30, Sun 31, Mon 1/9 and Tue 2/9 (National Day) off


def test_calendar_assumptions():
    assert not is_working_day(dt.date(2025, 9, 1)) and not is_working_day(dt.date(2025, 9, 2))
    assert is_working_day(dt.date(2025, 9, 3))


@pytest.mark.parametrize(
    ("published_on", "days", "late"),
    [
        (FRIDAY, 0, False),
        (dt.date(2025, 9, 2), 0, False),  # weekend and holiday: no working day yet
        (dt.date(2025, 9, 3), 1, False),
        (dt.date(2025, 9, 4), 2, False),
        (dt.date(2025, 9, 5), 3, True),
    ],
)
def test_lateness_in_working_days_across_weekend_and_holiday(world, published_on, days, late):
    item = make(world, issued_on=FRIDAY, publish_on=published_on)
    assert item.late_days == days == working_days_between(FRIDAY, published_on)
    assert selectors.with_lateness(Publication.objects.filter(pk=item.pk)).get().is_late is late
    stats = Publication.objects.filter(selectors.late_condition()).count()
    assert stats == int(late)


def test_late_limit_is_a_setting_overridable_per_kind(world, settings):
    item = make(world, issued_on=FRIDAY, publish_on=dt.date(2025, 9, 5))  # 3 working days
    settings.CCHC_DISCLOSURE_LATE_WORKING_DAYS = 3
    assert not selectors.with_lateness(Publication.objects.all()).get().is_late
    settings.CCHC_DISCLOSURE_LATE_WORKING_DAYS_BY_KIND = {"legal": 1}
    assert selectors.with_lateness(Publication.objects.all()).get().is_late
    assert selectors.late_limit(Kind.LEGAL) == 1 and selectors.late_limit(Kind.NOTICE) == 3
    assert item.pk


def test_publish_appends_events_and_keeps_history_on_withdraw(world):
    item = make(world, publish_on=dt.date(2025, 9, 3))
    item = services.withdraw(actor=world.office, publication=item, reason="Văn bản đã được thay thế")
    assert item.status == Status.WITHDRAWN and item.withdrawn_at
    assert list(item.events.values_list("action", flat=True)) == ["create", "publish", "withdraw"]
    assert Publication.objects.filter(pk=item.pk).exists()


@pytest.mark.parametrize(
    ("field", "values", "message"),
    [
        (
            "effective_on",
            {"effective_on": dt.date(2025, 8, 1)},
            "Ngày có hiệu lực (01/08/2025) không được trước ngày ban hành (29/08/2025).",
        ),
        (
            "issued_on",
            {"issued_on": dt.date(2999, 1, 1), "effective_on": None},
            "Ngày ban hành không được sau ngày hôm nay.",
        ),
        ("number", {"number": "  "}, "Nhập số, ký hiệu văn bản."),
        ("title", {"title": ""}, "Nhập tiêu đề, trích yếu."),
        (
            "round_ends_on",
            {"kind": Kind.RECRUITMENT},
            "Kế hoạch tuyển dụng phải có ngày kết thúc đợt tuyển dụng.",
        ),
        (
            "commune",
            {"kind": Kind.POOR_HOUSEHOLD, "year": 2025, "poor_households": 1, "near_poor_households": 2},
            "Chọn xã, phường của kết quả rà soát.",
        ),
    ],
)
def test_bad_values_refused_with_vietnamese_message_and_nothing_saved(world, field, values, message):
    with pytest.raises(ValidationError) as exc:
        services.create_draft(actor=world.office, values=legal_values(**values), upload=pdf_file())
    assert message in exc.value.message_dict[field]
    assert Publication.objects.count() == 0 and PublicationEvent.objects.count() == 0


def test_published_before_issued_refused_nothing_changed(world, settings):
    item = make(world)
    with pytest.raises(ValidationError) as exc:
        services.publish(actor=world.office, publication=item, published_on=dt.date(2025, 8, 28))
    assert exc.value.message_dict["published_on"] == [
        "Ngày công khai (28/08/2025) không được trước ngày ban hành (29/08/2025)."
    ]
    item.refresh_from_db()
    assert item.status == Status.DRAFT and item.published_on is None
    assert item.events.count() == 1


def test_published_in_future_refused(world):
    item = make(world)
    with pytest.raises(ValidationError, match="không được sau ngày hôm nay"):
        services.publish(actor=world.office, publication=item, published_on=dt.date(2999, 1, 1))


def test_database_refuses_effective_before_issued_even_without_service(world):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        Publication.objects.create(
            kind=Kind.LEGAL, unit=world.social, title="x", issued_on=FRIDAY, effective_on=dt.date(2025, 1, 1)
        )


def test_exe_renamed_pdf_refused_nothing_saved(world, settings):
    exe = pdf_file("virus.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200)
    with pytest.raises(ValidationError) as exc:
        make(world, upload=exe)
    assert "không phải PDF" in exc.value.message_dict["file"][0]
    assert Publication.objects.count() == 0
    assert not os.path.exists(settings.MEDIA_ROOT / "disclosure")


def test_oversize_refused(world, settings):
    settings.CCHC_DISCLOSURE_MAX_FILE_BYTES = 100
    big = pdf_file("lon.pdf", b"%PDF-1.4\n" + b"0" * 500 + b"\n%%EOF\n")
    with pytest.raises(ValidationError) as exc:
        make(world, upload=big)
    assert "vượt giới hạn" in exc.value.message_dict["file"][0]
    assert Publication.objects.count() == 0


def test_legal_document_needs_its_file_to_be_published(world):
    item = make(world, upload=None)
    with pytest.raises(ValidationError, match="Phải đính kèm tệp"):
        services.publish(actor=world.office, publication=item)


def test_file_stored_with_detected_type(world):
    item = make(world, upload=pdf_file("Thông tư 15.PDF"))
    assert item.file.name.endswith(".pdf") and item.file_mime == "application/pdf"
    assert item.file_name == "Thông tư 15.PDF" and item.file_size > 0


# --- permissions -----------------------------------------------------------------------------------


def test_specialist_drafts_for_own_unit_only(world):
    own = make(world, actor=world.specialist)
    assert own.unit == world.social
    with pytest.raises(PermissionDenied, match="đơn vị mình"):
        make(world, actor=world.specialist, unit=world.jobs)
    head = make(world, actor=world.head)
    assert head.unit == world.social


def test_office_drafts_for_any_unit(world):
    assert make(world, actor=world.office, unit=world.jobs).unit == world.jobs


@pytest.mark.parametrize("who", ["counter", "director", "nobody"])
def test_other_roles_cannot_draft(world, who):
    with pytest.raises(PermissionDenied):
        make(world, actor=getattr(world, who))
    assert Publication.objects.count() == 0


def test_only_office_publishes(world):
    item = make(world, actor=world.specialist)
    for who in ("specialist", "head", "other_specialist", "director", "counter"):
        with pytest.raises(PermissionDenied, match="Chỉ Văn phòng Sở"):
            services.publish(actor=getattr(world, who), publication=item)
    item = services.publish(actor=world.office, publication=item, published_on=dt.date(2025, 9, 3))
    assert item.status == Status.PUBLISHED


def test_only_office_withdraws(world):
    item = make(world, actor=world.specialist, publish_on=dt.date(2025, 9, 3))
    for who in ("specialist", "head", "director"):
        with pytest.raises(PermissionDenied):
            services.withdraw(actor=getattr(world, who), publication=item, reason="Sai sót")
    with pytest.raises(ValidationError, match="lý do"):
        services.withdraw(actor=world.office, publication=item, reason=" ")
    assert (
        services.withdraw(actor=world.office, publication=item, reason="Sai sót").status == Status.WITHDRAWN
    )


def test_state_checks(world):
    item = make(world, publish_on=dt.date(2025, 9, 3))
    with pytest.raises(ValidationError, match="trạng thái"):
        services.publish(actor=world.office, publication=item)
    with pytest.raises(ValidationError, match="trạng thái"):
        services.update_draft(actor=world.office, publication=item, values={"title": "Mới"})
    draft = make(world)
    with pytest.raises(ValidationError, match="trạng thái"):
        services.withdraw(actor=world.office, publication=draft, reason="x")


def test_update_draft_by_own_unit_and_refused_for_other_unit(world):
    item = make(world, actor=world.specialist)
    item = services.update_draft(actor=world.head, publication=item, values={"title": "Tiêu đề mới"})
    assert item.title == "Tiêu đề mới" and "tieu de moi" in item.search_text
    with pytest.raises(PermissionDenied):
        services.update_draft(actor=world.other_specialist, publication=item, values={"title": "x"})


def test_one_published_review_per_commune_and_year(world):
    values = {
        "kind": Kind.POOR_HOUSEHOLD,
        "commune": world.commune,
        "year": 2025,
        "poor_households": 12,
        "near_poor_households": 30,
        "number": "",
        "issuer": "UBND phường",
        "effective_on": None,
    }
    first = make(world, actor=world.specialist, publish_on=dt.date(2025, 9, 3), **values)
    assert first.status == Status.PUBLISHED
    second = make(world, actor=world.specialist, **values)
    with pytest.raises(ValidationError, match="đã có kết quả rà soát năm 2025"):
        services.publish(actor=world.office, publication=second, published_on=dt.date(2025, 9, 3))


def test_recruitment_open_until_round_ends(world):
    item = make(
        world,
        kind=Kind.RECRUITMENT,
        round_ends_on=dt.date(2025, 10, 31),
        publish_on=dt.date(2025, 9, 3),
    )
    assert item.is_open_on(dt.date(2025, 9, 3))
    assert item.is_open_on(dt.date(2025, 10, 31))
    assert not item.is_open_on(dt.date(2025, 11, 1))


def test_office_cannot_draft_for_another_agencys_unit(world):
    from tests.factories import UnitFactory

    foreign = UnitFactory()  # a unit of another agency
    with pytest.raises(PermissionDenied, match="thuộc cơ quan mình"):
        make(world, actor=world.office, unit=foreign)
