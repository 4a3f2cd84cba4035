"""``cchc payments-reconcile [--day YYYY-MM-DD]``: compare a day's online payments (yesterday by default)
with the payment platform's daily report and record the result (run it daily from cron or systemd)."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cchc.payments import gateway, services


class Command(BaseCommand):
    help = "Đối soát thanh toán trực tuyến của một ngày với báo cáo của Nền tảng thanh toán."

    def add_arguments(self, parser):
        parser.add_argument("--day", help="Ngày đối soát (YYYY-MM-DD); mặc định: hôm qua.")

    def handle(self, *args, **options):
        if not gateway.enabled():
            raise CommandError("Chưa cấu hình Nền tảng thanh toán (CCHC_PAYGATE_URL).")
        try:
            day = dt.date.fromisoformat(options["day"]) if options["day"] else None
        except ValueError as exc:
            raise CommandError("Ngày không hợp lệ: dùng dạng YYYY-MM-DD.") from exc
        day = day or timezone.localdate() - dt.timedelta(days=1)
        run = services.reconcile(actor=None, day=day)
        if run.error:
            raise CommandError(f"Không lấy được báo cáo của Nền tảng thanh toán: {run.error}")
        self.stdout.write(
            f"{day:%d/%m/%Y}: khớp {run.matched}, chỉ có trong CCHC {run.only_ours}, "
            f"chỉ có ở Nền tảng {run.only_theirs}, lệch số tiền {run.amount_differs}."
        )
        if not run.ok:
            raise CommandError("Có chênh lệch: xem trang Đối soát thanh toán trực tuyến.")
