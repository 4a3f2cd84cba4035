"""End to end behind the national portal, with the three outside systems as real processes on loopback:
a citizen signs in through the national sign-on (the OIDC stand-in's own page), files a fee-bearing dossier
pre-filled from the identity, pays it through the stand-in payment platform and finds it under "Hồ sơ của
tôi"; the counter accepts it; the connector's worker tells the stand-in Cổng DVCQG of the intake and of every
status change, in order; and a dossier filed on the stand-in portal arrives in the counter's queue."""

# The fixtures imported below are this test's parameters (pytest finds them by name).
# ruff: noqa: F811

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from cchc.dossiers.models import Dossier, DossierEvent
from cchc.national import calls, selectors
from cchc.national.client import Client
from cchc.national.worker import drain
from tests.browser.conftest import SCREENSHOTS, staff_login
from tests.browser.vneid import sign_in_with_vneid
from tests.citizens.conftest import AN
from tests.factories import FeeFactory
from tests.national.conftest import connector, filed  # noqa: F401  (fixture)
from tests.payments.conftest import gate, paygate, world  # noqa: F401  (fixtures)
from tests.standins import StandIn

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FEE = Decimal(50000)


def _shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def _deliver() -> None:
    """The connector's worker, as `cchc national send` runs it, until nothing is due."""
    client = Client()
    try:
        while drain(client, limit=50).claimed:
            pass
    finally:
        client.close()


def test_a_citizen_files_pays_and_follows_while_the_portal_hears_every_step(
    live_server, vneid, gate, world, connector, settings, new_page
):
    base = live_server.url
    portal = StandIn("dvcqg", agency_codes=world.agency.code).start()
    try:
        connector.CCHC_DVCQG_URL = portal.url
        settings.CCHC_DVCQG_PULL_AGENCIES = [world.agency.code]
        settings.CCHC_DVCQG_FILE_URL_PREFIXES = [portal.url]
        calls.forget_session()
        world.version.pays_online = True
        world.version.save(update_fields=["pays_online"])
        FeeFactory(version=world.version, amount=FEE)

        # --- 1. the citizen signs in with VNeID and files online, the form pre-filled ------------------
        citizen = new_page(width=1366)
        sign_in_with_vneid(citizen, base)
        citizen.goto(f"{base}/thu-tuc/{world.version.procedure.code}/nop-truc-tuyen/")
        expect(citizen.locator("#id_name")).to_have_value(AN["full_name"])
        expect(citizen.locator("#id_id_number")).to_have_value(AN["personal_id"])
        citizen.get_by_label("Số điện thoại").fill("0912345678")
        citizen.get_by_label("Thư điện tử").fill("an@example.com")
        citizen.get_by_label("Địa chỉ").fill("Phan Thiết, Lâm Đồng")
        citizen.get_by_role("button", name="Tiếp tục: kiểm tra hồ sơ").click()
        citizen.wait_for_url(re.compile(r".*/nop-truc-tuyen/kiem-tra/"))
        citizen.get_by_label("Tôi xin cam đoan", exact=False).check()
        citizen.get_by_role("button", name="Nộp hồ sơ").click()
        citizen.wait_for_url("**/ho-so/da-nop/")
        code = citizen.locator("#ma-ho-so").inner_text().strip()
        dossier = Dossier.objects.get(code=code)
        assert dossier.vneid_verified and dossier.fee_amount == FEE

        # --- 2. pays through the stand-in platform; the callback marks it paid -------------------------
        citizen.locator("#thanh-toan-truc-tuyen").click()
        citizen.locator("#thanh-toan").click()
        citizen.wait_for_url(f"{gate.url}/thanh-toan/*")
        citizen.get_by_role("button", name="Thanh toán").click()
        citizen.wait_for_url(f"{base}/thanh-toan/{code}/ket-qua/*")
        citizen.locator("#ket-luan", has_text="đã được thanh toán").wait_for(timeout=30_000)
        dossier.refresh_from_db()
        assert dossier.paid_online == 1  # through the national portal's platform, set by the callback

        # --- 3. "Hồ sơ của tôi" lists it ----------------------------------------------------------------
        citizen.goto(f"{base}/ho-so-cua-toi/")
        expect(citizen.locator(f'[data-dossier="{code}"]')).to_contain_text(world.version.name)
        _shot(citizen, "national-my-dossiers-paid")

        # --- 4. the counter accepts it ------------------------------------------------------------------
        counter = staff_login(new_page(width=1366), base, world.staff["counter"], "/quan-tri/mot-cua/")
        row = counter.get_by_role("row").filter(has_text=code)
        row.get_by_role("button", name="Tiếp nhận", exact=True).click()
        expect(counter.locator("main .alert[role=status]")).to_contain_text("“Tiếp nhận hồ sơ”")

        # --- 5. the portal heard the intake and every status change, in order --------------------------
        _deliver()
        state = portal.state()
        assert state["rejected"] == [] and state["out_of_order"] == [] and state["duplicates"] == 0
        seen = state["dossiers"][code]
        assert seen["status"] == "2"  # "Được tiếp nhận"
        codes = selectors.status_codes()
        events = list(DossierEvent.objects.filter(dossier=dossier).order_by("seq"))
        assert [e.action for e in events] == ["submit_online", "paid_online", "receive"]
        expected = [
            (f"{code}:{e.seq}:progress", selectors.national_code(codes, e.to_status, e.action))
            for e in events[1:]
        ]
        assert [(p["key"], p["TrangThai"]) for p in seen["progress"]] == expected

        # --- 6. a dossier filed on the national portal arrives in the counter's queue -----------------
        record = filed(portal)
        call_command("national", "pull", "--once")
        counter.goto(f"{base}/quan-tri/mot-cua/")
        arrived = counter.get_by_role("row").filter(has_text=record["MaHoSo"])
        expect(arrived).to_contain_text("Nộp qua Cổng DVCQG")
        _shot(counter, "national-counter-queue-inbound")
    finally:
        portal.stop()
