"""The daily reconciliation against the stand-in portal run as a real process: what the portal holds is
put there over HTTP as the delivery would (DongBoHoSoMC, CapNhatTienDoHoSoMC), CCHC's side is the
outbox and sync rows the delivery leaves, and the reconciliation asks the portal (TraCuuHoSo)."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.core.management import call_command
from django.utils import timezone

from cchc.dossiers.models import DossierEvent, Status
from cchc.national import selectors
from cchc.national.models import DossierSync, Message, ReconcileLine, ReconcileRun
from cchc.national.reconcile import PortalError, _Portal, changed_on, days_due, reconcile
from tests.factories import DossierFactory, DossierSyncFactory
from tests.standins import StandIn

from .reconciliation import assert_reconciled_100

TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
DAY = dt.date(2026, 11, 30)
NOW = dt.datetime(2026, 12, 1, 2, 0, tzinfo=TZ)  # the timer's run, the night after
V = ReconcileLine.Verdict
R = ReconcileLine.Reason
CODES = {Status.RECEIVED: "2", Status.IN_PROCESS: "4", Status.RESULT_READY: "9"}


def at(h, mi=0, day=DAY) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, h, mi, tzinfo=TZ)


@pytest.fixture(scope="module")
def portal():
    s = StandIn("dvcqg").start()
    yield s
    s.stop()


@pytest.fixture
def dvcqg(portal, settings, db):
    if portal.process is None:
        portal.start()
    portal.reset()
    portal.control(fail=None, fail_next=0, delay=0)
    settings.CCHC_DVCQG_URL = portal.url
    settings.CCHC_DVCQG_SYNC_LATE_MINUTES = 60
    return portal


def _record(code: str, status_code: str, seq: int) -> dict:
    return {
        "MaHoSo": code,
        "MaTTHC": "1.001978",
        "TenTTHC": "Giải quyết hưởng trợ cấp thất nghiệp",
        "ChuHoSo": "Nguyễn Văn An",
        "LoaiDoiTuong": "1",
        "NgayTiepNhan": "20261130090000",
        "TrangThaiHoSo": status_code,
        "MaDongBo": f"{code}:{seq}:dossier",
    }


_SENDERS: dict[str, _Portal] = {}


def _send(service: str, **fields) -> None:
    """Put a record on the portal as the delivery would (one kept-alive session per portal)."""
    from django.conf import settings

    client = _SENDERS.get(settings.CCHC_DVCQG_URL) or _SENDERS.setdefault(settings.CCHC_DVCQG_URL, _Portal())
    result = client.call(service, madonvi="000.00.00.H00", **fields)
    assert result and result[0]["error_code"] == "0", result


def dossier(
    *statuses: str,
    queued: bool = True,
    on_portal: bool = True,
    portal_status: str | None = None,
    delivered_after=dt.timedelta(minutes=2),
    state: str = Message.State.DELIVERED,
):
    """A dossier received on DAY at 09:00 that then went through ``statuses`` (an event each, an hour
    apart); with ``queued`` its sync row and one outbox message per event (``state``, acknowledged
    ``delivered_after`` it was queued); with ``on_portal`` the portal got the intake and each change
    over HTTP — the last one with ``portal_status`` instead when given (the portal holds another)."""
    statuses = (Status.RECEIVED, *statuses)
    d = DossierFactory(status=statuses[-1], received_at=at(9), submitted_at=at(9))
    for seq, status in enumerate(statuses, start=1):
        action = "receive" if seq == 1 else "process"
        DossierEvent.append(dossier=d, seq=seq, at=at(8 + seq), action=action, to_status=status)
    if not queued:
        return d
    DossierSyncFactory(dossier=d, first_queued_at=at(9), acked_at=at(9) + delivered_after)
    for seq, status in enumerate(statuses, start=1):
        delivered = state == Message.State.DELIVERED
        m = Message.objects.create(
            key=f"{d.code}:{seq}:dossier",
            stream=d.code,
            dossier=d,
            event_seq=seq,
            service=Message.Service.DOSSIER,
            payload={},
            state=state,
            delivered_at=at(8 + seq) + delivered_after if delivered else None,
            dead_at=at(8 + seq) + delivered_after if state == Message.State.DEAD else None,
        )
        Message.objects.filter(pk=m.pk).update(created_at=at(8 + seq))
        if on_portal and delivered:
            code = CODES[status]
            if seq == len(statuses) and portal_status:
                code = portal_status
            _send(
                "DongBoHoSoMC",
                isUpdating="True" if seq > 1 else "False",
                data=[_record(d.code, code, seq)],
            )
    return d


def test_the_mapping_gives_the_expected_codes(db):
    codes = selectors.status_codes(DAY)
    assert {s: selectors.national_code(codes, s, "process") for s in CODES} == CODES


def test_synchronised_dossiers_are_100_percent(dvcqg):
    a = dossier()
    b = dossier(Status.IN_PROCESS)
    c = dossier(Status.IN_PROCESS, Status.RESULT_READY)
    run = assert_reconciled_100(DAY, now=NOW)
    assert (run.total, run.synchronised, run.late, run.failed, run.pending, run.unchecked) == (
        3,
        3,
        0,
        0,
        0,
        0,
    )
    assert {line.dossier_id: line.portal_code for line in run.lines.all()} == {
        a.pk: "2",
        b.pk: "4",
        c.pk: "9",
    }
    assert set(DossierSync.objects.values_list("confirmed_at", flat=True)) == {NOW}


def test_a_status_reported_only_as_progress_counts(dvcqg):
    """The portal's record still says "received" but a progress step reported "in process": the portal
    shows CCHC's current state."""
    d = dossier()
    DossierEvent.append(dossier=d, seq=2, at=at(10), action="process", to_status=Status.IN_PROCESS)
    type(d).objects.filter(pk=d.pk).update(status=Status.IN_PROCESS)
    _send(
        "CapNhatTienDoHoSoMC",
        data=[
            {
                "MaHoSo": d.code,
                "NguoiXuLy": "Trần Thị Bình",
                "ThoiDiemXuLy": "20261130100000",
                "NoiDungXuLy": "Chuyển xử lý",
                "TrangThai": "4",
                "MaDongBo": f"{d.code}:2:progress",
            }
        ],
    )
    assert_reconciled_100(DAY, now=NOW)


def test_dead_never_queued_other_status_and_missing_are_failed(dvcqg):
    ok = dossier(Status.IN_PROCESS)
    dead = dossier(Status.IN_PROCESS, state=Message.State.DEAD)
    never = dossier(Status.IN_PROCESS, queued=False)
    other = dossier(Status.IN_PROCESS, portal_status="9")
    lost = dossier(on_portal=False)  # acknowledged, yet the portal does not know it
    run = reconcile(DAY, now=NOW)
    assert run.state == ReconcileRun.State.COMPLETE
    verdicts = {line.dossier_id: (line.verdict, line.reason) for line in run.lines.all()}
    assert verdicts == {
        ok.pk: (V.SYNCHRONISED, R.OK),
        dead.pk: (V.FAILED, R.DEAD),
        never.pk: (V.FAILED, R.NEVER_QUEUED),
        other.pk: (V.FAILED, R.MISMATCH),
        lost.pk: (V.FAILED, R.MISSING),
    }
    line = run.lines.get(dossier=other)
    assert (line.expected_code, line.portal_code) == ("4", "9")
    assert (run.total, run.synchronised, run.failed) == (5, 1, 4)
    # The lost one no longer counts as synchronised (QĐ 766 1.4 reads the same definition).
    assert DossierSync.objects.get(dossier=lost).portal_missing_at == NOW
    synced = type(ok).objects.filter(selectors.synchronised(NOW)).values_list("pk", flat=True)
    assert set(synced) == {ok.pk, dead.pk, other.pk}  # acknowledged intakes; the lost one dropped
    with pytest.raises(AssertionError, match="4/5 hồ sơ chưa đồng bộ"):
        assert_reconciled_100(DAY, now=NOW)


def test_late_and_pending(dvcqg):
    """Threshold 60 minutes: acknowledged 3 hours after it was queued → late; still in the outbox at
    the night's run (17 hours) → late (waiting); in the outbox for 30 minutes → pending (the portal not
    asked)."""
    late = dossier(Status.IN_PROCESS, delivered_after=dt.timedelta(hours=3))
    waiting = dossier(Status.IN_PROCESS, state=Message.State.PENDING, on_portal=False)
    run = reconcile(DAY, now=NOW)
    by = {line.dossier_id: line for line in run.lines.all()}
    assert (by[late.pk].verdict, by[late.pk].reason) == (V.LATE, R.DELIVERED_LATE)
    assert by[late.pk].lag_seconds == 3 * 3600
    assert (by[waiting.pk].verdict, by[waiting.pk].reason) == (V.LATE, R.WAITING_LATE)
    fresh = reconcile(DAY, now=at(9, 30))
    assert fresh.lines.get(dossier=waiting).verdict == V.PENDING
    with pytest.raises(AssertionError):
        assert_reconciled_100(DAY, now=NOW, allow_late=True)  # the waiting one was never delivered


def test_portal_down_mid_run_leaves_the_run_incomplete(dvcqg):
    """The portal stops after two lookups: the run is incomplete, the rest unchecked, and its
    synchronised share is 2 of 5 — never 100 %."""
    dossiers = [dossier(Status.IN_PROCESS) for _ in range(5)]

    class Stopping(_Portal):
        calls = 0

        def call(self, service, **fields):
            Stopping.calls += 1
            if Stopping.calls == 3:
                dvcqg.stop()  # the portal goes down between two lookups
            return super().call(service, **fields)

    client = Stopping()
    run = reconcile(DAY, now=NOW, client=client, batch=2)
    client.close()
    assert run.state == ReconcileRun.State.INCOMPLETE and "Không kết nối được" in run.error
    assert (run.total, run.synchronised, run.unchecked) == (5, 2, 3)
    assert Stopping.calls == 3  # one failed lookup (retried once inside), then no more calls
    unchecked = run.lines.filter(verdict=V.UNCHECKED).values_list("dossier_id", flat=True)
    assert set(unchecked) == {d.pk for d in dossiers[2:]}
    assert DossierSync.objects.filter(confirmed_at__isnull=False).count() == 2
    dvcqg.start()  # back up: a new run of the day completes
    assert_reconciled_100(DAY, now=NOW)


def test_portal_error_reply_is_incomplete_too(dvcqg):
    dossier()
    dvcqg.control(fail="error")
    run = reconcile(DAY, now=NOW)
    assert run.state == ReconcileRun.State.INCOMPLETE and "99" in run.error
    assert (run.total, run.unchecked, run.synchronised) == (1, 1, 0)


def test_one_failed_call_is_retried(dvcqg):
    dossier()
    dvcqg.control(fail_next=1)
    assert_reconciled_100(DAY, now=NOW)


def test_which_dossiers_a_day_covers(db):
    """Changed (an event), received or submitted on the day; a dossier of the day before is not."""
    changed = DossierFactory(received_at=at(9, day=DAY - dt.timedelta(days=3)))
    DossierEvent.append(dossier=changed, seq=1, at=at(23, 59), action="process", to_status=Status.IN_PROCESS)
    submitted = DossierFactory(status=Status.SUBMITTED, submitted_at=at(0, 0))
    before = DossierFactory(received_at=at(23, 59, day=DAY - dt.timedelta(days=1)))
    DossierEvent.append(
        dossier=before, seq=1, at=before.received_at, action="receive", to_status=Status.RECEIVED
    )
    assert changed_on(DAY) == sorted([changed.pk, submitted.pk])


def test_command_reconciles_a_day_or_yesterday(dvcqg, capsys):
    dossier(Status.IN_PROCESS)
    call_command("national", "reconcile", "--day", DAY.isoformat())
    out = capsys.readouterr().out
    run = ReconcileRun.objects.get()
    assert run.state == ReconcileRun.State.COMPLETE and run.synchronised == 1
    assert "30/11/2026" in out and "1/1 đồng bộ kịp thời (100,00\u00a0%)" in out
    call_command("national", "reconcile")
    yesterday = ReconcileRun.objects.latest("started_at")
    assert yesterday.day == timezone.localdate() - dt.timedelta(days=1) and yesterday.total == 0


def test_the_night_job_takes_up_again_a_day_the_portal_broke_off(dvcqg):
    """Yesterday, plus the days of the week before whose last run is incomplete (not those completed
    later, not those older than seven days)."""
    today = dt.date(2026, 12, 10)

    def run(day, state, hour=1):
        started = dt.datetime(day.year, day.month, day.day, hour, tzinfo=TZ) + dt.timedelta(days=1)
        return ReconcileRun.objects.create(day=day, started_at=started, state=state, late_minutes=60)

    run(dt.date(2026, 12, 5), "incomplete")
    run(dt.date(2026, 12, 6), "incomplete")
    run(dt.date(2026, 12, 6), "complete", hour=3)  # taken up again and completed
    run(dt.date(2026, 12, 7), "running")  # killed mid-run
    run(dt.date(2026, 12, 1), "incomplete")  # too old
    assert days_due(today) == [dt.date(2026, 12, 5), dt.date(2026, 12, 7), dt.date(2026, 12, 9)]


def test_command_refuses_a_bad_day(db):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("national", "reconcile", "--day", "30/11/2026")
    assert not ReconcileRun.objects.exists()


def test_unconfigured_portal_is_a_clear_error(db, settings):
    settings.CCHC_DVCQG_URL = ""
    with pytest.raises(PortalError, match="CCHC_DVCQG_URL"):
        _Portal().call("TraCuuHoSo", MaHoSo="X")


def test_batches_read_the_database_a_fixed_number_of_times(dvcqg):
    """30 dossiers in batches of 10: one lookup per dossier over one session, and a handful of queries per
    batch whatever its size (no query per dossier)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(30):
        dossier(Status.IN_PROCESS)

    class Counting(_Portal):
        calls = logins = 0

        def call(self, service, **fields):
            Counting.calls += 1
            return super().call(service, **fields)

    client = Counting()
    post = client.client._post

    def counted_post(path, body):
        Counting.logins += path == client.client.config.auth_path
        return post(path, body)

    client.client._post = counted_post
    with CaptureQueriesContext(connection) as queries:
        run = reconcile(DAY, now=NOW, client=client, batch=10)
    client.close()
    assert (run.total, run.synchronised) == (30, 30)
    assert (Counting.calls, Counting.logins) == (30, 1)
    assert len(queries) <= 3 * 8 + 8, [q["sql"][:80] for q in queries.captured_queries]
