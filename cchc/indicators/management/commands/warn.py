"""``cchc warn``: early warning to the unit heads.

Lists, per unit, the dossiers due within one working day that are not at their last step and the plan
tasks due within five working days, and queues one e-mail per unit head in the Outbox. Idempotent per
day: a head already warned today is not warned again (re-running the command is safe).

Cron (every working morning at 07:30, before office hours):

    30 7 * * 1-6 cd /srv/cchc && .venv/bin/cchc warn
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from cchc.indicators import warnings


class Command(BaseCommand):
    help = "Cảnh báo sớm: hồ sơ đến hạn trong 1 ngày làm việc, nhiệm vụ đến hạn trong 5 ngày làm việc."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Chỉ liệt kê, không gửi thông báo.")

    def handle(self, *args, dry_run=False, **options):
        found = warnings.collect()
        if not found:
            self.stdout.write("Không có hồ sơ, nhiệm vụ nào sắp đến hạn.")
            return
        for w in found:
            self.stdout.write(f"{w.unit.name}: {len(w.dossiers)} hồ sơ, {len(w.tasks)} nhiệm vụ")
            for d in w.dossiers:
                self.stdout.write(f"  hồ sơ {d.code} hẹn trả {timezone.localtime(d.due_at):%d/%m/%Y %H:%M}")
            for t in w.tasks:
                self.stdout.write(f"  nhiệm vụ: {t.title} (hạn {t.deadline:%d/%m/%Y})")
        if dry_run:
            return
        queued = warnings.notify(found)
        self.stdout.write(f"Đã xếp {queued} thông báo vào hàng đợi gửi.")
