"""What the applicant is told at each step of a dossier: the text of every e-mail and SMS.

Each notice is written in the applicant's language (``Dossier.language``, the portal's page language
when they applied; Vietnamese at the counter) whoever triggers it, and carries the one link that
acts on it (``cchc.dossiers.links``: signed, expiring, never the tracking secret):

========================  ===============================================================
received                  the appointment; the receipt (Mẫu 01) to download
supplement                everything to supplement, in one go; the page to send it
refused                   the reason
apology                   the reason and the new appointment; the dossier's page
result_ready (paper)      where and from when the result can be collected, or that it goes by post
result_ready (rejected)   the reason; where the documents are returned
result_delivered          (electronic return) the link to download the result
returned (paper)          the satisfaction survey
========================  ===============================================================

Services call these builders inside their transaction and queue the result (``services._notify``, which
hands it to ``cchc.notifications.services.enqueue``).
"""

from __future__ import annotations

import datetime as dt

from django.utils import translation
from django.utils.translation import gettext as _

from cchc.common import formats
from cchc.dossiers import links
from cchc.dossiers.models import Channel, Dossier, Outcome
from cchc.notifications.services import Notice
from cchc.org.models import Unit
from cchc.workdays import calendar


def _in_language(dossier: Dossier):
    return translation.override(dossier.language or "vi")


def submitted(dossier: Dossier) -> Notice:
    with _in_language(dossier):
        return Notice(
            _("Đã nhận hồ sơ trực tuyến %(code)s") % {"code": dossier.code},
            _("Hồ sơ đang chờ Bộ phận Một cửa kiểm tra. Theo dõi hồ sơ: %(url)s")
            % {"url": links.url(dossier, links.STATUS)},
        )


def received(dossier: Dossier) -> Notice:
    with _in_language(dossier):
        return Notice(
            _("Đã tiếp nhận hồ sơ %(code)s") % {"code": dossier.code},
            _("Hẹn trả kết quả: %(when)s. Giấy tiếp nhận và hẹn trả kết quả: %(url)s")
            % {"when": formats.format_datetime(dossier.due_at), "url": links.url(dossier, links.RECEIPT)},
        )


def supplement(dossier: Dossier, items: str) -> Notice:
    with _in_language(dossier):
        return Notice(
            _("Hồ sơ %(code)s cần bổ sung") % {"code": dossier.code},
            _("%(items)s Nộp bổ sung trực tuyến: %(url)s")
            % {"items": _sentence(items), "url": links.url(dossier, links.SUPPLEMENT)},
        )


def refused(dossier: Dossier, reason: str) -> Notice:
    with _in_language(dossier):
        return Notice(
            _("Hồ sơ %(code)s không được tiếp nhận") % {"code": dossier.code},
            _("Lý do: %(reason)s") % {"reason": reason},
        )


def apology(dossier: Dossier, reason: str) -> Notice:
    with _in_language(dossier):
        return Notice(
            _("Xin lỗi và hẹn lại ngày trả kết quả hồ sơ %(code)s") % {"code": dossier.code},
            _("%(reason)s Hẹn trả kết quả mới: %(when)s. Chi tiết: %(url)s")
            % {
                "reason": _sentence(reason),
                "when": formats.format_datetime(dossier.new_due_at),
                "url": links.url(dossier, links.STATUS),
            },
        )


def return_counter(dossier: Dossier) -> Unit | None:
    return (
        Unit.objects.valid_on()
        .filter(agency_id=dossier.agency_id, kind=Unit.Kind.COUNTER)
        .select_related("agency")
        .order_by("id")
        .first()
    )


def _place(dossier: Dossier) -> str:
    counter = return_counter(dossier)
    if counter is None:
        return dossier.agency.name
    address = counter.address or dossier.agency.address
    name = f"{counter.name}, {dossier.agency.name}"
    return f"{name} ({address})" if address else name


def collect_from(at: dt.datetime) -> dt.datetime:
    """The first office minute at or after ``at``: when a result at the counter can be collected."""
    return calendar.add_working_minutes(at, 1) - dt.timedelta(minutes=1)


def result_ready(dossier: Dossier) -> Notice | None:
    """At the decision. ``None`` for an approved dossier returned electronically: its notice, with the
    result's link, goes out when the counter releases the result (:func:`result_delivered`)."""
    with _in_language(dossier):
        code = {"code": dossier.code}
        if dossier.outcome == Outcome.REJECTED:
            subject = _("Hồ sơ %(code)s không được giải quyết") % code
            reason = _("Lý do: %(reason)s") % {"reason": _sentence(dossier.outcome_reason)}
            if dossier.return_channel == Channel.ONLINE:
                return Notice(
                    subject, f"{reason} " + _("Chi tiết: %(url)s") % {"url": links.url(dossier, links.STATUS)}
                )
            return Notice(
                subject,
                f"{reason} "
                + _("Mời Ông/Bà nhận lại hồ sơ tại %(place)s từ %(when)s.")
                % {
                    "place": _place(dossier),
                    "when": formats.format_datetime(collect_from(dossier.finished_at)),
                },
            )
        if dossier.return_channel == Channel.ONLINE:
            return None
        subject = _("Hồ sơ %(code)s đã có kết quả") % code
        if dossier.return_channel == Channel.POST:
            return Notice(
                subject,
                _("Kết quả được gửi qua dịch vụ bưu chính công ích đến địa chỉ: %(address)s.")
                % {"address": dossier.address or "—"},
            )
        return Notice(
            subject,
            _(
                "Mời Ông/Bà nhận kết quả tại %(place)s từ %(when)s (trong giờ hành chính), "
                "mang theo giấy tiếp nhận và hẹn trả kết quả."
            )
            % {"place": _place(dossier), "when": formats.format_datetime(collect_from(dossier.finished_at))},
        )


def result_delivered(dossier: Dossier) -> Notice:
    """The electronic result is released: the link to download it."""
    with _in_language(dossier):
        return Notice(
            _("Kết quả giải quyết hồ sơ %(code)s") % {"code": dossier.code},
            _("Tải kết quả: %(url)s (đường dẫn dùng được đến hết ngày %(date)s).")
            % {"url": links.url(dossier, links.RESULT), "date": formats.format_date(links.expires_on())},
        )


def returned(dossier: Dossier, survey_url: str) -> Notice:
    """A paper result was handed over (counter, post): the satisfaction survey."""
    with _in_language(dossier):
        return Notice(
            _("Đã trả kết quả hồ sơ %(code)s") % {"code": dossier.code},
            _("Xin Ông/Bà dành một phút đánh giá mức độ hài lòng: %(url)s") % {"url": survey_url},
        )


def _sentence(text: str) -> str:
    """``text`` ending with a full stop, so that the link sentence after it reads well."""
    text = (text or "").strip()
    return text if not text or text[-1] in ".!?:;" else f"{text}."
