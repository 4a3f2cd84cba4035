"""``cchc national <subcommand>``: the national connector's jobs.

- ``reconcile [--day YYYY-MM-DD]``: the daily reconciliation with the national portal — without
  ``--day``, yesterday and any of the seven days before whose last run did not complete
  (``cchc-national-reconcile.timer`` runs it every night). Exits non-zero when the portal broke a run
  off (the run is stored as incomplete and shown so on the page).

``cchc national send [--once] [--batch N] [--workers N] [--idle SECONDS]``: deliver the outbox to Cổng DVCQG
(``cchc.national.worker``). Without ``--once`` it runs until stopped (SIGTERM/SIGINT end it after the round
in progress), sleeping ``--idle`` seconds when nothing is due. ``--workers N`` starts N such processes (each
claims its own stream heads with ``SKIP LOCKED``) and waits for them.
"""

from __future__ import annotations

import datetime as dt
import signal
import subprocess
import sys

from django.core.management.base import BaseCommand, CommandError

from cchc.common import formats, logcontext


def _day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"Ngày phải có dạng YYYY-MM-DD: {value!r}") from exc


class Command(BaseCommand):
    help = "Kết nối Cổng Dịch vụ công quốc gia: gửi hàng đợi (send), đối soát hằng ngày (reconcile)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        send = sub.add_parser("send", help="Gửi các thông điệp đang chờ lên Cổng DVCQG.")
        send.add_argument("--once", action="store_true", help="Gửi hết những gì đến hạn rồi dừng.")
        send.add_argument(
            "--batch", type=int, default=200, help="Số thông điệp nhận mỗi lượt (mặc định 200)."
        )
        send.add_argument("--workers", type=int, default=1, help="Số tiến trình gửi song song.")
        send.add_argument("--idle", type=float, default=1.0, help="Nghỉ N giây khi không có gì để gửi.")
        reconcile = sub.add_parser("reconcile", help="Đối soát hồ sơ của một ngày với Cổng DVCQG.")
        reconcile.add_argument("--day", help="Ngày đối soát (YYYY-MM-DD); mặc định: hôm qua.")

    def handle(self, *args, subcommand: str, **options):
        if subcommand == "send":
            return self.send(**options)
        if subcommand == "reconcile":
            return self.reconcile(options.get("day"))
        raise CommandError(f"Không có lệnh {subcommand}")

    def send(self, *, once: bool, batch: int, workers: int, idle: float, **options):
        if batch < 1 or workers < 1:
            raise CommandError("--batch và --workers phải là số dương.")
        if workers > 1:
            return self._fork(once=once, batch=batch, workers=workers, idle=idle)
        from cchc.national.worker import run

        stopping: list[bool] = []
        previous = {}
        if not once:  # a loop ends after the round in progress; --once simply finishes
            for sig in (signal.SIGTERM, signal.SIGINT):
                previous[sig] = signal.signal(sig, lambda *_: stopping.append(True))
        try:
            with logcontext.bind(job="national-send", run_id=logcontext.new_id()):
                total = run(limit=batch, idle=idle, once=once, stop=lambda: bool(stopping))
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        self.stdout.write(f"Đã gửi {total.delivered} thông điệp.")

    def _fork(self, *, once: bool, batch: int, workers: int, idle: float):
        args = [
            sys.executable,
            "-m",
            "cchc.manage",
            "national",
            "send",
            "--batch",
            str(batch),
            "--idle",
            str(idle),
        ]
        if once:
            args.append("--once")
        children = [subprocess.Popen(args) for _ in range(workers)]

        def forward(sig, _frame):
            for child in children:
                if child.poll() is None:
                    child.send_signal(sig)

        signal.signal(signal.SIGTERM, forward)
        signal.signal(signal.SIGINT, forward)
        codes = [child.wait() for child in children]
        if any(codes):
            raise CommandError(f"Tiến trình gửi kết thúc với mã {codes}")

    def reconcile(self, day: str | None):
        from django.utils import timezone

        from cchc.national.reconcile import days_due, reconcile

        days = [_day(day)] if day else days_due(timezone.localdate())
        broken = []
        with logcontext.bind(job="national-reconcile", run_id=logcontext.new_id()):
            for one in days:
                run = reconcile(one)
                share = formats.format_percent(run.synchronised * 100 / run.total) if run.total else "—"
                self.stdout.write(
                    f"Đối soát ngày {run.day:%d/%m/%Y}: "
                    f"{run.synchronised}/{run.total} đồng bộ kịp thời ({share}), "
                    f"{run.late} trễ, {run.failed} không đồng bộ được, {run.pending} đang chờ gửi, "
                    f"{run.unchecked} chưa kiểm tra được."
                )
                if run.state != run.State.COMPLETE:
                    broken.append(f"{run.day:%d/%m/%Y}: {run.error}")
        if broken:
            raise CommandError("Đối soát chưa hoàn tất — " + "; ".join(broken))
