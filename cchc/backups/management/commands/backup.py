"""``cchc backup``: write a verified backup set and prune old ones (systemd: cchc-backup.timer).

``cchc backup --verify SET`` checks a set again; ``cchc backup --list`` lists them. See
``cchc.backups.sets`` for what a set holds and how it stays consistent while the server writes.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cchc.backups import sets


class Command(BaseCommand):
    help = (
        "Sao lưu cơ sở dữ liệu và tệp đính kèm thành một bản sao lưu đã kiểm tra; "
        "xoá bản cũ theo quy tắc giữ lại."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--verify", metavar="SET", help="Chỉ kiểm tra lại bản sao lưu SET (tên hoặc đường dẫn)."
        )
        parser.add_argument("--list", dest="list_sets", action="store_true", help="Liệt kê các bản sao lưu.")
        parser.add_argument("--dir", dest="directory", help="Thư mục sao lưu (mặc định CCHC_BACKUP_DIR).")
        parser.add_argument("--no-prune", action="store_true", help="Không xoá bản cũ lần này.")

    def handle(self, *args, verify=None, list_sets=False, directory=None, no_prune=False, **options):
        directory = Path(directory) if directory else sets.backup_dir()
        say = self.stdout.write
        try:
            if verify:
                sets.verify(sets.resolve(verify, directory), say=say)
                return
            if list_sets:
                for backup in sets.list_sets(directory):
                    manifest = sets.read_manifest(backup.path)
                    size = sum(f["size"] for f in manifest["files"].values()) + manifest["media"]["bytes"]
                    say(
                        f"{backup.path.name}  {manifest['engine']:<10}  {size / 1e6:10.1f} MB  "
                        f"{manifest['media']['files']} tệp  kiểm tra {manifest.get('verified_at', '?')}"
                    )
                return
            path = sets.create(directory=directory, say=say)
            say(self.style.SUCCESS(f"Đã sao lưu và kiểm tra: {path}"))
            if not no_prune:
                sets.prune(
                    directory=directory,
                    daily=settings.CCHC_BACKUP_KEEP_DAILY,
                    weekly=settings.CCHC_BACKUP_KEEP_WEEKLY,
                    monthly=settings.CCHC_BACKUP_KEEP_MONTHLY,
                    say=say,
                )
        except sets.BackupError as exc:
            raise CommandError(str(exc)) from exc
