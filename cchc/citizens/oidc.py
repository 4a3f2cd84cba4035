"""The relying party of the national sign-on: authlib's Django OAuth client, configured from settings.

Authorization code flow with PKCE (S256), ``state`` and ``nonce`` kept in the session by authlib. The
provider's metadata (discovery) and keys (JWKS) are fetched afresh at each sign-in start, so a provider
that is down is noticed before the citizen is sent to it, and a rotated key is picked up. The ID token's
signature is checked against the JWKS by authlib (joserfc); ``iss``, ``aud``, ``exp``, ``iat``, ``sub``
and ``nonce`` are made essential by ``claims_options`` here (authlib would skip ``aud`` without it).
"""

from __future__ import annotations

import threading
import time

import requests
from authlib.integrations.base_client.errors import MismatchingStateError, OAuthError
from authlib.integrations.django_client import OAuth
from django.conf import settings
from joserfc import errors as jose_errors

from cchc.citizens.services import Refused

_lock = threading.Lock()
_clients: dict[tuple, object] = {}

UNAVAILABLE = (requests.RequestException, OSError, ValueError)


def _config() -> tuple:
    return (
        settings.CCHC_SSO_DISCOVERY_URL,
        settings.CCHC_SSO_CLIENT_ID,
        settings.CCHC_SSO_CLIENT_SECRET,
        settings.CCHC_SSO_SCOPES,
        settings.CCHC_SSO_TIMEOUT,
    )


def client():
    """The authlib client of the configured provider (one per configuration)."""
    key = _config()
    with _lock:
        if key not in _clients:
            discovery, client_id, secret, scopes, timeout = key
            oauth = OAuth()
            _clients[key] = oauth.register(
                name="vneid",
                server_metadata_url=discovery,
                client_id=client_id,
                client_secret=secret,
                client_kwargs={"scope": scopes, "code_challenge_method": "S256", "default_timeout": timeout},
            )
        return _clients[key]


def refresh_metadata(app) -> dict:
    """Fetch discovery and JWKS now (raises one of ``UNAVAILABLE`` when the provider does not answer).

    Fetched into a new dict put in place in one assignment: a callback being handled in another thread
    meanwhile sees either the old metadata or the new, never an emptied one."""
    timeout = settings.CCHC_SSO_TIMEOUT
    reply = requests.get(settings.CCHC_SSO_DISCOVERY_URL, timeout=timeout)
    reply.raise_for_status()
    metadata = reply.json()
    for name in ("authorization_endpoint", "token_endpoint", "jwks_uri", "issuer"):
        if not metadata.get(name):
            raise ValueError(f"discovery without {name}")
    keys = requests.get(metadata["jwks_uri"], timeout=timeout)
    keys.raise_for_status()
    metadata["jwks"] = keys.json()
    metadata["_loaded_at"] = time.time()  # authlib's mark of loaded metadata
    app.server_metadata = metadata
    return metadata


def claims_options(app) -> dict:
    return {
        "iss": {"essential": True, "value": app.load_server_metadata()["issuer"]},
        "aud": {"essential": True, "value": app.client_id},
        "sub": {"essential": True},
        "exp": {"essential": True},
        "iat": {"essential": True},
        "nonce": {"essential": True},
    }


def complete(request) -> tuple[dict, dict]:
    """Finish the sign-in at the callback: check state, exchange the code (with the PKCE verifier), verify
    the ID token. Returns (identity claims, token); raises ``Refused`` with the reason otherwise."""
    app = client()
    if not request.GET.get("state"):
        raise Refused("state", detail="no state")
    try:
        token = app.authorize_access_token(
            request, claims_options=claims_options(app), leeway=settings.CCHC_SSO_LEEWAY
        )
    except MismatchingStateError as exc:
        raise Refused("state", detail=str(exc)) from exc
    except jose_errors.BadSignatureError as exc:
        raise Refused("bad_signature", detail=str(exc)) from exc
    except jose_errors.ExpiredTokenError as exc:
        raise Refused("expired", detail=str(exc)) from exc
    except (jose_errors.InvalidClaimError, jose_errors.MissingClaimError) as exc:
        claim = getattr(exc, "claim", "") or ""
        reason = {"aud": "wrong_audience", "nonce": "nonce", "iss": "wrong_issuer"}.get(claim, "claims")
        raise Refused(reason, detail=str(exc)) from exc
    except jose_errors.JoseError as exc:
        raise Refused("bad_token", detail=str(exc)) from exc
    except OAuthError as exc:
        reason = "cancelled" if exc.error == "access_denied" else "provider_error"
        raise Refused(reason, detail=f"{exc.error}: {exc.description}") from exc
    except UNAVAILABLE as exc:
        raise Refused("unavailable", detail=str(exc)) from exc
    claims = dict(token.get("userinfo") or {})
    if not claims:  # no ID token, or one authlib did not check: never accepted
        raise Refused("bad_token", detail="no verified id_token")
    if settings.CCHC_SSO_CLAIM_PERSONAL_ID not in claims and app.load_server_metadata().get(
        "userinfo_endpoint"
    ):
        try:
            extra = dict(app.userinfo(token=token))
        except UNAVAILABLE as exc:
            raise Refused("unavailable", detail=str(exc)) from exc
        if extra.get("sub") != claims.get("sub"):
            raise Refused("claims", detail="userinfo sub differs from the ID token's")
        claims = {**extra, **claims}
    return claims, token


def logout_url(app, *, id_token: str, post_logout_redirect_uri: str) -> str | None:
    """The provider's end-session address for this sign-in, or None when it offers none."""
    try:
        return app.create_logout_url(
            post_logout_redirect_uri=post_logout_redirect_uri, id_token_hint=id_token or None
        )["url"]
    except (RuntimeError, *UNAVAILABLE):
        return None
