"""Draining the national portal's outbox: 100,000 progress messages into the DVCQG stand-in.

Target: ≥ 500 messages/s with 4 worker processes on PostgreSQL (``SELECT … FOR UPDATE SKIP LOCKED``).

Set-up (not timed): ``DOSSIERS`` dossiers bulk-inserted and made known to the stand-in (one
``DongBoHoSoMC`` per dossier, sent without keys so only the timed messages count as accepted keys); then
100,000 ``CapNhatTienDoHoSoMC`` messages inserted directly as the ``dossier_changed`` receiver writes them
(key, stream, payload built beforehand), ``MESSAGES / DOSSIERS`` per dossier, interleaved in time as
status changes arrive. Timed: ``cchc national send --workers 4`` from start until nothing is pending.
Checked: the stand-in accepted 100,000 keys with no duplicate, each dossier's progress in its order.

Run: ``DATABASE_URL=postgres://…/scratch python -m bench national_drain`` (SQLite runs too, serialised).
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import tempfile
import time

from bench import setup_django

MESSAGES = int(os.environ.get("BENCH_NATIONAL_MESSAGES", 100_000))
PER_DOSSIER = int(os.environ.get("BENCH_NATIONAL_PER_DOSSIER", 10))
WORKERS = int(os.environ.get("BENCH_NATIONAL_WORKERS", 4))
TARGET = 500


def _dossiers(n: int) -> list:
    from django.core.management import call_command
    from django.utils import timezone

    from cchc.dossiers.models import Channel, Dossier, Status
    from cchc.org.models import Agency
    from cchc.procedures.models import ProcedureVersion

    prefix = "BENCH-DVCQG-"
    have = list(Dossier.objects.filter(code__startswith=prefix).order_by("id"))
    if len(have) >= n:
        return have[:n]
    if not Agency.objects.filter(is_home=True).exists():
        call_command("demo", dossiers=0, verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    agency = Agency.home()
    version = ProcedureVersion.objects.published().filter(agency=agency).select_related("procedure").first()
    now = timezone.now()
    Dossier.objects.bulk_create(
        [
            Dossier(
                code=f"{prefix}{i:07d}",
                agency=agency,
                procedure_version=version,
                applicant_kind="person",
                applicant_name="Nguyễn Văn An",
                channel=Channel.COUNTER,
                return_channel=Channel.COUNTER,
                status=Status.IN_PROCESS,
                submitted_at=now,
                received_at=now,
            )
            for i in range(len(have), n)
        ],
        batch_size=2000,
    )
    return list(Dossier.objects.filter(code__startswith=prefix).order_by("id"))[:n]


def _clear() -> None:
    from django.db import connection

    from cchc.national.models import DossierSync, Message, MessageEvent

    tables = [m._meta.db_table for m in (MessageEvent, Message, DossierSync)]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {', '.join(tables)}")
        else:
            for table in tables:
                cursor.execute(f"DELETE FROM {table}")  # our own table names


def _known_to_portal(dossiers, portal_url: str) -> None:
    """The portal knows every dossier already (as after their intake): records sent without a key."""
    from django.test import override_settings

    from cchc.national.client import Client, Config, agency_code
    from cchc.national.payloads import stamp

    client = Client(Config(url=portal_url, username="cchc", secret="cchc-standin"))
    with override_settings(CCHC_DVCQG_KEY_FIELD="_unused"):
        for start in range(0, len(dossiers), 500):
            chunk = dossiers[start : start + 500]
            records = [
                {
                    "MaHoSo": d.code,
                    "MaTTHC": "1.000001",
                    "TenTTHC": "Thủ tục",
                    "ChuHoSo": d.applicant_name,
                    "LoaiDoiTuong": "1",
                    "NgayTiepNhan": stamp(d.received_at),
                    "TrangThaiHoSo": "2",
                }
                for d in chunk
            ]
            results = client.sync_dossiers(agency_code(chunk[0].agency.code), records, updating=False)
            assert all(r.ok for r in results), [r for r in results if not r.ok][:3]
    client.close()


def _queue(dossiers) -> int:
    """The messages as the receiver writes them: one progress record per status change, in time order."""
    from django.conf import settings
    from django.utils import timezone

    from cchc.national.client import agency_code
    from cchc.national.models import DossierSync, Message
    from cchc.national.payloads import stamp
    from cchc.national.services import message_key

    key_field = settings.CCHC_DVCQG_KEY_FIELD
    now = timezone.now()
    DossierSync.objects.bulk_create(
        [
            DossierSync(
                dossier=d, national_code=d.code, first_queued_at=now, acked_at=now, pending=PER_DOSSIER
            )
            for d in dossiers
        ],
        batch_size=2000,
    )
    base = now - dt.timedelta(days=1)
    rows = []
    for step in range(PER_DOSSIER):  # the receiver writes as the changes happen: step by step
        for i, d in enumerate(dossiers):
            seq = step + 2
            key = message_key(d.code, seq, Message.Service.PROGRESS)
            at = base + dt.timedelta(minutes=step, milliseconds=i)
            record = {
                "MaHoSo": d.code,
                "NguoiXuLy": "Lê Văn Chuyên",
                "ChucDanh": "",
                "ThoiDiemXuLy": stamp(at),
                "PhongBanXuLy": "Phòng chuyên môn",
                "NoiDungXuLy": "Chuyển xử lý",
                "TrangThai": "4",
                "NgayBatDau": stamp(at),
                "NgayKetThucTheoQuyDinh": "",
                key_field: key,
            }
            rows.append(
                Message(
                    key=key,
                    stream=d.code,
                    dossier=d,
                    event_seq=seq,
                    service=Message.Service.PROGRESS,
                    payload={"madonvi": agency_code(d.agency.code), "record": record},
                )
            )
    Message.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


def main() -> None:
    setup_django("bench-national.sqlite3", fresh=True)
    from django.db import connection

    from bench.bench_worklist import load_average
    from cchc.national.models import Message
    from tests.standins import StandIn

    n_dossiers = MESSAGES // PER_DOSSIER
    portal = StandIn("dvcqg", state_file=os.path.join(tempfile.mkdtemp(prefix="dvcqg-bench-"), "s.sqlite3"))
    portal.start()
    try:
        _clear()
        dossiers = _dossiers(n_dossiers)
        _known_to_portal(dossiers, portal.url)
        queued = _queue(dossiers)
        connection.close()
        env = {
            **os.environ,
            "CCHC_DVCQG_ENABLED": "1",
            "CCHC_DVCQG_URL": portal.url,
            "CCHC_DVCQG_BATCH": os.environ.get("CCHC_DVCQG_BATCH", "100"),
            "CCHC_DEBUG": "0",
            "CCHC_LOG_LEVEL": "WARNING",
        }
        args = [sys.executable, "-m", "cchc.manage", "national", "send", "--workers", str(WORKERS)]
        args += ["--batch", os.environ.get("BENCH_NATIONAL_CLAIM", "200"), "--idle", "0.1"]
        load_before = load_average()
        started = time.perf_counter()
        workers = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL)
        while Message.objects.filter(state=Message.State.PENDING).exists():
            if workers.poll() is not None:
                raise RuntimeError(f"the workers stopped (exit {workers.returncode})")
            time.sleep(0.2)
        seconds = time.perf_counter() - started
        workers.send_signal(signal.SIGTERM)
        workers.wait(timeout=60)
        delivered = Message.objects.filter(state=Message.State.DELIVERED).count()
        state = portal.state()
        assert delivered == queued, (delivered, queued)
        assert state["accepted_keys"] == queued, state["accepted_keys"]
        assert state["duplicates"] == 0, state["keys_seen_more_than_once"]
        assert state["out_of_order"] == [] and state["rejected"] == []
        for d in dossiers[:: max(len(dossiers) // 200, 1)]:
            keys = [p["key"] for p in state["dossiers"][d.code]["progress"]]
            assert keys == [f"{d.code}:{seq}:progress" for seq in range(2, PER_DOSSIER + 2)], keys
        print(
            f"database: {connection.vendor}; {queued:,} messages for {len(dossiers):,} dossiers, "
            f"{WORKERS} workers: {seconds:.1f} s = {queued / seconds:,.0f} messages/s (target ≥ {TARGET}); "
            f"accepted keys {state['accepted_keys']:,}, duplicates {state['duplicates']}, order kept; "
            f"load average before {load_before}, after {load_average()}"
        )
    finally:
        portal.stop()


if __name__ == "__main__":
    main()
