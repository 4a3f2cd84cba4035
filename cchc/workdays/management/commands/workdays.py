"""``cchc workdays``: compute due dates and inspect the working-day calendar (domain.md §5).

    cchc workdays due --received "2026-02-13 10:00" --days 5 [--rule days|cutoff|hours] [--cutoff 15:00]
    cchc workdays between 2026-02-01 2026-03-01
    cchc workdays holidays 2026

``due`` prints an explanatory line, then the due moment in ISO 8601 with offset as its last line.
``between`` prints the number of working days d with A < d <= B. ``holidays`` lists the days off
and make-up working days of a year.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cchc.workdays import calendar
from cchc.workdays.rules import DEFAULT_RULE, HOURS_RULE, CountingRule

RULES = ("days", "cutoff", "hours")
_DT_FORMATS = ("%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y")


def parse_moment(value: str) -> dt.datetime:
    value = value.strip()
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError:
        pass
    for fmt in _DT_FORMATS:
        try:
            return dt.datetime.strptime(value, fmt)
        except ValueError:
            continue
    raise CommandError(
        f"Thời điểm tiếp nhận “{value}” không hợp lệ; "
        "hãy ghi dạng “2026-02-13 10:00” hoặc “13/02/2026 10:00”."
    )


def parse_date(value: str) -> dt.date:
    value = value.strip()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        pass
    try:
        return dt.datetime.strptime(value, "%d/%m/%Y").date()
    except ValueError:
        raise CommandError(
            f"Ngày “{value}” không hợp lệ; hãy ghi dạng “2026-02-01” hoặc “01/02/2026”."
        ) from None


def parse_time(value: str) -> dt.time:
    try:
        return dt.time.fromisoformat(value.strip())
    except ValueError:
        raise CommandError(f"Giờ chốt “{value}” không hợp lệ; hãy ghi dạng “15:00”.") from None


def parse_amount(value: str) -> Decimal:
    try:
        amount = Decimal(value.strip().replace(",", "."))
    except InvalidOperation:
        raise CommandError(f"Số lượng “{value}” không phải là một số.") from None
    if not amount.is_finite() or amount < 0:
        raise CommandError(f"Số lượng “{value}” phải là một số không âm.")
    return amount


class Command(BaseCommand):
    help = "Tính hạn xử lý và xem lịch làm việc (ngày làm việc, ngày nghỉ, ngày làm bù)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, parser_class=type(parser))
        due = sub.add_parser("due", help="Tính hạn xử lý từ thời điểm tiếp nhận.")
        due.add_argument("--received", required=True, help="Thời điểm tiếp nhận, ví dụ “2026-02-13 10:00”.")
        amount = due.add_mutually_exclusive_group(required=True)
        amount.add_argument("--days", help="Số ngày làm việc (hoặc số giờ với --rule hours).")
        amount.add_argument("--hours", help="Số giờ làm việc (ngụ ý --rule hours).")
        due.add_argument("--rule", choices=RULES, help="Quy tắc tính: days (mặc định), cutoff, hours.")
        due.add_argument("--cutoff", help="Giờ chốt cho --rule cutoff (mặc định 15:00).")

        between = sub.add_parser("between", help="Số ngày làm việc d với A < d ≤ B.")
        between.add_argument("start")
        between.add_argument("end")

        hol = sub.add_parser("holidays", help="Ngày nghỉ và ngày làm bù của một năm.")
        hol.add_argument("year", type=int)

    def handle(self, *args, **options):
        try:
            return getattr(self, f"handle_{options['action']}")(**options)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc

    def handle_due(self, *, received, days, hours, rule, cutoff, **_):
        moment = parse_moment(received)
        if hours is not None:
            if rule not in (None, "hours"):
                raise CommandError("--hours chỉ dùng với quy tắc tính theo giờ (--rule hours).")
            rule = "hours"
        rule = rule or "days"
        if cutoff is not None and rule != "cutoff":
            raise CommandError("--cutoff chỉ dùng với --rule cutoff.")
        amount = parse_amount(hours if hours is not None else days)
        if rule == "hours":
            counting, unit = HOURS_RULE, "giờ làm việc"
        elif rule == "cutoff":
            cut = parse_time(cutoff or "15:00")
            counting, unit = CountingRule.with_cutoff(cut), f"ngày làm việc, chốt nhận lúc {cut:%H:%M}"
        else:
            counting, unit = DEFAULT_RULE, "ngày làm việc"
        if rule != "hours" and amount != amount.to_integral_value():
            raise CommandError(f"Số ngày làm việc phải là số nguyên (nhận {days}); dùng --rule hours.")
        n = int(amount) if rule != "hours" else amount
        due_at = calendar.add_working_days(moment, n, counting)
        received_local = calendar.get_calendar()._local(moment)
        self.stdout.write(
            f"Tiếp nhận {received_local:%H:%M %d/%m/%Y}, thời hạn {amount.normalize():f} {unit}: "
            f"hẹn trả {due_at:%H:%M} {calendar.WEEKDAYS_VI[due_at.weekday()]} {due_at:%d/%m/%Y}"
        )
        self.stdout.write(due_at.isoformat())

    def handle_between(self, *, start, end, **_):
        self.stdout.write(str(calendar.working_days_between(parse_date(start), parse_date(end))))

    def handle_holidays(self, *, year, **_):
        entries = calendar.holidays_in(year)
        self.stdout.write(f"Lịch nghỉ và làm bù năm {year} ({len(entries)} ngày):")
        for entry in entries:
            state = "làm việc" if calendar.is_working_day(entry.date) else "nghỉ"
            source = "điều chỉnh" if entry.source == calendar.SOURCE_OVERRIDE else "lịch chung"
            self.stdout.write(
                f"{entry.date:%d/%m/%Y}  {calendar.WEEKDAYS_VI[entry.date.weekday()]:<8}  "
                f"{state:<8}  {entry.name}  [{source}]"
            )
