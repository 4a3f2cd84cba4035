"""``cchc rebuild_survey_tallies [--from YYYY-MM-DD] [--to YYYY-MM-DD]``: recompute the daily summary
of the survey responses (after a bulk import or a correction made outside the service functions)."""

from __future__ import annotations

import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError

from cchc.surveys.tallies import rebuild_tallies


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"Ngày không hợp lệ: {value} (định dạng YYYY-MM-DD).") from None


class Command(BaseCommand):
    help = "Tính lại bảng tổng hợp khảo sát theo ngày từ các phiếu (toàn bộ hoặc một khoảng ngày)."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="start", help="ngày đầu (YYYY-MM-DD), mặc định: từ đầu")
        parser.add_argument("--to", dest="end", help="ngày cuối (YYYY-MM-DD), mặc định: đến nay")

    def handle(self, *args, start=None, end=None, **options):
        start, end = _date(start), _date(end)
        if start and end and end < start:
            raise CommandError("Ngày cuối phải sau ngày đầu.")
        began = time.perf_counter()
        rows = rebuild_tallies(start, end)
        if options["verbosity"]:
            self.stdout.write(
                f"Đã tính lại {rows} dòng tổng hợp trong {time.perf_counter() - began:.1f} giây."
            )
