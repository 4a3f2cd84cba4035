"""``cchc purge_drafts``: delete online submissions never sent whose time ran out, and their files."""

from django.core.management.base import BaseCommand

from cchc.dossiers import drafts


class Command(BaseCommand):
    help = "Xóa các bản khai hồ sơ trực tuyến đã hết hạn lưu và các tệp của chúng."

    def handle(self, *args, **options):
        count, files = drafts.purge()
        self.stdout.write(f"Đã xóa {count} bản khai hết hạn, {files} tệp.")
