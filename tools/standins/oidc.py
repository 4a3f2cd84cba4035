"""A stand-in of the national identity service (VNeID sign-on through Cổng DVCQG) as a relying party sees it.

A real OpenID Connect provider built with authlib's server components, with in-memory stores:

- ``GET /.well-known/openid-configuration`` (discovery) and ``GET /jwks`` (the RSA public key);
- ``GET /authorize``: authorization code flow only, PKCE S256 required (``code_challenge`` missing or
  ``plain`` is refused), ``nonce`` required, ``redirect_uri`` one of the registered ones. The page is the
  tester's login: pick one of the demo citizens or type an identity (personal ID number of 12 digits, full
  name, account type, level); ``POST /authorize`` signs in and redirects with ``code`` and ``state``;
- ``POST /token`` (client secret by HTTP Basic or in the form; the PKCE verifier checked): access token
  and an RS256 ID token (``iss``, ``aud`` = client id, ``exp``, ``iat``, ``nonce``, ``sub`` and the
  identity claims);
- ``GET /userinfo`` (Bearer access token): the identity claims;
- ``GET /end-session`` (``id_token_hint``, ``post_logout_redirect_uri``, ``state``): ends the provider's
  session and goes back to a registered post-logout address.

The identity claims carry the names the national sign-on is believed to return [S: learnt from public
integrations of DVCQG's SSO — ``SoDinhDanh``, ``HoVaTen``, ``LoaiTaiKhoan``, ``loAs``, ``MaSoThue``]; each
name is an option (``claim_personal_id``…) so a test can match another configuration.

Options (strings, from ``python -m tools.standins oidc --option key=value``): ``client_id``,
``client_secret``, ``redirect_uris`` and ``post_logout_redirect_uris`` (comma-separated; empty allows any
address on loopback — for the demo only), ``issuer`` (default ``base_url``), ``key_file`` (a PEM RSA private
key; a new key each start otherwise), ``token_ttl`` (seconds an ID/access token lives, 300).

Switches (``POST /_control``) for the relying party's fault tests — each makes the next ID tokens wrong as
a broken or hostile provider would: ``wrong_key`` (signed by another key under the published ``kid``),
``wrong_audience`` (``aud`` another client), ``reuse_nonce`` (the nonce of the previous sign-in instead of
this one's), ``expired`` (``exp`` in the past). Down is done by stopping the process.
"""

from __future__ import annotations

import secrets
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from authlib.integrations.flask_oauth2 import AuthorizationServer, ResourceProtector
from authlib.oauth2.rfc6749 import ClientMixin, InvalidRequestError, grants
from authlib.oauth2.rfc6750 import BearerTokenValidator
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oidc.core import UserInfo, UserInfoEndpoint
from authlib.oidc.core.grants import OpenIDCode
from flask import Flask, jsonify, redirect, request, session
from joserfc.jwk import RSAKey

from tools.standins.serve import Switches, with_control

DEMO_CITIZENS = (
    # Personal ID numbers of the demo data's applicants are 12 digits; these are fictitious people.
    {"personal_id": "001085012345", "full_name": "Nguyễn Văn An", "account_type": "1", "level": "2"},
    {"personal_id": "036190004567", "full_name": "Trần Thị Bình", "account_type": "1", "level": "2"},
    {"personal_id": "079201009876", "full_name": "Lê Hoàng Cường", "account_type": "1", "level": "2"},
    {"personal_id": "001075003210", "full_name": "Phạm Minh Dũng", "account_type": "2", "level": "2"},
)
ACCOUNT_TYPES = (("1", "Công dân"), ("2", "Doanh nghiệp / tổ chức"))  # [S] codes of LoaiTaiKhoan


@dataclass
class Client(ClientMixin):
    client_id: str
    client_secret: str
    redirect_uris: list[str]
    post_logout_redirect_uris: list[str]
    client_metadata: dict = field(default_factory=dict)

    def get_client_id(self):
        return self.client_id

    def get_default_redirect_uri(self):
        return self.redirect_uris[0] if self.redirect_uris else None

    def get_allowed_scope(self, scope):
        allowed = {"openid", "profile"}
        return " ".join(s for s in (scope or "").split() if s in allowed)

    def check_redirect_uri(self, redirect_uri):
        if self.redirect_uris:
            return redirect_uri in self.redirect_uris
        return _loopback(redirect_uri)

    def check_post_logout_redirect_uri(self, uri):
        if self.post_logout_redirect_uris:
            return uri in self.post_logout_redirect_uris
        return _loopback(uri)

    def check_client_secret(self, client_secret):
        return secrets.compare_digest(client_secret or "", self.client_secret)

    def check_endpoint_auth_method(self, method, endpoint):
        return method in ("client_secret_basic", "client_secret_post")

    def check_response_type(self, response_type):
        return response_type == "code"

    def check_grant_type(self, grant_type):
        return grant_type == "authorization_code"


def _loopback(uri: str) -> bool:
    parts = urllib.parse.urlsplit(uri or "")
    return parts.scheme == "http" and parts.hostname in ("127.0.0.1", "localhost")


@dataclass
class User:
    personal_id: str
    full_name: str
    account_type: str
    level: str

    def get_user_id(self):
        return self.personal_id


@dataclass
class Code:
    code: str
    client_id: str
    redirect_uri: str
    scope: str
    user: User
    nonce: str
    code_challenge: str
    code_challenge_method: str
    auth_time: int = field(default_factory=lambda: int(time.time()))

    def get_redirect_uri(self):
        return self.redirect_uri

    def get_scope(self):
        return self.scope

    def get_nonce(self):
        return self.nonce

    def get_auth_time(self):
        return self.auth_time

    def get_acr(self):
        return None

    def get_amr(self):
        return None


@dataclass
class Token:
    access_token: str
    client: Client
    client_id: str
    scope: str
    user: User
    issued_at: int
    expires_in: int

    def check_client(self, client):
        return client.client_id == self.client_id

    def get_scope(self):
        return self.scope

    def get_expires_in(self):
        return self.expires_in

    def is_expired(self):
        return time.time() > self.issued_at + self.expires_in

    def is_revoked(self):
        return False

    def get_user(self):
        return self.user

    def get_client(self):
        return self.client


class Provider:
    """The provider's configuration, keys and in-memory stores (codes, tokens, nonces, sessions)."""

    def __init__(self, **options):
        self.base_url = options.get("base_url", "http://127.0.0.1:8771").rstrip("/")
        self.issuer = options.get("issuer") or self.base_url
        self.token_ttl = int(options.get("token_ttl", 300))
        self.claims = {
            "personal_id": options.get("claim_personal_id", "SoDinhDanh"),
            "full_name": options.get("claim_full_name", "HoVaTen"),
            "account_type": options.get("claim_account_type", "LoaiTaiKhoan"),
            "level": options.get("claim_level", "loAs"),
        }
        self.client = Client(
            client_id=options.get("client_id", "cchc-demo"),
            client_secret=options.get("client_secret", "cchc-demo-secret"),
            redirect_uris=_split(options.get("redirect_uris", "")),
            post_logout_redirect_uris=_split(options.get("post_logout_redirect_uris", "")),
        )
        key_file = options.get("key_file")
        if key_file:
            self.key = RSAKey.import_key(Path(key_file).read_bytes())
            self.key.ensure_kid()
        else:
            self.key = RSAKey.generate_key(2048, parameters={"kid": secrets.token_hex(8)})
        # The "wrong key": another private key announced under the published kid.
        self.other_key = RSAKey.generate_key(2048, parameters={"kid": self.key.kid})
        self.switches = Switches(wrong_key=False, wrong_audience=False, reuse_nonce=False, expired=False)
        self.lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        with self.lock:
            self.codes: dict[str, Code] = {}
            self.tokens: dict[str, Token] = {}
            self.nonces: list[str] = []  # every nonce signed in with, oldest first
            self.logins = 0
            self.tokens_issued = 0
            self.sessions_ended = 0

    def state(self) -> dict:
        with self.lock:
            return {
                "logins": self.logins,
                "tokens_issued": self.tokens_issued,
                "sessions_ended": self.sessions_ended,
                "codes_pending": len(self.codes),
                "issuer": self.issuer,
                "kid": self.key.kid,
            }

    def user_claims(self, user: User) -> dict:
        return {
            self.claims["personal_id"]: user.personal_id,
            self.claims["full_name"]: user.full_name,
            self.claims["account_type"]: user.account_type,
            self.claims["level"]: user.level,
        }


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def make_app(**options):
    provider = Provider(**options)
    app = Flask(__name__)
    app.secret_key = secrets.token_bytes(32)
    app.config["SESSION_COOKIE_NAME"] = "vneid_standin"

    class AuthorizationCodeGrant(grants.AuthorizationCodeGrant):
        TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "client_secret_post"]

        def save_authorization_code(self, code, req):
            item = Code(
                code=code,
                client_id=req.client.client_id,
                redirect_uri=req.payload.redirect_uri,
                scope=req.payload.scope,
                user=req.user,
                nonce=req.payload.data.get("nonce", ""),
                code_challenge=req.payload.data.get("code_challenge", ""),
                code_challenge_method=req.payload.data.get("code_challenge_method", ""),
            )
            with provider.lock:
                provider.codes[code] = item
            return item

        def query_authorization_code(self, code, client):
            with provider.lock:
                item = provider.codes.get(code)
            if item and item.client_id == client.client_id and time.time() - item.auth_time < 600:
                return item
            return None

        def delete_authorization_code(self, authorization_code):
            with provider.lock:
                provider.codes.pop(authorization_code.code, None)

        def authenticate_user(self, authorization_code):
            return authorization_code.user

    class PKCE(CodeChallenge):
        SUPPORTED_CODE_CHALLENGE_METHOD = ["S256"]  # plain is refused

        def validate_code_challenge(self, grant, redirect_uri):
            # authlib lets a confidential client go without PKCE; this provider requires it of every client
            data = grant.request.payload.data
            if not data.get("code_challenge") or data.get("code_challenge_method") != "S256":
                raise InvalidRequestError("PKCE with code_challenge_method=S256 is required")
            super().validate_code_challenge(grant, redirect_uri)

        def validate_code_verifier(self, grant, result):
            if not grant.request.form.get("code_verifier"):
                raise InvalidRequestError("Missing 'code_verifier'")
            super().validate_code_verifier(grant, result)

        def get_authorization_code_challenge(self, authorization_code):
            return authorization_code.code_challenge

        def get_authorization_code_challenge_method(self, authorization_code):
            return authorization_code.code_challenge_method

    class IDToken(OpenIDCode):
        def exists_nonce(self, nonce, req):
            with provider.lock:
                return nonce in provider.nonces

        def resolve_client_private_key(self, client):
            return provider.other_key if provider.switches.get("wrong_key") else provider.key

        def get_client_algorithm(self, client):
            return "RS256"

        def get_encode_header(self, client):
            return {"alg": "RS256", "kid": provider.key.kid}

        def get_client_claims(self, client):
            now = int(time.time())
            claims = {
                "iss": provider.issuer,
                "aud": [client.client_id],
                "iat": now,
                "exp": now + provider.token_ttl,
            }
            if provider.switches.get("wrong_audience"):
                claims["aud"] = ["another-relying-party"]
            if provider.switches.get("expired"):
                claims["iat"] = now - 2 * provider.token_ttl - 600
                claims["exp"] = now - provider.token_ttl - 600
            return claims

        def get_authorization_code_claims(self, authorization_code):
            claims = super().get_authorization_code_claims(authorization_code)
            if provider.switches.get("reuse_nonce"):
                with provider.lock:
                    earlier = [n for n in provider.nonces if n != authorization_code.nonce]
                if earlier:
                    claims["nonce"] = earlier[-1]
            return claims

        def generate_user_info(self, user, scope):
            return UserInfo(sub=user.personal_id, **provider.user_claims(user))

    class UserInfoView(UserInfoEndpoint):
        def get_issuer(self):
            return provider.issuer

        def generate_user_info(self, user, scope):
            return UserInfo(sub=user.personal_id, **provider.user_claims(user))

    class Bearer(BearerTokenValidator):
        def authenticate_token(self, token_string):
            with provider.lock:
                return provider.tokens.get(token_string)

    def save_token(token, req):
        with provider.lock:
            provider.tokens[token["access_token"]] = Token(
                access_token=token["access_token"],
                client=req.client,
                client_id=req.client.client_id,
                scope=token.get("scope", ""),
                user=req.user,
                issued_at=int(time.time()),
                expires_in=int(token.get("expires_in", provider.token_ttl)),
            )
            provider.tokens_issued += 1

    app.config["OAUTH2_TOKEN_EXPIRES_IN"] = {"authorization_code": provider.token_ttl}
    server = AuthorizationServer(
        app,
        query_client=lambda client_id: provider.client if client_id == provider.client.client_id else None,
        save_token=save_token,
    )
    server.register_grant(AuthorizationCodeGrant, [IDToken(require_nonce=True), PKCE(required=True)])
    protector = ResourceProtector()
    protector.register_token_validator(Bearer())
    server.register_endpoint(UserInfoView(resource_protector=protector))

    @app.get("/.well-known/openid-configuration")
    def discovery():
        base = provider.base_url
        return jsonify(
            issuer=provider.issuer,
            authorization_endpoint=f"{base}/authorize",
            token_endpoint=f"{base}/token",
            userinfo_endpoint=f"{base}/userinfo",
            jwks_uri=f"{base}/jwks",
            end_session_endpoint=f"{base}/end-session",
            response_types_supported=["code"],
            grant_types_supported=["authorization_code"],
            subject_types_supported=["public"],
            id_token_signing_alg_values_supported=["RS256"],
            scopes_supported=["openid", "profile"],
            token_endpoint_auth_methods_supported=["client_secret_basic", "client_secret_post"],
            code_challenge_methods_supported=["S256"],
            claims_supported=["sub", "iss", "aud", "exp", "iat", "nonce", *provider.claims.values()],
        )

    @app.get("/jwks")
    def jwks():
        return jsonify(keys=[provider.key.as_dict(private=False, use="sig", alg="RS256")])

    @app.route("/authorize", methods=["GET", "POST"])
    def authorize():
        try:
            grant = server.get_consent_grant(end_user=None)
        except Exception as exc:  # an invalid request: shown, never redirected to an unchecked address
            error = getattr(exc, "error", "invalid_request")
            description = getattr(exc, "description", "") or str(exc)
            return _page(
                "Yêu cầu đăng nhập không hợp lệ", f"<p>{escape(error)}: {escape(description)}</p>"
            ), 400
        if request.method == "GET":
            return _login_page(provider, grant.client, session.get("personal_id", ""))
        if request.form.get("action") == "cancel":
            return server.create_authorization_response(grant_user=None)
        user = User(
            personal_id=request.form.get("personal_id", "").strip(),
            full_name=" ".join(request.form.get("full_name", "").split()),
            account_type=request.form.get("account_type", "1"),
            level=request.form.get("level", "2"),
        )
        if not (user.personal_id.isdigit() and len(user.personal_id) == 12) or not user.full_name:
            return _login_page(provider, grant.client, user.personal_id, error=True), 400
        session["personal_id"] = user.personal_id
        response = server.create_authorization_response(grant_user=user)  # validates again: nonce unused
        if "code=" in response.headers.get("Location", ""):
            with provider.lock:
                provider.logins += 1
                provider.nonces.append(request.values.get("nonce", ""))
        return response

    @app.post("/token")
    def token():
        return server.create_token_response()

    @app.route("/userinfo", methods=["GET", "POST"])
    def userinfo():
        return server.create_endpoint_response("userinfo")

    @app.get("/end-session")
    def end_session():
        session.clear()
        with provider.lock:
            provider.sessions_ended += 1
        target = request.args.get("post_logout_redirect_uri", "")
        if target and provider.client.check_post_logout_redirect_uri(target):
            state = request.args.get("state")
            if state:
                target += ("&" if "?" in target else "?") + urllib.parse.urlencode({"state": state})
            return redirect(target)
        return _page("Đã đăng xuất", "<p>Bạn đã đăng xuất khỏi tài khoản định danh điện tử.</p>")

    return with_control(app, provider.switches, provider.state, provider.reset)


_STYLE = """
body{font-family:system-ui,sans-serif;margin:0;background:#f4f6f9;color:#1d2530}
header{background:#b71c1c;color:#fff;padding:14px 20px;font-weight:600}
main{max-width:560px;margin:24px auto;padding:0 16px}
.card{background:#fff;border-radius:8px;padding:20px;box-shadow:0 1px 3px rgba(0,0,0,.15)}
label{display:block;margin:12px 0 4px;font-weight:600}
input,select{width:100%;box-sizing:border-box;padding:9px;font-size:16px}
input,select{border:1px solid #9aa4b1;border-radius:4px}
.pick{display:flex;flex-wrap:wrap;gap:8px;margin:8px 0 4px}
.pick button{background:#eef1f5;border:1px solid #9aa4b1;border-radius:4px;padding:6px 10px;cursor:pointer}
.actions{display:flex;gap:10px;margin-top:18px;flex-wrap:wrap}
.primary{background:#b71c1c;color:#fff;border:0;border-radius:4px;padding:10px 18px;font-size:16px}
.secondary{background:#fff;border:1px solid #9aa4b1;border-radius:4px;padding:10px 18px;font-size:16px}
.note{font-size:14px;color:#4a5563}.error{color:#b00020;font-weight:600}
h1{font-size:1.5rem;margin-top:0}
"""


def _page(title: str, body: str) -> str:
    return (
        f'<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>{escape(title)}</title>'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<style>{_STYLE}</style></head><body><header>Định danh điện tử quốc gia (bản thử nghiệm)</header>"
        f'<main><div class="card"><h1>{escape(title)}</h1>{body}</div></main></body></html>'
    )


def _login_page(provider: Provider, client, remembered: str, *, error: bool = False) -> str:
    chosen = next((c for c in DEMO_CITIZENS if c["personal_id"] == remembered), DEMO_CITIZENS[0])
    if remembered and remembered != chosen["personal_id"]:
        chosen = {**DEMO_CITIZENS[0], "personal_id": remembered}
    picks = "".join(
        f'<button type="button" data-id="{c["personal_id"]}" data-name="{escape(c["full_name"])}" '
        f'data-type="{c["account_type"]}" data-level="{c["level"]}">{escape(c["full_name"])}</button>'
        for c in DEMO_CITIZENS
    )
    types = "".join(
        f'<option value="{v}"{" selected" if v == chosen["account_type"] else ""}>{escape(label)}</option>'
        for v, label in ACCOUNT_TYPES
    )
    message = (
        '<p class="error" role="alert">'
        "Số định danh cá nhân phải gồm 12 chữ số và họ tên không được để trống.</p>"
        if error
        else ""
    )
    body = f"""
<p class="note">Ứng dụng <strong>{escape(client.client_id)}</strong> đề nghị xác thực danh tính của bạn.
Đây là máy chủ định danh thử nghiệm: chọn một công dân mẫu hoặc nhập danh tính cần thử.</p>
{message}
<div class="pick" aria-label="Công dân mẫu">{picks}</div>
<form method="post">
  <label for="personal_id">Số định danh cá nhân</label>
  <input id="personal_id" name="personal_id" inputmode="numeric" maxlength="12"
         value="{escape(chosen["personal_id"])}" required>
  <label for="full_name">Họ và tên</label>
  <input id="full_name" name="full_name" value="{escape(chosen["full_name"])}" required>
  <label for="account_type">Loại tài khoản</label>
  <select id="account_type" name="account_type">{types}</select>
  <label for="level">Mức định danh</label>
  <select id="level" name="level">
    <option value="2" selected>Mức 2</option><option value="1">Mức 1</option>
  </select>
  <div class="actions">
    <button class="primary" type="submit" name="action" value="login">Đăng nhập</button>
    <button class="secondary" type="submit" name="action" value="cancel" formnovalidate>Huỷ</button>
  </div>
</form>
<script>
document.querySelectorAll(".pick button").forEach(function (b) {{
  b.addEventListener("click", function () {{
    document.getElementById("personal_id").value = b.dataset.id;
    document.getElementById("full_name").value = b.dataset.name;
    document.getElementById("account_type").value = b.dataset.type;
    document.getElementById("level").value = b.dataset.level;
  }});
}});
</script>"""
    return _page("Đăng nhập bằng tài khoản định danh điện tử", body)
