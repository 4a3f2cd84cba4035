"""The national sign-on in browser tests: the OIDC stand-in as a real process, CCHC pointed at it, and a
citizen signing in through its page as a person would.

    def test_…(live_server, vneid, new_page):
        page = new_page(width=1366)
        sign_in_with_vneid(page, live_server.url)            # lands on "Hồ sơ của tôi"
        vneid.control(expired=True)                          # the provider's fault switches

``vneid`` starts the provider for the test's live server (its callback registered) and sets the
``CCHC_SSO_*`` settings the live server reads; it is stopped after the test.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.citizens.conftest import AN, CLIENT_ID, CLIENT_SECRET
from tests.standins import StandIn

DOOR = "Đăng nhập bằng VNeID (Cổng DVCQG)"


@pytest.fixture
def vneid(live_server, settings):
    provider = StandIn(
        "oidc",
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        redirect_uris=f"{live_server.url}/dang-nhap-vneid/ve/",
        post_logout_redirect_uris=f"{live_server.url}/dang-nhap-vneid/da-dang-xuat/",
    ).start()
    settings.CCHC_SSO_ENABLED = True
    settings.CCHC_SSO_DISCOVERY_URL = f"{provider.url}/.well-known/openid-configuration"
    settings.CCHC_SSO_CLIENT_ID = CLIENT_ID
    settings.CCHC_SSO_CLIENT_SECRET = CLIENT_SECRET
    yield provider
    provider.stop()


def open_provider_page(page, base: str, start: str = "/"):
    """From a portal page, press the sign-in door: the provider's login page is shown."""
    page.goto(f"{base}{start}")
    page.get_by_role("link", name=DOOR).click()
    expect(page.get_by_role("heading", name="Đăng nhập bằng tài khoản định danh điện tử")).to_be_visible()
    return page


def sign_in_with_vneid(
    page, base: str, person: dict | None = None, *, start: str = "/", land: str = "**/ho-so-cua-toi/"
):
    """The citizen picks (or types) an identity on the provider's page and comes back signed in."""
    person = person or AN
    open_provider_page(page, base, start)
    page.get_by_label("Số định danh cá nhân").fill(person["personal_id"])
    page.get_by_label("Họ và tên").fill(person["full_name"])
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    if land:
        page.wait_for_url(land)
        expect(page.locator("[data-citizen]")).to_have_text(person["full_name"])
    return page
