"""``cchc catalog export PATH`` / ``cchc catalog import PATH [--dry-run] [--user USERNAME]``.

The file kind follows the extension (.xlsx or .json); the format is described in
``cchc.procedures.catalog_io``. The command line is trusted: whoever runs it has shell access to the
server and could change the database directly, so without ``--user`` the import runs as the system
actor. With ``--user`` the named account must be allowed to edit the catalog (superuser, or the
OFFICE/SYSADMIN role), which is useful to rehearse what that person may do.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from tqdm import tqdm

from cchc.procedures import services
from cchc.procedures.catalog_io import CatalogImportError


class Command(BaseCommand):
    @property
    def help(self) -> str:  # a property: argparse cannot format a lazy string
        return _("Xuất hoặc nhập toàn bộ danh mục thủ tục hành chính (Excel .xlsx hoặc JSON .json).")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser("export", help=_("Xuất danh mục ra tệp .xlsx hoặc .json."))
        export.add_argument("path")
        imp = sub.add_parser("import", help=_("Nhập danh mục từ tệp .xlsx hoặc .json."))
        imp.add_argument("path")
        imp.add_argument("--dry-run", action="store_true", help=_("Kiểm tra và thử ghi, rồi hoàn tác."))
        imp.add_argument("--user", help=_("Tên đăng nhập dùng để kiểm tra quyền (mặc định: hệ thống)."))

    def handle(self, *args, **options):
        translation.activate(settings.LANGUAGE_CODE)
        path = Path(options["path"])
        suffix = path.suffix.lower().lstrip(".")
        if suffix not in ("xlsx", "json"):
            raise CommandError(_("Chỉ nhận tệp Excel (.xlsx) hoặc JSON (.json)."))
        if options["action"] == "export":
            self.export(path, suffix)
        else:
            self.import_(path, options)

    def export(self, path: Path, fmt: str) -> None:
        content, _type, _name = services.export_catalog_file(fmt)
        path.write_bytes(content)
        self.stdout.write(_("Đã xuất danh mục ra %(path)s.") % {"path": path})

    def import_(self, path: Path, options) -> None:
        actor = services.SYSTEM
        if options.get("user"):
            try:
                actor = get_user_model().objects.get(username=options["user"])
            except get_user_model().DoesNotExist:
                raise CommandError(_("Không có tài khoản '%(user)s'.") % {"user": options["user"]}) from None
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(
                _("Không đọc được tệp %(path)s: %(error)s") % {"path": path, "error": exc}
            ) from exc
        bars: list[tqdm] = []  # created at the first progress report, once the file has been validated

        def progress(done: int, total: int) -> None:
            if not bars:
                bars.append(
                    tqdm(total=total, desc=_("Nhập thủ tục"), unit=_(" phiên bản"), file=self.stderr._out)
                )
            bars[0].update(done - bars[0].n)

        try:
            result = services.import_catalog_file(
                actor=actor,
                content=content,
                filename=path.name,
                dry_run=options["dry_run"],
                progress=progress,
            )
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from exc
        except CatalogImportError as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            raise CommandError(
                _("Không nhập được: có %(count)s lỗi, chưa ghi gì vào cơ sở dữ liệu.")
                % {"count": len(exc.errors)}
            ) from exc
        finally:
            for bar in bars:
                bar.close()
        for line in result.summary_lines():
            self.stdout.write(line)
        if result.dry_run:
            self.stdout.write(_("Chạy thử: đã kiểm tra xong, không ghi gì vào cơ sở dữ liệu."))
        else:
            self.stdout.write(self.style.SUCCESS(_("Đã nhập danh mục.")))
