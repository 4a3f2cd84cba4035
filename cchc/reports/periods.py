"""Report periods: parse what the form sends, refuse what makes no sense, name the period in words.

A period is a quarter, a half-year, a year or a month (``cchc.common.periods.Period``). A period
that has not started yet (its first day after today) is refused: nothing can be reported on it. A
period still running is allowed (an interim report; the figures are "to date").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.common.periods import ROMAN, Period
from cchc.reports.models import PeriodKind

LIMITS = {PeriodKind.QUARTER: 4, PeriodKind.HALF: 2, PeriodKind.YEAR: 1, PeriodKind.MONTH: 12}
FIRST_YEAR = 2015


@dataclass(frozen=True)
class ReportPeriod:
    kind: str
    year: int
    number: int
    period: Period

    @property
    def start(self) -> dt.date:
        return self.period.start

    @property
    def end(self) -> dt.date:
        return self.period.end

    @property
    def label(self) -> str:
        return self.period.label

    @property
    def phrase(self) -> str:
        """The period as it reads in a title: "quý III năm 2026", "6 tháng đầu năm 2026"."""
        return phrase(self.kind, self.year, self.number)


def phrase(kind: str, year: int, number: int) -> str:
    if kind == PeriodKind.QUARTER:
        return _("quý %(q)s năm %(y)s") % {"q": ROMAN[number], "y": year}
    if kind == PeriodKind.HALF:
        return (_("6 tháng đầu năm %(y)s") if number == 1 else _("6 tháng cuối năm %(y)s")) % {"y": year}
    if kind == PeriodKind.MONTH:
        return _("tháng %(m)s năm %(y)s") % {"m": number, "y": year}
    return _("năm %(y)s") % {"y": year}


def _int(raw, message: str) -> int:
    if isinstance(raw, int):
        return raw
    text = str(raw or "").strip()
    if not text.isdigit() or len(text) > 4:
        raise ValidationError(message, code="malformed")
    return int(text)


def parse(kind, year, number=None, *, today: dt.date | None = None) -> ReportPeriod:
    """Validate the form's period; ValidationError with a Vietnamese message when it is wrong."""
    today = today or timezone.localdate()
    if kind not in PeriodKind.values:
        raise ValidationError(
            _("Loại kỳ báo cáo không hợp lệ: chọn quý, 6 tháng, năm hoặc tháng."), code="malformed"
        )
    y = _int(year, _("Năm báo cáo phải là số có 4 chữ số, ví dụ 2026."))
    if not FIRST_YEAR <= y <= 2100:
        raise ValidationError(
            _("Năm báo cáo phải từ %(first)s đến nay.") % {"first": FIRST_YEAR}, code="malformed"
        )
    limit = LIMITS[kind]
    if kind == PeriodKind.YEAR:
        n = 1
    else:
        n = _int(number, _("Chọn số kỳ (quý, 6 tháng hoặc tháng) trong năm."))
        if not 1 <= n <= limit:
            raise ValidationError(_("Số kỳ phải từ 1 đến %(limit)s.") % {"limit": limit}, code="malformed")
    if kind == PeriodKind.QUARTER:
        period = Period.quarter(y, n)
    elif kind == PeriodKind.HALF:
        period = Period.half(y, n)
    elif kind == PeriodKind.MONTH:
        period = Period.month(y, n)
    else:
        period = Period.year(y)
    if period.start > today:
        raise ValidationError(
            _(
                "Kỳ báo cáo %(label)s chưa bắt đầu (từ ngày %(start)s): "
                "không thể lập báo cáo cho kỳ tương lai."
            )
            % {"label": period.label, "start": f"{period.start:%d/%m/%Y}"},
            code="future",
        )
    return ReportPeriod(kind, y, n, period)
