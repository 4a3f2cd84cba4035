"""The OIDC stand-in is honest about what a national identity provider checks: PKCE S256 required, the
registered redirect address, the client's secret, the code used once, the Bearer token at userinfo."""

from __future__ import annotations

import base64
import hashlib
import secrets
import urllib.parse

import pytest
import requests

from tests.citizens.conftest import AN, CALLBACK, CLIENT_ID, CLIENT_SECRET


def _challenge(verifier: str) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()


def _authorize(provider, **overrides) -> requests.Response:
    params = {
        "response_type": "code",
        "client_id": CLIENT_ID,
        "redirect_uri": CALLBACK,
        "scope": "openid profile",
        "state": "s1",
        "nonce": secrets.token_urlsafe(16),
        **overrides,
    }
    params = {k: v for k, v in params.items() if v is not None}
    return requests.post(
        f"{provider.url}/authorize?{urllib.parse.urlencode(params)}",
        data={**AN, "action": "login"},
        allow_redirects=False,
        timeout=10,
    )


def _code(reply) -> str:
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(reply.headers["Location"]).query)
    return query["code"][0]


def _token(provider, code, verifier, secret=CLIENT_SECRET) -> requests.Response:
    return requests.post(
        f"{provider.url}/token",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": CALLBACK,
            "code_verifier": verifier,
        },
        auth=(CLIENT_ID, secret),
        timeout=10,
    )


def test_discovery_names_every_endpoint_and_s256_only(oidc_provider):
    meta = requests.get(f"{oidc_provider.url}/.well-known/openid-configuration", timeout=10).json()
    assert meta["issuer"] == oidc_provider.url
    for name in (
        "authorization_endpoint",
        "token_endpoint",
        "userinfo_endpoint",
        "jwks_uri",
        "end_session_endpoint",
    ):
        assert meta[name].startswith(oidc_provider.url)
    assert meta["code_challenge_methods_supported"] == ["S256"]
    keys = requests.get(meta["jwks_uri"], timeout=10).json()["keys"]
    assert keys[0]["kty"] == "RSA" and "d" not in keys[0]


@pytest.mark.parametrize(
    "overrides",
    [
        {},  # no PKCE at all
        {"code_challenge": "a" * 43, "code_challenge_method": "plain"},
        {
            "code_challenge": "a" * 43,
            "code_challenge_method": "S256",
            "redirect_uri": "http://evil.example/cb",
        },
        {"code_challenge": "a" * 43, "code_challenge_method": "S256", "nonce": None},
    ],
    ids=["no-pkce", "plain", "unregistered-redirect", "no-nonce"],
)
def test_the_provider_refuses_an_authorization_request_it_must_not_serve(oidc_provider, overrides):
    reply = _authorize(oidc_provider, **overrides)
    assert reply.status_code in (302, 400)
    if reply.status_code == 302:  # an error sent back to the registered client, never a code
        assert "code=" not in reply.headers["Location"] and "error=" in reply.headers["Location"]
        assert reply.headers["Location"].startswith(CALLBACK)


def test_code_flow_with_pkce_gives_a_signed_id_token_and_userinfo(oidc_provider):
    verifier = secrets.token_urlsafe(48)
    code = _code(_authorize(oidc_provider, code_challenge=_challenge(verifier), code_challenge_method="S256"))
    assert _token(oidc_provider, code, "x" * 50).json()["error"] == "invalid_grant"  # wrong verifier
    verifier2 = secrets.token_urlsafe(48)
    code2 = _code(
        _authorize(oidc_provider, code_challenge=_challenge(verifier2), code_challenge_method="S256")
    )
    assert _token(oidc_provider, code2, verifier2, secret="wrong").status_code == 401
    token = _token(oidc_provider, code2, verifier2).json()
    assert token["id_token"].count(".") == 2
    assert _token(oidc_provider, code2, verifier2).json()["error"] == "invalid_grant"  # a code serves once
    info = requests.get(
        f"{oidc_provider.url}/userinfo",
        headers={"Authorization": f"Bearer {token['access_token']}"},
        timeout=10,
    ).json()
    assert info["SoDinhDanh"] == AN["personal_id"] and info["HoVaTen"] == AN["full_name"]
    assert requests.get(f"{oidc_provider.url}/userinfo", timeout=10).status_code == 401


def test_a_nonce_already_signed_in_with_is_refused(oidc_provider):
    challenge = _challenge(secrets.token_urlsafe(48))
    first = _authorize(
        oidc_provider, code_challenge=challenge, code_challenge_method="S256", nonce="same-nonce"
    )
    assert "code=" in first.headers["Location"]
    again = _authorize(
        oidc_provider, code_challenge=challenge, code_challenge_method="S256", nonce="same-nonce"
    )
    assert again.status_code == 400 and "code=" not in again.headers.get("Location", "")
