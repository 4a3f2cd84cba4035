"""``cchc demo``: load the demo organisation, staff and procedure catalog (idempotent).

``cchc demo --logins`` only prints the table of demo logins. ``--dossiers N`` (default 5000) makes
sure the database holds N demo dossiers walked through the workflow (``cchc.demo.dossiers``);
``--dossiers 0`` skips them.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from cchc.common.db import refresh_statistics
from cchc.common.text import has_text_q
from cchc.demo import disclosure, feedback, indicators, org_data, plans, province_data, surveys
from cchc.demo.dossiers import DEFAULT_COUNT as DEFAULT_DOSSIERS
from cchc.demo.dossiers import load_dossiers
from cchc.demo.dossiers import summary as dossier_summary
from cchc.demo.loader import load
from cchc.national import services as national
from cchc.org.models import Agency, Staff, Unit
from cchc.procedures.models import FormTemplate, Procedure, ProcedureVersion, RequiredDocument


class Command(BaseCommand):
    help = "Nạp dữ liệu minh họa (cơ quan, đơn vị, cán bộ, thủ tục hành chính). Chạy lại không tạo trùng."

    def add_arguments(self, parser):
        parser.add_argument("--logins", action="store_true", help="Chỉ in bảng tài khoản minh họa.")
        parser.add_argument(
            "--dossiers",
            type=int,
            default=DEFAULT_DOSSIERS,
            metavar="N",
            help="Số hồ sơ minh họa cần có (mặc định %(default)s; 0: không nạp hồ sơ).",
        )

    def handle(self, *args, logins=False, dossiers=DEFAULT_DOSSIERS, **options):
        if logins:
            self.print_logins()
            return
        # The demo's history (back to 2021) is written before the province connected to the national
        # portal: nothing of it is queued for the portal here; `cchc national backfill` queues what the
        # portal must know (dossiers since 1/7/2025) once the connector is configured (tools/serve_demo.py).
        with national.paused():
            self.load_all(dossiers, progress=options.get("verbosity", 1) > 0)

    def load_all(self, dossiers: int, *, progress: bool) -> None:
        with transaction.atomic():
            loader = load()
        refresh_statistics()
        self.print_summary(loader.created)
        if dossiers > 0:
            self.load_dossiers(dossiers, progress=progress)
        self.load_others(progress=progress)

    # One demo module per bounded context (``cchc.demo.<context>.load``), loaded in this order: surveys
    # answer returned dossiers, indicators read everything before them.
    OTHER_DEMOS = (surveys, feedback, disclosure, plans, indicators)

    def load_others(self, *, progress: bool) -> None:
        for module in self.OTHER_DEMOS:
            started = time.monotonic()
            line = module.load(progress=progress)
            refresh_statistics()
            self.stdout.write(self.style.SUCCESS(f"{line} ({time.monotonic() - started:.0f} giây)."))

    def load_dossiers(self, count: int, *, progress: bool) -> None:
        started = time.monotonic()
        loader = load_dossiers(count, progress=progress)
        if loader.created:
            refresh_statistics()
        counts = dossier_summary()
        self.stdout.write(
            self.style.SUCCESS(
                f"Hồ sơ minh họa: {sum(counts['status'].values())} "
                f"(mới tạo {loader.created}, {time.monotonic() - started:.0f} giây)."
            )
        )
        for name in ("status", "timeliness"):
            self.stdout.write("  " + ", ".join(f"{k}: {v}" for k, v in counts[name].most_common()))
        for failure in loader.failures[:20]:
            self.stderr.write(f"  Không đi hết quy trình: {failure}")

    def print_summary(self, created: int) -> None:
        versions = ProcedureVersion.objects.all()
        status = ProcedureVersion.Status
        published = versions.published().values("procedure").distinct().count()
        forms = FormTemplate.objects.count()
        self.stdout.write(self.style.SUCCESS("Đã nạp dữ liệu minh họa."))
        lines = [
            f"Cơ quan: {Agency.objects.count()} (cơ quan vận hành: {Agency.home()})",
            f"Đơn vị: {Unit.objects.count()} (đang hoạt động: {Unit.objects.valid_on().count()})",
            f"Cán bộ: {Staff.objects.count()} (công khai liên hệ: "
            f"{Staff.objects.filter(is_public_contact=True).count()})",
            f"Thủ tục: {Procedure.objects.count()} — đang công bố {published}, "
            f"dự thảo {versions.filter(status=status.DRAFT).count()}, "
            f"phiên bản đã bãi bỏ/thay thế {versions.filter(status=status.WITHDRAWN).count()}",
            f"Thành phần hồ sơ: {RequiredDocument.objects.count()}; mẫu đơn, tờ khai: {forms} "
            f"(có hướng dẫn kê khai: {FormTemplate.objects.filter(has_text_q('guidance')).count()})",
            f"Bản ghi mới tạo lần này: {created}",
            "Mã TTHC, thời hạn, phí, mã định danh cơ quan là số liệu minh họa.",
        ]
        for line in lines:
            self.stdout.write(f"  {line}")

    def print_logins(self) -> None:
        """The demo accounts grouped by agency: the former Department's, then the merged province's."""
        units = {row["code"]: row["name"] for row in org_data.UNITS}
        home = next(a for a in org_data.AGENCIES if a["code"] == org_data.HOME)
        agency_names = {row["code"]: row["name"] for row in province_data.AGENCIES}
        groups: dict[str, list[tuple[str, str, str, str]]] = {}
        old_group = f"{home['name']} (đến {province_data.OLD_END:%d/%m/%Y})"
        for s in org_data.STAFF:
            role = s["role"] + (" (superuser)" if s.get("superuser") else "")
            groups.setdefault(old_group, []).append(
                (s["username"], role, units[s["unit"]], org_data.DEMO_PASSWORD)
            )
        unit_names = {(a, c): n for a, c, n, _k in province_data.UNITS}
        for username, _name, role, agency, unit, _position in province_data.STAFF:
            row = (username, role, unit_names[(agency, unit)], org_data.DEMO_PASSWORD)
            groups.setdefault(agency_names[agency], []).append(row)
        header = ("Tên đăng nhập", "Vai trò", "Đơn vị", "Mật khẩu")
        rows = [header] + [r for rs in groups.values() for r in rs]
        widths = [max(len(r[i]) for r in rows) for i in range(4)]
        sep = "+".join("-" * (w + 2) for w in widths)
        fmt = "|".join(" {} " for _ in widths)

        def line(row):
            return fmt.format(*(c.ljust(w) for c, w in zip(row, widths, strict=True))).rstrip()

        self.stdout.write("Tài khoản minh họa (đăng nhập tại /quan-tri/), theo cơ quan:")
        self.stdout.write(sep)
        self.stdout.write(line(header))
        for agency, members in groups.items():
            self.stdout.write(sep)
            self.stdout.write(f" {agency}")
            for row in members:
                self.stdout.write(line(row))
        self.stdout.write(sep)
        issuer = settings.OTP_TOTP_ISSUER
        self.stdout.write(
            "Xác thực hai lớp (mọi tài khoản minh họa): thêm vào ứng dụng xác thực khóa bí mật "
            f"{org_data.DEMO_OTP_SECRET}"
        )
        self.stdout.write(
            f"  hoặc quét: otpauth://totp/{issuer}:demo?secret={org_data.DEMO_OTP_SECRET}&issuer={issuer}"
        )
