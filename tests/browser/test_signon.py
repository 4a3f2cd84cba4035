"""End to end in the browser: a citizen signs in through the national sign-on (the OIDC stand-in's own
page), lands on "Hồ sơ của tôi" signed in, finds the dossier the counter received with their personal
ID, opens the online form pre-filled from the identity; a forged ID token is refused with a clear page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from cchc.dossiers import services
from tests.browser.conftest import SCREENSHOTS
from tests.browser.vneid import open_provider_page, sign_in_with_vneid
from tests.citizens.conftest import AN
from tests.dossiers import conftest as dossier_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

world = dossier_world.world


def _shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_a_citizen_signs_in_with_vneid_and_finds_the_counters_dossier(live_server, vneid, world, new_page):
    base = live_server.url
    dossier, _secret = services.receive_at_counter(
        actor=world.staff["counter"],
        procedure_version=world.version,
        applicant=services.Applicant(
            kind="person", name=AN["full_name"], id_number=AN["personal_id"], phone="0912345678"
        ),
        paper_reason="Người nộp đến trực tiếp",
    )
    phone = new_page(width=360, height=740)
    open_provider_page(phone, base)
    _shot(phone, "signon-provider-360")

    page = new_page(width=1366)
    open_provider_page(page, base)
    _shot(page, "signon-provider-1366")
    sign_in_with_vneid(page, base)
    row = page.locator(f'[data-dossier="{dossier.code}"]')
    expect(row).to_contain_text(world.version.name)
    expect(page.locator("[data-personal-id]")).to_have_text(AN["personal_id"])
    _shot(page, "signon-my-dossiers-1366")
    sign_in_with_vneid(phone, base)
    _shot(phone, "signon-my-dossiers-360")

    # The tracking page of that dossier opens for its owner without code and secret.
    row.get_by_role("link", name=dossier.code).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(dossier.code)

    page.goto(f"{base}/thu-tuc/{world.version.procedure.code}/nop-truc-tuyen/")
    expect(page.locator("#id_name")).to_have_value(AN["full_name"])
    expect(page.locator("#id_id_number")).to_have_value(AN["personal_id"])
    expect(page.locator("#id_id_number")).to_have_attribute("readonly", "")

    # Signing out ends the sign-in here and at the provider, and comes back to the portal.
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url(f"{base}/")
    expect(page.locator("[data-citizen]")).to_have_count(0)
    assert vneid.state()["sessions_ended"] == 1


def test_a_forged_id_token_gets_a_clear_refusal_page(live_server, vneid, new_page):
    base = live_server.url
    vneid.control(wrong_key=True)
    for width, name in ((1366, "signon-refused-1366"), (360, "signon-refused-360")):
        page = new_page(width=width)
        sign_in_with_vneid(page, base, land="")
        expect(
            page.get_by_role("heading", name="Không đăng nhập được bằng tài khoản định danh điện tử")
        ).to_be_visible()
        expect(page.locator("main")).to_contain_text("Chữ ký của thông tin đăng nhập không hợp lệ")
        expect(page.locator("[data-citizen]")).to_have_count(0)
        _shot(page, name)
