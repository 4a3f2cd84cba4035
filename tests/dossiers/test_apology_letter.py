"""The apology letter (Mẫu 04) says what happened: ahead of the appointment, that the dossier will
not be ready by then; after it, that it was not. Both form sets (TT 01/2018, TT 03/2025)."""

from __future__ import annotations

import datetime as dt

import pytest

from cchc.dossiers import services, slips
from cchc.dossiers.models import Channel
from tests.dossiers.conftest import local, person
from tests.dossiers.test_slips import pdf_text

REASON = "Chờ Bảo hiểm xã hội tỉnh xác nhận quá trình đóng bảo hiểm thất nghiệp."
RECEIVED = {"2018": local(2025, 6, 2, 9, 0), "2025": local(2026, 3, 2, 9, 0)}


def _apologised(world, regime: str, *, before_due: dt.timedelta):
    s = world.staff
    dossier, _secret = services.receive_at_counter(
        actor=s["counter"],
        procedure_version=world.version,
        applicant=person(),
        paper_reason="Người nộp không có tài khoản VNeID",
        return_channel=Channel.COUNTER,
        at=RECEIVED[regime],
    )
    dossier = services.hand_over(
        actor=s["counter"],
        dossier=dossier,
        revision=dossier.revision,
        at=RECEIVED[regime] + dt.timedelta(hours=1),
    )
    return services.apologise(
        actor=s["head"],
        dossier=dossier,
        revision=dossier.revision,
        reason=REASON,
        new_due_at=dossier.due_at + dt.timedelta(days=5),
        at=dossier.due_at - before_due,
    )


def _letter(dossier) -> str:
    ctx = slips.slip_context(dossier, slips.APOLOGY)
    text = pdf_text(slips.render_pdf(dossier, slips.APOLOGY))
    flat = " ".join((text or f"{ctx['apology_body']} {ctx['apology_sorry']}").split())
    assert ctx["apology_body"] in flat and ctx["apology_sorry"] in flat  # what the context says is printed
    return flat


@pytest.mark.parametrize("regime", ["2018", "2025"])
def test_apology_ahead_of_the_appointment_does_not_say_it_is_late(world, regime):
    dossier = _apologised(world, regime, before_due=dt.timedelta(days=3))
    assert not dossier.apology_late
    text = _letter(dossier)
    assert "dự kiến không giải quyết xong trong thời hạn hẹn trả" in text
    assert "chưa được giải quyết đúng thời hạn" not in text and "đã quá thời hạn" not in text
    assert "sự chậm trễ này" not in text
    assert f"Lý do: {REASON}" in text
    assert slips.formats.format_slip_time(dossier.new_due_at) in text
    if regime == "2025":
        assert "đề nghị gia hạn thời gian giải quyết" in text
    else:
        assert "hẹn lại ngày trả kết quả" in text


@pytest.mark.parametrize("regime", ["2018", "2025"])
def test_apology_on_the_last_day_still_speaks_of_the_coming_appointment(world, regime):
    """Late for the 1-working-day rule, but the appointment has not passed yet."""
    dossier = _apologised(world, regime, before_due=dt.timedelta(hours=2))
    assert dossier.apology_late
    text = _letter(dossier)
    assert "dự kiến không giải quyết xong trong thời hạn hẹn trả" in text
    assert "đã quá thời hạn" not in text


@pytest.mark.parametrize("regime", ["2018", "2025"])
def test_apology_after_the_appointment_says_it_was_not_resolved_in_time(world, regime):
    dossier = _apologised(world, regime, before_due=-dt.timedelta(days=1))
    assert dossier.apology_late
    text = _letter(dossier)
    assert (
        "Đến nay, đã quá thời hạn hẹn trả nêu trên nhưng hồ sơ của Ông/Bà chưa được giải quyết xong" in text
    )
    assert "xin lỗi Ông/Bà vì sự chậm trễ này" in text
    assert "dự kiến" not in text
