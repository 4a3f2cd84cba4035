"""``cchc rebuild_dossier_tallies [--check]``: recompute the monthly tallies of finished dossiers the
indicators read (decision 0010), or with ``--check`` only report whether they are in step.

The triggers keep the tallies in step with every write; a rebuild is needed only after a dossier was
deleted by hand or the database was restored without its triggers (``migrate`` reinstalls them).
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from cchc.dossiers import tallies


class Command(BaseCommand):
    help = "Tính lại (hoặc kiểm tra, với --check) bảng tổng hợp hồ sơ đã giải quyết xong theo tháng."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="chỉ kiểm tra, báo lỗi nếu bảng tổng hợp lệch với hồ sơ"
        )

    def handle(self, *args, check=False, **options):
        began = time.perf_counter()
        if check:
            wrong = tallies.differences()
            if wrong:
                raise CommandError(
                    f"Bảng tổng hợp lệch với hồ sơ ở {len(wrong)} dòng: chạy "
                    "«cchc rebuild_dossier_tallies» để tính lại."
                )
            self.stdout.write("Bảng tổng hợp khớp với hồ sơ.")
            return
        installed = tallies.ensure()
        rows = tallies.rebuild() if not installed else tallies.row_count()
        if options["verbosity"]:
            self.stdout.write(
                f"Đã tính lại {rows} dòng tổng hợp trong {time.perf_counter() - began:.1f} giây."
            )
