"""``cchc outbox [--loop SECONDS]``: send queued e-mail and SMS (cron: ``* * * * * cchc outbox``).

Safe to kill at any moment and to run in several processes: each notice is claimed with a lease and
sent with its own de-duplication key (``cchc.notifications.senders``; decision 0019).
"""

import logging
import time

from django.core.management.base import BaseCommand

from cchc.common import logcontext
from cchc.notifications.senders import send_due

logger = logging.getLogger("cchc.worker.outbox")


class Command(BaseCommand):
    help = "Gửi các thông báo (thư điện tử, tin nhắn) đang chờ trong hàng đợi."

    def add_arguments(self, parser):
        parser.add_argument("--loop", type=float, default=0, help="Chạy liên tục, nghỉ N giây giữa hai lượt.")

    def handle(self, *args, loop=0, **options):
        while True:
            # Every line logged during one round carries its job name and run id.
            with logcontext.bind(job="outbox", run_id=logcontext.new_id()):
                sent, failed = send_due()
                if sent or failed:
                    logger.info(
                        "outbox round: %s sent, %s failed",
                        sent,
                        failed,
                        extra={"sent": sent, "failed": failed},
                    )
            self.stdout.write(f"Đã gửi {sent}, lỗi {failed} (sẽ thử lại).")
            if not loop:
                return
            time.sleep(loop)
