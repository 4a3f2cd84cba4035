"""``cchc outbox [--loop SECONDS]``: send queued e-mail and SMS (cron: ``* * * * * cchc outbox``).

Safe to kill at any moment and to run in several processes: each notice is claimed with a lease and
sent with its own de-duplication key (``cchc.notifications.senders``; decision 0019).
"""

import time

from django.core.management.base import BaseCommand

from cchc.notifications.senders import send_due


class Command(BaseCommand):
    help = "Gửi các thông báo (thư điện tử, tin nhắn) đang chờ trong hàng đợi."

    def add_arguments(self, parser):
        parser.add_argument("--loop", type=float, default=0, help="Chạy liên tục, nghỉ N giây giữa hai lượt.")

    def handle(self, *args, loop=0, **options):
        while True:
            sent, failed = send_due()
            self.stdout.write(f"Đã gửi {sent}, lỗi {failed} (sẽ thử lại).")
            if not loop:
                return
            time.sleep(loop)
