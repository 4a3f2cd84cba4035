"""``cchc national <job>``: the connector's jobs with the national portal (Cổng DVCQG).

- ``pull [--once]``: take the dossiers filed on the portal for the province's agencies
  (``CCHC_DVCQG_AGENCY_CODES``) into the counters' online queues; without ``--once`` a round every
  ``CCHC_DVCQG_PULL_SECONDS``. Safe to run twice at once (each dossier is taken once, by its code).
- ``catalogue``: compare each procedure of the catalogue with the national procedure database and store
  the differences for the catalogue administrator (back office: /quan-tri/dvcqg/danh-muc/).
"""

import logging
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cchc.common import logcontext
from cchc.national import services

logger = logging.getLogger("cchc.worker.national")


class Command(BaseCommand):
    help = "Trao đổi với Cổng Dịch vụ công quốc gia: nhận hồ sơ (pull), đối chiếu danh mục TTHC (catalogue)."

    def add_arguments(self, parser):
        jobs = parser.add_subparsers(dest="job", required=True)
        pull = jobs.add_parser("pull", help="Nhận hồ sơ nộp trên Cổng DVCQG.")
        pull.add_argument("--once", action="store_true", help="Chạy một lượt rồi dừng.")
        jobs.add_parser("catalogue", help="Đối chiếu danh mục TTHC với CSDL quốc gia.")

    def handle(self, *args, job, **options):
        if not settings.CCHC_DVCQG_URL:
            raise CommandError("Chưa cấu hình CCHC_DVCQG_URL (địa chỉ Cổng DVCQG).")
        if not settings.CCHC_DVCQG_AGENCY_CODES:
            raise CommandError("Chưa cấu hình CCHC_DVCQG_AGENCY_CODES (mã đơn vị trên Cổng DVCQG).")
        if job == "pull":
            return self.pull(once=options["once"])
        return self.catalogue()

    def pull(self, *, once: bool) -> None:
        while True:
            with logcontext.bind(job="national-pull", run_id=logcontext.new_id()):
                result = services.pull_inbound()
            self.stdout.write(
                f"Nhận {result.created} hồ sơ mới, {result.duplicates} hồ sơ đã có, "
                f"{result.rejected} hồ sơ không nhận được."
            )
            for error in result.errors:
                self.stderr.write(f"Cổng DVCQG lỗi, lượt sau thử lại: {error}")
            if once:
                return
            time.sleep(settings.CCHC_DVCQG_PULL_SECONDS)

    def catalogue(self) -> None:
        with logcontext.bind(job="national-catalogue", run_id=logcontext.new_id()):
            result = services.check_catalogue()
        self.stdout.write(
            f"Đã đối chiếu {result.checked} thủ tục: {result.different} có khác biệt, "
            f"{result.not_local} chỉ có trên CSDL quốc gia, "
            f"{result.not_national} không có trên CSDL quốc gia."
        )
        for error in result.errors:
            self.stderr.write(f"Cổng DVCQG lỗi: {error}")
        if result.errors and not result.checked:
            raise CommandError("Không đối chiếu được thủ tục nào.")
