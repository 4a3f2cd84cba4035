"""The national sign-on's tests run against the OIDC stand-in as a real process on loopback
(``tools/standins/oidc.py``): discovery, JWKS, the login page, the token endpoint over HTTP.

``oidc_provider`` (module scope) starts one provider; ``sso`` points CCHC's settings at it;
``sign_in_through(client, provider, …)`` walks a Django test client through the whole code flow as a
browser would: CCHC's door → the provider's page (posted with ``requests``) → CCHC's callback.
"""

from __future__ import annotations

import datetime as dt
import urllib.parse

import pytest
import requests
from django.utils import timezone

from cchc.citizens.selectors import SESSION_KEY, Identity
from tests.standins import StandIn

CLIENT_ID = "cchc-test"
CLIENT_SECRET = "cchc-test-secret"
CALLBACK = "http://testserver/dang-nhap-vneid/ve/"
SIGNED_OUT = "http://testserver/dang-nhap-vneid/da-dang-xuat/"
AN = {"personal_id": "001085012345", "full_name": "Nguyễn Văn An", "account_type": "1", "level": "2"}


def start_provider(**options) -> StandIn:
    options = {
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "redirect_uris": CALLBACK,
        "post_logout_redirect_uris": SIGNED_OUT,
        **options,
    }
    return StandIn("oidc", **options).start()


@pytest.fixture(scope="module")
def oidc_provider():
    provider = start_provider()
    yield provider
    provider.stop()


@pytest.fixture
def sso(settings, oidc_provider):
    """CCHC's sign-on configured for the stand-in provider; its switches reset after the test."""
    configure(settings, oidc_provider)
    yield oidc_provider
    oidc_provider.reset()


def configure(settings, provider) -> None:
    settings.CCHC_SSO_ENABLED = True
    settings.CCHC_SSO_DISCOVERY_URL = f"{provider.url}/.well-known/openid-configuration"
    settings.CCHC_SSO_CLIENT_ID = CLIENT_ID
    settings.CCHC_SSO_CLIENT_SECRET = CLIENT_SECRET


def to_provider(client, next_url: str = "") -> str:
    """Press CCHC's sign-in door: the provider's authorize address it redirects to."""
    response = client.get("/dang-nhap-vneid/" + (f"?next={urllib.parse.quote(next_url)}" if next_url else ""))
    assert response.status_code == 302, response.content.decode()[:500]
    return response["Location"]


def log_in_at_provider(authorize_url: str, person: dict | None = None) -> str:
    """Fill in the provider's login page: the path and query of CCHC's callback it sends back to."""
    page = requests.get(authorize_url, timeout=10)
    assert page.status_code == 200, page.text[:500]
    reply = requests.post(
        authorize_url, data={**(person or AN), "action": "login"}, allow_redirects=False, timeout=10
    )
    assert reply.status_code == 302, reply.text[:500]
    location = reply.headers["Location"]
    assert location.startswith(CALLBACK), location
    return location[len("http://testserver") :]


def sign_in_through(client, provider=None, person: dict | None = None):
    """The whole flow; returns CCHC's response to the callback."""
    return client.get(log_in_at_provider(to_provider(client), person))


def sign_in_as(client, identity: Identity | None = None, *, seconds: int = 3600) -> Identity:
    """Put a verified identity in the test client's session directly (for pages that only read it)."""
    identity = identity or Identity(
        personal_id=AN["personal_id"],
        full_name=AN["full_name"],
        account_type="citizen",
        level="2",
        verified_at=timezone.now(),
    )
    session = client.session
    session[SESSION_KEY] = identity.as_session(timezone.now() + dt.timedelta(seconds=seconds))
    session.save()
    return identity
