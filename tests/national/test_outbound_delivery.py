"""Delivery to the DVCQG stand-in (a real process, real HTTP): order per dossier, keys, leases, outages,
lost replies, refusals and the IT office's replay."""

import datetime as dt

import pytest
from django.utils import timezone

from cchc.dossiers import documents, services
from cchc.dossiers.models import DossierEvent, Status
from cchc.national import selectors
from cchc.national import services as national
from cchc.national.client import Client
from cchc.national.models import DossierSync, Message, MessageEvent, StatusMapping
from cchc.national.worker import drain, send_once
from cchc.org import roles
from tests.factories import UnitFactory, staff_user
from tests.national.conftest import local, person
from tests.standins import StandIn


@pytest.fixture(scope="module")
def portal():
    s = StandIn("dvcqg", agency_codes="000.00.15.H10").start()
    yield s
    s.stop()


@pytest.fixture
def live(portal, connector):
    portal.reset()
    portal.control(fail=None, fail_next=0, delay=0)
    connector.CCHC_DVCQG_URL = portal.url
    yield portal
    if portal.process is None:
        portal.start()


def life(world, n=1, start=None):
    """``n`` dossiers received, handed over, decided and returned (four events each)."""
    s = world.staff
    start = start or local(2026, 5, 4, 8)
    dossiers = []
    for i in range(n):
        at = start + dt.timedelta(minutes=i)
        d, _ = services.receive_at_counter(
            actor=s["counter"], procedure_version=world.paper_version, applicant=person(), at=at
        )
        d = services.hand_over(
            actor=s["counter"], dossier=d, revision=d.revision, at=at + dt.timedelta(hours=1)
        )
        d = services.approve(actor=s["head"], dossier=d, revision=d.revision, at=at + dt.timedelta(hours=2))
        d = services.return_result(
            actor=s["counter"], dossier=d, revision=d.revision, at=at + dt.timedelta(hours=3)
        )
        dossiers.append(d)
    return dossiers


def assert_in_order(portal, dossiers, refusals=0):
    """The portal holds each dossier's progress in the order of its events, each key once."""
    state = portal.state()
    assert state["out_of_order"] == [] and len(state["rejected"]) == refusals
    for d in dossiers:
        sent = [p["key"] for p in state["dossiers"][d.code]["progress"]]
        seqs = DossierEvent.objects.filter(dossier=d, seq__gt=1).order_by("seq").values_list("seq", flat=True)
        assert sent == [f"{d.code}:{seq}:progress" for seq in seqs]
        assert state["dossiers"][d.code]["status"] == "10"
    assert state["accepted_keys"] == Message.objects.count()
    return state


def test_a_dossier_life_reaches_the_portal_in_order_and_is_acknowledged(world, live):
    [dossier] = life(world)
    client = Client()
    first = send_once(client)
    assert first.claimed == 1  # only the dossier record is a head; its progress waits for it
    assert first.delivered + drain(client).delivered == Message.objects.count() == 7
    assert not Message.objects.exclude(state=Message.State.DELIVERED).exists()
    state = assert_in_order(live, [dossier])
    assert state["duplicates"] == 0
    sync = DossierSync.objects.get(dossier=dossier)
    assert sync.acked_at and sync.last_acked_at and sync.pending == 0 and not sync.failed
    assert sync.store_linked_at is None  # not signed in with VNeID
    assert not MessageEvent.objects.exists()  # successes leave no history row


def test_an_expired_session_is_renewed_and_the_call_repeated(world, live):
    life(world)
    client = Client()
    drain(client)
    life(world, start=local(2026, 5, 5, 8))
    client._token = "het-han"  # the portal forgot the session
    assert drain(client).delivered == 7


def test_a_result_for_a_vneid_applicant_marks_the_store_link(world, live):
    from tests.factories import checked_pdf

    s = world.staff
    d, _ = services.receive_at_counter(
        actor=s["counter"], procedure_version=world.paper_version, applicant=person(), at=local(2026, 5, 4, 8)
    )
    type(d).objects.filter(pk=d.pk).update(vneid_verified=True)
    d.refresh_from_db()
    d = services.hand_over(actor=s["counter"], dossier=d, revision=d.revision, at=local(2026, 5, 4, 9))
    d = documents.approve_with_result(
        actor=s["head"], dossier=d, revision=d.revision, title="Quyết định", checked=[checked_pdf()]
    )
    client = Client()
    while drain(client).delivered:
        pass
    result_record = Message.objects.get(key=f"{d.code}:3:dossier").payload["record"]
    assert result_record["DanhSachGiayToKetQua"] and "content" not in str(
        result_record["DanhSachGiayToKetQua"]
    )
    assert DossierSync.objects.get(dossier=d).store_linked_at is not None


@pytest.mark.fault
def test_portal_down_for_an_hour_loses_nothing_and_keeps_the_order(world, live, client):
    live.stop()
    dossiers = life(world, n=3)
    worker = Client()
    now = timezone.now()
    attempts = 0
    for minute in range(0, 61, 5):  # the worker keeps trying for an hour, with time moved forward
        r = drain(worker, now=now + dt.timedelta(minutes=minute))
        attempts += r.claimed
        assert r.delivered == 0
    assert attempts >= 6  # retried, and backed off (not 13 rounds × 3 heads)
    assert attempts < 13 * 3
    failures = MessageEvent.objects.filter(action="failed")
    assert failures.exists() and all(e.data["retry_in_seconds"] > 0 for e in failures)
    assert Message.objects.filter(state=Message.State.PENDING).count() == Message.objects.count() == 21
    # The backlog is on the IT office's page.
    admin = staff_user(roles.SYSADMIN, UnitFactory(agency=world.agency), "quantri")
    client.force_login(admin)
    page = client.get("/quan-tri/dvcqg/").content.decode()
    assert '<div class="fs-4 fw-semibold">21</div>' in page
    failed = Message.objects.filter(events__action="failed").first()
    page = client.get(f"/quan-tri/dvcqg/thong-diep/{failed.pk}/").content.decode()
    assert "Gửi lỗi (lần 1" in page and "ConnectionError" in page
    assert selectors.outbox_state().pending == 21
    live.start()
    later = now + dt.timedelta(hours=2)
    while drain(worker, now=later).claimed:
        pass
    assert not Message.objects.exclude(state=Message.State.DELIVERED).exists()
    assert assert_in_order(live, dossiers)["duplicates"] == 0


def test_a_reply_that_never_comes_is_sent_again_with_the_same_key(world, live, settings):
    settings.CCHC_DVCQG_TIMEOUT = 0.5
    [dossier] = life(world)
    worker = Client()
    worker.token()
    live.control(delay=1.5)
    r = drain(worker)
    assert (r.delivered, r.failed) == (0, 1)
    message = Message.objects.get(key=f"{dossier.code}:1:dossier")
    assert message.state == Message.State.PENDING and "Timeout" in message.last_error
    live.control(delay=0)
    import time

    time.sleep(1.5)  # the portal finishes the first call, whose reply was lost
    later = timezone.now() + dt.timedelta(hours=1)
    while drain(worker, now=later).claimed:
        pass
    state = live.state()
    assert state["duplicates"] == 1 and state["keys_seen_more_than_once"] == [message.key]
    assert state["accepted_keys"] == Message.objects.count()
    assert not Message.objects.exclude(state=Message.State.DELIVERED).exists()


def test_a_refused_record_is_a_dead_letter_holding_its_stream_until_fixed_and_replayed(world, live):
    StatusMapping.objects.filter(status=Status.IN_PROCESS).update(national_code="77")  # unknown to the portal
    [dossier] = life(world)
    worker = Client()
    while drain(worker).claimed:
        pass
    dead = Message.objects.get(state=Message.State.DEAD)
    assert dead.key == f"{dossier.code}:2:progress" and "77" in dead.last_error
    # Nothing after it in its stream was sent.
    assert Message.objects.filter(state=Message.State.DELIVERED).count() == 1
    assert DossierSync.objects.get(dossier=dossier).failed
    StatusMapping.objects.filter(status=Status.IN_PROCESS).update(national_code="4")
    admin = staff_user(roles.SYSADMIN, UnitFactory(agency=world.agency), "quantri")
    assert national.replay(actor=admin, message_ids=[dead.pk]) == 1
    replayed = Message.objects.get(pk=dead.pk)
    assert replayed.state == Message.State.PENDING and replayed.payload["record"]["TrangThai"] == "4"
    assert replayed.events.filter(action="replay", actor=admin).exists()
    while drain(worker).claimed:
        pass
    # The update of the same event carried the same wrong code: it died in its turn; replayed as well.
    assert list(Message.objects.filter(state=Message.State.DEAD).values_list("key", flat=True)) == [
        f"{dossier.code}:2:dossier"
    ]
    national.replay(
        actor=admin, message_ids=list(Message.objects.filter(state="dead").values_list("pk", flat=True))
    )
    while drain(worker).claimed:
        pass
    assert not Message.objects.exclude(state=Message.State.DELIVERED).exists()
    assert_in_order(live, [dossier], refusals=2)
    sync = DossierSync.objects.get(dossier=dossier)
    assert not sync.failed and sync.pending == 0


def test_only_the_it_office_replays(world, live):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        national.replay(actor=world.staff["director"], message_ids=[1])


def test_the_command_sends_what_is_due_and_stops(world, live):
    from io import StringIO

    from django.core.management import call_command

    life(world)
    out = StringIO()
    call_command("national", "send", "--once", stdout=out)
    assert "Đã gửi 7 thông điệp" in out.getvalue()
    assert live.state()["accepted_keys"] == 7
