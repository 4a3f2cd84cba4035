"""``cchc national <task>``: the connector's jobs.

- ``reconcile [--day YYYY-MM-DD]``: the daily reconciliation with the national portal — without
  ``--day``, yesterday and any of the seven days before whose last run did not complete
  (``cchc-national-reconcile.timer`` runs it every night). Exits non-zero when the portal broke a run
  off (the run is stored as incomplete and shown so on the page).
"""

from __future__ import annotations

import datetime as dt
import logging

from django.core.management.base import BaseCommand, CommandError

from cchc.common import formats, logcontext

logger = logging.getLogger("cchc.worker.national")


def _day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"Ngày phải có dạng YYYY-MM-DD: {value!r}") from exc


class Command(BaseCommand):
    help = "Các việc của kết nối Cổng Dịch vụ công quốc gia (đối soát hằng ngày…)."

    def add_arguments(self, parser):
        tasks = parser.add_subparsers(dest="task", required=True)
        reconcile = tasks.add_parser("reconcile", help="Đối soát hồ sơ của một ngày với Cổng DVCQG.")
        reconcile.add_argument("--day", help="Ngày đối soát (YYYY-MM-DD); mặc định: hôm qua.")

    def handle(self, *args, task, **options):
        if task == "reconcile":
            return self.reconcile(options.get("day"))
        raise CommandError(f"Không có việc {task}.")  # pragma: no cover - argparse refuses first

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
