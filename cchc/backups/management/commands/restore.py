"""``cchc restore SET [--into DIR | --database-url URL] [--media-root DIR] [--force]``.

Restores a backup set into a fresh place after verifying it (``cchc.backups.restore``), then prints
each table's row count beside the manifest's. Exits with status 1 when anything differs.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cchc.backups import sets
from cchc.backups.restore import restore


class Command(BaseCommand):
    help = "Phục hồi một bản sao lưu vào chỗ mới (cơ sở dữ liệu trống, thư mục tệp đính kèm trống)."

    def add_arguments(self, parser):
        parser.add_argument(
            "backup_set", metavar="set", help="Tên bản sao lưu (trong CCHC_BACKUP_DIR) hoặc đường dẫn của nó."
        )
        target = parser.add_mutually_exclusive_group()
        target.add_argument("--into", help="Thư mục mới: SQLite vào DIR/cchc.sqlite3, tệp vào DIR/media.")
        target.add_argument("--database-url", help="Cơ sở dữ liệu đích, ví dụ postgres://…/cchc_moi (trống).")
        parser.add_argument(
            "--media-root", help="Thư mục tệp đính kèm đích (mặc định DIR/media hoặc MEDIA_ROOT)."
        )
        parser.add_argument("--force", action="store_true", help="Cho phép ghi đè nơi đích đã có dữ liệu.")

    def handle(
        self, *args, backup_set, into=None, database_url=None, media_root=None, force=False, **options
    ):
        try:
            result = restore(
                sets.resolve(backup_set),
                into=Path(into) if into else None,
                database_url=database_url,
                media_root=Path(media_root) if media_root else None,
                force=force,
                say=self.stdout.write,
            )
        except sets.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Cơ sở dữ liệu: {result.database.label()}")
        self.stdout.write(f"Tệp đính kèm: {result.media_files} tệp vào {result.media_root}")
        self.stdout.write(f"{'bảng':<48} {'bản sao lưu':>12} {'đã phục hồi':>12}")
        for table, (expected, restored) in result.counts.items():
            if expected or restored:
                mark = "" if expected == restored else "  ← KHÁC"
                self.stdout.write(f"{table:<48} {expected:>12} {restored:>12}{mark}")
        if result.missing_migrations:
            self.stdout.write(
                f"Mã nguồn có {len(result.missing_migrations)} bước migrate mới hơn bản sao lưu: "
                "chạy `cchc migrate` trên cơ sở dữ liệu đã phục hồi trước khi dùng."
            )
        if result.mismatches:
            raise CommandError(f"Số dòng khác manifest ở {len(result.mismatches)} bảng.")
        self.stdout.write(self.style.SUCCESS("Phục hồi xong; số dòng mọi bảng khớp manifest."))
