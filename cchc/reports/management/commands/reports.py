"""``cchc reports [--loop SECONDS] [--stale-minutes N]``: build the queued report jobs.

The production path (cron ``* * * * * cchc reports`` or a service with ``--loop 5``); the request
view's background thread is a convenience for ``make run``. Jobs left running by a dead process for
longer than ``--stale-minutes`` go back to the queue first.
"""

import logging
import time

from django.core.management.base import BaseCommand

from cchc.common import logcontext
from cchc.reports.runner import requeue_stale, run_pending

logger = logging.getLogger("cchc.worker.reports")


class Command(BaseCommand):
    help = "Lập các báo cáo đang chờ trong hàng đợi."

    def add_arguments(self, parser):
        parser.add_argument("--loop", type=float, default=0, help="Chạy liên tục, nghỉ N giây giữa hai lượt.")
        parser.add_argument(
            "--stale-minutes",
            type=int,
            default=30,
            help="Đặt lại vào hàng chờ các báo cáo đang lập quá N phút (tiến trình đã dừng).",
        )

    def handle(self, *args, loop=0, stale_minutes=30, **options):
        while True:
            # Every line logged during one round carries its job name and run id.
            with logcontext.bind(job="reports", run_id=logcontext.new_id()):
                requeued = requeue_stale(stale_minutes)
                done, failed = run_pending()
                if done or failed or requeued:
                    logger.info(
                        "reports round: %s done, %s failed, %s requeued",
                        done,
                        failed,
                        requeued,
                        extra={"done": done, "failed": failed, "requeued": requeued},
                    )
            self.stdout.write(f"Đã lập {done} báo cáo, lỗi {failed}, đặt lại {requeued}.")
            if not loop:
                return
            time.sleep(loop)
